import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.ts';
import { TonearmError } from '../errors.ts';

export interface TlsIdentity {
  key: string;
  cert: string;
  /** SHA-256 fingerprint, colon-separated hex, as browsers show it. */
  fingerprint: string;
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (err) => reject(err));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`openssl exited ${code}: ${stderr.trim()}`)),
    );
  });
}

function subjectAltNames(names: string[]): string {
  return names
    .map((n) => n.replace(/^\[|\]$/g, ''))
    .map((n) => (/^[0-9.]+$/.test(n) || n.includes(':') ? `IP:${n}` : `DNS:${n}`))
    .join(',');
}

/**
 * This box's HTTPS key and self-signed certificate, in `<data_dir>/tls/` (a 0700 directory).
 * Made on first start with openssl (P-256, ten years), never shipped in an image, so no two
 * boxes share a key. The certificate names the hosts given; a browser still warns once, and the
 * pairing screen shows the fingerprint so a person can check it against the box.
 */
export async function ensureTlsIdentity(
  dataDir: string,
  hostNames: string[],
  log: Logger,
): Promise<TlsIdentity> {
  const dir = path.join(dataDir, 'tls');
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);

  const existing = await load(keyFile, certFile);
  if (existing) return existing;

  const tmpKey = `${keyFile}.tmp`;
  const tmpCert = `${certFile}.tmp`;
  const names = hostNames.length > 0 ? hostNames : ['localhost'];
  try {
    await run(
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']
        .concat(['-nodes', '-keyout', tmpKey, '-out', tmpCert, '-days', '3650'])
        .concat([
          '-subj',
          `/CN=${names[0]}`,
          '-addext',
          `subjectAltName=${subjectAltNames(names)}`,
        ]),
    );
    await chmod(tmpKey, 0o600);
    await rename(tmpCert, certFile);
    await rename(tmpKey, keyFile);
  } catch (err) {
    await rm(tmpKey, { force: true });
    await rm(tmpCert, { force: true });
    throw new TonearmError('CONFIG_INVALID', `cannot make the HTTPS certificate: ${String(err)}`);
  }
  const made = await load(keyFile, certFile);
  if (!made) throw new TonearmError('INTERNAL', 'the new HTTPS certificate cannot be read');
  log.info({ fingerprint: made.fingerprint }, 'made a self-signed HTTPS certificate');
  return made;
}

async function load(keyFile: string, certFile: string): Promise<TlsIdentity | null> {
  try {
    const [key, cert] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]);
    return { key, cert, fingerprint: new X509Certificate(cert).fingerprint256 };
  } catch {
    return null;
  }
}
