import test from 'ava';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAudioPlayer, probeAlsaDevice } from '../../app/audio/index.ts';
import { readSamples } from '../../app/audio/pcm.ts';
import { generateTone } from '../../app/demo/media.ts';
import {
  Recorder,
  asoundConf,
  ffmpegDecode,
  fileItem,
  flacDecode,
  memoryLog,
  noiseFlac,
  silentFrom,
  tempDir,
} from './helpers.ts';

/**
 * Playback through the real ALSA output: an aplay child and alsa-lib, into alsa-lib's `file`
 * plugin, which writes what would have reached the DAC. ALSA_CONFIG_PATH points aplay (a child
 * of this test process) at a configuration written here.
 */
const DEVICES = ['flac16', 'flac24', 'mp3', 'gapless', 'change', 'gain', 'probe', 'pause'];
let alsaDir = '';

test.before(async () => {
  alsaDir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-alsa-'));
  const conf = path.join(alsaDir, 'asound.conf');
  await writeFile(conf, asoundConf(alsaDir, DEVICES));
  process.env.ALSA_CONFIG_PATH = conf;
});

test.after.always(() => rm(alsaDir, { recursive: true, force: true }));

async function playAll(device: string, files: string[], gain?: number): Promise<Recorder> {
  const { log } = memoryLog();
  const player = createAudioPlayer({ output: 'alsa', device, bufferMs: 200, log });
  const recorder = new Recorder();
  player.setListener(recorder);
  if (gain !== undefined) player.setSoftwareGain(gain);

  await player.play(fileItem(1, files[0] as string));
  if (files[1]) player.setNext(fileItem(2, files[1]));
  await recorder.waitFor('drained');
  await player.close();
  return recorder;
}

/** What reached the device: the reference, then nothing but the padding aplay adds. */
function assertPlayed(t: { true(v: boolean, m?: string): void }, out: Buffer, ref: Buffer) {
  t.true(out.length >= ref.length, `device got ${out.length} bytes, expected ${ref.length}`);
  t.true(out.subarray(0, ref.length).equals(ref), 'device bytes differ from the reference');
  t.true(silentFrom(out, ref.length), 'the tail after the audio is not silence');
}

const raw = (name: string) => readFile(path.join(alsaDir, name));

/** The aplay children of this process that are still running. */
async function aplayChildren(): Promise<number> {
  let count = 0;
  for (const pid of await readdir('/proc')) {
    const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => '');
    const match = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
    if (match?.[1] === 'aplay' && Number(match[2]) === process.pid) count += 1;
  }
  return count;
}

test('pause silences ALSA at once; resume plays on from the heard position', async (t) => {
  const dir = await tempDir(t);
  // Long enough that it is still being written when paused right after it starts: the file
  // plugin takes audio as fast as it comes, so only decoding limits the pace here.
  const file = await noiseFlac(path.join(dir, 'long.flac'), 44100, 16, 60);
  const { log } = memoryLog();
  const player = createAudioPlayer({ output: 'alsa', device: 'pause', bufferMs: 200, log });
  t.teardown(() => player.close());
  const recorder = new Recorder();
  player.setListener(recorder);

  await player.play(fileItem(1, file));
  await recorder.waitFor('started');
  player.pause();
  const heardMs = player.positionMs();
  await new Promise((r) => setTimeout(r, 200));
  t.is(await aplayChildren(), 0, 'aplay still running while paused');
  t.is(player.positionMs(), heardMs, 'the position moved while paused');

  player.resume();
  await recorder.waitFor('drained');
  t.deepEqual(
    recorder.events.map((e) => e.type),
    ['started', 'drained'],
  );

  // The device file was started again by the aplay of the resume: it must hold the track from
  // the heard position on, nothing from before it.
  const ref = await flacDecode(file);
  const out = await raw('pause-44100-16-2.raw');
  const frame = 4;
  const expected = Math.round((heardMs * 44100) / 1000);
  const probe = out.subarray(0, 4096 * frame);
  let found = -1;
  for (let f = Math.max(0, expected - 441); f <= expected + 441 && found < 0; f++) {
    if (ref.subarray(f * frame, f * frame + probe.length).equals(probe)) found = f;
  }
  t.true(found >= 0, `resumed audio not found within 10 ms of ${heardMs} ms`);
  assertPlayed(t, out, ref.subarray(found * frame));
});

test('a 16-bit FLAC reaches ALSA byte for byte', async (t) => {
  const dir = await tempDir(t);
  const file = await noiseFlac(path.join(dir, 'n16.flac'), 44100, 16);

  const recorder = await playAll('flac16', [file]);

  t.deepEqual(
    recorder.events.map((e) => e.type),
    ['started', 'drained'],
  );
  assertPlayed(t, await raw('flac16-44100-16-2.raw'), await flacDecode(file));
});

