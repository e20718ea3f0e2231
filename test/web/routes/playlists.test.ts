import anyTest, { type TestFn } from 'ava';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLogger } from '../../../app/log.ts';
import { Egress } from '../../../app/net/egress.ts';
import { PlaylistStore } from '../../../app/playlists/store.ts';
import { bearer, call } from '../_http.ts';
import { startWorld, type World } from '../_world.ts';

const test = anyTest as TestFn<{ world: World; mediaDir: string }>;

test.before(async (t) => {
  t.context.world = await startWorld({
    services: async ({ dataDir, mediaDir }) => {
      t.context.mediaDir = mediaDir;
      const log = createLogger({ level: 'silent' });
      const dir = path.join(dataDir, 'playlists');
      return { playlists: new PlaylistStore({ dir, log, egress: new Egress({ log }), mediaDir }) };
    },
  });
});
test.after.always((t) => t.context.world?.close());

async function as(world: World, role: 'owner' | 'listener') {
  const { headers } = await bearer(world, role);
  return (method: string, p: string, body?: unknown) =>
    call(world, {
      method,
      path: `/api/v1${p}`,
      headers: { ...headers, origin: world.origin },
      ...(body === undefined ? {} : { body }),
    });
}

test.serial('a playlist is created, filled, saved from the queue and loaded into it', async (t) => {
  const { world } = t.context;
  const api = await as(world, 'listener');
  const name = encodeURIComponent('../Road trip/\u00e9');

  t.is((await api('POST', '/playlists', { name: '../Road trip/\u00e9' })).status, 201);
  const items = world.uris.map((uri) => ({ uri }));
  t.is((await api('POST', `/playlists/${name}/items`, { items })).status, 200);
  await api('POST', `/playlists/${name}/items/move`, { from: 2, to: 0 });
  await api('POST', `/playlists/${name}/items/remove`, { positions: [0] });
  const got = (await api('GET', `/playlists/${name}`)).json as { items: { uri: string }[] };
  t.deepEqual(
    got.items.map((i) => i.uri),
    world.uris.slice(0, 2),
  );

  world.core.queue.clear();
  const loaded = (await api('POST', `/playlists/${name}/load`, {})).json as { added: number };
  t.is(loaded.added, 2);
  t.deepEqual(
    world.core.queue.list().entries.map((e) => e.uri),
    world.uris.slice(0, 2),
  );

  await api('POST', '/playlists/Saved/save-queue', {});
  const saved = (await api('GET', '/playlists/Saved')).json as { items: { title: string }[] };
  t.deepEqual(
    saved.items.map((i) => i.title),
    ['One', 'Two'],
  );

  t.is((await api('POST', `/playlists/${name}/rename`, { name: 'Trip' })).status, 200);
  t.is((await api('DELETE', '/playlists/Trip', {})).status, 204);
  t.is((await api('GET', '/playlists/Trip')).code, 'PLAYLIST_NOT_FOUND');
});

test.serial('bad entries and hostile imports are refused or filtered', async (t) => {
  const { world, mediaDir } = t.context;
  const api = await as(world, 'listener');
  const bad = await api('POST', '/playlists', {
    name: 'Bad',
    items: [{ uri: 'file:///etc/passwd' }],
  });
  t.is(bad.status, 400);

  await writeFile(
    path.join(mediaDir, 'Alpha', 'list.m3u'),
    '01 One.flac\n../../../../etc/passwd\nfile:///etc/passwd\nhttp://10.0.0.1/x\n',
  );
  const res = await api('POST', '/playlists/import', {
    name: 'Imported',
    uri: 'local:track:Alpha/list.m3u',
  });
  t.is(res.status, 201);
  const body = res.json as { items: { uri: string }[]; skipped: number };
  t.deepEqual(
    body.items.map((i) => i.uri),
    [world.uris[0]],
  );
  t.is(body.skipped, 3);
});
