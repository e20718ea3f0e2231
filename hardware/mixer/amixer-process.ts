import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * The one module that runs ALSA's `amixer` (alsa-utils). There is no maintained npm binding
 * for ALSA's mixer API, and a native addon of our own would be more code to keep safe than two
 * argument-array process calls. Everything is spawned without a shell.
 */

export interface AmixerResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One short `amixer -c CARD ...` call, for probing a control before the session starts. */
export function runAmixer(
  card: string,
  args: string[],
  options: { command?: string; timeoutMs?: number } = {},
): Promise<AmixerResult> {
  return new Promise((resolve) => {
    execFile(
      options.command ?? 'amixer',
      ['-M', '-c', card, ...args],
      { timeout: options.timeoutMs ?? 5000, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, stdout, stderr: stderr || (err && code === null ? err.message : '') });
      },
    );
  });
}

/**
 * A long-lived `amixer -s -M -c CARD`: it executes one command per line from stdin, so a knob
 * does not pay a process start per step. `-M` selects amixer's mapped (perceptual) scale for
 * percentages. amixer -s answers each successful `sset` with a block that starts "Simple mixer
 * control '...'", and that line is our acknowledgement: it is printed after the value has been
 * written to the driver. stdout goes through `stdbuf -oL` because amixer never flushes it and a
 * pipe is block-buffered, which would hold every answer back until 4 KiB had piled up.
 * A failed command prints nothing (stdin mode ignores errors), so `send` also has a timeout.
 */
export class AmixerSession {
  private child: ChildProcess | null = null;
  private waiting: { resolve: () => void; reject: (err: Error) => void } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stderr = '';
  private exitListener: ((reason: string) => void) | null = null;

  constructor(
    private readonly card: string,
    private readonly command = 'amixer',
  ) {}

  /** Called once when the process ends for any reason other than close(). */
  onExit(listener: (reason: string) => void): void {
    this.exitListener = listener;
  }

  start(): void {
    const child = spawn('stdbuf', ['-oL', this.command, '-s', '-M', '-c', this.card], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdin?.on('error', () => {}); // reported through 'close' below
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-500);
    });
    if (child.stdout) {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith("Simple mixer control '")) this.settle(null);
      });
    }
    child.once('error', (err) => this.ended(err.message));
    child.once('close', (code, signal) => this.ended(`amixer exited (${signal ?? code})`));
  }

  /** Send one command line; resolves when amixer has applied it. One at a time. */
  send(line: string, timeoutMs: number): Promise<void> {
    if (this.waiting) return Promise.reject(new Error('an amixer command is already in flight'));
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed) return Promise.reject(new Error('amixer is not running'));
    return new Promise<void>((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.timer = setTimeout(() => {
        this.settle(new Error(`no answer from amixer within ${timeoutMs} ms`));
        this.child?.kill('SIGTERM');
      }, timeoutMs);
      stdin.write(`${line}\n`);
    });
  }

  close(): void {
    this.exitListener = null;
    this.settle(new Error('amixer closed'));
    this.child?.stdin?.end();
    this.child?.kill('SIGTERM');
    this.child = null;
  }

  private settle(err: Error | null): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const waiting = this.waiting;
    this.waiting = null;
    if (!waiting) return;
    if (err) waiting.reject(err);
    else waiting.resolve();
  }

  private ended(reason: string): void {
    const detail = this.stderr.trim().split('\n').pop() ?? '';
    const full = detail ? `${reason}: ${detail}` : reason;
    this.settle(new Error(full));
    this.child = null;
    const listener = this.exitListener;
    this.exitListener = null;
    listener?.(full);
  }
}
