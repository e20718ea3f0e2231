import test from 'ava';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KEY_CODES, REL_CODES } from '../../../hardware/input/codes.ts';
import { EvdevReader } from '../../../hardware/input/evdev-reader.ts';
import type { InputEvent } from '../../../hardware/input/types.ts';
import {
  keyRecords,
  makeFifo,
  memoryLog,
  relRecords,
  sleep,
  tempDir,
  waitFor,
} from '../helpers.ts';

const PLAY = KEY_CODES.KEY_PLAYPAUSE ?? 0;
const REL_X = REL_CODES.REL_X ?? 0;
const retry = { initialMs: 20, maxMs: 100 };

for (const size of [24, 16] as const) {
  test(`${size}-byte records written to a FIFO arrive as key and axis events`, async (t) => {
    const dir = await tempDir(t);
    const fifo = makeFifo(path.join(dir, 'event0'));
    const { log } = memoryLog();
    const reader = new EvdevReader({ device: { path: fifo, recordSize: size }, log, retry });
    const events: InputEvent[] = [];
    reader.start((e) => events.push(e));
    t.teardown(() => reader.stop());

    const writer = await open(fifo, 'w');
    t.teardown(() => writer.close().catch(() => undefined));
    const batch = Buffer.concat([
      keyRecords(size, PLAY, 1, 1000.5),
      keyRecords(size, PLAY, 0, 1100.25),
      relRecords(size, REL_X, -3, 1200),
    ]);
    // Split mid-record, as a pipe may deliver it.
    await writer.write(batch.subarray(0, size + 5));
    await sleep(20);
    await writer.write(batch.subarray(size + 5));
    await waitFor('three events', () => events.length === 3);

    t.deepEqual(events, [
      { type: 'key', code: PLAY, value: 1, timeMs: 1000.5 },
      { type: 'key', code: PLAY, value: 0, timeMs: 1100.25 },
      { type: 'rel', code: REL_X, value: -3, timeMs: 1200 },
    ]);
  });
}

test('a device is found by its kernel name in sysfs', async (t) => {
  const dir = await tempDir(t);
  const sysDev = path.join(dir, 'sys', 'class', 'input', 'event7', 'device');
  await mkdir(sysDev, { recursive: true });
  await writeFile(path.join(sysDev, 'name'), 'rotary@11\n');
  await mkdir(path.join(dir, 'sys', 'class', 'input', 'mouse0'), { recursive: true });
  await mkdir(path.join(dir, 'dev', 'input'), { recursive: true });
  const fifo = makeFifo(path.join(dir, 'dev', 'input', 'event7'));

  const roots = {
    sysRoot: path.join(dir, 'sys'),
    devRoot: path.join(dir, 'dev'),
    procDevices: path.join(dir, 'none'),
  };
  const { log } = memoryLog();
  const reader = new EvdevReader({
    device: { name: 'rotary@11', recordSize: 24 },
    log,
    roots,
    retry,
  });
  const events: InputEvent[] = [];
  reader.start((e) => events.push(e));
  t.teardown(() => reader.stop());

  const writer = await open(fifo, 'w');
  t.teardown(() => writer.close().catch(() => undefined));
  await writer.write(relRecords(24, REL_X, 1, 5));
  await waitFor('an event', () => events.length === 1);
  t.is(events[0]?.type, 'rel');
});

test('a device that vanishes and returns is read again, each change logged once', async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, 'knob');
  const { log, lines } = memoryLog();
  const reader = new EvdevReader({
    device: { path: file, recordSize: 24 },
    log,
    retry,
    checkMs: 30,
  });
  const events: InputEvent[] = [];
  reader.start((e) => events.push(e));
  t.teardown(() => reader.stop());

  // Absent at start: not fatal, logged once however many times it is looked for.
  await waitFor('missing logged', () => lines.some((l) => /not found/.test(String(l.msg))));
  await sleep(250);
  t.is(lines.filter((l) => l.msg === 'input device not found; will keep looking').length, 1);

  makeFifo(file);
  let writer = await open(file, 'w');
  await writer.write(keyRecords(24, PLAY, 1, 1));
  await waitFor('first event', () => events.length === 1);

  // Unplugged: the writer goes and the node disappears.
  await writer.close();
  await rm(file);
  await waitFor('gone logged', () => lines.some((l) => /went away/.test(String(l.msg))));
  await sleep(300);
  t.is(
    lines.filter((l) => l.msg === 'input device went away; will reopen it when it returns').length,
    1,
  );

  // Plugged in again.
  makeFifo(file);
  writer = await open(file, 'w');
  t.teardown(() => writer.close().catch(() => undefined));
  await writer.write(keyRecords(24, PLAY, 0, 2));
  await waitFor('event after return', () => events.length === 2);
  t.deepEqual(events[1], { type: 'key', code: PLAY, value: 0, timeMs: 2 });
  t.true(lines.some((l) => l.msg === 'input device is back'));
  t.false(
    lines.some((l) => l.level === 50 || l.level === 60),
    'nothing logged as an error',
  );
});

test('a device given by neither name nor path is refused', (t) => {
  t.throws(() => new EvdevReader({ device: {}, log: memoryLog().log }), {
    message: /exactly one of name and path/,
  });
});
