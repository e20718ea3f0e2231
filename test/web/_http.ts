/**
 * A raw HTTP client for the web's tests: node:http, so a test controls every header (Host,
 * Origin, Sec-Fetch-*, Cookie) exactly as an attacker or a browser would send it.
 */
import http from 'node:http';
import https from 'node:https';
import type { World } from './_world.ts';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
  /** `error.code` of an error answer, for short assertions. */
  code: string | undefined;
}

export interface Call {
  method?: string;
  path: string;
  headers?: Record<string, string | string[]>;
  /** An object is sent as JSON with its content type; a string is sent as it is. */
  body?: unknown;
  /** Leave out the default Host header (to send none, or a raw one in `headers`). */
  noHost?: boolean;
  /** Send from this local address (127.0.0.2...), to look like another client. */
  from?: string;
}

export function call(world: World, c: Call): Promise<Answer> {
  const headers: Record<string, string | string[]> = {};
  if (!c.noHost) headers.host = world.host;
  let payload: string | undefined;
  if (typeof c.body === 'string') payload = c.body;
  else if (c.body !== undefined) {
    payload = JSON.stringify(c.body);
    headers['content-type'] = 'application/json';
  }
  Object.assign(headers, c.headers);
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));

  const secure = world.config.web.https;
  const request = secure ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: world.port,
        method: c.method ?? 'GET',
        path: c.path,
        headers,
        rejectUnauthorized: false,
        setHost: !c.noHost,
        ...(c.from ? { localAddress: c.from } : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = undefined;
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON (art, static files)
          }
          const code = (json as { error?: { code?: string } } | undefined)?.error?.code;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, code });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A paired device as a browser holds it: its cookie and the Origin its page sends. */
export interface Device {
  cookie: string;
  credentialId: string;
  role: string;
  /** Headers a same-origin page sends with a state change. */
  headers: Record<string, string>;
}

/** Pair through the API exactly as a phone does, with the box's approval in between. */
export async function pair(world: World, name = 'phone'): Promise<Device> {
  const origin = { origin: world.origin };
  const asked = await call(world, {
    method: 'POST',
    path: '/api/v1/pairing',
    headers: origin,
    body: { name },
  });
  if (asked.status !== 201) throw new Error(`pairing request failed: ${asked.text}`);
  const { id } = asked.json as { id: string };

  const approval = world.auth.approvePairing();
  if (approval.outcome !== 'approved') throw new Error(`approval: ${approval.outcome}`);

  const claimed = await call(world, {
    method: 'POST',
    path: '/api/v1/pairing/claim',
    headers: origin,
    body: { id },
  });
  const setCookie = claimed.headers['set-cookie']?.[0];
  if (claimed.status !== 200 || !setCookie) throw new Error(`claim failed: ${claimed.text}`);
  const cookie = setCookie.split(';')[0]!;
  const { role, credentialId } = claimed.json as { role: string; credentialId: string };
  return { cookie, credentialId, role, headers: { cookie, origin: world.origin } };
}

/** A script's bearer token, made the way `tonearm token create` makes one. */
export async function bearer(world: World, role: 'owner' | 'listener', name = 'script') {
  const { token, info } = await world.auth.tokens.create({ kind: 'script', role, name });
  return { token, id: info.id, headers: { authorization: `Bearer ${token}` } };
}
