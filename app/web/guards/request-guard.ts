import type { IncomingMessage } from 'node:http';
import { TonearmError } from '../../errors.ts';
import type { HostPolicy } from './host-policy.ts';

export const MAX_HEADERS = 60;

/**
 * The checks every request and every WebSocket upgrade passes before anything else looks at
 * it, in this order: header count, Host, Sec-Fetch-Site, Origin. Throws the refusal. Proxy
 * headers (X-Forwarded-*, Forwarded) are never read: there is no proxy in front of the box.
 */
export function guardRequest(policy: HostPolicy, req: IncomingMessage): void {
  if (req.rawHeaders.length / 2 > MAX_HEADERS) {
    throw new TonearmError('HEADERS_TOO_LARGE', `more than ${MAX_HEADERS} headers`);
  }

  const port = req.socket.localPort;
  if (!policy.hostAllowed(req.headers.host, port)) {
    throw new TonearmError('HOST_NOT_ALLOWED', 'this box does not answer to that host name');
  }

  if (req.headers['sec-fetch-site'] === 'cross-site') {
    throw new TonearmError('ORIGIN_FORBIDDEN', 'cross-site requests are refused');
  }

  const origin = req.headers.origin;
  if (origin !== undefined && !policy.originAllowed(origin, port)) {
    throw new TonearmError('ORIGIN_FORBIDDEN', 'requests from that origin are refused');
  }
}
