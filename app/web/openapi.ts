import { z } from 'zod';
import type { AnyRoute } from './routes/route.ts';

type Json = Record<string, unknown>;

function schemaOf(schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, { io: 'input' }) as Json;
  delete json.$schema;
  return json;
}

function parametersOf(r: AnyRoute): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [
    ['path', r.params],
    ['query', r.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema) as { properties?: Json; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      const required = where === 'path' || (json.required ?? []).includes(name);
      out.push({ name, in: where, required, schema: prop });
    }
  }
  return out;
}

function operationOf(r: AnyRoute): Json {
  const success = String(r.status ?? 200);
  const op: Json = {
    summary: r.summary,
    'x-tonearm-access': r.access,
    security: r.access === 'public' ? [] : [{ bearer: [] }, { deviceCookie: [] }],
    responses: {
      [success]: { description: 'success' },
      default: {
        description: 'an error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
  };
  const parameters = parametersOf(r);
  if (parameters.length > 0) op.parameters = parameters;
  if (r.body) {
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: schemaOf(r.body) } },
    };
  }
  return op;
}

/**
 * The OpenAPI description of /api/v1, generated from the routes' own zod schemas so it cannot
 * drift from what the server checks. scripts/openapi.ts writes it to docs/openapi.json.
 */
export function buildOpenApi(routes: readonly AnyRoute[]): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const p = `/api/v1${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    paths[p] = { ...paths[p], [r.method]: operationOf(r) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tonearm API',
      version: '1',
      description: 'JSON only. Errors are {"error": {"code", "message"}}; docs/errors.md.',
    },
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        deviceCookie: { type: 'apiKey', in: 'cookie', name: 'tonearm_device' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    },
  };
}
