import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Egress } from '../../app/net/egress.ts';
import { memoryLogger, tableResolver } from './loopback.ts';

test('https keeps the name for SNI and Host while connecting to the pinned address', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tonearm-tls-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=radio.invalid',
      '-addext',
      'subjectAltName=DNS:radio.invalid',
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(path.join(dir, 'cert.pem'));

  const seen: { servername?: string; host?: string } = {};
  const server = https.createServer(
    { key: readFileSync(path.join(dir, 'key.pem')), cert },
    (req, res) => {
      seen.servername = (req.socket as { servername?: string }).servername;
      seen.host = req.headers.host;
      res.end('secure');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const egress = new Egress({
    log: memoryLogger().log,
    resolver: tableResolver({ 'radio.invalid': ['127.0.0.1'] }),
    allowHosts: [`radio.invalid:${port}`],
    ca: cert,
  });
  const got = await egress.fetchText(`https://radio.invalid:${port}/`, { maxBytes: 100 });

  t.is(got.text, 'secure');
  t.is(seen.servername, 'radio.invalid');
  t.is(seen.host, `radio.invalid:${port}`);
  server.close();
});
