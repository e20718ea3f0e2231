import test from 'ava';
import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateCover } from '../../app/demo/media.ts';
import { ART_MAX_BYTES, sniffImageMime } from '../../app/library/art.ts';
import type { LocalLibrary } from '../../app/library/library.ts';
import { library, sandbox, tracks } from './fixtures.ts';

let lib: LocalLibrary;
let cleanup: () => Promise<void>;
let coverPng: Buffer;

test.before(async () => {
  const box = await sandbox();
  cleanup = box.cleanup;
  const cover = await generateCover(path.join(box.root, 'cover-src.png'), 'red', 32);
  coverPng = await readFile(cover);
  const outsidePng = await generateCover(path.join(box.root, 'outside.png'), 'blue', 32);

  await tracks(box.media, [
    { rel: 'emb/a.flac', cover, tags: { title: 'Embedded', album: 'Emb' } },
    { rel: 'fold/a.mp3', tags: { title: 'Folder', album: 'Fold' } },
    { rel: 'fake/a.mp3', tags: { title: 'Fake', album: 'Fake' } },
    { rel: 'escape/a.mp3', tags: { title: 'Escape', album: 'Escape' } },
    { rel: 'huge/a.mp3', tags: { title: 'Huge', album: 'Huge' } },
  ]);
  // A PNG under a .JPG name in upper case: found by name, typed by its bytes.
  await copyFile(cover, path.join(box.media, 'fold', 'Folder.JPG'));
  await writeFile(path.join(box.media, 'fake', 'cover.jpg'), 'this is not an image');
  await symlink(outsidePng, path.join(box.media, 'escape', 'cover.png'));
  const huge = Buffer.alloc(ART_MAX_BYTES + 1);
  coverPng.copy(huge);
  await writeFile(path.join(box.media, 'huge', 'cover.png'), huge);
  await mkdir(path.join(box.media, 'empty'), { recursive: true });

  lib = library(box).lib;
  await lib.scan();
});

test.after.always(async () => {
  lib?.close();
  await cleanup?.();
});

const albumIdOf = (uri: string) => lib.lookup(uri)?.albumId ?? '';

test('embedded art is read from the track on demand', async (t) => {
  const art = await lib.art({ trackUri: 'local:track:emb/a.flac' });
  t.is(art?.mime, 'image/png');
  t.deepEqual(Buffer.from(art!.data), coverPng);
  const byAlbum = await lib.art({ albumId: albumIdOf('local:track:emb/a.flac') });
  t.deepEqual(Buffer.from(byAlbum!.data), coverPng);
});

test('folder art is found by name in any case and typed by its bytes', async (t) => {
  const byTrack = await lib.art({ trackUri: 'local:track:fold/a.mp3' });
  t.is(byTrack?.mime, 'image/png');
  const byAlbum = await lib.art({ albumId: albumIdOf('local:track:fold/a.mp3') });
  t.deepEqual(Buffer.from(byAlbum!.data), coverPng);
});

test('a cover that is not an image, too big, or a link out of the root is refused', async (t) => {
  t.is(await lib.art({ trackUri: 'local:track:fake/a.mp3' }), null);
  t.is(await lib.art({ trackUri: 'local:track:huge/a.mp3' }), null);
  t.is(await lib.art({ trackUri: 'local:track:escape/a.mp3' }), null);
});

test('art is asked for by track or album, never by path', async (t) => {
  t.is(await lib.art({ trackUri: 'local:track:nothing.mp3' }), null);
  await t.throwsAsync(() => lib.art({ trackUri: 'local:track:../cover-src.png' }), {
    message: /"\.\." segment/,
  });
  await t.throwsAsync(() => lib.art({ albumId: '../../etc/passwd' }), {
    message: /not an album id/,
  });
  t.is(await lib.art({ albumId: '0000000000000000' }), null);
});

test('image types are sniffed from the first bytes', (t) => {
  t.is(sniffImageMime(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
  t.is(sniffImageMime(Buffer.from('GIF89a....')), 'image/gif');
  t.is(sniffImageMime(Buffer.from('RIFF\0\0\0\0WEBPVP8 ')), 'image/webp');
  t.is(sniffImageMime(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), null);
  t.is(sniffImageMime(new Uint8Array(0)), null);
});
