import anyTest, { type TestFn } from 'ava';
import { bearer, call, pair, type Device } from '../_http.ts';
import { startWorld, type World } from '../_world.ts';

interface Ctx {
  world: World;
  device: Device;
  token: Record<string, string>;
}
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const world = await startWorld({ media: false });
  t.context = { world, device: await pair(world), token: (await bearer(world, 'owner')).headers };
});
test.after.always((t) => t.context.world?.close());

const volume = (world: World) => world.core.mixer.state().volume;

function setVolume(world: World, headers: Record<string, string>, body: unknown = {}) {
  return call(world, { method: 'PUT', path: '/api/v1/mixer', headers, body });
}

test.serial('a page on another origin is refused even with a valid device cookie', async (t) => {
  const { world, device } = t.context;
  const before = volume(world);
  const res = await setVolume(
    world,
    { cookie: device.cookie, origin: 'http://evil.example' },
    {
      volume: 5,
    },
  );
  t.is(res.status, 403);
  t.is(res.code, 'ORIGIN_FORBIDDEN');
  t.is(volume(world), before);
});

test.serial(
  'a foreign Origin is refused whatever the credential, a bearer token too',
  async (t) => {
    const { world, token } = t.context;
    const res = await call(world, {
      path: '/api/v1/player',
      headers: { ...token, origin: 'http://evil.example' },
    });
    t.is(res.status, 403);
  },
);

test.serial('Origin: null and file:// origins never pass', async (t) => {
  const { world, device } = t.context;
  for (const origin of ['null', 'file://', 'file:///tmp/attack.html']) {
    const res = await setVolume(world, { cookie: device.cookie, origin }, { volume: 7 });
    t.is(res.status, 403, origin);
  }
});

test.serial('Origin equal to a foreign Host proves nothing', async (t) => {
  const { world, device } = t.context;
  const host = `attacker.example:${world.port}`;
  const res = await call(world, {
    path: '/api/v1/player',
    headers: { cookie: device.cookie, host, origin: `http://${host}` },
  });
  t.not(res.status, 200);
});

test.serial('a cookie-authenticated change without Origin is refused; a read is not', async (t) => {
  const { world, device } = t.context;
  const change = await setVolume(world, { cookie: device.cookie }, { volume: 9 });
  t.is(change.status, 403);
  t.is(change.code, 'ORIGIN_FORBIDDEN');
  const read = await call(world, { path: '/api/v1/player', headers: { cookie: device.cookie } });
  t.is(read.status, 200);
});

test.serial('a bearer client such as a script may send no Origin', async (t) => {
  const { world, token } = t.context;
  const res = await setVolume(world, token, { volume: 11 });
  t.is(res.status, 200);
  t.is(volume(world), 11);
});

test.serial('the same-origin page may change things with its cookie', async (t) => {
  const { world, device } = t.context;
  const res = await setVolume(world, device.headers, { mute: true });
  t.is(res.status, 200);
  t.true(world.core.mixer.state().mute);
  await setVolume(world, device.headers, { mute: false });
});

test.serial('Sec-Fetch-Site: cross-site is refused, reads included', async (t) => {
  const { world, device } = t.context;
  const res = await call(world, {
    path: '/api/v1/player',
    headers: { cookie: device.cookie, 'sec-fetch-site': 'cross-site' },
  });
  t.is(res.status, 403);
});

test.serial(
  'a cross-site HTML form post is refused (origin, and a form cannot send JSON)',
  async (t) => {
    const { world, device } = t.context;
    const before = volume(world);
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data']) {
      const res = await call(world, {
        method: 'POST',
        path: '/api/v1/player/play',
        headers: {
          cookie: device.cookie,
          origin: 'http://evil.example',
          'sec-fetch-site': 'cross-site',
          'sec-fetch-mode': 'navigate',
          'content-type': type,
        },
        body: 'volume=1',
      });
      t.is(res.status, 403, type);
    }
    // Same form without the browser's tell-tale headers still fails: not JSON.
    const bare = await call(world, {
      method: 'POST',
      path: '/api/v1/player/play',
      headers: { cookie: device.cookie, origin: world.origin, 'content-type': 'text/plain' },
      body: '{}',
    });
    t.is(bare.status, 415);
    t.is(volume(world), before);
    t.is(world.core.player.status().state, 'stopped');
  },
);

test.serial('a no-cors fetch from another site is refused', async (t) => {
  const { world, device } = t.context;
  const res = await call(world, {
    method: 'POST',
    path: '/api/v1/queue/shuffle',
    headers: {
      cookie: device.cookie,
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'no-cors',
      'content-type': 'text/plain',
    },
    body: '{}',
  });
  t.is(res.status, 403);
});

test.serial('a CORS preflight gets no CORS headers at all, from any origin', async (t) => {
  const { world } = t.context;
  for (const origin of ['http://evil.example', world.origin]) {
    const res = await call(world, {
      method: 'OPTIONS',
      path: '/api/v1/mixer',
      headers: {
        origin,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    t.true(res.status >= 400, `${origin}: ${res.status}`);
    const cors = Object.keys(res.headers).filter((h) => h.startsWith('access-control-'));
    t.deepEqual(cors, [], origin);
  }
});

test.serial('more headers than the limit are refused with 431', async (t) => {
  const { world, token } = t.context;
  const many: Record<string, string> = { ...token };
  for (let i = 0; i < 80; i++) many[`x-filler-${i}`] = 'a';
  const res = await call(world, { path: '/api/v1/player', headers: many });
  t.is(res.status, 431);
});
