/**
 * createCore as app/main.ts uses it: what survives a restart, read back from real files in a
 * temp directory, with the real library, pipeline (null output) and software mixer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { EventBus } from '../../app/core/events.ts';
import type { MixerDriver, MixerLevel } from '../../app/core/ports.ts';
import { createCore } from '../../app/core/index.ts';
import { NoMixer } from '../../hardware/mixer/none.ts';
import { sharedLibrary, startCore } from './_real.ts';
import { WARN, eventually, memoryLog, tempDir } from './_support.ts';

const library = sharedLibrary(test, 4, [0.4, 0.4, 0.4, 20]);

test.serial('queue, current entry, position, modes and volume survive a restart', async (t) => {
  const dataDir = await tempDir(t);
  const first = await startCore(t, library().backend, { dataDir, startupVolume: 30 });
  const added = await first.core.queue.add(library().uris);
  first.core.queue.remove([added[0]!.id]);
  first.core.queue.move(added[3]!.id, 0);
  await first.core.player.play(added[3]!.id);
  await first.core.player.seek(5000);
  await first.core.player.pause();
  first.core.player.setModes({ repeat: true, single: 'oneshot', consume: false });
  first.core.mixer.setVolume(22);
  const before = first.core.queue.list().entries.map((e) => [e.id, e.uri]);
  const position = first.core.player.status().positionMs;
  await first.close();

  const second = await startCore(t, library().backend, { dataDir, startupVolume: 30 });
  const after = second.core.queue.list().entries;
  t.deepEqual(
    after.map((e) => [e.id, e.uri]),
    before,
    'same entries, ids and order',
  );
  t.is(after[0]?.track?.title, 'Tone 4', 'metadata is looked up again');
  const status = second.core.player.status();
  t.like(status, { state: 'stopped', modes: { repeat: true, random: false, single: 'oneshot' } });
  t.is(status.current?.id, added[3]!.id);
  t.true(Math.abs(status.positionMs - position) < 100, `${status.positionMs} vs ${position}`);
  t.is(second.core.mixer.state().volume, 22);

  const [fresh] = await second.core.queue.add([library().uris[0]!]);
  t.is(fresh?.id, 5, 'ids are not reused after a restart');

  await second.core.player.play();
  const resumed = second.calls.find((c) => c.method === 'play');
  t.is(resumed?.arg, added[3]!.id);
  t.true(second.core.player.status().positionMs >= position - 100, 'play resumes where it was');
});

test.serial(
  'the play history survives a restart; a state file from before it still loads',
  async (t) => {
    const dataDir = await tempDir(t);
    const first = await startCore(t, library().backend, { dataDir, startupVolume: 30 });
    const added = await first.core.queue.add(library().uris.slice(0, 2));
    // An entry joins the history once its audio has really started.
    await first.core.player.play(added[0]!.id);
    t.true(await eventually(() => first.core.history.list().length === 1));
    await first.core.player.play(added[1]!.id);
    t.true(await eventually(() => first.core.history.list().length === 2));
    const played = first.core.history.list();
    await first.close();

    const second = await startCore(t, library().backend, { dataDir, startupVolume: 30 });
    t.deepEqual(second.core.history.list(), played);
    t.deepEqual(
      played.map((h) => h.title),
      ['Tone 2', 'Tone 1'],
    );
    await second.close();

    // The same file as an earlier version wrote it, with no history: everything else loads.
    const file = path.join(dataDir, 'state.json');
    const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    delete saved.history;
    await writeFile(file, JSON.stringify(saved));
    const third = await startCore(t, library().backend, { dataDir, startupVolume: 30 });
    t.deepEqual(third.core.history.list(), []);
    t.is(third.core.queue.list().entries.length, 2);
  },
);

test.serial(
  'a volume saved above the start-up volume comes back at the start-up volume',
  async (t) => {
    const dataDir = await tempDir(t);
    const first = await startCore(t, library().backend, { dataDir, startupVolume: 25 });
    first.core.mixer.setVolume(90);
    await first.close();

    const second = await startCore(t, library().backend, { dataDir, startupVolume: 25 });
    t.is(second.core.mixer.state().volume, 25);
    const third = await startCore(t, library().backend, {
      dataDir,
      startupVolume: 25,
      maxVolume: 10,
    });
    t.is(third.core.mixer.state().volume, 10, 'and never above the maximum');
  },
);

test.serial('while playing, the position is saved now and then', async (t) => {
  const r = await startCore(t, library().backend, { positionSaveMs: 100 });
  const [entry] = await r.core.queue.add([library().uris[3]!]);
  await r.core.player.play(entry!.id);
  const file = path.join(r.dataDir, 'state.json');
  const saved = () => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

  t.true(await eventually(() => (saved()?.positionMs ?? 0) > 500), JSON.stringify(saved()));
  t.is(r.core.player.status().state, 'playing', 'saved without any change of state');
});

test.serial('a burst of changes lands in state.json, with no temporary files left', async (t) => {
  const r = await startCore(t, library().backend);
  await r.core.queue.add(library().uris);
  for (let v = 1; v <= 40; v++) r.core.mixer.setVolume(v);
  r.core.player.setModes({ random: true });
  const file = path.join(r.dataDir, 'state.json');
  const volumeSaved = () => existsSync(file) && readFileSync(file, 'utf8').includes('"volume":40');
  t.true(await eventually(volumeSaved));

  t.deepEqual(await readdir(r.dataDir), ['state.json']);
  const saved = JSON.parse(await readFile(path.join(r.dataDir, 'state.json'), 'utf8'));
  t.like(saved, { version: 1, volume: 40, modes: { random: true } });
  t.is(saved.queue.entries.length, 4);
});

/** A fake mixer device (the hardware edge) that still holds a loud level from before. */
class FakeLoudDevice implements MixerDriver {
  readonly name = 'fake-amp';
  level: MixerLevel = { volume: 95, mute: false };
  applied: number[] = [];
  apply(level: MixerLevel): void {
    this.applied.push(level.volume);
    this.level = { ...level };
  }
  async read(): Promise<MixerLevel> {
    return this.level;
  }
  setFaultListener(): void {}
  async close(): Promise<void> {}
}

