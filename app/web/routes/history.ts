import { z } from 'zod';
import { route } from './route.ts';

export const historyRoutes = [
  route({
    method: 'get',
    path: '/history',
    access: 'listener',
    summary: 'Recently played tracks, newest first',
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).optional() }),
    handler: ({ ctx, query }) => ({ entries: ctx.core.history.list(query.limit ?? 50) }),
  }),
];
