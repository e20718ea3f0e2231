import test, { type ExecutionContext } from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAudioPlayer } from '../../app/audio/index.ts';
import { BackendRegistry } from '../../app/backends/registry.ts';
import { StreamBackend } from '../../app/backends/stream.ts';
import { EventBus, type TonearmEvents } from '../../app/core/events.ts';
import { createCore } from '../../app/core/index.ts';
import { Egress } from '../../app/net/egress.ts';
import { createStreamOpener } from '../../app/radio/opener.ts';
import { StationStore } from '../../app/radio/stations.ts';
import { stationUri } from '../../app/radio/uri.ts';
import { NoMixer } from '../../hardware/mixer/none.ts';
import { memoryLogger } from '../net/loopback.ts';
import { Icecast } from './icecast.ts';

// These tests share one machine with real-time audio: run them one at a time.
const serial = test.serial;

async function waitFor(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function rig(t: ExecutionContext, ice: Icecast) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-radio-'));
  const { log, lines } = memoryLogger();
  const egress = new Egress({ log, allowHosts: [`127.0.0.1:${ice.port}`] });
  const stations = new StationStore(dataDir, egress, log);
  await stations.load();
  const retry = { initialMs: 200, maxMs: 1000, maxFailures: 10 };
  const audio = createAudioPlayer({
    output: 'null',
    device: 'null',
    bufferMs: 200,
    log,
    openStream: createStreamOpener({ egress, log, retry }),
  });
  const bus = new EventBus();
  const events: { [K in keyof TonearmEvents]?: TonearmEvents[K][] } = {};
  for (const name of ['stream.title', 'audio.error', 'player.state'] as const) {
    bus.on('test', name, (p) => void (events[name] ??= [] as never[]).push(p as never));
  }
  const core = createCore({
    bus,
    audio,
    mixer: new NoMixer(),
    backend: new BackendRegistry([new StreamBackend(stations, egress)]),
    dataDir,
    maxVolume: 100,
    startupVolume: 30,
    log,
  });
  await core.restore();
  t.teardown(async () => {
    await core.player.stop();
    await core.close();
    await audio.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const titles = () => (events['stream.title'] ?? []).map((e) => e.title);
  const errors = () => events['audio.error'] ?? [];
  return { core, stations, titles, errors, lines };
}

serial(
  'a station plays, its ICY title reaches the bus, and a server restart is survived',
  async (t) => {
    const ice = await Icecast.create();
    t.teardown(() => ice.close());
    await ice.start();
    await ice.feed('/live.mp3');
    const { core, stations, titles, errors, lines } = await rig(t, ice);

    const station = await stations.add({ name: 'Loopback FM', url: ice.url('/live.mp3') });
    await core.queue.add([stationUri(station.id)]);
    await core.player.play();
    await ice.setTitle('/live.mp3', 'First Song');
    await waitFor('the first title', () => titles().includes('First Song'));
    t.is(core.player.status().state, 'playing');
    t.is(core.player.status().current?.track?.title, 'Loopback FM');
    t.is(core.player.status().streamTitle, 'First Song');

    // Icecast goes away with its source, comes back, and the station carries on.
    await ice.stop();
    await sleep(700);
    await ice.start();
    await ice.feed('/live.mp3');
    await ice.setTitle('/live.mp3', 'After Restart');
    await waitFor('the title after the restart', () => titles().includes('After Restart'));
    t.is(core.player.status().state, 'playing');
    t.is(core.player.status().streamTitle, 'After Restart');
    t.deepEqual(errors(), []);
    t.regex(lines(), /stream dropped; reconnecting/);

    // Audio keeps flowing (a loaded CI machine may be slower than real time, hence a wait).
    const before = core.player.status().positionMs;
    await waitFor('more audio', () => core.player.status().positionMs > before + 500);
    t.pass();
  },
);

serial('a station whose mount does not exist is reported dead', async (t) => {
  const ice = await Icecast.create();
  t.teardown(() => ice.close());
  await ice.start();
  const { core, stations, errors } = await rig(t, ice);

  const station = await stations.add({ name: 'Gone FM', url: ice.url('/missing.mp3') });
  await core.queue.add([stationUri(station.id)]);
  await core.player.play();
  await waitFor('the error event', () => errors().length > 0);
  t.is(errors()[0]!.code, 'STREAM_DEAD');
  t.is(errors()[0]!.uri, stationUri(station.id));
  await waitFor('the player to stop', () => core.player.status().state === 'stopped');
});

serial('an AAC station plays through ffmpeg reading from a pipe', async (t) => {
  const ice = await Icecast.create();
  t.teardown(() => ice.close());
  await ice.start();
  await ice.feed('/aac', { codec: 'aac' });
  const { core, stations, errors, lines } = await rig(t, ice);

  const station = await stations.add({ name: 'AAC FM', url: ice.url('/aac') });
  await core.queue.add([stationUri(station.id)]);
  await core.player.play();
  await waitFor('a second of audio', () => core.player.status().positionMs > 1000);
  t.deepEqual(errors(), []);
  t.regex(lines(), /"codec":"wav"/);
});

serial('an Ogg Vorbis station plays and survives a server restart', async (t) => {
  const ice = await Icecast.create();
  t.teardown(() => ice.close());
  await ice.start();
  await ice.feed('/live.ogg', { codec: 'vorbis' });
  const { core, stations, errors, lines } = await rig(t, ice);

  const station = await stations.add({ name: 'Ogg FM', url: ice.url('/live.ogg') });
  await core.queue.add([stationUri(station.id)]);
  await core.player.play();
  await waitFor('a second of audio', () => core.player.status().positionMs > 1000);
  t.regex(lines(), /"codec":"vorbis"/);

  await ice.stop();
  await sleep(500);
  await ice.start();
  await ice.feed('/live.ogg', { codec: 'vorbis' });
  const before = core.player.status().positionMs;
  await waitFor('audio after the restart', () => core.player.status().positionMs > before + 1500);
  t.deepEqual(errors(), []);
});
