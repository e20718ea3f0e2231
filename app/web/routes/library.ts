import { z } from 'zod';
import { TonearmError } from '../../errors.ts';
import { route } from './route.ts';

const term = z.string().min(1).max(200);
const uri = z.string().min(1).max(4096);

/** Only picture types a browser shows as an image; anything else is sent as opaque bytes. */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp']);

export const libraryRoutes = [
  route({
    method: 'get',
    path: '/library/search',
    access: 'listener',
    summary: 'Search tracks: `q` matches any field, the others one field each',
    limit: 'search',
    query: z
      .strictObject({
        q: term.optional(),
        artist: term.optional(),
        albumArtist: term.optional(),
        album: term.optional(),
        title: term.optional(),
        genre: term.optional(),
        date: term.optional(),
        limit: z.coerce.number().int().min(1).max(500).optional(),
      })
      .refine((q) => Object.keys(q).some((k) => k !== 'limit'), 'give q or a field to search'),
    handler: ({ ctx, query }) => {
      const { q, limit, ...fields } = query;
      const tracks = ctx.library.search({ ...fields, ...(q ? { any: q } : {}) }, limit ?? 100);
      return { tracks };
    },
  }),
  route({
    method: 'get',
    path: '/library/browse',
    access: 'listener',
    summary: 'Children of a browse URI; `local:` is the root',
    query: z.strictObject({ uri: uri.optional() }),
    handler: ({ ctx, query }) => ({ refs: ctx.library.browse(query.uri ?? 'local:') }),
  }),
  route({
    method: 'get',
    path: '/library/lookup',
    access: 'listener',
    summary: 'One track by URI',
    query: z.strictObject({ uri }),
    handler: ({ ctx, query }) => {
      const track = ctx.library.lookup(query.uri);
      if (!track) throw new TonearmError('TRACK_NOT_FOUND', 'the library has no such track');
      return track;
    },
  }),
  route({
    method: 'get',
    path: '/library/art',
    access: 'guest',
    summary: 'Album art by track URI or album id (binary image)',
    query: z
      .strictObject({ track: uri.optional(), album: z.string().min(1).max(200).optional() })
      .refine((q) => (q.track === undefined) !== (q.album === undefined), 'give track or album'),
    handler: async ({ ctx, query, res }) => {
      const ref = query.track !== undefined ? { trackUri: query.track } : { albumId: query.album! };
      const art = await ctx.library.art(ref);
      if (!art) throw new TonearmError('ART_NOT_FOUND', 'no picture for that track or album');
      const type = IMAGE_TYPES.has(art.mime) ? art.mime : 'application/octet-stream';
      res.status(200).type(type).send(Buffer.from(art.data));
    },
  }),
  route({
    method: 'post',
    path: '/library/scan',
    access: 'owner',
    summary: 'Rescan the media directory; answers when done',
    handler: ({ ctx }) => ctx.library.scan(),
  }),
];
