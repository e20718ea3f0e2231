import test from 'ava';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Egress } from '../../app/net/egress.ts';
import { DEFAULT_STATIONS } from '../../app/radio/defaults.ts';
import { StationStore } from '../../app/radio/stations.ts';
import { memoryLogger } from '../net/loopback.ts';

async function makeStore(t: { teardown(fn: () => Promise<void>): void }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-st-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const { log } = memoryLogger();
  const egress = new Egress({ log, allowHosts: ['nas.local:8000'] });
  const store = new StationStore(dir, egress, log);
  await store.load();
  return { dir, store, egress, log };
}

test('a new box starts with the default stations, stored with stable ids', async (t) => {
  const { dir, store, egress, log } = await makeStore(t);
  t.deepEqual(
    store.list().map((s) => s.name),
    DEFAULT_STATIONS.map((s) => s.name),
  );

  const again = new StationStore(dir, egress, log);
  await again.load();
  t.deepEqual(again.list(), store.list());
});

test('stations are added, renamed, favourited, reordered and removed', async (t) => {
  const { store } = await makeStore(t);
  const added = await store.add({ name: ' Jazz\r\nFM ', url: 'https://jazz.example.org/live.mp3' });
  t.is(added.name, 'Jazz FM');

  await store.update(added.id, { favourite: true, position: 0, name: 'Jazz' });
  t.is(store.list()[0]!.id, added.id);
  t.true(store.list()[0]!.favourite);

  await store.remove(added.id);
  t.false(store.list().some((s) => s.id === added.id));
  await t.throwsAsync(store.remove(added.id), { code: 'STATION_NOT_FOUND' } as never);
});

test('refused URLs get a code that says why, and nothing is stored', async (t) => {
  const { store } = await makeStore(t);
  const before = store.list().length;
  const cases: [string, string][] = [
    ['file:///etc/passwd', 'EGRESS_SCHEME_REFUSED'],
    ['http://127.0.0.1:8000/', 'EGRESS_ADDRESS_REFUSED'],
    ['http://0x7f000001/', 'EGRESS_ADDRESS_REFUSED'],
    ['http://[::ffff:192.168.1.1]/', 'EGRESS_ADDRESS_REFUSED'],
    ['not a url', 'URI_INVALID'],
  ];
  for (const [url, code] of cases) {
    await t.throwsAsync(store.add({ name: 'x', url }), { code } as never, url);
  }
  t.is(store.list().length, before);
});

test('a host name is accepted while offline; an allow-listed LAN host too', async (t) => {
  const { store } = await makeStore(t);
  await t.notThrowsAsync(store.add({ name: 'Far', url: 'http://radio.invalid/live' }));
  await t.notThrowsAsync(store.add({ name: 'NAS', url: 'http://nas.local:8000/live' }));
});

test('a corrupt station file is set aside and the defaults are used', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-st-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'radio'));
  await writeFile(path.join(dir, 'radio', 'stations.json'), '{"version":1,"stations":[{"id":');
  const { log, lines } = memoryLogger();
  const store = new StationStore(dir, new Egress({ log }), log);
  await store.load();

  t.is(store.list().length, DEFAULT_STATIONS.length);
  t.true((await readdir(path.join(dir, 'radio'))).some((f) => f.includes('.corrupt-')));
  t.regex(lines(), /STATE_CORRUPT/);
  await store.add({ name: 'x', url: 'https://x.example/' });
});
