import { z } from 'zod';
import { TonearmError } from '../../errors.ts';
import type { RadioApi, RouteContext, StationView } from '../context.ts';
import { route } from './route.ts';

/**
 * Radio stations. Adding or changing a URL runs the egress guard's static checks at once, so
 * a refused URL gets a 4xx whose code says why (EGRESS_SCHEME_REFUSED, EGRESS_ADDRESS_REFUSED,
 * URI_INVALID). Stations are queued like tracks by their `uri`.
 */

const id = z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a station id') });
const name = z.string().min(1).max(200);
const url = z.string().min(1).max(2048);

function radio(ctx: RouteContext): RadioApi {
  if (!ctx.radio) throw new TonearmError('NOT_FOUND', 'radio is not enabled on this box');
  return ctx.radio;
}

function view(station: StationView) {
  return { ...station, uri: `stream:station:${station.id}` };
}

export const radioRoutes = [
  route({
    method: 'get',
    path: '/radio/stations',
    access: 'guest',
    summary: "The radio stations, in the owner's order",
    handler: ({ ctx }) => ({ stations: radio(ctx).list().map(view) }),
  }),
  route({
    method: 'post',
    path: '/radio/stations',
    access: 'owner',
    summary: 'Add a station by URL (checked by the egress guard)',
    body: z.strictObject({ name, url, favourite: z.boolean().optional() }),
    status: 201,
    handler: async ({ ctx, body }) => view(await radio(ctx).add(body)),
  }),
  route({
    method: 'patch',
    path: '/radio/stations/:id',
    access: 'owner',
    summary: 'Rename, re-point, favourite or move a station',
    params: id,
    body: z.strictObject({
      name: name.optional(),
      url: url.optional(),
      favourite: z.boolean().optional(),
      position: z.number().int().min(0).max(10_000).optional(),
    }),
    handler: async ({ ctx, params, body }) => view(await radio(ctx).update(params.id, body)),
  }),
  route({
    method: 'delete',
    path: '/radio/stations/:id',
    access: 'owner',
    summary: 'Delete a station',
    params: id,
    handler: async ({ ctx, params }) => {
      await radio(ctx).remove(params.id);
    },
  }),
];
