import type { IncomingMessage } from 'node:http';
import { TonearmError } from '../../errors.ts';
import type { Principal } from '../context.ts';
import { failuresExhausted, spendFailure, type Limiters } from '../limits.ts';
import { cookieName, readCookie } from './cookies.ts';
import type { TokenStore } from './token-store.ts';

export interface AuthOutcome {
  principal: Principal | null;
  /** Which credential the request carried, valid or not. */
  presented: 'bearer' | 'cookie' | null;
}

export interface AuthDeps {
  tokens: TokenStore;
  limits: Limiters;
  https: boolean;
}

/** The credential a request carries: a bearer token wins over the cookie. */
function credentialOf(req: IncomingMessage, https: boolean) {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer ([^\s]+)$/i.exec(header);
    return { via: 'bearer' as const, token: m?.[1] ?? '' };
  }
  const cookie = readCookie(req.headers.cookie, cookieName(https));
  return cookie === null ? null : { via: 'cookie' as const, token: cookie };
}

/**
 * Who is asking, for an HTTP request or a WebSocket upgrade alike. Failed checks spend the
 * address's budget, and the box-wide one while the address still had some, so one stale phone
 * cannot lock everybody out; when either is spent, checks are refused without looking.
 */
export async function authenticate(deps: AuthDeps, req: IncomingMessage): Promise<AuthOutcome> {
  const cred = credentialOf(req, deps.https);
  if (!cred) return { principal: null, presented: null };

  const address = req.socket.remoteAddress ?? 'unknown';
  if (await failuresExhausted(deps.limits, address)) {
    throw new TonearmError('RATE_LIMITED', 'too many failed sign-ins; wait a minute');
  }

  const info = await deps.tokens.verify(cred.token);
  if (info) {
    const principal = { role: info.role, credentialId: info.id, name: info.name, via: cred.via };
    return { principal, presented: cred.via };
  }

  await spendFailure(deps.limits, address);
  return { principal: null, presented: cred.via };
}

export const GUEST: Principal = { role: 'guest', credentialId: null, name: 'guest', via: 'none' };
