import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { createLogger } from '../../app/log.ts';
import { ensureTlsIdentity } from '../../app/web/tls.ts';

const log = createLogger({ level: 'silent' });

test('the first start makes a private key and a certificate for this box, once', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-tls-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));

  const first = await ensureTlsIdentity(dir, ['box.local', '192.0.2.7', '[::1]'], log);
  const cert = new X509Certificate(first.cert);
  t.regex(cert.subjectAltName ?? '', /DNS:box\.local/);
  t.regex(cert.subjectAltName ?? '', /IP Address:192\.0\.2\.7/);
  t.true(cert.checkPrivateKey(createPrivateKey(first.key)));

  const der = cert.raw;
  const hex = createHash('sha256').update(der).digest('hex').toUpperCase();
  t.is(first.fingerprint.replaceAll(':', ''), hex);

  t.is((await stat(path.join(dir, 'tls', 'key.pem'))).mode & 0o777, 0o600);
  t.is((await stat(path.join(dir, 'tls'))).mode & 0o777, 0o700);

  const again = await ensureTlsIdentity(dir, ['other.local'], log);
  t.is(again.fingerprint, first.fingerprint);
});
