/**
 * What the player does when the pipeline or the queue reports something (playback-events.ts):
 * the pipeline moving on by itself, failures of an entry or of the output, and the queue
 * changing under the playing entry. On the real pipeline, null output clocked 4x, and a WAV
 * file output where the test reads what reached it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { makeLibrary, sharedLibrary, startCore, type RunningCore } from './_real.ts';
import { eventually, tempDir } from './_support.ts';

const library = sharedLibrary(test, 5, [0.4, 0.4, 0.4, 0.4, 20]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withQueue(t: Parameters<typeof startCore>[0], count = 3) {
  const running = await startCore(t, library().backend);
  const entries = await running.core.queue.add(library().uris.slice(0, count));
  return { ...running, ids: entries.map((e) => e.id) };
}

const stopped = (r: RunningCore, from = 0) =>
  r.events.waitFor('player.state', (s) => s.state === 'stopped', from);
const playedUris = (r: RunningCore) => r.events.of('history.added').map((h) => h.uri);

test.serial('entries added while the last one plays are handed over to follow it', async (t) => {
  const r = await withQueue(t, 5);
  await r.core.player.play(r.ids[4]);
  const [added] = await r.core.queue.add([library().uris[0]!]);
  const lastHanded = () => r.calls.filter((c) => c.method === 'setNext').at(-1)?.arg;
  t.true(await eventually(() => lastHanded() === added?.id), `last handed: ${lastHanded()}`);
});

test.serial('clearing the queue while playing stops with no current entry', async (t) => {
  const r = await withQueue(t, 5);
  await r.core.player.play(r.ids[4]);
  r.core.queue.clear();
  await stopped(r);
  t.like(r.core.player.status(), { state: 'stopped', current: null });
  t.is(r.calls.at(-1)?.method, 'stop');
});

test.serial('removing the playing entry moves on to the one after it', async (t) => {
  const r = await withQueue(t, 5);
  await r.core.player.play(r.ids[4]);
  r.core.queue.move(r.ids[4] as number, 0);
  r.core.queue.remove([r.ids[4] as number]);
  await r.events.waitFor('player.state', (s) => s.current?.id === r.ids[0]);
  t.is(r.core.player.status().state, 'playing');
});

test.serial('an entry that cannot be decoded is reported and skipped', async (t) => {
  const broken = await makeLibrary(3, 0.4);
  t.teardown(broken.close);
  await writeFile(path.join(broken.media, 'tone-02.flac'), 'not a flac file at all');
  const r = await startCore(t, broken.backend);
  await r.core.queue.add(broken.uris);

  await r.core.player.play();
  await stopped(r);

  t.deepEqual(playedUris(r), [broken.uris[0], broken.uris[2]]);
  const errors = r.events.of('audio.error');
  t.is(errors.length, 1);
  t.is(errors[0]?.uri, broken.uris[1]);
});

test.serial(
  'a run of failing entries stops playback instead of spinning through the queue',
  async (t) => {
    const broken = await makeLibrary(3, 0.4);
    t.teardown(broken.close);
    for (const name of ['tone-01.flac', 'tone-02.flac', 'tone-03.flac']) {
      await writeFile(path.join(broken.media, name), 'garbage');
    }
    const r = await startCore(t, broken.backend);
    await r.core.queue.add(broken.uris);
    r.core.player.setModes({ repeat: true });

    await r.core.player.play();
    await stopped(r);
    await sleep(300);

    t.is(r.events.of('audio.error').length, 3, 'each entry tried once, then stop');
    t.is(r.core.player.status().state, 'stopped');
    t.is(playedUris(r).length, 0);
  },
);

test.serial(
  'an output that cannot open stops playback instead of skipping through the queue',
  async (t) => {
    const dir = await tempDir(t);
    const wavFile = path.join(dir, 'missing-dir', 'out.wav');
    const r = await startCore(t, library().backend, { wavFile });
    await r.core.queue.add(library().uris.slice(0, 3));

    await r.core.player.play();
    await stopped(r);
    await sleep(300);

    const errors = r.events.of('audio.error');
    t.is(errors.length, 1, 'reported once, not once per entry');
    t.is(errors[0]?.code, 'OUTPUT_OPEN_FAILED');
    t.regex(errors[0]?.message ?? '', /missing-dir/);
    t.is(r.core.player.status().current?.id, 1, 'the entry stays current for a later retry');
    t.is(r.calls.filter((c) => c.method === 'play').length, 1);
  },
);

test.serial('entries played through Core reach the output back to back, with no gap', async (t) => {
  const dir = await tempDir(t);
  const wavFile = path.join(dir, 'out.wav');
  const r = await startCore(t, library().backend, { wavFile });
  await r.core.queue.add(library().uris.slice(0, 3));

  await r.core.player.play();
  await stopped(r);
  await r.close();

  // Three 0.4 s tracks at 44.1 kHz, 16-bit stereo: exactly their frames, nothing added.
  const wav = await readFile(wavFile);
  const dataBytes = wav.readUInt32LE(40);
  t.is(dataBytes, 3 * 17_640 * 4);
  t.is(r.calls.filter((c) => c.method === 'play').length, 1, 'one play; the rest followed');
});
