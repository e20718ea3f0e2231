import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { TonearmError, describeError, isTonearmError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { connectIcyTolerant } from './icy-socket.ts';
import { byteLimit } from './limits.ts';
import { systemResolver, validAnswers, type Resolver } from './resolver.ts';
import { AllowList, checkAddress, checkUrl, originOf, type CheckedUrl } from './url-policy.ts';

/**
 * The one module that fetches anything from the network (streams, playlists, later art).
 * Every hop is checked: scheme, then every address the host resolves to, then the connection
 * is pinned to an address that was checked (a custom `lookup`, so no second DNS answer can
 * slip in), and every redirect goes through the same checks again. Decoders and ffmpeg never
 * see a URL: they get the byte stream this module returns.
 */

export interface EgressOptions {
  log: Logger;
  /** `host:port` entries an owner allowed to be on the LAN (a NAS, a local Icecast). */
  allowHosts?: readonly string[];
  resolver?: Resolver;
  maxRedirects?: number;
  /** Socket inactivity limit, before and after the response headers. */
  idleTimeoutMs?: number;
  userAgent?: string;
  /** Extra trusted CA certificates (a LAN host with its own CA; tests). */
  ca?: string | Buffer;
}

export interface FetchOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Fail with EGRESS_TOO_LARGE past this many body bytes. Unlimited for streams. */
  maxBytes?: number;
  idleTimeoutMs?: number;
}

export interface EgressResponse {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: Readable;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class Egress {
  private readonly log: Logger;
  private readonly allow: AllowList;
  private readonly resolver: Resolver;
  private readonly maxRedirects: number;
  private readonly idleTimeoutMs: number;
  private readonly userAgent: string;
  private readonly ca: string | Buffer | undefined;

  constructor(options: EgressOptions) {
    this.log = options.log.child({ module: 'egress' });
    this.allow = new AllowList(options.allowHosts ?? []);
    this.resolver = options.resolver ?? systemResolver;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 15_000;
    this.userAgent = options.userAgent ?? 'Tonearm';
    this.ca = options.ca;
  }

  /** The checks possible without DNS: scheme, shape, literal address. For adding stations. */
  check(raw: string): CheckedUrl {
    return checkUrl(raw, this.allow);
  }

  /** GET a URL through the guard, following at most `maxRedirects` checked redirects. */
  async open(raw: string, options: FetchOptions = {}): Promise<EgressResponse> {
    let current = raw;
    for (let hop = 0; ; hop++) {
      const target = this.checkLogged(current);
      const address = await this.pick(target);
      const res = await this.request(target, address, options);
      const location = res.headers.location;

      if (REDIRECTS.has(res.statusCode ?? 0) && location) {
        res.destroy();
        if (hop >= this.maxRedirects) {
          throw new TonearmError(
            'EGRESS_REDIRECT_LIMIT',
            `${originOf(target.url)} redirected more than ${this.maxRedirects} times`,
          );
        }
        current = resolveLocation(location, target.url);
        continue;
      }

      const body = options.maxBytes === undefined ? res : limited(res, options.maxBytes);
      return {
        url: target.url.toString(),
        status: res.statusCode ?? 0,
        headers: res.headers,
        body,
      };
    }
  }

  /** GET a small text document (a playlist); non-2xx answers are errors. */
  async fetchText(
    raw: string,
    options: FetchOptions & { maxBytes: number },
  ): Promise<{ url: string; contentType: string; text: string }> {
    const declared = await this.open(raw, options);
    if (declared.status < 200 || declared.status > 299) {
      declared.body.destroy();
      throw new TonearmError('EGRESS_FAILED', `${safeOrigin(raw)} answered ${declared.status}`);
    }
    const length = Number(declared.headers['content-length'] ?? NaN);
    if (length > options.maxBytes) {
      declared.body.destroy();
      throw new TonearmError(
        'EGRESS_TOO_LARGE',
        `${safeOrigin(raw)} sent ${length} bytes; the limit is ${options.maxBytes}`,
      );
    }
    return {
      url: declared.url,
      contentType: String(declared.headers['content-type'] ?? ''),
      text: await readText(declared.body, options.maxBytes),
    };
  }

