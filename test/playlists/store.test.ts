import test from 'ava';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Egress } from '../../app/net/egress.ts';
import { PlaylistStore } from '../../app/playlists/store.ts';
import { memoryLogger } from '../net/loopback.ts';

async function makeStore(t: { teardown(fn: () => Promise<void>): void }) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tonearm-pl-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const { log } = memoryLogger();
  const dir = path.join(root, 'playlists');
  return { dir, root, store: new PlaylistStore({ dir, log, egress: new Egress({ log }) }) };
}

const a = { uri: 'local:track:a.flac', title: 'A' };
const b = { uri: 'local:track:b.mp3', title: 'B' };
const c = { uri: 'http://radio.example.com/live', title: 'C' };

test('create, add, move, remove, rename and delete a playlist', async (t) => {
  const { store } = await makeStore(t);
  await store.create('Evening');
  await store.add('Evening', [a, b, c]);
  t.deepEqual(
    (await store.get('Evening')).items.map((i) => i.title),
    ['A', 'B', 'C'],
  );

  await store.move('Evening', 2, 0);
  await store.remove('Evening', [1]);
  t.deepEqual(
    (await store.get('Evening')).items.map((i) => i.title),
    ['C', 'B'],
  );
  t.is(
    (await store.get('Evening')).items[0]!.uri,
    'stream:url:http%3A%2F%2Fradio.example.com%2Flive',
  );

  await store.rename('Evening', 'Late night');
  await t.throwsAsync(store.get('Evening'), { code: 'PLAYLIST_NOT_FOUND' } as never);
  t.deepEqual(await store.list(), [{ name: 'Late night', length: 2 }]);

  await store.delete('Late night');
  t.deepEqual(await store.list(), []);
});

test('a playlist name that exists, or cleans to the same file, is refused', async (t) => {
  const { store } = await makeStore(t);
  await store.create('Jazz');
  await t.throwsAsync(store.create('Jazz'), { code: 'PLAYLIST_EXISTS' } as never);
  await t.throwsAsync(store.create('Jazz\r\n'), { code: 'PLAYLIST_EXISTS' } as never);
});

test('hostile names are stored inside the playlists directory and read back', async (t) => {
  const { store, dir, root } = await makeStore(t);
  const names = ['../../escape', '/etc/passwd', 'a\0b', 'x'.repeat(1000), 'CR\r\nLF'];
  for (const name of names) await store.create(name, [a]);

  t.deepEqual((await readdir(root)).sort(), ['playlists']);
  t.is((await readdir(dir)).length, names.length);
  for (const name of names) t.is((await store.get(name)).items.length, 1, name);
});

test('CR/LF in titles never reach the file as new lines', async (t) => {
  const { store, dir } = await makeStore(t);
  const evil = { uri: 'local:track:a.flac', title: 'Song\r\nfile:///etc/passwd\n#EXTINF:1,x' };
  await store.create('Mix', [evil]);

  const text = await readFile(path.join(dir, 'Mix.m3u8'), 'utf8');
  t.deepEqual(text.trimEnd().split('\n'), [
    '#EXTM3U',
    '#PLAYLIST:Mix',
    '#EXTINF:-1,Song file:///etc/passwd #EXTINF:1,x',
    'local:track:a.flac',
  ]);
  t.is((await store.get('Mix')).items.length, 1);
});

test('entries must be valid URIs the guard accepts', async (t) => {
  const { store } = await makeStore(t);
  await store.create('Mix');
  const bad = [
    'file:///etc/passwd',
    'local:track:..%2F..%2Fetc%2Fpasswd',
    'local:track:a\nb',
    'http://127.0.0.1/admin',
    'stream:url:gopher%3A%2F%2Fx',
    'concat:http://a|file:///etc/passwd',
  ];
  for (const uri of bad) {
    await t.throwsAsync(store.add('Mix', [{ uri, title: null }]), undefined, uri);
  }
  t.is((await store.get('Mix')).items.length, 0);
});

test('positions outside the playlist are refused and nothing changes', async (t) => {
  const { store } = await makeStore(t);
  await store.create('Mix', [a, b]);
  await t.throwsAsync(store.move('Mix', 0, 5), { code: 'PLAYLIST_INVALID' } as never);
  await t.throwsAsync(store.remove('Mix', [-1]), { code: 'PLAYLIST_INVALID' } as never);
  await t.throwsAsync(store.add('Mix', [a], 3), { code: 'PLAYLIST_INVALID' } as never);
  t.is((await store.get('Mix')).items.length, 2);
});

test('concurrent additions are all kept', async (t) => {
  const { store } = await makeStore(t);
  await store.create('Busy');
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      store.add('Busy', [{ uri: `local:track:${i}.flac`, title: null }]),
    ),
  );
  t.is((await store.get('Busy')).items.length, 20);
});