test.serial(
  'start-up pushes the safe volume to the device instead of adopting its level',
  async (t) => {
    const device = new FakeLoudDevice();
    const r = await startCore(t, library().backend, {
      mixer: device,
      startupVolume: 30,
      maxVolume: 80,
    });
    t.is(r.core.mixer.state().volume, 30);
    t.deepEqual(device.applied, [30]);

    device.level = { volume: 95, mute: false }; // someone turned the amplifier's own control
    await r.core.syncMixer();
    t.is(r.core.mixer.state().volume, 80, 'adopted, but only up to the maximum');
    t.deepEqual(device.applied, [30, 80], 'and the device is corrected');
  },
);

for (const [what, content] of [
  ['a torn state file', '{"version":1,"queue":{"nextId":3,"entries":[{"id":1,"uri":"local:tr'],
  ['a garbage state file', 'PK\u0003\u0004\u0000\u0000 definitely not JSON'],
  ['a schema-invalid state file', '{"version":1,"queue":{"nextId":0,"entries":"all of them"}}'],
] as const) {
  test.serial(`${what} is reported and ignored, and Core starts empty`, async (t) => {
    const dataDir = await tempDir(t);
    await writeFile(path.join(dataDir, 'state.json'), content);

    const r = await startCore(t, library().backend, { dataDir, startupVolume: 30 });
    t.is(r.core.queue.list().entries.length, 0);
    t.is(r.core.mixer.state().volume, 30);
    const warning = r.logs().find((l) => l.level === WARN && l.module === 'state');
    t.is(warning?.file, path.join(dataDir, 'state.json'));

    const files = await readdir(dataDir);
    const aside = files.find((f) => f.startsWith('state.json.corrupt-'));
    t.truthy(aside, files.join());
    t.is(await readFile(path.join(dataDir, aside!), 'utf8'), content, 'kept for inspection');

    await r.core.queue.add([library().uris[0]!]);
    await r.close();
    const saved = JSON.parse(await readFile(path.join(dataDir, 'state.json'), 'utf8'));
    t.is(saved.queue.entries.length, 1, 'a good state file is written again');
  });
}

test.serial('a saved entry whose file has gone is kept, without metadata', async (t) => {
  const dataDir = await tempDir(t);
  const state = {
    version: 1,
    queue: {
      nextId: 9,
      entries: [
        { id: 7, uri: library().uris[0] },
        { id: 8, uri: 'local:track:gone-since.flac' },
      ],
    },
    current: 8,
    positionMs: 0,
    modes: { repeat: false, random: false, single: false, consume: false },
    volume: 10,
  };
  await writeFile(path.join(dataDir, 'state.json'), JSON.stringify(state));
  const r = await startCore(t, library().backend, { dataDir });
  const entries = r.core.queue.list().entries;
  t.deepEqual(
    entries.map((e) => e.id),
    [7, 8],
  );
  t.is(entries[1]?.track, null);
  t.is(r.core.player.status().current?.id, 8);
});

test.serial('a Core closed before it restored never overwrites the state file', async (t) => {
  const dataDir = await tempDir(t);
  const first = await startCore(t, library().backend, { dataDir });
  await first.core.queue.add(library().uris);
  await first.close();
  const saved = await readFile(path.join(dataDir, 'state.json'), 'utf8');

  // As if start-up failed between building Core and restoring it.
  const second = createCore({
    bus: new EventBus(),
    audio: first.audio,
    mixer: new NoMixer(),
    backend: library().backend,
    dataDir,
    maxVolume: 100,
    startupVolume: 30,
    log: memoryLog().log,
  });
  await second.close();
  t.is(await readFile(path.join(dataDir, 'state.json'), 'utf8'), saved);
});
