import { z } from 'zod';
import { route } from './route.ts';

const entryId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Transport: what a play/pause/next button does. Reads are open to guests. */
export const playerRoutes = [
  route({
    method: 'get',
    path: '/player',
    access: 'guest',
    summary: 'State, current track, position, modes and mixer',
    handler: ({ ctx }) => ctx.core.player.status(),
  }),
  route({
    method: 'post',
    path: '/player/play',
    access: 'listener',
    summary: 'Play the given queue entry, or resume or start the current one',
    body: z.strictObject({ entryId: entryId.optional() }),
    handler: async ({ ctx, body }) => {
      await ctx.core.player.play(body.entryId);
      return ctx.core.player.status();
    },
  }),
  ...(['pause', 'toggle', 'stop', 'next', 'previous'] as const).map((action) =>
    route({
      method: 'post',
      path: `/player/${action}`,
      access: 'listener',
      summary: `${action[0]?.toUpperCase()}${action.slice(1)}`,
      handler: async ({ ctx }) => {
        await ctx.core.player[action]();
        return ctx.core.player.status();
      },
    }),
  ),
  route({
    method: 'post',
    path: '/player/seek',
    access: 'listener',
    summary: 'Seek within the current track',
    body: z.strictObject({
      positionMs: z
        .number()
        .int()
        .min(0)
        .max(24 * 3600 * 1000),
    }),
    handler: async ({ ctx, body }) => {
      await ctx.core.player.seek(body.positionMs);
      return ctx.core.player.status();
    },
  }),
  route({
    method: 'put',
    path: '/player/modes',
    access: 'listener',
    summary: 'Set repeat, random, single and consume (MPD meanings)',
    body: z
      .strictObject({
        repeat: z.boolean().optional(),
        random: z.boolean().optional(),
        single: z.union([z.boolean(), z.literal('oneshot')]).optional(),
        consume: z.union([z.boolean(), z.literal('oneshot')]).optional(),
      })
      .refine((m) => Object.keys(m).length > 0, 'name at least one mode'),
    handler: ({ ctx, body }) => {
      ctx.core.player.setModes(body);
      return ctx.core.player.status();
    },
  }),
];
