/**
 * The HTTP API's routes: one small file per resource, every one registered from here.
 *
 * HOW TO ADD A ROUTE FILE (radio.ts, playlists.ts, ...)
 *
 * 1. In app/web/routes/radio.ts, export an array built with `route()` from ./route.ts:
 *
 *      import { z } from 'zod';
 *      import { route } from './route.ts';
 *
 *      export const radioRoutes = [
 *        route({
 *          method: 'post',                    // get | post | put | delete
 *          path: '/radio/stations/:id/play',  // under /api/v1, express syntax
 *          access: 'listener',                // REQUIRED: public | guest | listener | owner
 *          summary: 'Play a station',         // one line; goes into docs/openapi.json
 *          params: z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,64}$/) }),
 *          body: z.strictObject({ position: z.number().int().min(0).optional() }),
 *          status: 200,                       // success status; default 200, 204 when
 *                                             // the handler returns undefined
 *          handler: async ({ ctx, params, body, principal }) => ..., // JSON-able result
 *        }),
 *      ];
 *
 * 2. Add `...radioRoutes` to ROUTES below, then run `npx tsx scripts/openapi.ts` to refresh
 *    docs/openapi.json (a test fails while it is stale).
 *
 * What the registry does for every route, so a route file never does it itself:
 * - Access: checked before anything else runs. `access` is required (the types and a check at
 *   start-up refuse a route without one) and test/web/routes.test.ts calls every route with no
 *   credential and with a listener's, so a new route is tested for its auth decision at once.
 *   owner > listener > guest; `public` routes are open to anyone past the host/origin guards.
 * - Validation: `params`, `query` and `body` must be z.strictObject schemas (unknown keys are
 *   refused; start-up fails otherwise). A route without a `body` accepts only `{}` or nothing,
 *   one without `query` accepts no query string. Parsed, typed values reach the handler.
 * - Errors: throw TonearmError (app/errors.ts); it goes out as {"error": {"code","message"}}.
 *   Anything else is logged and answered 500 INTERNAL with no detail.
 * - Methods: a path answers 405 for methods it does not declare; JSON content type, body size
 *   and prototype keys are checked before routing (guards/body.ts).
 * - `limit: 'search'` spends the caller's per-address search budget (429 when spent).
 *
 * A route that needs a service Core does not offer (radio, playlists) gets it as an optional
 * field of RouteContext (context.ts) and WebAppDeps (app.ts), passed in by app/main.ts; answer
 * NOT_FOUND when it is absent.
 */
import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { TonearmError } from '../../errors.ts';
import { authorize } from '../auth/authorize.ts';
import { ACCESS_LEVELS, type Access, type Principal, type RouteContext } from '../context.ts';
import { sendError } from '../errors.ts';
import { GLOBAL } from '../limits.ts';
import { devicesRoutes } from './devices.ts';
import { historyRoutes } from './history.ts';
import { libraryRoutes } from './library.ts';
import { listenRoutes } from './listen.ts';
import { mixerRoutes } from './mixer.ts';
import { openapiRoutes } from './openapi.ts';
import { pairingRoutes } from './pairing.ts';
import { playerRoutes } from './player.ts';
import { playlistsRoutes } from './playlists.ts';
import { queueRoutes } from './queue.ts';
import { radioRoutes } from './radio.ts';
import { sessionRoutes } from './session.ts';
import { systemRoutes } from './system.ts';
import { tokensRoutes } from './tokens.ts';
import { route, type AnyRoute, type Method } from './route.ts';

export { route };
export type { AnyRoute, Method };

/** Every route of /api/v1, in registration order. */
export const ROUTES: readonly AnyRoute[] = [
  ...sessionRoutes,
  ...pairingRoutes,
  ...devicesRoutes,
  ...tokensRoutes,
  ...playerRoutes,
  ...queueRoutes,
  ...mixerRoutes,
  ...historyRoutes,
  ...libraryRoutes,
  ...openapiRoutes,
  ...radioRoutes,
  ...playlistsRoutes,
  ...listenRoutes,
  ...systemRoutes,
];

const EMPTY = z.strictObject({});

function isStrictObject(schema: unknown): boolean {
  if (!(schema instanceof z.ZodObject)) return false;
  const catchall = schema.def.catchall;
  return catchall !== undefined && catchall._zod.def.type === 'never';
}

/** Refuse at start-up what would be unsafe at run time: no access level, a loose schema. */
export function checkRoute(r: AnyRoute): void {
  const where = `${r.method.toUpperCase()} ${r.path}`;
  if (!ACCESS_LEVELS.includes(r.access as Access)) {
    throw new Error(`route ${where} declares no valid access level`);
  }
  for (const part of ['params', 'query', 'body'] as const) {
    const schema = r[part];
    if (schema !== undefined && !isStrictObject(schema)) {
      throw new Error(`route ${where}: ${part} must be a z.strictObject schema`);
    }
  }
  if (r.method === 'get' && r.body !== undefined) {
    throw new Error(`route ${where}: a GET route takes no body`);
  }
}

function parsePart(schema: z.ZodType, value: unknown, part: string): unknown {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue && issue.path.length > 0 ? `${part}.${issue.path.join('.')}` : part;
  throw new TonearmError('REQUEST_INVALID', `${key}: ${issue?.message ?? 'invalid'}`);
}

async function runRoute(r: AnyRoute, ctx: RouteContext, req: Request, res: Response) {
  const principal: Principal | null = await authorize(ctx, req, res, r.access);

  if (r.limit === 'search') {
    const address = req.socket.remoteAddress ?? GLOBAL;
    if (!(await ctx.limits.searchPerAddress.spend(address))) {
      throw new TonearmError('RATE_LIMITED', 'too many searches; wait a moment');
    }
  }

  const params = parsePart(r.params ?? EMPTY, { ...req.params }, 'params');
  const query = parsePart(r.query ?? EMPTY, req.query, 'query');
  const body = parsePart(r.body ?? EMPTY, req.body, 'body');
  const result = await r.handler({ ctx, params, query, body, principal, req, res });

  if (res.headersSent) return;
  if (result === undefined) res.status(204).end();
  else res.status(r.status ?? 200).json(result);
}

/**
 * Register `routes` on `router` (mounted at /api/v1), then a 405 for every other method on the
 * same paths. Deny by default: a route without a valid access level stops start-up.
 */
export function registerRoutes(
  router: Router,
  ctx: RouteContext,
  routes: readonly AnyRoute[] = ROUTES,
): void {
  const methodsByPath = new Map<string, Set<Method>>();
  for (const r of routes) {
    checkRoute(r);
    const methods = methodsByPath.get(r.path) ?? new Set<Method>();
    if (methods.has(r.method)) throw new Error(`route ${r.method} ${r.path} registered twice`);
    methods.add(r.method);
    methodsByPath.set(r.path, methods);

    router[r.method](r.path, (req: Request, res: Response, next: NextFunction) => {
      runRoute(r, ctx, req, res).catch((err: unknown) => {
        if (res.headersSent) next(err);
        else sendError(res, err, ctx.log);
      });
    });
  }

  for (const [path, methods] of methodsByPath) {
    const allow = [...methods].map((m) => m.toUpperCase());
    if (methods.has('get')) allow.push('HEAD');
    router.all(path, (_req: Request, res: Response) => {
      res.setHeader('Allow', allow.join(', '));
      sendError(res, new TonearmError('METHOD_NOT_ALLOWED', `use ${allow.join(' or ')}`), ctx.log);
    });
  }
}
