import test from 'ava';
import { bearer, call, pair } from '../_http.ts';
import { startWorld } from '../_world.ts';

const BAD = { authorization: `Bearer tnrm_${'A'.repeat(43)}` };

test('a wrong token is 401; past the budget the address gets 429, good token or not', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const good = await bearer(world, 'owner');
  const budget = world.config.web.rate_limits.auth_failures_per_address;

  for (let i = 0; i < budget; i++) {
    t.is((await call(world, { path: '/api/v1/player', headers: BAD })).status, 401);
  }
  t.is((await call(world, { path: '/api/v1/player', headers: BAD })).status, 429);
  t.is((await call(world, { path: '/api/v1/player', headers: good.headers })).status, 429);
  const elsewhere = await call(world, {
    path: '/api/v1/player',
    headers: good.headers,
    from: '127.0.0.2',
  });
  t.is(elsewhere.status, 200, 'another address is not punished for this one');
});

test('X-Forwarded-For and Forwarded do not give an address a fresh budget', async (t) => {
  const world = await startWorld({
    media: false,
    web: { rate_limits: { auth_failures_per_address: 3 } },
  });
  t.teardown(() => world.close());
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const spoof = { 'x-forwarded-for': `10.0.0.${i}`, forwarded: `for=10.0.1.${i}` };
    const res = await call(world, { path: '/api/v1/player', headers: { ...BAD, ...spoof } });
    statuses.push(res.status);
  }
  t.deepEqual(statuses, [401, 401, 401, 429, 429]);
});

test('failures from many addresses spend the box-wide budget', async (t) => {
  const world = await startWorld({
    media: false,
    web: { rate_limits: { auth_failures_per_address: 2, auth_failures_global: 3 } },
  });
  t.teardown(() => world.close());
  const good = await bearer(world, 'owner');
  for (const from of ['127.0.0.1', '127.0.0.1', '127.0.0.2']) {
    t.is((await call(world, { path: '/api/v1/player', headers: BAD, from })).status, 401);
  }
  const res = await call(world, {
    path: '/api/v1/player',
    headers: good.headers,
    from: '127.0.0.9',
  });
  t.is(res.status, 429);
});

test('malformed Authorization headers are refused, not ignored', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const { token } = await bearer(world, 'owner');
  for (const authorization of [token, `Basic ${token}`, `Bearer  ${token}`, 'Bearer']) {
    const res = await call(world, { path: '/api/v1/player', headers: { authorization } });
    t.is(res.status, 401, authorization.slice(0, 12));
  }
});

test('a revoked script token is refused at its next request', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const owner = await bearer(world, 'owner', 'admin');
  const script = await bearer(world, 'listener', 'cron');
  t.is((await call(world, { path: '/api/v1/player', headers: script.headers })).status, 200);
  const del = await call(world, {
    method: 'DELETE',
    path: `/api/v1/tokens/${script.id}`,
    headers: owner.headers,
    body: {},
  });
  t.is(del.status, 204);
  t.is((await call(world, { path: '/api/v1/player', headers: script.headers })).status, 401);
});

test('no token, cookie or pairing id ever reaches the log', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const device = await pair(world);
  const owner = await bearer(world, 'owner');
  const created = await call(world, {
    method: 'POST',
    path: '/api/v1/tokens',
    headers: owner.headers,
    body: { role: 'listener', name: 'new' },
  });
  t.is(created.status, 201);
  const newToken = (created.json as { token: string }).token;
  const asked = await call(world, {
    method: 'POST',
    path: '/api/v1/pairing',
    headers: { origin: world.origin },
    body: { name: 'another' },
  });
  const pairingId = (asked.json as { id: string }).id;
  await call(world, { path: '/api/v1/player', headers: BAD });
  await call(world, { path: '/api/v1/player', headers: device.headers });
  await world.auth.tokens.close(); // flush, so last-use writes are logged if they ever would be

  const text = world.logText();
  t.true(text.length > 0);
  for (const secret of [device.cookie.split('=')[1]!, owner.token, newToken, BAD.authorization]) {
    t.false(text.includes(secret.slice(-30)), 'a secret was logged');
  }
  t.false(/tnrm_/.test(text));
  t.false(text.includes(pairingId));
});

test('guest mode (off by default) lets unpaired visitors see what plays, no more', async (t) => {
  const closed = await startWorld({ media: false });
  t.teardown(() => closed.close());
  t.is((await call(closed, { path: '/api/v1/player' })).status, 401);

  const open = await startWorld({ media: false, web: { guest_mode: true } });
  t.teardown(() => open.close());
  t.is((await call(open, { path: '/api/v1/player' })).status, 200);
  t.is((await call(open, { path: '/api/v1/library/search?q=a' })).status, 401);
  const play = await call(open, {
    method: 'POST',
    path: '/api/v1/player/play',
    headers: { origin: open.origin },
    body: {},
  });
  t.is(play.status, 401);
});
