import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import type { Logger } from '../../app/log.ts';
import { findDeviceByName, SYSTEM_ROOTS, type DeviceRoots } from './device-finder.ts';
import { RecordDecoder, type RecordSize } from './event-record.ts';
import { findOnPath, recordSizeOfExecutable } from './executable.ts';
import type { InputEvent, InputSource } from './types.ts';

/**
 * The one module that reads Linux input devices.
 *
 * Why a child process: a blocking read() of an idle character device, done through fs, parks
 * one of libuv's four pool threads for as long as the knob is not touched, and every file read,
 * DNS lookup and crypto call of the service then queues for the remaining ones (measured with
 * UV_THREADPOOL_SIZE=1: a readFile never completed while fs.createReadStream waited on an idle
 * FIFO; with this reader it took 4 ms). Node cannot poll an evdev fd itself (libuv treats a
 * character device as a file), so a `cat` per device blocks instead and hands us a pipe, which
 * libuv does poll. The cost is one small process (about 1 MB) per device.
 *
 * Shortcoming: if Node is killed outright, a `cat` blocked on a quiet device lives on until
 * the next event (its write then fails and it exits). Under systemd the unit's whole cgroup is
 * stopped, so this only matters when running by hand.
 */

export interface EvdevDeviceSpec {
  /** The kernel's name for the device, as listed by `evtest` or /proc/bus/input/devices. */
  name?: string;
  /** Or a path, e.g. /dev/input/by-path/platform-rotary@11-event. */
  path?: string;
  /** Bytes per record; by default decided from the reader binary's ELF class. */
  recordSize?: RecordSize;
}

export interface EvdevReaderOptions {
  device: EvdevDeviceSpec;
  log: Logger;
  roots?: DeviceRoots;
  /** Wait between attempts to find or reopen the device, doubling from `initialMs`. */
  retry?: { initialMs: number; maxMs: number };
  /** How often the path of an open but quiet device is checked for removal. */
  checkMs?: number;
  /** The reader binary; `cat` from PATH unless a test says otherwise. */
  readerCommand?: string;
}

interface RunOutcome {
  delivered: boolean;
  stderr: string;
}

export class EvdevReader implements InputSource {
  readonly name: string;
  private readonly log: Logger;
  private listener: ((event: InputEvent) => void) | null = null;
  private stopped = false;
  private child: ChildProcess | null = null;
  private wake: (() => void) | null = null;
  private lastProblem: string | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: EvdevReaderOptions) {
    const { name, path } = options.device;
    if ((name === undefined) === (path === undefined)) {
      throw new Error('an input device needs exactly one of name and path');
    }
    this.name = name ?? path ?? '';
    this.log = options.log.child({ module: 'input', device: this.name });
  }

  start(listener: (event: InputEvent) => void): void {
    if (this.loop) return;
    this.listener = listener;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.child?.kill('SIGTERM');
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const retry = this.options.retry ?? { initialMs: 250, maxMs: 5000 };
    const command = this.options.readerCommand ?? 'cat';
    const size =
      this.options.device.recordSize ?? (await recordSizeOfExecutable(await findOnPath(command)));
    const decoder = new RecordDecoder(size);
    let delay = retry.initialMs;

    while (!this.stopped) {
      const file = await this.resolve();
      if (file === null) {
        this.problem('missing', 'input device not found; will keep looking');
      } else {
        decoder.reset();
        const outcome = await this.readUntilGone(command, file, decoder);
        if (outcome.delivered) delay = retry.initialMs;
        this.reportEnd(file, outcome);
      }
      if (this.stopped) break;
      await this.sleep(delay);
      delay = Math.min(delay * 2, retry.maxMs);
    }
  }

  private async resolve(): Promise<string | null> {
    const { name, path } = this.options.device;
    if (name !== undefined) return findDeviceByName(name, this.options.roots ?? SYSTEM_ROOTS);
    const exists = await fs.stat(path ?? '').then(
      () => true,
      () => false,
    );
    return exists ? (path ?? null) : null;
  }

  /** Read through a child until it ends: device unplugged, FIFO closed, or path replaced. */
  private async readUntilGone(
    command: string,
    file: string,
    decoder: RecordDecoder,
  ): Promise<RunOutcome> {
    const opened = await fs.stat(file).catch(() => null);
    if (opened === null) return { delivered: false, stderr: '' };

    const child = spawn(command, ['--', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let delivered = false;
    let stderr = '';

    child.stdout?.on('data', (chunk: Buffer) => {
      if (!delivered) this.recovered(file);
      delivered = true;
      for (const event of decoder.push(chunk)) this.listener?.(event);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-500);
    });

    // A reader blocked in open() on a path that has since been removed would wait forever
    // (FIFOs do this; evdev nodes fail the read instead), so the path is checked now and then.
    const check = setInterval(() => {
      void fs.stat(file).then(
        (now) => {
          if (now.ino !== opened.ino || now.rdev !== opened.rdev) child.kill('SIGTERM');
        },
        () => child.kill('SIGTERM'),
      );
    }, this.options.checkMs ?? 1000);

    await new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.once('error', (err) => {
        stderr = err.message;
        resolve();
      });
    });
    clearInterval(check);
    this.child = null;
    return { delivered, stderr: stderr.trim() };
  }

  private reportEnd(file: string, outcome: RunOutcome): void {
    if (this.stopped) return;
    if (/permission denied/i.test(outcome.stderr)) {
      this.problem(
        'access',
        'cannot read the input device: give the service user read access (the input group)',
        { file, reason: outcome.stderr },
      );
    } else {
      this.problem('gone', 'input device went away; will reopen it when it returns', {
        file,
        ...(outcome.stderr ? { reason: outcome.stderr } : {}),
      });
    }
  }

  /** Log a problem once, however many retries it takes to go away. */
  private problem(kind: string, message: string, fields: Record<string, unknown> = {}): void {
    if (this.lastProblem === kind) return;
    this.lastProblem = kind;
    this.log.warn(fields, message);
  }

  private recovered(file: string): void {
    if (this.lastProblem !== null) this.log.info({ file }, 'input device is back');
    else this.log.debug({ file }, 'input device open');
    this.lastProblem = null;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
