/**
 * Write docs/openapi.json from the routes' zod schemas. Run after changing a route:
 *   npx tsx scripts/openapi.ts
 * test/web/openapi.test.ts fails while the committed file is stale.
 */
import { writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import { buildOpenApi } from '../app/web/openapi.ts';
import { ROUTES } from '../app/web/routes/index.ts';

const target = new URL('../docs/openapi.json', import.meta.url);
const options = (await resolveConfig(target.pathname)) ?? {};
const text = await format(JSON.stringify(buildOpenApi(ROUTES)), { ...options, parser: 'json' });
await writeFile(target, text);
console.log(`wrote ${target.pathname}`);
