import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Access, Principal, RouteContext } from '../context.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface HandlerInput<B, Q, P> {
  ctx: RouteContext;
  body: B;
  query: Q;
  params: P;
  /** Null only on `public` routes called without a credential. */
  principal: Principal | null;
  req: Request;
  res: Response;
}

/** One API route. See routes/index.ts for what each field means and what the registry does. */
export interface RouteSpec<B, Q, P> {
  method: Method;
  /** Under /api/v1, in express syntax (`/queue/:entryId`). */
  path: string;
  access: Access;
  summary: string;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  status?: number;
  limit?: 'search';
  /** The JSON result, or undefined for 204; may write `res` itself (binary answers). */
  handler(input: HandlerInput<B, Q, P>): unknown;
}

// The registry handles routes of every shape alike; their own file keeps them typed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any>;

type Empty = Record<string, never>;

/** Declare a route; the generics come from the schemas, so the handler sees typed input. */
export function route<B = Empty, Q = Empty, P = Empty>(spec: RouteSpec<B, Q, P>): AnyRoute {
  return spec as AnyRoute;
}
