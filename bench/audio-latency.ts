/**
 * Audio benchmark: decode speed per format (x realtime, on one thread, without the worker),
 * time from play() to the first PCM handed to the output (null, and ALSA into alsa-lib's file
 * plugin), and the process's RSS while playing.
 *
 *   node --import tsx bench/audio-latency.ts [--seconds 30] [--plays 10]
 *
 * Runs under tsx: a cold first play includes starting the decode worker through tsx's loader,
 * which the built service does not pay. `playToFirstPcm` is exported for bench/ drivers that
 * compare Tonearm with MPD and Mopidy.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAudioPlayer, type TonearmAudioPlayer } from '../app/audio/index.ts';
import { decodeFile } from '../app/audio/decode/decode.ts';
import { bytesPerFrame } from '../app/audio/format.ts';
import type { AudioItem } from '../app/core/ports.ts';
import { generateTone, type ToneSpec } from '../app/demo/media.ts';
import { createLogger } from '../app/log.ts';
import { ms, percentile, rssMiB } from './stats.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg('--seconds', 30);
const plays = arg('--plays', 10);
const log = createLogger({ level: 'warn' });

/** Milliseconds from play() until the player reports the first block handed to the output. */
export async function playToFirstPcm(player: TonearmAudioPlayer, item: AudioItem) {
  const start = performance.now();
  const started = new Promise<number>((resolve, reject) =>
    player.setListener({
      started: () => resolve(performance.now() - start),
      drained: () => {},
      failed: (_id, err) => reject(err),
    }),
  );
  await player.play(item);
  const elapsed = await started;
  await player.stop();
  return elapsed;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${code}`))));
  });
}

/** Pink noise FLAC: closer to music's compression ratio, and decode cost, than a sine. */
async function pinkFlac(file: string, rate: number, bits: 16 | 24, length = seconds) {
  const src = `anoisesrc=color=pink:amplitude=0.3:sample_rate=${rate}:duration=${length}`;
  const fmt = bits === 24 ? 's32' : 's16';
  await run(
    'ffmpeg',
    ['-loglevel', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', src].concat([
      '-ac',
      '2',
      '-c:a',
      'flac',
      '-sample_fmt',
      fmt,
      file,
    ]),
  );
  return file;
}

async function decodeSpeed(file: string): Promise<number> {
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    let frames = 0;
    let rate = 1;
    const start = performance.now();
    const options = { startMs: 0, signal: new AbortController().signal };
    for await (const block of decodeFile(file, options)) {
      frames += block.pcm.length / bytesPerFrame(block.format);
      rate = block.format.rate;
    }
    runs.push(frames / rate / ((performance.now() - start) / 1000));
  }
  return percentile(runs, 50);
}

const item = (file: string, id = 1): AudioItem => ({
  entryId: id,
  source: { kind: 'file', uri: `local:track:${id}`, path: file },
});

async function latency(player: TonearmAudioPlayer, file: string) {
  const cold = await playToFirstPcm(player, item(file));
  const warm: number[] = [];
  for (let i = 0; i < plays; i++) warm.push(await playToFirstPcm(player, item(file, i + 2)));
  return `first ${ms(cold)}, then p50 ${ms(percentile(warm, 50))}, max ${ms(Math.max(...warm))}`;
}

/** play() until alsa-lib's file plugin has written the first bytes: what a DAC would get. */
async function untilAlsaWrites(player: TonearmAudioPlayer, file: string, out: string) {
  const samples: number[] = [];
  for (let i = 0; i < plays; i++) {
    await rm(out, { force: true });
    const start = performance.now();
    await player.play(item(file, 100 + i));
    while (!((await stat(out).catch(() => null))?.size ?? 0)) {
      await new Promise((r) => setTimeout(r, 1));
    }
    samples.push(performance.now() - start);
    await player.stop();
  }
  return `p50 ${ms(percentile(samples, 50))}, max ${ms(Math.max(...samples))}`;
}

/** seek() until the first block from the new position is handed to the output. */
async function seekToFirstPcm(player: TonearmAudioPlayer, file: string, atMs: number) {
  const started = new Promise<void>((resolve) =>
    player.setListener({ started: () => resolve(), drained: () => {}, failed: () => {} }),
  );
  await player.play(item(file, 500));
  await started;

  const start = performance.now();
  await player.seek(atMs);
  // Subscribed once the old pump has stopped, so the first block the tap sees is a new one.
  const elapsed = await new Promise<number>((resolve) => {
    const untap = player.addPcmTap(() => {
      untap();
      resolve(performance.now() - start);
    });
  });
  await player.stop();
  return elapsed;
}

async function seekFigures(dir: string): Promise<void> {
  const long = 240;
  const wav = await generateTone({
    file: path.join(dir, 'long.wav'),
    format: 'wav',
    seconds: long,
  });
  const table = path.join(dir, 'table.flac');
  await run('flac', ['-s', '-f', '-o', table, wav]);
  const files: [string, string][] = [
    ['FLAC, seek table', table],
    ['FLAC, no table', await pinkFlac(path.join(dir, 'long.flac'), 44100, 16, long)],
    ['MP3', await generateTone({ file: path.join(dir, 'long.mp3'), format: 'mp3', seconds: long })],
    ['WAV', wav],
  ];

  const player = createAudioPlayer({ output: 'null', device: 'null', bufferMs: 500, log });
  await player.ready();
  console.log(`seek() to 3:00 in a 4:00 track, until the first PCM at the output (null)`);
  for (const [name, file] of files) {
    console.log(`  ${name.padEnd(17)} ${ms(await seekToFirstPcm(player, file, 180_000))}`);
  }
  await player.close();
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-bench-audio-'));
  try {
    const tone = (format: ToneSpec['format'], extra: Partial<ToneSpec> = {}) =>
      generateTone({ file: path.join(dir, `t.${format}`), format, seconds, ...extra });
    const files: [string, string][] = [
      ['FLAC 16/44.1', await pinkFlac(path.join(dir, 'p16.flac'), 44100, 16)],
      ['FLAC 24/96', await pinkFlac(path.join(dir, 'p24.flac'), 96000, 24)],
      ['MP3 192k', await tone('mp3')],
      ['Vorbis q4', await tone('ogg')],
      ['Opus 96k', await tone('opus')],
      ['WAV 16/44.1', await tone('wav')],
      ['AAC (ffmpeg)', await tone('m4a')],
    ];

    console.log(`decode speed, one thread, ${seconds} s tracks (median of 3)`);
    for (const [name, file] of files) {
      console.log(`  ${name.padEnd(14)} ${(await decodeSpeed(file)).toFixed(0)}x realtime`);
    }

    const flac = files[0]![1];
    console.log(`play() to first PCM handed to the output, FLAC 16/44.1, ${plays} plays`);
    const cold = createAudioPlayer({ output: 'null', device: 'null', bufferMs: 500, log });
    console.log(`  null, worker still starting  ${ms(await playToFirstPcm(cold, item(flac)))}`);
    await cold.close();

    const nul = createAudioPlayer({ output: 'null', device: 'null', bufferMs: 500, log });
    await nul.ready();
    console.log(`  null, worker ready           ${await latency(nul, flac)}`);
    await nul.close();

    const conf = path.join(dir, 'asound.conf');
    const out = path.join(dir, 'out.raw');
    await writeFile(conf, `pcm.bench {\n type file\n slave.pcm { type null }\n file "${out}"\n}\n`);
    process.env.ALSA_CONFIG_PATH = conf;
    const alsa = createAudioPlayer({ output: 'alsa', device: 'bench', bufferMs: 500, log });
    await alsa.ready();
    console.log(`  alsa (aplay), worker ready   ${await latency(alsa, flac)}`);
    console.log(`play() to first bytes written by alsa-lib's file plugin`);
    console.log(`  alsa (aplay), worker ready   ${await untilAlsaWrites(alsa, flac, out)}`);
    await alsa.close();

    await seekFigures(dir);

    // In a fresh process, so the decoders benchmarked above do not count.
    await new Promise<void>((resolve, reject) => {
      const args = [...process.execArgv, process.argv[1] as string, '--rss', files[1]![1]];
      const child = spawn(process.execPath, args, { stdio: 'inherit' });
      child.on('error', reject);
      child.on('close', () => resolve());
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** RSS of this process (main thread and decode worker) while a 24/96 FLAC plays in real time. */
async function rssWhilePlaying(file: string): Promise<void> {
  const player = createAudioPlayer({ output: 'null', device: 'null', bufferMs: 500, log });
  const before = rssMiB(process.pid);
  const samples: number[] = [];
  await player.ready();
  await player.play(item(file));
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    samples.push(rssMiB(process.pid));
  }
  await player.close();
  console.log(`RSS while playing FLAC 24/96 for 5 s (null output, real time)`);
  console.log(
    `  before ${before.toFixed(1)} MiB, playing min ${Math.min(...samples).toFixed(1)} ` +
      `max ${Math.max(...samples).toFixed(1)} MiB`,
  );
}

const rssFile = process.argv[process.argv.indexOf('--rss') + 1];
const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain && process.argv.includes('--rss') && rssFile) await rssWhilePlaying(rssFile);
else if (isMain) await main();
