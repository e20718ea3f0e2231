import { z } from 'zod';
import { TonearmError } from '../../errors.ts';
import { route } from './route.ts';

/** URIs come from search and browse answers; the library and backends check them in full. */
const uri = z.string().min(1).max(4096);
const position = z.number().int().min(0).max(1_000_000);
const entryParams = z.strictObject({
  entryId: z.string().regex(/^\d{1,15}$/, 'must be a queue entry id'),
});

export const queueRoutes = [
  route({
    method: 'get',
    path: '/queue',
    access: 'guest',
    summary: 'The queue and its version',
    handler: ({ ctx }) => ctx.core.queue.list(),
  }),
  route({
    method: 'post',
    path: '/queue',
    access: 'listener',
    summary: 'Add tracks (all or none), at the end or at a position',
    body: z.strictObject({ uris: z.array(uri).min(1).max(500), position: position.optional() }),
    status: 201,
    handler: async ({ ctx, body }) => ({
      entries: await ctx.core.queue.add(body.uris, body.position),
    }),
  }),
  route({
    method: 'delete',
    path: '/queue',
    access: 'listener',
    summary: 'Clear the queue',
    handler: ({ ctx }) => {
      ctx.core.queue.clear();
      return ctx.core.queue.list();
    },
  }),
  route({
    method: 'delete',
    path: '/queue/:entryId',
    access: 'listener',
    summary: 'Remove one entry',
    params: entryParams,
    handler: ({ ctx, params }) => {
      const id = Number(params.entryId);
      if (!ctx.core.queue.list().entries.some((e) => e.id === id)) {
        throw new TonearmError('QUEUE_ENTRY_NOT_FOUND', `the queue has no entry ${id}`);
      }
      ctx.core.queue.remove([id]);
      return ctx.core.queue.list();
    },
  }),
  route({
    method: 'post',
    path: '/queue/:entryId/move',
    access: 'listener',
    summary: 'Move one entry to a new position',
    params: entryParams,
    body: z.strictObject({ position }),
    handler: ({ ctx, params, body }) => {
      ctx.core.queue.move(Number(params.entryId), body.position);
      return ctx.core.queue.list();
    },
  }),
  route({
    method: 'post',
    path: '/queue/shuffle',
    access: 'listener',
    summary: 'Shuffle the queue',
    handler: ({ ctx }) => {
      ctx.core.queue.shuffle();
      return ctx.core.queue.list();
    },
  }),
];
