import type { Request, Response } from 'express';
import { TonearmError } from '../../errors.ts';
import { accessRank, rankOf, type Access, type Principal, type RouteContext } from '../context.ts';
import { authenticate, GUEST } from './authenticate.ts';
import { clearedCookie } from './cookies.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * The access decision for one route call: who is asking, and may they. Throws AUTH_REQUIRED,
 * AUTH_FORBIDDEN, ORIGIN_FORBIDDEN or RATE_LIMITED; returns the caller (null only on a public
 * route called without a credential).
 */
export async function authorize(
  ctx: RouteContext,
  req: Request,
  res: Response,
  access: Access,
): Promise<Principal | null> {
  const deps = { tokens: ctx.auth.tokens, limits: ctx.limits, https: ctx.https };
  const { principal, presented } = await authenticate(deps, req);

  if (!principal && presented === 'cookie') res.append('Set-Cookie', clearedCookie(ctx.https));
  if (!principal && presented === 'bearer') {
    throw new TonearmError('AUTH_REQUIRED', 'that token is not valid (revoked or mistyped)');
  }

  // A browser always sends Origin on a state change; a cookie without one means the request
  // did not come from a page we can vouch for. Scripts use bearer tokens and may omit it.
  if (principal?.via === 'cookie' && !SAFE_METHODS.has(req.method) && !req.headers.origin) {
    throw new TonearmError('ORIGIN_FORBIDDEN', 'a change made with a device cookie needs Origin');
  }

  if (access === 'public') return principal;
  const caller = principal ?? (access === 'guest' && ctx.config.guest_mode ? GUEST : null);
  if (!caller) throw new TonearmError('AUTH_REQUIRED', 'pair this device or send a bearer token');
  if (rankOf(caller.role) < accessRank(access)) {
    throw new TonearmError('AUTH_FORBIDDEN', `this needs the ${access} role`);
  }
  return caller;
}
