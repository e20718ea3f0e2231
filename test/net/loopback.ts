import http, { type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../app/log.ts';
import type { Resolver } from '../../app/net/resolver.ts';

/** A real HTTP server on a loopback address, for tests that must not leave the machine. */
export async function loopbackServer(
  handler: RequestListener,
  host = '127.0.0.1',
  port = 0,
): Promise<{ port: number; host: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return {
    host,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A resolver that answers from a table and counts questions; it never touches real DNS. */
export function tableResolver(table: Record<string, string[] | (() => string[])>): Resolver & {
  calls: string[];
} {
  const calls: string[] = [];
  const resolver = async (host: string) => {
    calls.push(host);
    const entry = table[host];
    if (!entry) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    const list = typeof entry === 'function' ? entry() : entry;
    return list.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));
  };
  return Object.assign(resolver, { calls });
}

/** A logger whose lines are kept in memory, so a test can read what was logged. */
export function memoryLogger(): { log: Logger; lines: () => string } {
  let text = '';
  const destination = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { log: createLogger({ level: 'debug', destination }), lines: () => text };
}
