import test, { type ExecutionContext } from 'ava';
import { mkdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalBackend } from '../../app/backends/local.ts';
import { TonearmError, type ErrorCode } from '../../app/errors.ts';
import { library, sandbox, tracks } from '../library/fixtures.ts';

async function setup(t: ExecutionContext) {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(box.media, [
    { rel: 'Artist/Song ü.mp3', tags: { title: 'Song', artist: 'Artist', track: '3' } },
    { rel: 'moved.mp3', tags: { title: 'Moved' } },
  ]);
  const { lib } = library(box);
  t.teardown(() => lib.close());
  await lib.scan();
  return { box, lib, backend: new LocalBackend(lib) };
}

test('lookup returns the indexed track and null for what is not there', async (t) => {
  const { backend } = await setup(t);
  t.is(backend.scheme, 'local');
  const track = await backend.lookup('local:track:Artist/Song%20%C3%BC.mp3');
  t.like(track, { title: 'Song', artist: 'Artist', trackNo: 3 });
  t.is(track?.uri, 'local:track:Artist/Song%20%C3%BC.mp3');
  t.is(await backend.lookup('local:track:Artist/none.mp3'), null);
  t.is(await backend.lookup('local:album:0123456789abcdef'), null);
});

test('resolve gives the real, confined path of an indexed file', async (t) => {
  const { box, backend } = await setup(t);
  const source = await backend.resolve('local:track:Artist/Song%20%C3%BC.mp3');
  t.deepEqual(source, {
    kind: 'file',
    uri: 'local:track:Artist/Song%20%C3%BC.mp3',
    path: path.join(await realpath(box.media), 'Artist', 'Song ü.mp3'),
  });
});

test('resolve rejects traversal in every disguise', async (t) => {
  const { backend } = await setup(t);
  const attempts: Array<[string, ErrorCode]> = [
    ['local:track:../data/library.sqlite', 'URI_INVALID'],
    ['local:track:Artist/../../x.mp3', 'URI_INVALID'],
    ['local:track:%2e%2e%2fdata%2flibrary.sqlite', 'URI_INVALID'],
    ['local:track:%252e%252e%252fx.mp3', 'URI_INVALID'],
    ['local:track:%2Fetc%2Fpasswd', 'URI_INVALID'],
    ['local:track:/etc/passwd', 'URI_INVALID'],
    ['local:track:moved.mp3%00.jpg', 'URI_INVALID'],
    ['local:music/../x', 'URI_INVALID'],
    ['local:track:Artist/none.mp3', 'TRACK_NOT_FOUND'],
  ];
  for (const [uri, code] of attempts) {
    const err = await t.throwsAsync(() => backend.resolve(uri), { instanceOf: TonearmError });
    t.is(err?.code, code, uri);
  }
});

test('an indexed file swapped for a link out of the root is refused', async (t) => {
  const { box, backend } = await setup(t);
  const evil = `${box.media}-evil`;
  await mkdir(evil, { recursive: true });
  await writeFile(path.join(evil, 'secret.mp3'), 'secret');
  await rm(path.join(box.media, 'moved.mp3'));
  await symlink(path.join(evil, 'secret.mp3'), path.join(box.media, 'moved.mp3'));

  const err = await t.throwsAsync(() => backend.resolve('local:track:moved.mp3'), {
    instanceOf: TonearmError,
  });
  t.is(err?.code, 'URI_OUTSIDE_ROOT');
  t.regex(err?.message ?? '', /moved\.mp3.*outside the media directory/);
});
