import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { call } from './_http.ts';
import { startWorld } from './_world.ts';

test('UI files are served with the same headers, nothing outside their folder', async (t) => {
  const ui = await mkdtemp(path.join(os.tmpdir(), 'tonearm-ui-'));
  t.teardown(() => rm(ui, { recursive: true, force: true }));
  await mkdir(path.join(ui, 'css'), { recursive: true });
  await writeFile(path.join(ui, 'index.html'), '<!doctype html><title>Tonearm</title>');
  await writeFile(path.join(ui, 'css', 'app.css'), 'body { color: black }');
  await writeFile(path.join(ui, '.secret'), 'hidden');

  const world = await startWorld({ media: false, uiDir: ui });
  t.teardown(() => world.close());

  const page = await call(world, { path: '/' });
  t.is(page.status, 200);
  t.regex(String(page.headers['content-type']), /^text\/html/);
  t.regex(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
  t.is(page.headers['x-frame-options'], 'DENY');
  t.is((await call(world, { path: '/css/app.css' })).status, 200);

  for (const p of ['/.secret', '/../package.json', '/%2e%2e/package.json', '/css/../../x']) {
    const res = await call(world, { path: p });
    t.true([403, 404].includes(res.status), `${p}: ${res.status}`);
    t.false(res.text.includes('hidden'));
  }
  t.is((await call(world, { method: 'POST', path: '/', body: {} })).status, 405);
  t.is((await call(world, { path: '/', headers: { host: 'evil.example' } })).status, 421);
});
