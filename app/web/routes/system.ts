import { z } from 'zod';
import { TonearmError } from '../../errors.ts';
import { route } from './route.ts';

/** Typed by the person in the UI; a stray request or a misfired script cannot match it. */
export const FACTORY_RESET_PHRASE = 'erase this box';

/** The box itself: a factory reset, for owners only. */
export const systemRoutes = [
  route({
    method: 'post',
    path: '/system/factory-reset',
    access: 'owner',
    summary:
      'Wipe the box back to how it shipped (index, state, settings, paired devices, tokens); ' +
      'the box restarts to do it',
    body: z.strictObject({
      confirm: z.literal(FACTORY_RESET_PHRASE, {
        error: `must be the words "${FACTORY_RESET_PHRASE}"`,
      }),
    }),
    status: 202,
    handler: async ({ ctx, principal }) => {
      if (!ctx.system) throw new TonearmError('NOT_FOUND', 'this box cannot reset itself');
      // An owner route: the registry has checked there is a credential.
      const by = principal?.name ?? 'an owner';
      await ctx.system.factoryReset(by);
      ctx.log.warn(
        { credentialId: principal?.credentialId ?? null, name: by },
        'factory reset requested; the box wipes its data on the next start',
      );
      return { requested: true };
    },
  }),
];
