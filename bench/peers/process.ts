import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';

export function startDaemon(command: string, args: string[], env = process.env): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  child.stderr?.resume();
  return child;
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