test('a 24-bit 96 kHz FLAC reaches ALSA byte for byte, in its own format', async (t) => {
  const dir = await tempDir(t);
  const file = await noiseFlac(path.join(dir, 'n24.flac'), 96000, 24);

  await playAll('flac24', [file]);

  assertPlayed(t, await raw('flac24-96000-24-2.raw'), await flacDecode(file));
});

test('an MP3 reaches ALSA within 1 LSB of ffmpeg, with the same length', async (t) => {
  const dir = await tempDir(t);
  const spec = { file: path.join(dir, 't.mp3'), format: 'mp3', seconds: 2 } as const;
  const file = await generateTone({ ...spec, frequency: 1000 });

  await playAll('mp3', [file]);

  // Gapless trimming must give exactly ffmpeg's frame count; samples may differ by rounding.
  const ref = readSamples(await ffmpegDecode(file, 's16le'), 'S16_LE');
  const out = await raw('mp3-44100-16-2.raw');
  const ours = readSamples(out.subarray(0, ref.length * 2), 'S16_LE');
  t.true(silentFrom(out, ref.length * 2));
  let worst = 0;
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - ref[i]!));
  t.true(worst <= 1, `largest difference ${worst} LSB`);
  t.true(
    ref.some((v) => Math.abs(v) > 1000),
    'the reference is not silence',
  );
});

test('two tracks of one format reach ALSA with no gap between them', async (t) => {
  const dir = await tempDir(t);
  const a = await noiseFlac(path.join(dir, 'a.flac'), 44100, 16);
  const b = await generateTone({ file: path.join(dir, 'b.flac'), format: 'flac', seconds: 1 });

  const recorder = await playAll('gapless', [a, b]);

  t.deepEqual(
    recorder.events.map((e) => `${e.type} ${e.entryId}`),
    ['started 1', 'started 2', 'drained 2'],
  );
  const ref = Buffer.concat([await flacDecode(a), await flacDecode(b)]);
  assertPlayed(t, await raw('gapless-44100-16-2.raw'), ref);
});

test('a change of format between tracks reopens the device in the new format', async (t) => {
  const dir = await tempDir(t);
  const a = await generateTone({ file: path.join(dir, 'a.flac'), format: 'flac', seconds: 1 });
  const b = await noiseFlac(path.join(dir, 'b.flac'), 96000, 24);

  const recorder = await playAll('change', [a, b]);

  t.deepEqual(
    recorder.events.map((e) => `${e.type} ${e.entryId}`),
    ['started 1', 'started 2', 'drained 2'],
  );
  assertPlayed(t, await raw('change-44100-16-2.raw'), await flacDecode(a));
  assertPlayed(t, await raw('change-96000-24-2.raw'), await flacDecode(b));
});

test('software gain scales the samples that reach ALSA', async (t) => {
  const dir = await tempDir(t);
  const file = await noiseFlac(path.join(dir, 'g.flac'), 44100, 16);

  await playAll('gain', [file], 0.25);

  const ref = readSamples(await flacDecode(file), 'S16_LE');
  const out = readSamples(await raw('gain-44100-16-2.raw'), 'S16_LE');
  let wrong = 0;
  for (let i = 0; i < ref.length; i++) if (out[i] !== Math.round(ref[i]! * 0.25)) wrong++;
  t.is(wrong, 0);
  t.true(
    ref.some((v) => Math.abs(v) > 16000),
    'the reference is loud enough to show the gain',
  );
});

test('an unknown ALSA device is a clear error event naming it, not a crash', async (t) => {
  const dir = await tempDir(t);
  const file = await generateTone({ file: path.join(dir, 'a.flac'), format: 'flac', seconds: 1 });

  const recorder = await playAll('no_such_dac', [file]);

  const failed = recorder.events.find((e) => e.type === 'failed');
  t.truthy(failed, JSON.stringify(recorder.events));
  if (failed?.type !== 'failed') return;
  t.is(failed.entryId, 1);
  t.is(failed.error.code, 'OUTPUT_OPEN_FAILED');
  t.regex(failed.error.message, /"no_such_dac"/);
  t.regex(failed.error.message, /aplay -L/);
  t.log(failed.error.message);
});

test('probing says whether a device opens, without playing anything', async (t) => {
  t.is(await probeAlsaDevice('probe'), null);

  const missing = await probeAlsaDevice('no_such_dac');

  t.is(missing?.code, 'OUTPUT_OPEN_FAILED');
  t.regex(missing?.message ?? '', /"no_such_dac"/);
});
