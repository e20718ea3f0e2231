import { z } from 'zod';
import { route } from './route.ts';

export const mixerRoutes = [
  route({
    method: 'get',
    path: '/mixer',
    access: 'guest',
    summary: 'Volume, mute and the configured maximum',
    handler: ({ ctx }) => ctx.core.mixer.state(),
  }),
  route({
    method: 'put',
    path: '/mixer',
    access: 'listener',
    summary: 'Set the volume (clamped to the maximum) and/or mute',
    body: z
      .strictObject({
        volume: z.number().int().min(0).max(100).optional(),
        mute: z.boolean().optional(),
      })
      .refine((b) => b.volume !== undefined || b.mute !== undefined, 'give volume or mute'),
    handler: ({ ctx, body }) => {
      // Core clamps to mixer.max_volume, so a listener can never go past what the owner set.
      if (body.volume !== undefined) ctx.core.mixer.setVolume(body.volume);
      if (body.mute !== undefined) ctx.core.mixer.setMute(body.mute);
      return ctx.core.mixer.state();
    },
  }),
];
