import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StreamBackend } from '../../app/backends/stream.ts';
import { Egress } from '../../app/net/egress.ts';
import { StationStore } from '../../app/radio/stations.ts';
import { stationUri, urlUri } from '../../app/radio/uri.ts';
import { memoryLogger } from '../net/loopback.ts';

async function setup(t: { teardown(fn: () => Promise<void>): void }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-sb-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const { log } = memoryLogger();
  const egress = new Egress({ log });
  const stations = new StationStore(dir, egress, log);
  await stations.load();
  return { stations, backend: new StreamBackend(stations, egress) };
}

test('a station URI looks up as a track named after it and resolves to its URL', async (t) => {
  const { stations, backend } = await setup(t);
  const s = await stations.add({ name: 'Test FM', url: 'https://test.example/live' });
  const uri = stationUri(s.id);

  t.is((await backend.lookup(uri))?.title, 'Test FM');
  t.deepEqual(await backend.resolve(uri), {
    kind: 'stream',
    uri,
    url: 'https://test.example/live',
  });
});

test('a URL stream resolves only when the guard accepts it', async (t) => {
  const { backend } = await setup(t);
  const good = urlUri('http://radio.example.com:8000/x.mp3');
  t.is((await backend.lookup(good))?.title, 'radio.example.com:8000');
  t.is((await backend.resolve(good)).kind, 'stream');

  for (const bad of [urlUri('file:///etc/passwd'), urlUri('http://169.254.169.254/')]) {
    t.is(await backend.lookup(bad), null);
    await t.throwsAsync(backend.resolve(bad));
  }
});

test('unknown stations and malformed stream URIs are refused', async (t) => {
  const { backend } = await setup(t);
  t.is(await backend.lookup('stream:station:nope'), null);
  await t.throwsAsync(backend.resolve('stream:station:nope'), {
    code: 'STATION_NOT_FOUND',
  } as never);
  await t.throwsAsync(backend.resolve('stream:station:../x'), { code: 'URI_INVALID' } as never);
  await t.throwsAsync(backend.resolve('stream:url:%E0%A4%A'), { code: 'URI_INVALID' } as never);
});
