import anyTest, { type TestFn } from 'ava';
import express from 'express';
import { z } from 'zod';
import type { RouteContext } from '../../../app/web/context.ts';
import { registerRoutes, route, type AnyRoute } from '../../../app/web/routes/index.ts';
import { bearer, call } from '../_http.ts';
import { startWorld, type World } from '../_world.ts';

const test = anyTest as TestFn<{ world: World }>;

test.before(async (t) => {
  t.context.world = await startWorld({ media: false });
});
test.after.always((t) => t.context.world?.close());

/** A concrete path for a route, with well-formed values for its parameters. */
function concrete(path: string): string {
  return `/api/v1${path.replace(':entryId', '1').replace(':id', '0123456789abcdef')}`;
}

async function callAs(world: World, r: AnyRoute, headers: Record<string, string>) {
  const changes = r.method !== 'get';
  return call(world, {
    method: r.method.toUpperCase(),
    path: concrete(r.path),
    headers: { origin: world.origin, ...headers },
    ...(changes ? { body: {} } : {}),
  });
}

test('every route registered on the API router is a declared route with an access level', (t) => {
  const { web } = t.context.world;
  const declared = new Set(web.routes.map((r) => `${r.method} ${r.path}`));
  const stack = web.api.stack as Array<{ route?: { path: string; methods: object } }>;
  const registered = stack.filter((l) => l.route).map((l) => l.route!);
  t.true(registered.length > web.routes.length);

  for (const r of registered) {
    const methods = Object.keys(r.methods).filter((m) => m !== '_all');
    for (const m of methods) t.true(declared.has(`${m} ${r.path}`), `${m} ${r.path}`);
  }
  for (const r of web.routes) t.regex(r.access, /^(public|guest|listener|owner)$/);
});

test('without a credential only public routes answer; the rest say 401', async (t) => {
  const { world } = t.context;
  for (const r of world.web.routes) {
    const res = await callAs(world, r, {});
    const where = `${r.method} ${r.path}: ${res.text}`;
    if (r.access === 'public') t.false([401, 403].includes(res.status), where);
    else t.is(res.status, 401, where);
  }
});

test('a listener gets 403 from owner routes and is let through the others', async (t) => {
  const { world } = t.context;
  for (const r of world.web.routes) {
    const { headers } = await bearer(world, 'listener');
    const res = await callAs(world, r, headers);
    const where = `${r.method} ${r.path}: ${res.text}`;
    if (r.access === 'owner') t.is(res.status, 403, where);
    else t.false([401, 403].includes(res.status), where);
  }
});

test('an owner is let through every route', async (t) => {
  const { world } = t.context;
  for (const r of world.web.routes) {
    const { headers } = await bearer(world, 'owner');
    const res = await callAs(world, r, headers);
    t.false([401, 403].includes(res.status), `${r.method} ${r.path}: ${res.text}`);
  }
});

test('a route without an access level, or with a loose schema, stops start-up', (t) => {
  const ctx = {} as RouteContext;
  const noAccess = {
    ...route({ method: 'get', path: '/x', access: 'owner', summary: 'x', handler: () => 1 }),
  };
  delete (noAccess as Partial<AnyRoute>).access;
  t.throws(() => registerRoutes(express.Router(), ctx, [noAccess]), { message: /access/ });

  const loose = route({
    method: 'post',
    path: '/y',
    access: 'owner',
    summary: 'y',
    body: z.object({ a: z.string() }),
    handler: () => 1,
  });
  t.throws(() => registerRoutes(express.Router(), ctx, [loose]), { message: /strictObject/ });
});

test('a GET on a state-changing route is 405 and says which methods work', async (t) => {
  const { world } = t.context;
  const { headers } = await bearer(world, 'owner');
  const res = await call(world, { path: '/api/v1/player/play', headers });
  t.is(res.status, 405);
  t.is(res.code, 'METHOD_NOT_ALLOWED');
  t.is(res.headers.allow, 'POST');
});

test('an unknown API path is a JSON 404 with no stack, path or version in it', async (t) => {
  const { world } = t.context;
  const res = await call(world, { path: '/api/v1/nothing/here' });
  t.is(res.status, 404);
  t.deepEqual(Object.keys(res.json as object), ['error']);
  t.deepEqual(Object.keys((res.json as { error: object }).error).sort(), ['code', 'message']);
  t.notRegex(res.text, /at |node_modules|\/work|express|\d+\.\d+\.\d+/);
  const { headers } = await bearer(world, 'owner');
  for (const path of ['/API/v1/player', '/api/v1/Player', '/api/v1/player/']) {
    t.is((await call(world, { path, headers })).status, 404, path);
  }
});
