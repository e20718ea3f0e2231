import test from 'ava';
import { readFile } from 'node:fs/promises';
import { ERROR_CODES, TonearmError } from '../app/errors.ts';

test('every error code is documented in docs/errors.md, and nothing else is', async (t) => {
  const doc = await readFile(new URL('../docs/errors.md', import.meta.url), 'utf8');
  const documented = [...doc.matchAll(/^\| ([A-Z_]+) \|/gm)].map((m) => m[1]);
  t.deepEqual([...documented].sort(), [...ERROR_CODES].sort());
});

test('an error carries its code, status and message', (t) => {
  const err = new TonearmError('URI_OUTSIDE_ROOT', 'local:track:..%2Fetc is outside the library');
  t.is(err.code, 'URI_OUTSIDE_ROOT');
  t.is(err.status, 400);
  t.true(err instanceof Error);
});
