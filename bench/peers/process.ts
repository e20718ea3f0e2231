import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';

export function startDaemon(command: string, args: string[], env = process.env): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  child.stderr?.resume();
  return child;
}

/** Single starts vary by 10-20% here, so start-up is the median of this many starts. */
export const START_RUNS = 7;

/**
 * Starts a daemon START_RUNS times, each time until `ready` resolves and then stopping it, and
 * returns the median time from spawn to ready.
 */
export async function medianStartMs(
  start: () => ChildProcess,
  ready: () => Promise<unknown>,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < START_RUNS; i++) {
    const begin = performance.now();
    const child = start();
    await ready();
    times.push(performance.now() - begin);
    await stopDaemon(child);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1] as number;
}

export async function stopDaemon(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export function runToEnd(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(performance.now() - start)
        : reject(new Error(`${command} exited ${code}: ${stderr}`)),
    );
  });
}

/** Resolves with the time the first bytes arrive on a FIFO, measured from `since`. */
export function firstBytes(fifo: string, since: () => number): Promise<number> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(fifo);
    stream.once('data', () => {
      resolve(performance.now() - since());
      stream.destroy();
    });
    stream.once('error', reject);
  });
}
