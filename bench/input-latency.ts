/**
 * Input benchmark: how long a knob turn takes to reach the mixer, and a button to reach its
 * action, through the real path (input_event records written to a FIFO, the reader child, the
 * mapper, Core's mixer model, the ALSA driver and its amixer session). The card is the fake
 * amixer of the hardware tests; it stamps each line with the monotonic clock, which every
 * process shares, so the figure ends when the command reached amixer. Also measures why the
 * reader is a child process: a file read's latency with a pool of one thread while an idle
 * input device is open through fs.createReadStream, and through the reader child.
 *
 *   node --import tsx bench/input-latency.ts [--samples 300]
 *
 * Target: event to mixer write under 5 ms at p99.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inputSchema } from '../app/config/input-schema.ts';
import { EventBus } from '../app/core/events.ts';
import { Mixer } from '../app/core/mixer.ts';
import { createLogger } from '../app/log.ts';
import { createCoreActionHandler, type HardwareAction } from '../hardware/input/actions.ts';
import { KEY_CODES, REL_CODES } from '../hardware/input/codes.ts';
import { InputService } from '../hardware/input/index.ts';
import { AlsaMixer } from '../hardware/mixer/alsa.ts';
import { installFakeAmixer, keyRecords, makeFifo, relRecords } from '../test/hardware/helpers.ts';
import { ms, percentile } from './stats.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const samples = arg('--samples', 300);
const log = createLogger({ level: 'warn' });
const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));
const now = () => process.hrtime.bigint();
const elapsed = (from: bigint, to: bigint) => Number(to - from) / 1e6;

async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  pollMs = 0,
): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await (pollMs > 0 ? sleep(pollMs) : new Promise((r) => setImmediate(r)));
  }
}

function report(name: string, values: number[]): void {
  const line = [50, 90, 99].map((p) => `p${p} ${ms(percentile(values, p))}`).join('  ');
  console.log(`${name.padEnd(44)} ${line}  max ${ms(Math.max(...values))}  (n=${values.length})`);
}

async function knobAndButtons(dir: string): Promise<void> {
  await installFakeAmixer(dir);
  const times = path.join(dir, 'times.log');
  Object.assign(process.env, { FAKE_AMIXER_CARD: '0', FAKE_AMIXER_TIMES: times });
  const fifo = makeFifo(path.join(dir, 'event0'));

  const driver = new AlsaMixer({ card: '0', control: 'PCM', maxVolume: 100, log });
  await driver.open();
  const bus = new EventBus();
  const mixer = new Mixer({ driver, bus, log, maxVolume: 100, startupVolume: 30 });
  let modelChanged = 0n;
  bus.on('bench', 'mixer.changed', () => (modelChanged = now()));
  let last: { action: HardwareAction; at: bigint } | null = null;
  const core = createCoreActionHandler(
    { player: { toggle: async () => {}, next: async () => {}, previous: async () => {} }, mixer },
    () => true,
    log,
  );
  const handler = (action: HardwareAction) => {
    last = { action, at: now() };
    return core(action);
  };
  const config = inputSchema.parse({ devices: [{ path: fifo, record_size: 24 }] });
  const service = new InputService({ config, handler, log });
  service.start();
  const writer = await open(fifo, 'w');

  const stamps = async () =>
    (await readFile(times, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
  // Warm up: the first write pays for amixer's start.
  await writer.write(relRecords(24, REL_CODES.REL_X ?? 0, 1, 0));
  await until(async () => (await stamps()).length === 1, 'warm-up write');

  const toMixer: number[] = [];
  const toModel: number[] = [];
  const modelToAmixer: number[] = [];
  for (let i = 0; i < samples; i++) {
    const seen = (await stamps()).length;
    await sleep(15); // slower than the acceleration window and amixer's answer
    const start = now();
    await writer.write(relRecords(24, REL_CODES.REL_X ?? 0, i % 2 === 0 ? -1 : 1, 1000 + i));
    // Polled gently: the figure is stamped by amixer itself, so noticing late costs nothing,
    // while polling hard would steal the CPU the path under test needs.
    await until(async () => (await stamps()).length > seen, 'mixer write', 2);
    const atAmixer = BigInt((await stamps())[seen] ?? '0');
    toMixer.push(elapsed(start, atAmixer));
    toModel.push(elapsed(start, modelChanged));
    modelToAmixer.push(elapsed(modelChanged, atAmixer));
  }
  report('knob detent -> command at amixer', toMixer);
  report('  of which: detent -> Core mixer model', toModel);
  report('  of which: Core mixer model -> amixer', modelToAmixer);

  const press: number[] = [];
  const release: number[] = [];
  const next = KEY_CODES.KEY_NEXTSONG ?? 0;
  const play = KEY_CODES.KEY_PLAYPAUSE ?? 0;
  for (let i = 0; i < samples; i++) {
    // Idle first, like a hand reaching for a button: back-to-back events find every process
    // awake and would flatter the figure (0.02 ms instead of about 0.4 ms at p50 here).
    await sleep(15);
    last = null;
    let start = now();
    await writer.write(keyRecords(24, next, 1, 5000 + i));
    await until(() => last !== null, 'next');
    press.push(elapsed(start, (last as { at: bigint } | null)?.at ?? start));
    await writer.write(keyRecords(24, next, 0, 5000 + i));

    await writer.write(keyRecords(24, play, 1, 9000 + i));
    await sleep(15);
    last = null;
    start = now();
    await writer.write(keyRecords(24, play, 0, 9000 + i + 0.05));
    await until(() => last !== null, 'toggle');
    release.push(elapsed(start, (last as { at: bigint } | null)?.at ?? start));
  }
  report('next key down -> action handler', press);
  report('play release (long press armed) -> handler', release);

  await writer.close();
  await service.stop();
  await driver.close();
}

/** readFile latency in a child with one pool thread while an idle device is held open. */
function poolProbe(mode: 'none' | 'stream' | 'child', fifo: string): Promise<string> {
  const script = `
    const fs = require('fs');
    const { spawn } = require('child_process');
    const fifo = ${JSON.stringify(fifo)};
    if (process.argv[1] === 'stream') fs.createReadStream(fifo).on('data', () => {});
    if (process.argv[1] === 'child') spawn('cat', ['--', fifo]).stdout.on('data', () => {});
    setTimeout(async () => {
      if (process.argv[1] !== 'none') fs.openSync(fifo, fs.constants.O_WRONLY);
      const times = [];
      for (let i = 0; i < 9; i++) {
        const t = performance.now();
        await fs.promises.readFile('/etc/hostname');
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      console.log('median ' + times[4].toFixed(2) + ' ms, max ' + times[8].toFixed(2) + ' ms');
      process.exit(0);
    }, 200);
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script, mode], {
      env: { ...process.env, UV_THREADPOOL_SIZE: '1' },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out.trim() || 'did not finish within 3000 ms');
    });
  });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-bench-input-'));
  try {
    const load = os.loadavg()[0]?.toFixed(1);
    console.log(`input latency, ${samples} samples each, 24-byte records through a FIFO`);
    console.log(
      `(load average ${load} on ${os.cpus().length} cores: other work inflates the tail)`,
    );
    await knobAndButtons(dir);

    console.log('\nreadFile with UV_THREADPOOL_SIZE=1 while an idle input device is open:');
    for (const mode of ['none', 'stream', 'child'] as const) {
      const fifo = makeFifo(path.join(dir, `pool-${mode}`));
      console.log(`  ${mode.padEnd(8)} ${await poolProbe(mode, fifo)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
