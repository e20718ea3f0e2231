import anyTest, { type TestFn } from 'ava';
import type { PlayerStatus, QueueEntry } from '../../../app/core/types.ts';
import { bearer, call } from '../_http.ts';
import { startWorld, type World } from '../_world.ts';

const test = anyTest.serial as TestFn<{ world: World; h: Record<string, string> }>;

anyTest.before(async (t) => {
  const world = await startWorld();
  (t.context as { world: World }).world = world;
  (t.context as { h: Record<string, string> }).h = (await bearer(world, 'listener')).headers;
});
anyTest.after.always((t) => (t.context as { world?: World }).world?.close());

async function until(check: () => boolean | Promise<boolean>, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function post(world: World, h: Record<string, string>, path: string, body: unknown = {}) {
  return call(world, { method: 'POST', path: `/api/v1${path}`, headers: h, body });
}

test('queue tracks found by search, play them, pause, seek, next and stop', async (t) => {
  const { world, h } = t.context;
  const found = await call(world, { path: '/api/v1/library/search?q=alpha', headers: h });
  const uris = (found.json as { tracks: { uri: string }[] }).tracks.map((x) => x.uri);
  t.is(uris.length, 2);

  const added = await post(world, h, '/queue', { uris });
  t.is(added.status, 201);
  const entries = (added.json as { entries: QueueEntry[] }).entries;
  t.deepEqual(
    entries.map((e) => e.uri),
    uris,
  );

  const played = await post(world, h, '/player/play', { entryId: entries[0]!.id });
  t.is((played.json as PlayerStatus).state, 'playing');
  t.is(world.core.player.status().current?.id, entries[0]!.id);

  t.is(((await post(world, h, '/player/pause')).json as PlayerStatus).state, 'paused');
  await post(world, h, '/player/seek', { positionMs: 2000 });
  t.true(world.core.player.status().positionMs >= 1900);

  await post(world, h, '/player/play');
  await post(world, h, '/player/next');
  await until(() => world.core.player.status().current?.id === entries[1]!.id);
  // History records a track once its first samples reach the output.
  const history = async () => {
    const res = await call(world, { path: '/api/v1/history?limit=5', headers: h });
    return (res.json as { entries: { uri: string }[] }).entries.map((e) => e.uri);
  };
  await until(async () => (await history()).includes(uris[1]!));
  t.is(((await post(world, h, '/player/stop')).json as PlayerStatus).state, 'stopped');
});

test('modes are set by name and bad values are refused', async (t) => {
  const { world, h } = t.context;
  const res = await call(world, {
    method: 'PUT',
    path: '/api/v1/player/modes',
    headers: h,
    body: { repeat: true, single: 'oneshot' },
  });
  t.is(res.status, 200);
  t.like(world.core.player.status().modes, { repeat: true, single: 'oneshot' });
  const bad = await call(world, {
    method: 'PUT',
    path: '/api/v1/player/modes',
    headers: h,
    body: { single: 'twice' },
  });
  t.is(bad.status, 400);
  t.is(
    (await call(world, { method: 'PUT', path: '/api/v1/player/modes', headers: h, body: {} }))
      .status,
    400,
  );
});

test('move, remove and clear the queue; a missing entry is a 404', async (t) => {
  const { world, h } = t.context;
  await call(world, { method: 'DELETE', path: '/api/v1/queue', headers: h, body: {} });
  const added = await post(world, h, '/queue', { uris: world.uris });
  const ids = (added.json as { entries: QueueEntry[] }).entries.map((e) => e.id);

  await post(world, h, `/queue/${ids[2]}/move`, { position: 0 });
  t.deepEqual(
    world.core.queue.list().entries.map((e) => e.id),
    [ids[2], ids[0], ids[1]],
  );
  const removed = await call(world, {
    method: 'DELETE',
    path: `/api/v1/queue/${ids[0]}`,
    headers: h,
    body: {},
  });
  t.is(removed.status, 200);
  t.is(world.core.queue.list().entries.length, 2);
  const missing = await call(world, {
    method: 'DELETE',
    path: '/api/v1/queue/999999',
    headers: h,
    body: {},
  });
  t.is(missing.status, 404);
  t.is(missing.code, 'QUEUE_ENTRY_NOT_FOUND');
  const bad = await call(world, {
    method: 'DELETE',
    path: '/api/v1/queue/abc',
    headers: h,
    body: {},
  });
  t.is(bad.status, 400);

  await call(world, { method: 'DELETE', path: '/api/v1/queue', headers: h, body: {} });
  t.is(world.core.queue.list().entries.length, 0);
});

test('adding is all or nothing: one URI outside the library adds none', async (t) => {
  const { world, h } = t.context;
  for (const evil of [
    'local:track:..%2F..%2Fetc%2Fpasswd',
    'local:track:%2Fetc%2Fpasswd',
    'file:///etc/passwd',
  ]) {
    const res = await post(world, h, '/queue', { uris: [world.uris[0], evil] });
    t.is(res.status, 400, evil);
    t.regex(res.code ?? '', /^URI_/);
  }
  t.is(world.core.queue.list().entries.length, 0);
});

test('a listener may set the volume only up to the configured maximum', async (t) => {
  const { world, h } = t.context;
  const res = await call(world, {
    method: 'PUT',
    path: '/api/v1/mixer',
    headers: h,
    body: { volume: 100 },
  });
  t.is(res.status, 200);
  t.is(world.core.mixer.state().volume, 80);
  t.is((res.json as { volume: number }).volume, 80);
  const mute = await call(world, {
    method: 'PUT',
    path: '/api/v1/mixer',
    headers: h,
    body: { mute: true },
  });
  t.true((mute.json as { mute: boolean }).mute);
});
