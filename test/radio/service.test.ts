import test from 'ava';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { validateConfig } from '../../app/config/load.ts';
import { createLogger } from '../../app/log.ts';
import { startTonearm } from '../../app/main.ts';
import { TokenStore } from '../../app/web/index.ts';
import { Icecast } from './icecast.ts';

// The whole service, as `tonearm serve` runs it, against a real Icecast on loopback.
test('a station added and played through the API sends its title over the WebSocket', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tonearm-radio-svc-'));
  const ice = await Icecast.create();
  t.teardown(async () => {
    await ice.close();
    await rm(root, { recursive: true, force: true });
  });
  await ice.start();
  await ice.feed('/live.mp3');

  const dataDir = path.join(root, 'data');
  await mkdir(path.join(root, 'music'));
  const store = await TokenStore.open(dataDir);
  const { token } = await store.create({ kind: 'script', role: 'owner', name: 'test' });
  await store.close();
  const config = validateConfig({
    library: { media_dir: path.join(root, 'music') },
    storage: { data_dir: dataDir },
    audio: { output: 'null' },
    web: { listen: '127.0.0.1:0' },
    input: { devices: [] },
    egress: { allow_hosts: [`127.0.0.1:${ice.port}`] },
  });
  const tonearm = await startTonearm(config, { log: createLogger({ level: 'silent' }) });
  t.teardown(() => tonearm.stop());
  const base = `http://127.0.0.1:${tonearm.address.port}`;
  const api = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const ws = new WebSocket(`ws://127.0.0.1:${tonearm.address.port}/api/v1/events`, {
    headers: { authorization: `Bearer ${token}`, origin: base },
  });
  const titles: string[] = [];
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as { event: string; data: { title?: string } };
    if (msg.event === 'stream.title' && msg.data.title) titles.push(msg.data.title);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  t.teardown(() => ws.terminate());

  const refused = await api('POST', '/radio/stations', { name: 'x', url: `http://127.0.0.1:1/` });
  t.is(
    refused.body.error && (refused.body.error as { code: string }).code,
    'EGRESS_ADDRESS_REFUSED',
  );
  const added = await api('POST', '/radio/stations', {
    name: 'Loopback',
    url: ice.url('/live.mp3'),
  });
  t.is(added.status, 201);
  const browsed = await api('GET', '/library/browse?uri=stream%3Astations');
  t.true(JSON.stringify(browsed.body).includes(String(added.body.uri)), 'stations are browsable');
  t.is((await api('POST', '/queue', { uris: [added.body.uri] })).status, 201);
  t.is((await api('POST', '/player/play', {})).status, 200);

  await ice.setTitle('/live.mp3', 'Over The Socket');
  for (let i = 0; i < 600 && !titles.includes('Over The Socket'); i++) await sleep(50);
  t.true(titles.includes('Over The Socket'));
  t.is((await api('GET', '/player')).body.state, 'playing');
});
