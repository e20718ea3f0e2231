import { gzipSync } from 'node:zlib';
import anyTest, { type TestFn } from 'ava';
import { forbiddenKey, isJsonType } from '../../../app/web/guards/body.ts';
import { bearer, call } from '../_http.ts';
import { startWorld, type World } from '../_world.ts';

const test = anyTest as TestFn<{ world: World; headers: Record<string, string> }>;

test.before(async (t) => {
  const world = await startWorld({ media: false, web: { body_limit: 2048 } });
  t.context = { world, headers: (await bearer(world, 'owner')).headers };
});
test.after.always((t) => t.context.world?.close());

function put(t: { context: { world: World; headers: Record<string, string> } }, body: string) {
  const { world, headers } = t.context;
  return call(world, {
    method: 'PUT',
    path: '/api/v1/mixer',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  });
}

test('a state change without a JSON content type is 415', async (t) => {
  const { world, headers } = t.context;
  for (const type of [
    undefined,
    'text/plain',
    'application/jsonx',
    'application/json; charset=latin1',
  ]) {
    const res = await call(world, {
      method: 'POST',
      path: '/api/v1/player/stop',
      headers: { ...headers, ...(type ? { 'content-type': type } : {}) },
      body: '{}',
    });
    t.is(res.status, 415, String(type));
    t.is(res.code, 'UNSUPPORTED_MEDIA_TYPE');
  }
});

test('malformed JSON is a 400 that names no parser internals', async (t) => {
  for (const body of ['{"volume": 3', '{volume: 3}', '"just a string"', '3']) {
    const res = await put(t, body);
    t.is(res.status, 400, body);
    t.is(res.code, 'REQUEST_INVALID');
    t.notRegex(res.text, /SyntaxError|at JSON|position/);
  }
});

test('a body over the limit is 413 and changes nothing', async (t) => {
  const before = t.context.world.core.mixer.state().volume;
  const res = await put(t, JSON.stringify({ volume: 3, pad: 'x'.repeat(4096) }));
  t.is(res.status, 413);
  t.is(res.code, 'PAYLOAD_TOO_LARGE');
  t.is(t.context.world.core.mixer.state().volume, before);
});

test('a compressed body is refused rather than inflated', async (t) => {
  const { world, headers } = t.context;
  const res = await call(world, {
    method: 'PUT',
    path: '/api/v1/mixer',
    headers: { ...headers, 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: gzipSync('{"volume": 3}').toString('latin1'),
  });
  t.is(res.status, 415);
});

test('__proto__, constructor and prototype keys never reach an object, at any depth', async (t) => {
  const bodies = [
    '{"__proto__": {"polluted": true}, "volume": 3}',
    '{"volume": 3, "constructor": {"prototype": {"polluted": true}}}',
    '{"volume": 3, "x": [{"y": {"__proto__": {"polluted": true}}}]}',
  ];
  for (const body of bodies) {
    const res = await put(t, body);
    t.is(res.status, 400, body);
    t.regex(res.text, /not allowed/);
  }
  t.is(({} as Record<string, unknown>).polluted, undefined);
  t.is(forbiddenKey(JSON.parse('[[[{"a": {"constructor": 1}}]]]')), 'constructor');
});

test('prototype keys in the query string are unknown keys and refused', async (t) => {
  const { world, headers } = t.context;
  for (const q of ['__proto__[x]=1', 'constructor=1', 'limit=5&__proto__=1']) {
    const res = await call(world, { path: `/api/v1/history?${q}`, headers });
    t.is(res.status, 400, q);
  }
});

test('unknown keys in a body are refused and the field is named', async (t) => {
  const res = await put(t, '{"volume": 3, "volumeBoost": 100}');
  t.is(res.status, 400);
  t.regex(res.text, /volumeBoost|unrecognized/i);
});

test('wrong types and out-of-range values are refused with the field named', async (t) => {
  const res = await put(t, '{"volume": 101}');
  t.is(res.status, 400);
  t.regex((res.json as { error: { message: string } }).error.message, /^body\.volume:/);
  t.is((await put(t, '{"volume": "loud"}')).status, 400);
  t.is((await put(t, '{}')).status, 400);
});

test('only application/json, optionally UTF-8, counts as JSON', (t) => {
  t.true(isJsonType('application/json'));
  t.true(isJsonType('Application/JSON; charset=UTF-8'));
  t.false(isJsonType('application/json; charset=utf-16'));
  t.false(isJsonType('text/json'));
  t.false(isJsonType(undefined));
});
