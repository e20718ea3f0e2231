import { z } from 'zod';
import { TonearmError } from '../../errors.ts';
import type { ListenApi, RouteContext } from '../context.ts';
import { route } from './route.ts';

/**
 * "Listen on the phone". The stream itself is `public` as far as sessions go because audio
 * players send no cookie or header: the per-listener token in the URL is the credential, and
 * the listen service checks it (hashed, constant time) before a byte is sent. Owners create
 * and revoke those tokens; revoking ends the listener's connection.
 */

function listen(ctx: RouteContext): ListenApi {
  if (!ctx.listen) throw new TonearmError('LISTEN_DISABLED', 'listening on the phone is off');
  return ctx.listen;
}

export const listenRoutes = [
  route({
    method: 'get',
    path: '/listen/stream',
    access: 'public',
    summary: 'The MP3 stream of what plays (token in the query, for audio players)',
    query: z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a listen token') }),
    handler: ({ ctx, query, res }) => {
      listen(ctx).attach(query.token, res);
    },
  }),
  route({
    method: 'get',
    path: '/listen/tokens',
    access: 'owner',
    summary: 'Listen tokens (never the secrets)',
    handler: ({ ctx }) => ({ tokens: listen(ctx).tokens() }),
  }),
  route({
    method: 'post',
    path: '/listen/tokens',
    access: 'owner',
    summary: 'Create a listen token; its secret is in this answer only',
    body: z.strictObject({ name: z.string().min(1).max(100) }),
    status: 201,
    handler: async ({ ctx, body }) => {
      const created = await listen(ctx).createToken(body.name);
      return { ...created, path: `/api/v1/listen/stream?token=${created.token}` };
    },
  }),
  route({
    method: 'delete',
    path: '/listen/tokens/:id',
    access: 'owner',
    summary: 'Revoke a listen token and end its connections',
    params: z.strictObject({ id: z.string().regex(/^[a-f0-9]{12}$/, 'not a listen token id') }),
    handler: async ({ ctx, params }) => {
      await listen(ctx).revoke(params.id);
    },
  }),
];
