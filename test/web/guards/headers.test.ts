import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { createLogger } from '../../../app/log.ts';
import { ensureTlsIdentity } from '../../../app/web/tls.ts';
import { bearer, call, type Answer } from '../_http.ts';
import { startWorld } from '../_world.ts';

const log = createLogger({ level: 'silent' });

function csp(res: Answer): Map<string, string> {
  const header = String(res.headers['content-security-policy'] ?? '');
  return new Map(
    header.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

test('plain HTTP answers carry the anti-clickjacking and isolation headers, no HSTS', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const { headers } = await bearer(world, 'owner');

  // A refusal gets them as well as a success.
  for (const res of [
    await call(world, { path: '/api/v1/player', headers }),
    await call(world, { path: '/api/v1/player' }),
  ]) {
    t.is(res.headers['x-frame-options'], 'DENY');
    t.is(res.headers['x-content-type-options'], 'nosniff');
    t.is(res.headers['referrer-policy'], 'no-referrer');
    t.is(res.headers['cross-origin-opener-policy'], 'same-origin');
    t.is(res.headers['cross-origin-resource-policy'], 'same-origin');
    t.is(res.headers['cache-control'], 'no-store');
    t.is(res.headers['x-powered-by'], undefined);
    t.is(res.headers['strict-transport-security'], undefined);
    const permissions = String(res.headers['permissions-policy']);
    for (const f of ['camera', 'microphone', 'geolocation', 'usb', 'serial', 'hid', 'payment']) {
      t.true(permissions.includes(`${f}=()`), f);
    }

    const policy = csp(res);
    t.is(policy.get('frame-ancestors'), "'none'");
    t.is(policy.get('object-src'), "'none'");
    t.is(policy.get('base-uri'), "'none'");
    t.is(policy.get('script-src'), "'self'");
    t.is(policy.get('style-src'), "'self'");
    t.false(policy.has('upgrade-insecure-requests'));
    t.notRegex(String(res.headers['content-security-policy']), /unsafe-inline|unsafe-eval|https:/);
  }
});

test('HTTPS answers add HSTS and upgrade-insecure-requests', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-tls-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const tls = await ensureTlsIdentity(dir, ['localhost', '127.0.0.1'], log);
  const world = await startWorld({ media: false, web: { https: true }, tls });
  t.teardown(() => world.close());

  const res = await call(world, { path: '/api/v1/session' });
  t.is(res.status, 200);
  t.regex(String(res.headers['strict-transport-security']), /max-age=\d+/);
  t.true(csp(res).has('upgrade-insecure-requests'));
  t.is((res.json as { fingerprint: string }).fingerprint, tls.fingerprint);
});
