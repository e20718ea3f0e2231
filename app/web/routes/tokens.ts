import { z } from 'zod';
import { credentialParams, listOf, revokeOf } from './devices.ts';
import { route } from './route.ts';

/** Bearer tokens for scripts, managed by owners (the CLI can create them too). */
export const tokensRoutes = [
  route({
    method: 'get',
    path: '/tokens',
    access: 'owner',
    summary: 'Script tokens with name, role and last use (never the token)',
    handler: ({ ctx }) => ({ tokens: listOf(ctx, 'script') }),
  }),
  route({
    method: 'post',
    path: '/tokens',
    access: 'owner',
    summary: 'Create a script token; the answer is the only time it is shown',
    body: z.strictObject({
      role: z.enum(['owner', 'listener']),
      name: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[^\p{C}]+$/u, 'must be printable text'),
    }),
    status: 201,
    handler: async ({ ctx, body }) => {
      const { token, info } = await ctx.auth.tokens.create({ kind: 'script', ...body });
      ctx.log.info({ credentialId: info.id, role: info.role, name: info.name }, 'token created');
      return { token, ...info };
    },
  }),
  route({
    method: 'delete',
    path: '/tokens/:id',
    access: 'owner',
    summary: 'Revoke a script token',
    params: credentialParams,
    handler: ({ ctx, params }) => revokeOf(ctx, 'script', params.id),
  }),
];
