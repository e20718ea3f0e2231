import os from 'node:os';
import anyTest, { type TestFn } from 'ava';
import { configSchema } from '../../../app/config/schema.ts';
import { createLogger } from '../../../app/log.ts';
import { HostPolicy } from '../../../app/web/guards/host-policy.ts';
import { bearer, call } from '../_http.ts';
import { startWorld, type World } from '../_world.ts';

const test = anyTest as TestFn<{ world: World; headers: Record<string, string> }>;

test.before(async (t) => {
  t.context.world = await startWorld({ media: false });
  t.context.headers = (await bearer(t.context.world, 'owner')).headers;
});
test.after.always((t) => t.context.world?.close());

const log = createLogger({ level: 'silent' });
const policyFor = (web: object, https = false) =>
  new HostPolicy(configSchema.parse({ web }).web, https, log);

test('a foreign Host is refused with 421 before credentials are even looked at', async (t) => {
  const { world, headers } = t.context;
  const res = await call(world, {
    path: '/api/v1/player',
    headers: { ...headers, host: `evil.example:${world.port}` },
  });
  t.is(res.status, 421);
  t.is(res.code, 'HOST_NOT_ALLOWED');
});

test('a rebinding-shaped request (attacker name, our address) is refused', async (t) => {
  // After DNS rebinding the browser sends the attacker's name as Host and as Origin, equal.
  const { world, headers } = t.context;
  const name = `rebind.attacker.example:${world.port}`;
  const res = await call(world, {
    method: 'POST',
    path: '/api/v1/player/pause',
    headers: { ...headers, host: name, origin: `http://${name}` },
    body: {},
  });
  t.is(res.status, 421);
  t.is(world.core.player.status().state, 'stopped');
});

test('a missing Host, or one with userinfo or a path in it, is refused', async (t) => {
  const { world, headers } = t.context;
  const hosts = [`127.0.0.1@evil.example:${world.port}`, `127.0.0.1:${world.port}/x`, ' '];
  for (const host of hosts) {
    const res = await call(world, { path: '/api/v1/player', headers: { ...headers, host } });
    t.is(res.status, 421, `host "${host}"`);
  }
  const none = await call(world, { path: '/api/v1/player', headers, noHost: true });
  t.true([400, 421].includes(none.status), `no Host: ${none.status}`);
});

test('the right name on the wrong port is refused (another service on the box)', async (t) => {
  const { world, headers } = t.context;
  const res = await call(world, {
    path: '/api/v1/player',
    headers: { ...headers, host: `127.0.0.1:${world.port + 1}` },
  });
  t.is(res.status, 421);
});

test('configured names, localhost and loopback addresses are answered', async (t) => {
  const { world, headers } = t.context;
  for (const name of ['tonearm.test', 'TONEARM.test.', 'localhost', '127.0.0.1', '[::1]']) {
    const res = await call(world, {
      path: '/api/v1/player',
      headers: { ...headers, host: `${name}:${world.port}` },
    });
    t.is(res.status, 200, name);
  }
});

test('proxy headers cannot smuggle a foreign host past the check', async (t) => {
  const { world, headers } = t.context;
  const smuggled = await call(world, {
    path: '/api/v1/player',
    headers: {
      ...headers,
      host: `evil.example:${world.port}`,
      'x-forwarded-host': world.host,
      forwarded: `host=${world.host}`,
    },
  });
  t.is(smuggled.status, 421);
});

test('by default the box answers to <hostname>.local and its own interface addresses', (t) => {
  const policy = policyFor({});
  t.true(policy.hostAllowed(`${os.hostname()}.local:6680`, 6680));
  t.false(policy.hostAllowed('tonearm.local:6680', 6680) && os.hostname() !== 'tonearm');
  const addresses = Object.values(os.networkInterfaces())
    .flat()
    .map((i) => i!.address);
  for (const a of addresses) {
    const host = a.includes(':') ? `[${a}]` : a;
    if (!a.includes('%')) t.true(policy.hostAllowed(`${host}:6680`, 6680), a);
  }
});

test('the default port may be left out of Host, and only the default port', (t) => {
  t.true(policyFor({ hostnames: ['box.lan'] }).hostAllowed('box.lan', 80));
  t.false(policyFor({ hostnames: ['box.lan'] }).hostAllowed('box.lan', 6680));
  t.true(policyFor({ hostnames: ['box.lan'] }, true).hostAllowed('box.lan', 443));
});

test('an Origin passes only when it is one of our names with our scheme and port', (t) => {
  const policy = policyFor({ hostnames: ['box.lan'], origins: ['https://control.example'] });
  t.true(policy.originAllowed('http://box.lan:6680', 6680));
  t.true(policy.originAllowed('https://control.example', 6680));
  t.false(policy.originAllowed('https://box.lan:6680', 6680), 'wrong scheme');
  t.false(policy.originAllowed('http://box.lan:8080', 6680), 'wrong port');
  t.false(policy.originAllowed('http://evil.example:6680', 6680));
  t.false(policy.originAllowed('null', 6680));
  t.false(policy.originAllowed('file://', 6680));
  t.false(policy.originAllowed('file:///home/user/page.html', 6680));
});
