import { clearedCookie } from '../auth/cookies.ts';
import { route } from './route.ts';

/** Who am I: lets the UI choose between the pairing screen and the player. */
export const sessionRoutes = [
  route({
    method: 'get',
    path: '/session',
    access: 'public',
    summary: 'The caller: role and name, or how to get in',
    handler: ({ ctx, principal }) => ({
      authenticated: principal !== null,
      role: principal?.role ?? (ctx.config.guest_mode ? 'guest' : null),
      name: principal?.name ?? null,
      credentialId: principal?.credentialId ?? null,
      guestMode: ctx.config.guest_mode,
      https: ctx.https,
      fingerprint: ctx.fingerprint,
    }),
  }),
  route({
    method: 'delete',
    path: '/session',
    access: 'listener',
    summary: 'Forget this device or token (revokes its own credential)',
    handler: async ({ ctx, principal, res }) => {
      if (principal?.credentialId) await ctx.auth.tokens.revoke(principal.credentialId);
      if (principal?.via === 'cookie') res.append('Set-Cookie', clearedCookie(ctx.https));
    },
  }),
];
