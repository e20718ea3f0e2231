import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { TonearmError } from '../../errors.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** True for `application/json`, optionally with `charset=utf-8`, and nothing else. */
export function isJsonType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => p === '' || p === 'charset=utf-8');
}

/**
 * The first key anywhere in a parsed JSON value that could reach a prototype if the value were
 * ever merged into an object. JSON.parse itself makes them plain own properties; refusing them
 * outright means no later spread or assign can be tricked. Iterative: depth cannot overflow.
 */
export function forbiddenKey(value: unknown): string | null {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) return key;
      stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return null;
}

/**
 * JSON bodies for /api: a state change must say it is JSON (415 otherwise; this also stops
 * HTML forms and no-cors fetches, which cannot send that type), the body is size-limited, and
 * a key that could reach an object's prototype refuses the whole body. Compressed bodies
 * are refused (415) rather than inflated.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (STATE_CHANGING.has(req.method) && !isJsonType(req.headers['content-type'])) {
      next(new TonearmError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json'));
      return;
    }
    next();
  };
  const parse = express.json({
    limit: limitBytes,
    strict: true,
    inflate: false,
    type: (req) => STATE_CHANGING.has(req.method ?? ''),
  });
  const refuseProtoKeys: RequestHandler = (req, _res, next) => {
    const bad = forbiddenKey(req.body);
    if (bad) next(new TonearmError('REQUEST_INVALID', `body: the key "${bad}" is not allowed`));
    else next();
  };
  return [requireJson, parse, refuseProtoKeys];
}

/** What body-parser's own errors mean in our codes. */
export const bodyErrors: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
  if (err instanceof TonearmError) return next(err);
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.too.large') {
    return next(new TonearmError('PAYLOAD_TOO_LARGE', 'the request body is too large'));
  }
  if (type === 'entity.parse.failed') {
    return next(new TonearmError('REQUEST_INVALID', 'body: not valid JSON'));
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return next(new TonearmError('UNSUPPORTED_MEDIA_TYPE', 'send the body as UTF-8 JSON'));
  }
  if (type !== undefined) {
    return next(new TonearmError('REQUEST_INVALID', 'the request body could not be read'));
  }
  next(err);
};
