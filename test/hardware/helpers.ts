import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { encodeRecord, type RecordSize } from '../../hardware/input/event-record.ts';
import { EV_KEY, EV_REL, EV_SYN } from '../../hardware/input/codes.ts';

/** Shared by the hardware tests: temp dirs, FIFOs, event records, a readable log. */

export async function tempDir(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-hw-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export function makeFifo(file: string): string {
  execFileSync('mkfifo', ['-m', '600', file]);
  return file;
}

export { memoryLog } from '../helpers/memory-log.ts';

/** Records as the kernel writes them: the event then an EV_SYN report. */
export function keyRecords(size: RecordSize, code: number, value: number, timeMs: number): Buffer {
  return Buffer.concat([
    encodeRecord(size, EV_KEY, code, value, timeMs),
    encodeRecord(size, EV_SYN, 0, 0, timeMs),
  ]);
}

export function relRecords(size: RecordSize, code: number, value: number, timeMs: number): Buffer {
  return Buffer.concat([
    encodeRecord(size, EV_REL, code, value, timeMs),
    encodeRecord(size, EV_SYN, 0, 0, timeMs),
  ]);
}

export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A FAKE `amixer`, the only stand-in for mixer hardware in the tests: it speaks the parts of
 * amixer's command line Tonearm uses (sget, scontrols, and -s with sset lines) and appends
 * every sset it applies to FAKE_AMIXER_LOG, so a test counts the writes that reached "the
 * card"; a line that arrives while another is still being applied goes to FAKE_AMIXER_OVERLAP.
 * FAKE_AMIXER_GONE names a file whose existence means the card is unplugged. FAKE_AMIXER_TIMES
 * gets the monotonic clock (shared by every process) as each line arrives, for the benchmark.
 */
const FAKE_AMIXER = `#!/usr/bin/env node
const fs = require('fs');
const env = process.env;
const controls = (env.FAKE_AMIXER_CONTROLS || 'PCM').split(',');
const caps = env.FAKE_AMIXER_CAPS || 'pvolume pvolume-joined pswitch pswitch-joined';
const args = process.argv.slice(2);
let card = 'default', stdin = false, i = 0;
for (; i < args.length && args[i].startsWith('-'); i++) {
  if (args[i] === '-c') card = args[++i];
  if (args[i] === '-s') stdin = true;
}
const [cmd, name] = args.slice(i);
function gone() {
  if (card !== (env.FAKE_AMIXER_CARD || '0')) {
    process.stderr.write("Invalid card number '" + card + "'.\\n");
    process.exit(1);
  }
  if (env.FAKE_AMIXER_GONE && fs.existsSync(env.FAKE_AMIXER_GONE)) {
    process.stderr.write('amixer: Mixer attach hw:' + card + ' error: No such device\\n');
    process.exit(1);
  }
}
function show(control, pct) {
  return "Simple mixer control '" + control + "',0\\n  Capabilities: " + caps +
    '\\n  Playback channels: Mono\\n  Limits: Playback 0 - 255\\n  Mono: Playback 100 [' +
    pct + '%] [-20.00dB] [on]\\n';
}
if (!stdin) {
  gone();
  if (cmd === 'scontrols') {
    for (const c of controls) process.stdout.write("Simple mixer control '" + c + "',0\\n");
  } else if (cmd === 'sget') {
    if (!controls.includes(name)) {
      process.stderr.write("amixer: Unable to find simple control '" + name + "',0\\n\\n");
      process.exit(1);
    }
    process.stdout.write(show(name, env.FAKE_AMIXER_LEVEL || '40'));
  }
  process.exit(0);
}
const delay = Number(env.FAKE_AMIXER_DELAY_MS || 0);
const queue = [];
let busy = false, ended = false;
function next() {
  if (busy) return;
  const line = queue.shift();
  if (line === undefined) { if (ended) process.exit(0); return; }
  busy = true;
  gone();
  const m = /^sset '([^']*)' (\\d+)%/.exec(line);
  setTimeout(() => {
    if (m && controls.includes(m[1])) {
      if (env.FAKE_AMIXER_LOG) fs.appendFileSync(env.FAKE_AMIXER_LOG, line + '\\n');
      process.stdout.write(show(m[1], m[2]));
    }
    busy = false;
    next();
  }, delay);
}
require('readline').createInterface({ input: process.stdin })
  .on('line', (line) => {
    if (env.FAKE_AMIXER_TIMES) {
      fs.appendFileSync(env.FAKE_AMIXER_TIMES, process.hrtime.bigint() + '\\n');
    }
    if ((busy || queue.length > 0) && env.FAKE_AMIXER_OVERLAP) {
      fs.appendFileSync(env.FAKE_AMIXER_OVERLAP, line + '\\n');
    }
    queue.push(line);
    next();
  })
  .on('close', () => { ended = true; next(); });
`;

/** Write the fake amixer into `dir` and put `dir` first on PATH for this test process. */
export async function installFakeAmixer(dir: string): Promise<void> {
  const file = path.join(dir, 'amixer');
  await writeFile(file, FAKE_AMIXER);
  await chmod(file, 0o755);
  process.env.PATH = `${dir}:${process.env.PATH ?? ''}`;
}
