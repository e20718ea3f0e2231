import test from 'ava';
import type { LocalLibrary } from '../../app/library/library.ts';
import { library, sandbox, tracks } from './fixtures.ts';

let lib: LocalLibrary;
let cleanup: () => Promise<void>;

test.before(async () => {
  const box = await sandbox();
  cleanup = box.cleanup;
  const album = {
    album: 'Kind of Blue',
    album_artist: 'Miles Davis',
    artist: 'Miles Davis',
    genre: 'Jazz',
  };
  await tracks(box.media, [
    { rel: 'Jazz/Kind of Blue/2.mp3', tags: { ...album, title: 'Freddie', track: '2' } },
    { rel: 'Jazz/Kind of Blue/1.mp3', tags: { ...album, title: 'So What', track: '1' } },
    {
      rel: 'Jazz/Kind of Blue/3.mp3',
      tags: { ...album, title: 'Blue in Green', artist: 'Bill Evans', track: '3' },
    },
    { rel: 'Singles/Ça plane.ogg', tags: { title: 'Ça plane', artist: 'Plastic Bertrand' } },
    { rel: 'loose.mp3', tags: { title: 'Loose', genre: 'Jazz' } },
  ]);
  lib = library(box).lib;
  await lib.scan();
});

test.after.always(async () => {
  lib?.close();
  await cleanup?.();
});

const names = (uri: string) => lib.browse(uri).map((r) => `${r.type}:${r.name}`);

test('the root lists the ways to browse', (t) => {
  t.deepEqual(
    lib.browse('local:').map((r) => r.uri),
    ['local:directory:', 'local:artists', 'local:albumartists', 'local:albums', 'local:genres'],
  );
});

test('folders list their subfolders first, then their tracks', (t) => {
  t.deepEqual(names('local:directory:'), ['directory:Jazz', 'directory:Singles', 'track:Loose']);
  const singles = lib.browse('local:directory:').find((r) => r.name === 'Singles');
  t.is(singles?.uri, 'local:directory:Singles');
  t.deepEqual(names('local:directory:Singles'), ['track:Ça plane']);
  t.is(lib.browse('local:directory:Singles')[0]?.uri, 'local:track:Singles/%C3%87a%20plane.ogg');
  t.deepEqual(names('local:directory:Nowhere'), []);
});

test('an album lists its tracks in track order', (t) => {
  const albums = lib.browse('local:albums');
  t.deepEqual(
    albums.map((a) => a.name),
    ['Kind of Blue'],
  );
  t.regex(albums[0]!.uri, /^local:album:[0-9a-f]{16}$/);
  t.deepEqual(names(albums[0]!.uri), ['track:So What', 'track:Freddie', 'track:Blue in Green']);
});

test('artists, album artists and genres lead to albums and loose tracks', (t) => {
  t.deepEqual(names('local:artists'), [
    'artist:Bill Evans',
    'artist:Miles Davis',
    'artist:Plastic Bertrand',
  ]);
  t.deepEqual(names('local:artist:Plastic%20Bertrand'), ['track:Ça plane']);
  t.deepEqual(names('local:artist:Bill%20Evans'), ['album:Kind of Blue']);
  t.deepEqual(names('local:albumartists'), ['albumartist:Miles Davis']);
  t.deepEqual(names('local:albumartist:Miles%20Davis'), ['album:Kind of Blue']);
  t.deepEqual(names('local:genres'), ['genre:Jazz']);
  t.deepEqual(names('local:genre:Jazz'), ['album:Kind of Blue', 'track:Loose']);
});

test('unknown or malformed browse URIs are rejected with URI_INVALID', (t) => {
  for (const uri of [
    'local:nothing',
    'local:album:../../x',
    'local:artist:',
    'local:artist:%zz',
    'local:directory:../etc',
    'local:directory:%2e%2e',
    'stream:http://x',
  ]) {
    const err = t.throws(() => lib.browse(uri));
    t.is((err as { code?: string }).code, 'URI_INVALID', uri);
  }
});
