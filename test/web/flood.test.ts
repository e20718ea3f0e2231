import test from 'ava';
import { bearer, call } from './_http.ts';
import { startWorld } from './_world.ts';

test('a flood of requests, good and bad, does not stop the music', async (t) => {
  const world = await startWorld();
  t.teardown(() => world.close());
  const errors: unknown[] = [];
  world.core.bus.on('test', 'audio.error', (e) => errors.push(e));
  const { headers } = await bearer(world, 'listener');

  await world.core.queue.add(world.uris);
  world.core.player.setModes({ repeat: true }); // the flood may outlast the 12 s queue
  await world.core.player.play();

  // 50 clients at once, 1,500 requests: reads, searches (soon rate-limited), bad tokens
  // (soon rate-limited), foreign hosts, oversized and malformed bodies.
  const kinds = [
    () => call(world, { path: '/api/v1/player', headers }),
    () => call(world, { path: '/api/v1/library/search?q=alpha', headers }),
    () => call(world, { path: '/api/v1/player', headers: { authorization: 'Bearer nope' } }),
    () => call(world, { path: '/api/v1/player', headers: { host: 'evil.example' } }),
    () =>
      call(world, {
        method: 'PUT',
        path: '/api/v1/mixer',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{"volume": ' + '9'.repeat(70_000) + '}',
      }),
  ];
  let sent = 0;
  const statuses = new Map<number, number>();
  const client = async () => {
    while (sent < 1500) {
      const res = await kinds[sent++ % kinds.length]!();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 50 }, client));

  t.log(`answers by status: ${JSON.stringify(Object.fromEntries(statuses))}`);
  t.deepEqual(errors, []);
  t.true((statuses.get(429) ?? 0) > 0, 'the limits engaged');
  t.false(statuses.has(500), 'no request failed inside the server');

  // Still playing, and still moving: the position (or the track) changes. Not "grows": at a
  // track boundary the position starts again from 0.
  const before = world.core.player.status();
  await new Promise((r) => setTimeout(r, 500));
  const after = world.core.player.status();
  t.is(after.state, 'playing');
  t.true(
    after.current?.id !== before.current?.id || after.positionMs !== before.positionMs,
    `position ${before.positionMs} -> ${after.positionMs}`,
  );
});
