import { isIP } from 'node:net';
import { TonearmError } from '../errors.ts';
import { judgeAddress } from './address-policy.ts';

/**
 * The static half of the egress guard: what can be said about a URL without resolving its
 * host. WHATWG URL parsing normalises the numeric host forms (`0x7f000001`, `2130706433`,
 * `0177.0.0.1`, `127.1`) to dotted quads, so the address check sees the real address.
 */

const SCHEMES = new Set(['http:', 'https:']);

export const MAX_URL_LENGTH = 2048;

export interface CheckedUrl {
  url: URL;
  /** Host name without IPv6 brackets, as it goes to DNS, SNI and the Host header. */
  host: string;
  port: number;
  /** The literal address when the host is one, else null (resolve it at fetch time). */
  literal: string | null;
  /** True when the owner allow-listed this host:port, so LAN addresses are accepted. */
  lanAllowed: boolean;
}

/** Owner-managed `host:port` entries that may resolve to LAN addresses. */
export class AllowList {
  private readonly entries: Set<string>;

  constructor(entries: readonly string[] = []) {
    this.entries = new Set(entries.map((e) => normaliseEntry(e)));
  }

  has(host: string, port: number): boolean {
    return this.entries.has(`${host}:${port}`);
  }
}

/** `NAS.local:8000` → `nas.local:8000`; `[::1]:8000` stays bracketed-free inside. */
export function normaliseEntry(entry: string): string {
  const parsed = safeParse(`http://${entry.trim()}`);
  if (!parsed || parsed.pathname !== '/' || parsed.username || !/:\d+$/.test(entry.trim())) {
    throw new TonearmError('CONFIG_INVALID', `allow-list entry must be host:port, got ${entry}`);
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return `${host}:${parsed.port || '80'}`;
}

function safeParse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** A URL shown without path, query or credentials, safe for logs and error messages. */
export function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

export function refuseAddress(url: URL, reason: string): TonearmError {
  return new TonearmError(
    'EGRESS_ADDRESS_REFUSED',
    `${originOf(url)} is refused: it points at a ${reason}; ` +
      'only public addresses, or LAN hosts the owner allow-listed, may be fetched',
  );
}

/** Scheme, shape and (for literal hosts) address checks. Throws TonearmError. */
export function checkUrl(raw: string, allow: AllowList): CheckedUrl {
  if (raw.length > MAX_URL_LENGTH) {
    throw new TonearmError('URI_INVALID', `URL is longer than ${MAX_URL_LENGTH} characters`);
  }
  const url = safeParse(raw);
  if (!url) throw new TonearmError('URI_INVALID', 'not a valid absolute URL');
  if (!SCHEMES.has(url.protocol)) {
    throw new TonearmError(
      'EGRESS_SCHEME_REFUSED',
      `scheme ${url.protocol} is refused; only http: and https: may be fetched`,
    );
  }
  if (url.username || url.password) {
    throw new TonearmError('URI_INVALID', 'URLs with a user name or password are not accepted');
  }

  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const lanAllowed = allow.has(host, port);
  const literal = isIP(host) ? host : null;
  if (literal) checkAddress(url, literal, lanAllowed);
  return { url, host, port, literal, lanAllowed };
}

/** Refuse an address unless it is public, or a LAN address of an allow-listed host. */
export function checkAddress(url: URL, address: string, lanAllowed: boolean): void {
  const verdict = judgeAddress(address);
  if (verdict.refused === null) return;
  if (verdict.lan && lanAllowed) return;
  throw refuseAddress(url, verdict.refused);
}
