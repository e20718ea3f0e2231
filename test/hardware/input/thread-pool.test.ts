import test from 'ava';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeFifo, tempDir } from '../helpers.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// Run in a child so libuv's pool can be cut to one thread before it starts. The child opens an
// idle device through the real reader, then reads files; with a reader that parked a pool
// thread in read() (fs.createReadStream does) those reads would never finish.
const script = (fifo: string) => `
import fs from 'node:fs';
import { EvdevReader } from ${JSON.stringify(path.join(root, 'hardware/input/evdev-reader.ts'))};
import { createLogger } from ${JSON.stringify(path.join(root, 'app/log.ts'))};

const fifo = ${JSON.stringify(fifo)};
const reader = new EvdevReader({
  device: { path: fifo, recordSize: 24 },
  log: createLogger({ level: 'silent' }),
});
reader.start(() => {});
let writer = null;
while (writer === null) {
  await new Promise((r) => setTimeout(r, 20));
  try {
    writer = fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
  } catch {}
}
for (let i = 0; i < 5; i++) await fs.promises.readFile('/etc/hostname');
console.log('reads done');
fs.closeSync(writer);
await reader.stop();
process.exit(0);
`;

test('an idle device does not hold a thread of a one-thread pool', async (t) => {
  const dir = await tempDir(t);
  const fifo = makeFifo(path.join(dir, 'event0'));
  const file = path.join(dir, 'probe.mts');
  await writeFile(file, script(fifo));

  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: root,
    env: { ...process.env, UV_THREADPOOL_SIZE: '1' },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);

  t.is(code, 0, out);
  t.regex(out, /reads done/);
});
