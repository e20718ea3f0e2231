import type { ServerOptions } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from '../log.ts';

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
    // How often the timeouts above are enforced; Node's 30 s default would let a slow client
    // hold its connection up to 40 s instead of 10.
    connectionsCheckingInterval: 1_000,
  };
}

/**
 * One debug line per request: method, path without its query, status, time. No headers, no
 * query string, no body, so no cookie, token or pairing id can end up in the log this way.
 */
export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const path = req.originalUrl.split('?')[0]?.slice(0, 200);
      const fields = { method: req.method, path, status: res.statusCode, ms: Math.round(ms) };
      log.debug(fields, 'request');
    });
    next();
  };
}
