import type { ServerOptions } from 'node:http';

/**
 * Socket-level limits for the HTTP(S) server. Headers are capped by size here and by count in
 * guards/request-guard.ts (Node's own maxHeadersCount silently drops extra headers instead of
 * refusing them, which could hide an Origin). TCP_NODELAY: small JSON answers go out at once
 * instead of waiting for the client's delayed ACK.
 */
export function listenOptions(): ServerOptions {
  return {
    maxHeaderSize: 16 * 1024,
    noDelay: true,
    requestTimeout: 30_000,
    headersTimeout: 10_000,
    keepAliveTimeout: 5_000,
  };
}
