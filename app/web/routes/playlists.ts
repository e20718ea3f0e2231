import { z } from 'zod';
import { TonearmError } from '../../errors.ts';
import type { PlaylistsApi, RouteContext } from '../context.ts';
import { route } from './route.ts';

/**
 * Stored playlists. Names are free text (the store turns them into safe file names); entries
 * are URIs the store validates; loading appends to the queue and skips entries that no longer
 * resolve.
 */

const name = z.string().min(1).max(200);
const named = z.strictObject({ name });
const position = z.number().int().min(0).max(100_000);
const item = z.strictObject({
  uri: z.string().min(1).max(4096),
  title: z.string().max(300).nullable().optional(),
});
const items = z.array(item).max(1000);

function store(ctx: RouteContext): PlaylistsApi {
  if (!ctx.playlists) throw new TonearmError('NOT_FOUND', 'playlists are not enabled on this box');
  return ctx.playlists;
}

const asItems = (list: z.infer<typeof items>) =>
  list.map((i) => ({ uri: i.uri, title: i.title ?? null }));

export const playlistsRoutes = [
  route({
    method: 'get',
    path: '/playlists',
    access: 'guest',
    summary: 'Stored playlists with their lengths',
    handler: async ({ ctx }) => ({ playlists: await store(ctx).list() }),
  }),
  route({
    method: 'post',
    path: '/playlists',
    access: 'listener',
    summary: 'Create a playlist, empty or with entries',
    body: z.strictObject({ name, items: items.optional() }),
    status: 201,
    handler: ({ ctx, body }) => store(ctx).create(body.name, asItems(body.items ?? [])),
  }),
  route({
    method: 'post',
    path: '/playlists/import',
    access: 'listener',
    summary: 'Import an .m3u file of the music library as a new playlist',
    body: z.strictObject({ name, uri: z.string().min(1).max(4096) }),
    status: 201,
    handler: ({ ctx, body }) => store(ctx).importFromLibrary(body.name, body.uri),
  }),
  route({
    method: 'get',
    path: '/playlists/:name',
    access: 'guest',
    summary: 'One playlist and its entries',
    params: named,
    handler: ({ ctx, params }) => store(ctx).get(params.name),
  }),
  route({
    method: 'delete',
    path: '/playlists/:name',
    access: 'listener',
    summary: 'Delete a playlist',
    params: named,
    handler: async ({ ctx, params }) => {
      await store(ctx).delete(params.name);
    },
  }),
  route({
    method: 'post',
    path: '/playlists/:name/rename',
    access: 'listener',
    summary: 'Rename a playlist',
    params: named,
    body: named,
    handler: ({ ctx, params, body }) => store(ctx).rename(params.name, body.name),
  }),
  route({
    method: 'post',
    path: '/playlists/:name/items',
    access: 'listener',
    summary: 'Add entries, at the end or at a position',
    params: named,
    body: z.strictObject({ items: items.min(1), position: position.optional() }),
    handler: ({ ctx, params, body }) =>
      store(ctx).add(params.name, asItems(body.items), body.position),
  }),
  route({
    method: 'post',
    path: '/playlists/:name/items/remove',
    access: 'listener',
    summary: 'Remove the entries at the given positions',
    params: named,
    body: z.strictObject({ positions: z.array(position).min(1).max(1000) }),
    handler: ({ ctx, params, body }) => store(ctx).remove(params.name, body.positions),
  }),
  route({
    method: 'post',
    path: '/playlists/:name/items/move',
    access: 'listener',
    summary: 'Move one entry',
    params: named,
    body: z.strictObject({ from: position, to: position }),
    handler: ({ ctx, params, body }) => store(ctx).move(params.name, body.from, body.to),
  }),
  route({
    method: 'post',
    path: '/playlists/:name/save-queue',
    access: 'listener',
    summary: 'Store the current queue under this name (replacing it)',
    params: named,
    handler: ({ ctx, params }) => store(ctx).saveQueue(params.name, ctx.core.queue),
  }),
  route({
    method: 'post',
    path: '/playlists/:name/load',
    access: 'listener',
    summary: 'Append the playlist to the queue',
    params: named,
    handler: ({ ctx, params }) => store(ctx).loadIntoQueue(params.name, ctx.core.queue),
  }),
];
