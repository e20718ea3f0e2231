import { readFile } from 'node:fs/promises';
import test from 'ava';
import { buildOpenApi } from '../../app/web/openapi.ts';
import { ROUTES } from '../../app/web/routes/index.ts';
import { bearer, call } from './_http.ts';
import { startWorld } from './_world.ts';

type Doc = { paths: Record<string, Record<string, { 'x-tonearm-access': string }>> };

test('docs/openapi.json is current (npx tsx scripts/openapi.ts)', async (t) => {
  const committed = JSON.parse(
    await readFile(new URL('../../docs/openapi.json', import.meta.url), 'utf8'),
  ) as unknown;
  t.deepEqual(committed, buildOpenApi(ROUTES));
});

test('every route is described with its access level and its request schema', (t) => {
  const doc = buildOpenApi(ROUTES) as Doc;
  for (const r of ROUTES) {
    const p = `/api/v1${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    t.is(doc.paths[p]?.[r.method]?.['x-tonearm-access'], r.access, `${r.method} ${p}`);
  }
  const mixer = doc.paths['/api/v1/mixer']!.put as unknown as {
    requestBody: { content: { 'application/json': { schema: Record<string, unknown> } } };
  };
  const schema = mixer.requestBody.content['application/json'].schema;
  t.is(schema.additionalProperties, false);
  t.like(schema.properties, { volume: { type: 'integer', minimum: 0, maximum: 100 } });
});

test('owners can fetch the description from the API', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const owner = await bearer(world, 'owner');
  const res = await call(world, { path: '/api/v1/openapi.json', headers: owner.headers });
  t.is(res.status, 200);
  t.deepEqual(res.json, buildOpenApi(ROUTES));
});
