import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { validateConfig } from '../app/config/load.ts';
import { generateDemoLibrary } from '../app/demo/library.ts';
import { createLogger } from '../app/log.ts';
import { startTonearm } from '../app/main.ts';
import { TokenStore } from '../app/web/index.ts';

let root = '';
let music = '';

test.before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tonearm-main-'));
  music = path.join(root, 'music');
  await generateDemoLibrary(music, { seconds: 1 });
});

test.after.always(async () => {
  await rm(root, { recursive: true, force: true });
});

function configFor(dataDir: string) {
  return validateConfig({
    library: { media_dir: music },
    storage: { data_dir: dataDir },
    audio: { output: 'null' },
    mixer: { type: 'software', startup_volume: 40 },
    web: { listen: '127.0.0.1:0' },
    input: { devices: [] },
  });
}

async function api(base: string, token: string, method: string, route: string, body?: unknown) {
  const res = await fetch(`${base}/api/v1${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('the service plays a searched track over the API and restores it on restart', async (t) => {
  const dataDir = path.join(root, 'data-restart');
  const log = createLogger({ level: 'silent' });
  const store = await TokenStore.open(dataDir);
  const { token } = await store.create({ kind: 'script', role: 'owner', name: 'test' });
  await store.close();

  let tonearm = await startTonearm(configFor(dataDir), { log, audioSpeed: 20 });
  await tonearm.initialScan;
  let base = `http://127.0.0.1:${tonearm.address.port}`;

  const found = await api(base, token, 'GET', '/library/search?q=creme%20brulee');
  t.is(found.status, 200);
  const tracks = found.body.tracks as { uri: string; title: string }[];
  t.is(tracks.length, 1);
  t.is(tracks[0]?.title, 'Crème Brûlée');
  const uri = tracks[0]?.uri ?? '';

  t.is((await api(base, token, 'POST', '/queue', { uris: [uri] })).status, 201);
  t.is((await api(base, token, 'PUT', '/mixer', { volume: 35 })).status, 200);
  t.is((await api(base, token, 'POST', '/player/play', {})).status, 200);
  const playing = await api(base, token, 'GET', '/player');
  t.is(playing.body.state, 'playing');
  t.is((playing.body.current as { uri: string }).uri, uri);
  await tonearm.stop();

  tonearm = await startTonearm(configFor(dataDir), { log, audioSpeed: 20, scanOnStart: false });
  base = `http://127.0.0.1:${tonearm.address.port}`;
  const after = await api(base, token, 'GET', '/player');
  t.is((after.body.mixer as { volume: number }).volume, 35);
  const queue = await api(base, token, 'GET', '/queue');
  const entries = queue.body.entries as { uri: string }[];
  t.deepEqual(
    entries.map((e) => e.uri),
    [uri],
  );
  await tonearm.stop();
});

test('a request without a credential is refused and nothing plays', async (t) => {
  const dataDir = path.join(root, 'data-anon');
  const tonearm = await startTonearm(configFor(dataDir), {
    log: createLogger({ level: 'silent' }),
    scanOnStart: false,
  });
  const base = `http://127.0.0.1:${tonearm.address.port}`;
  const res = await fetch(`${base}/api/v1/player/play`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  t.is(res.status, 401);
  t.is(tonearm.core.player.status().state, 'stopped');
  await tonearm.stop();
});
