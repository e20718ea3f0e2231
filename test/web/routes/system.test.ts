import test from 'ava';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { FACTORY_RESET_MARKER, requestFactoryReset } from '../../../app/system/factory-reset.ts';
import { FACTORY_RESET_PHRASE } from '../../../app/web/routes/system.ts';
import { call, pair } from '../_http.ts';
import { startWorld, type World } from '../_world.ts';

async function world() {
  return startWorld({
    media: false,
    services: async ({ dataDir }) => ({
      system: { factoryReset: (by) => requestFactoryReset(dataDir, { by }) },
    }),
  });
}

const marker = (dataDir: string) => path.join(dataDir, FACTORY_RESET_MARKER);
const askReset = (w: World, headers: Record<string, string>, body: object) =>
  call(w, { method: 'POST', path: '/api/v1/system/factory-reset', headers, body });
const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

test('an owner who types the phrase leaves the reset marker for the next start', async (t) => {
  const w = await world();
  t.teardown(() => w.close());
  const owner = await pair(w, 'owner phone');

  const res = await askReset(w, owner.headers, { confirm: FACTORY_RESET_PHRASE });
  t.is(res.status, 202);
  const written = JSON.parse(await readFile(marker(w.dataDir), 'utf8')) as { by: string };
  t.is(written.by, 'owner phone');
  t.is((await stat(marker(w.dataDir))).mode & 0o777, 0o600);
  t.true(
    w
      .logs()
      .some((l) => l.msg === 'factory reset requested; the box wipes its data on the next start'),
  );
});

test('a listener, or an owner without the exact phrase, resets nothing', async (t) => {
  const w = await world();
  t.teardown(() => w.close());
  const owner = await pair(w, 'owner phone');
  const listener = await pair(w, 'kitchen tablet');

  const asListener = await askReset(w, listener.headers, { confirm: FACTORY_RESET_PHRASE });
  t.is(asListener.status, 403);

  for (const body of [{}, { confirm: 'yes' }, { confirm: FACTORY_RESET_PHRASE.toUpperCase() }]) {
    const res = await askReset(w, owner.headers, body);
    t.is(res.status, 400);
    t.regex(res.text, /confirm/);
  }
  t.false(await exists(marker(w.dataDir)));
});