  private checkLogged(raw: string): CheckedUrl {
    try {
      return this.check(raw);
    } catch (err) {
      this.log.warn({ origin: safeOrigin(raw), code: codeOf(err) }, 'fetch refused');
      throw err;
    }
  }

  /** Resolve (unless literal), check every answer, and return the one to connect to. */
  private async pick(target: CheckedUrl): Promise<string> {
    if (target.literal) return target.literal;

    let answers;
    try {
      answers = validAnswers(await this.resolver(target.host));
    } catch (err) {
      throw new TonearmError('EGRESS_FAILED', `cannot resolve ${target.host}: ${codeOf(err)}`, {
        cause: err,
      });
    }
    if (answers.length === 0) {
      throw new TonearmError('EGRESS_FAILED', `${target.host} has no addresses`);
    }
    for (const answer of answers) {
      try {
        checkAddress(target.url, answer.address, target.lanAllowed);
      } catch (err) {
        this.log.warn({ origin: originOf(target.url), code: codeOf(err) }, 'fetch refused');
        throw err;
      }
    }
    return answers[0]!.address;
  }

  private request(
    target: CheckedUrl,
    address: string,
    options: FetchOptions,
  ): Promise<IncomingMessage> {
    const { url } = target;
    const secure = url.protocol === 'https:';
    const family = isIP(address);
    const pinned: LookupFunction = (_host, opts, cb) => {
      if ((opts as { all?: boolean }).all) {
        (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
          { address, family },
        ]);
      } else cb(null, address, family);
    };

    const idleMs = options.idleTimeoutMs ?? this.idleTimeoutMs;
    return new Promise((resolve, reject) => {
      const req = (secure ? https : http).request({
        hostname: target.host,
        port: target.port,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { 'user-agent': this.userAgent, ...options.headers },
        // Both connect only to the checked address. Plain HTTP (no agent, so Node uses
        // createConnection) goes through a socket that also accepts SHOUTcast v1's
        // `ICY 200 OK`; HTTPS gets the address through a pinned lookup.
        ...(secure
          ? { agent: false, lookup: pinned, ...(target.literal ? {} : { servername: target.host }) }
          : { createConnection: () => connectIcyTolerant(address, target.port, idleMs) }),
        ...(this.ca ? { ca: this.ca } : {}),
        timeout: idleMs,
        ...(options.signal ? { signal: options.signal } : {}),
      });

      req.on('timeout', () => {
        req.destroy(new TonearmError('EGRESS_TIMEOUT', `${originOf(url)} stopped answering`));
      });
      req.on('error', (err) => reject(wrap(err, url)));
      req.on('response', (res) => {
        res.on('error', () => undefined);
        resolve(res);
      });
      req.end();
      this.log.debug({ origin: originOf(url) }, 'fetch');
    });
  }
}

/** Read a whole body as UTF-8 text, failing with EGRESS_TOO_LARGE past `maxBytes`. */
export async function readText(body: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) {
        throw new TonearmError('EGRESS_TOO_LARGE', `the response is larger than ${maxBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).toString('utf8');
}

function resolveLocation(location: string, base: URL): string {
  try {
    return new URL(location, base).toString();
  } catch {
    throw new TonearmError('EGRESS_FAILED', `${originOf(base)} sent an invalid redirect`);
  }
}

function limited(res: IncomingMessage, maxBytes: number): Readable {
  const limit = byteLimit(maxBytes, 'the response');
  res.on('error', (err) => limit.destroy(err));
  limit.on('close', () => res.destroy());
  return res.pipe(limit);
}

function wrap(err: unknown, url: URL): TonearmError {
  if (isTonearmError(err)) return err;
  return new TonearmError('EGRESS_FAILED', `${originOf(url)}: ${codeOf(err)}`, { cause: err });
}

function codeOf(err: unknown): string {
  if (isTonearmError(err)) return err.code;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : describeError(err);
}

function safeOrigin(raw: string): string {
  try {
    return originOf(new URL(raw));
  } catch {
    return '(invalid URL)';
  }
}
