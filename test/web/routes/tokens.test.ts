import test from 'ava';
import { bearer, call, pair } from '../_http.ts';
import { startWorld } from '../_world.ts';

test('owners create a script token, see it listed without its secret, and it works', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const owner = await pair(world, 'owner phone');

  const created = await call(world, {
    method: 'POST',
    path: '/api/v1/tokens',
    headers: owner.headers,
    body: { role: 'listener', name: 'home automation' },
  });
  t.is(created.status, 201);
  const { token, id } = created.json as { token: string; id: string };

  const listed = await call(world, { path: '/api/v1/tokens', headers: owner.headers });
  t.false(listed.text.includes(token));
  t.false(listed.text.includes('hash'));
  t.like((listed.json as { tokens: object[] }).tokens[0], { id, name: 'home automation' });

  const used = await call(world, {
    path: '/api/v1/session',
    headers: { authorization: `Bearer ${token}` },
  });
  t.like(used.json, { authenticated: true, role: 'listener', name: 'home automation' });
});

test('owners see paired devices with their last use', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const owner = await pair(world, 'owner phone');
  await pair(world, 'kitchen tablet');
  const res = await call(world, { path: '/api/v1/devices', headers: owner.headers });
  const devices = (res.json as { devices: Array<Record<string, unknown>> }).devices;
  t.deepEqual(
    devices.map((d) => [d.name, d.role]),
    [
      ['owner phone', 'owner'],
      ['kitchen tablet', 'listener'],
    ],
  );
  t.truthy(devices[0]!.lastUsed);
  t.is(devices[0]!.hash, undefined);
});

test('a device can forget itself; its cookie is cleared and no longer works', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const phone = await pair(world);
  const res = await call(world, {
    method: 'DELETE',
    path: '/api/v1/session',
    headers: phone.headers,
    body: {},
  });
  t.is(res.status, 204);
  t.regex(res.headers['set-cookie']![0]!, /Max-Age=0/);
  t.is((await call(world, { path: '/api/v1/player', headers: phone.headers })).status, 401);
});

test('a token role must be owner or listener; names must be printable', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const owner = await bearer(world, 'owner');
  for (const body of [
    { role: 'admin', name: 'x' },
    { role: 'owner', name: '' },
    { role: 'owner', name: 'a\nb' },
  ]) {
    const res = await call(world, {
      method: 'POST',
      path: '/api/v1/tokens',
      headers: owner.headers,
      body,
    });
    t.is(res.status, 400, JSON.stringify(body));
  }
});
