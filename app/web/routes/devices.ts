import { z } from 'zod';
import { TonearmError } from '../../errors.ts';
import type { CredentialKind } from '../auth/token-store.ts';
import type { RouteContext } from '../context.ts';
import { route } from './route.ts';

export const credentialParams = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{16}$/, 'must be a credential id'),
});

export function listOf(ctx: RouteContext, kind: CredentialKind) {
  return ctx.auth.tokens.list().filter((t) => t.kind === kind && t.revoked === null);
}

/** Revoke one credential of `kind`; its next request gets 401, its WebSocket closes. */
export async function revokeOf(ctx: RouteContext, kind: CredentialKind, id: string) {
  const info = ctx.auth.tokens.get(id);
  if (!info || info.kind !== kind || info.revoked !== null) {
    throw new TonearmError('NOT_FOUND', `no active ${kind} with id ${id}`);
  }
  await ctx.auth.tokens.revoke(id);
  ctx.log.info({ credentialId: id, kind, name: info.name }, 'credential revoked');
}

/** Paired devices, for owners: who has a cookie, when it was last used, and revocation. */
export const devicesRoutes = [
  route({
    method: 'get',
    path: '/devices',
    access: 'owner',
    summary: 'Paired devices with name, role and last use',
    handler: ({ ctx }) => ({ devices: listOf(ctx, 'device') }),
  }),
  route({
    method: 'delete',
    path: '/devices/:id',
    access: 'owner',
    summary: 'Revoke a paired device',
    params: credentialParams,
    handler: ({ ctx, params }) => revokeOf(ctx, 'device', params.id),
  }),
];
