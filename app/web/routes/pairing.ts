import { z } from 'zod';
import { TonearmError } from '../../errors.ts';
import { deviceCookie } from '../auth/cookies.ts';
import { failuresExhausted, GLOBAL, spendFailure } from '../limits.ts';
import { route } from './route.ts';

/** Printable names only: they are shown to owners and in the log. */
const deviceName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\p{C}]+$/u, 'must be printable text');

/**
 * Pairing, open to anyone on the LAN: asking costs nothing without a press on the box's button,
 * and is rate-limited per address and box-wide. See auth/pairing.ts for the rules.
 */
export const pairingRoutes = [
  route({
    method: 'post',
    path: '/pairing',
    access: 'public',
    summary: 'Ask to pair this device; hold the play button within 60 s to approve',
    body: z.strictObject({ name: deviceName }),
    status: 201,
    handler: async ({ ctx, body, req }) => {
      const address = req.socket.remoteAddress ?? 'unknown';
      const allowed =
        (await ctx.limits.pairingPerAddress.spend(address)) &&
        (await ctx.limits.pairingGlobal.spend(GLOBAL));
      if (!allowed) throw new TonearmError('RATE_LIMITED', 'too many pairing requests; wait');
      const request = ctx.auth.pairing.request(body.name);
      return { ...request, fingerprint: ctx.fingerprint };
    },
  }),
  route({
    method: 'post',
    path: '/pairing/claim',
    access: 'public',
    summary: 'Collect the device cookie once the request was approved (poll until then)',
    body: z.strictObject({ id: z.string().regex(/^[0-9a-f]{32}$/, 'must be a pairing id') }),
    handler: async ({ ctx, body, req, res }) => {
      const address = req.socket.remoteAddress ?? 'unknown';
      if (await failuresExhausted(ctx.limits, address)) {
        throw new TonearmError('RATE_LIMITED', 'too many failed attempts; wait a minute');
      }
      try {
        const result = await ctx.auth.pairing.claim(body.id);
        if (result.state === 'pending') return result;
        res.append('Set-Cookie', deviceCookie(result.token, ctx.https));
        return { state: 'approved', role: result.role, credentialId: result.credentialId };
      } catch (err) {
        await spendFailure(ctx.limits, address);
        throw err;
      }
    },
  }),
];
