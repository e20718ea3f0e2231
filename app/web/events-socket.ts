import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../log.ts';
import type { CoreApi } from '../core/api.ts';
import { EVENT_NAMES, type EventName, type TonearmEvents } from '../core/events.ts';
import { isTonearmError, TonearmError } from '../errors.ts';
import { authenticate, GUEST } from './auth/authenticate.ts';
import type { TokenStore } from './auth/token-store.ts';
import type { Principal, WebConfig } from './context.ts';
import { errorBody } from './errors.ts';
import type { HostPolicy } from './guards/host-policy.ts';
import { guardRequest } from './guards/request-guard.ts';
import type { Limiters } from './limits.ts';

export const EVENTS_PATH = '/api/v1/events';

/** Guests see what is playing, nothing about the library, history or errors. */
const GUEST_EVENTS = new Set<EventName>([
  'player.state',
  'player.seeked',
  'player.modes',
  'queue.changed',
  'mixer.changed',
  'stream.title',
]);

/** Clients only listen; anything they send is tiny or a reason to hang up. */
const MAX_PAYLOAD = 1024;
/** A client this far behind is too slow to keep; it reconnects and gets a fresh state. */
const MAX_BUFFERED = 1 << 20;
const PING_MS = 30_000;

export interface EventSocketDeps {
  core: CoreApi;
  tokens: TokenStore;
  limits: Limiters;
  config: WebConfig;
  policy: HostPolicy;
  https: boolean;
  log: Logger;
}

interface Client {
  ws: WebSocket;
  principal: Principal;
  address: string;
  alive: boolean;
}

/**
 * The live-event WebSocket. Every check happens in the HTTP upgrade, before the socket is a
 * WebSocket: Host, Sec-Fetch-Site, an allowed Origin (required: browsers always send one),
 * the per-address cap, then the credential. Each client's bus listeners are registered under
 * its own owner name and dropped with bus.off when it goes; a revoked credential's sockets
 * are closed at once.
 */
export class EventSocketServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_PAYLOAD,
    perMessageDeflate: false,
  });
  private readonly clients = new Map<string, Client>();
  private readonly perAddress = new Map<string, number>();
  private seq = 0;
  private readonly pinger: NodeJS.Timeout;
  private readonly syncer: NodeJS.Timeout;
  private readonly stopRevokes: () => void;

  constructor(private readonly deps: EventSocketDeps) {
    this.pinger = setInterval(() => this.ping(), PING_MS);
    this.pinger.unref();
    this.syncer = setInterval(() => this.syncRevocations(), 1000);
    this.syncer.unref();
    this.stopRevokes = deps.tokens.onRevoke((id) => this.closeCredential(id));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const address = req.socket.remoteAddress ?? 'unknown';
    const refuse = (err: unknown) => {
      const known = isTonearmError(err) ? err : new TonearmError('INTERNAL', 'internal error');
      if (!isTonearmError(err)) this.deps.log.error({ err }, 'websocket upgrade failed');
      writeRefusal(socket, known);
    };
    socket.on('error', () => socket.destroy());

    try {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path !== EVENTS_PATH) throw new TonearmError('NOT_FOUND', 'no WebSocket here');
      guardRequest(this.deps.policy, req);
      if (!req.headers.origin) {
        throw new TonearmError('ORIGIN_FORBIDDEN', 'a WebSocket needs an allowed Origin');
      }
      if ((this.perAddress.get(address) ?? 0) >= this.deps.config.ws_connections_per_address) {
        throw new TonearmError('RATE_LIMITED', 'too many WebSockets from this address');
      }
    } catch (err) {
      refuse(err);
      return;
    }

    // The slot is held for as long as the TCP connection lives, whatever ends it: a refused
    // credential, a handshake ws rejects, or a WebSocket closing later.
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    socket.once('close', () => this.release(address));

    this.principalOf(req)
      .then((principal) => {
        if (socket.destroyed) return;
        this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, principal, address));
      })
      .catch(refuse);
  }

  /** Close every socket (service stopping). */
  close(): void {
    clearInterval(this.pinger);
    clearInterval(this.syncer);
    this.stopRevokes();
    for (const c of this.clients.values()) c.ws.terminate();
    this.wss.close();
  }

  count(): number {
    return this.clients.size;
  }

  private async principalOf(req: IncomingMessage): Promise<Principal> {
    const { tokens, limits, https, config } = this.deps;
    const { principal } = await authenticate({ tokens, limits, https }, req);
    if (principal) return principal;
    if (config.guest_mode) return GUEST;
    throw new TonearmError('AUTH_REQUIRED', 'pair this device or send a bearer token');
  }

  private attach(ws: WebSocket, principal: Principal, address: string): void {
    const owner = `ws:${++this.seq}`;
    const client: Client = { ws, principal, address, alive: true };
    this.clients.set(owner, client);
    const bus = this.deps.core.bus;

    for (const event of EVENT_NAMES) {
      if (principal.role === 'guest' && !GUEST_EVENTS.has(event)) continue;
      bus.on(owner, event, (data: TonearmEvents[typeof event]) => this.send(client, event, data));
    }
    ws.on('pong', () => (client.alive = true));
    ws.on('message', () => undefined); // nothing to say yet; maxPayload bounds it
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      bus.off(owner);
      this.clients.delete(owner);
    });
    this.send(client, 'hello', { role: principal.role, player: this.deps.core.player.status() });
  }

  private send(client: Client, event: string, data: unknown): void {
    if (client.ws.readyState !== client.ws.OPEN) return;
    if (client.ws.bufferedAmount > MAX_BUFFERED) {
      client.ws.terminate();
      return;
    }
    client.ws.send(jsonText({ event, data }));
  }

  private closeCredential(id: string): void {
    for (const c of this.clients.values()) {
      if (c.principal.credentialId !== id) continue;
      c.ws.close(4401, 'revoked');
      // A client that does not answer the close handshake is cut off anyway.
      setTimeout(() => c.ws.terminate(), 500).unref();
    }
  }

  private release(address: string): void {
    const n = (this.perAddress.get(address) ?? 1) - 1;
    if (n <= 0) this.perAddress.delete(address);
    else this.perAddress.set(address, n);
  }

  /** A revocation made by another process (the CLI) is noticed here within about a second. */
  private syncRevocations(): void {
    if (this.clients.size === 0) return;
    this.deps.tokens.sync().catch((err: unknown) => {
      this.deps.log.error({ err }, 'cannot re-read the token file');
    });
  }

  private ping(): void {
    for (const c of this.clients.values()) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }
}

function writeRefusal(socket: Duplex, err: TonearmError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(errorBody(err));
  socket.end(
    `HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    // Destroy once written: a client that never closes its side must not keep the socket.
    () => socket.destroy(),
  );
}

/** JSON with `<`, `>` and `&` escaped, as HTTP answers are: tag text never looks like markup. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
