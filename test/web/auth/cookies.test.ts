import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { createLogger } from '../../../app/log.ts';
import { readCookie } from '../../../app/web/auth/cookies.ts';
import { ensureTlsIdentity } from '../../../app/web/tls.ts';
import { call, pair } from '../_http.ts';
import { startWorld } from '../_world.ts';

function attributes(setCookie: string): string[] {
  return setCookie.split(';').map((p) => p.trim().toLowerCase());
}

test('on HTTP the device cookie is HttpOnly, SameSite=Strict, host-only, Path=/', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const asked = await call(world, {
    method: 'POST',
    path: '/api/v1/pairing',
    headers: { origin: world.origin },
    body: { name: 'phone' },
  });
  world.auth.approvePairing();
  const claimed = await call(world, {
    method: 'POST',
    path: '/api/v1/pairing/claim',
    headers: { origin: world.origin },
    body: { id: (asked.json as { id: string }).id },
  });
  const attrs = attributes(claimed.headers['set-cookie']![0]!);
  t.regex(attrs[0]!, /^tonearm_device=tnrm_/);
  t.true(attrs.includes('httponly'));
  t.true(attrs.includes('samesite=strict'));
  t.true(attrs.includes('path=/'));
  t.false(attrs.some((a) => a.startsWith('domain=')));
  t.false(attrs.includes('secure'), 'Secure would stop the cookie working over plain HTTP');
  t.false(claimed.text.includes('tnrm_'), 'the token travels only in the cookie');
});

test('on HTTPS the cookie is __Host- prefixed and Secure', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-tls-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const tls = await ensureTlsIdentity(dir, ['localhost'], createLogger({ level: 'silent' }));
  const world = await startWorld({ media: false, web: { https: true }, tls });
  t.teardown(() => world.close());

  const device = await pair(world);
  t.regex(device.cookie, /^__Host-tonearm_device=tnrm_/);
  const res = await call(world, { path: '/api/v1/session', headers: device.headers });
  t.is((res.json as { role: string }).role, 'owner');
  const plainName = device.cookie.replace('__Host-', '');
  const wrong = await call(world, { path: '/api/v1/player', headers: { cookie: plainName } });
  t.is(wrong.status, 401, 'a cookie without the prefix (planted by a sibling host) is ignored');
});

test('a revoked cookie is refused with 401 and cleared', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const owner = await pair(world, 'owner phone');
  const other = await pair(world, 'guest phone');
  t.is((await call(world, { path: '/api/v1/player', headers: other.headers })).status, 200);

  const revoke = await call(world, {
    method: 'DELETE',
    path: `/api/v1/devices/${other.credentialId}`,
    headers: owner.headers,
    body: {},
  });
  t.is(revoke.status, 204);

  const after = await call(world, { path: '/api/v1/player', headers: other.headers });
  t.is(after.status, 401);
  t.regex(after.headers['set-cookie']![0]!, /^tonearm_device=;.*Max-Age=0/);
  const list = await call(world, { path: '/api/v1/devices', headers: owner.headers });
  t.deepEqual(
    (list.json as { devices: { name: string }[] }).devices.map((d) => d.name),
    ['owner phone'],
  );
});

test('reading the cookie header takes exactly the named cookie', (t) => {
  t.is(readCookie('a=1; tonearm_device=xyz; b=2', 'tonearm_device'), 'xyz');
  t.is(readCookie('xtonearm_device=1', 'tonearm_device'), null);
  t.is(readCookie(undefined, 'tonearm_device'), null);
});
