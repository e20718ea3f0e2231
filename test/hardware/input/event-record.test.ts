import test from 'ava';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EV_KEY, EV_SYN } from '../../../hardware/input/codes.ts';
import {
  decodeRecord,
  encodeRecord,
  RecordDecoder,
  recordSizeForArch,
} from '../../../hardware/input/event-record.ts';
import { findOnPath, recordSizeOfExecutable } from '../../../hardware/input/executable.ts';
import { tempDir } from '../helpers.ts';

test('a 64-bit record has the kernel layout: time, type, code, value', (t) => {
  const buf = encodeRecord(24, EV_KEY, 164, 1, 1_700_000_000_123.456);
  t.is(buf.length, 24);
  t.is(buf.readBigInt64LE(0), 1_700_000_000n);
  t.is(buf.readBigInt64LE(8), 123_456n);
  t.is(buf.readUInt16LE(16), EV_KEY);
  t.is(buf.readUInt16LE(18), 164);
  t.is(buf.readInt32LE(20), 1);
});

test('a 32-bit record is 16 bytes with 32-bit time fields', (t) => {
  const buf = encodeRecord(16, EV_KEY, 115, 2, 4000.5);
  t.is(buf.length, 16);
  t.is(buf.readUInt32LE(0), 4);
  t.is(buf.readUInt32LE(4), 500);
  t.deepEqual(decodeRecord(buf, 0, 16), { type: 'key', code: 115, value: 2, timeMs: 4000.5 });
});

test('sync reports are dropped and partial records wait for the rest', (t) => {
  const decoder = new RecordDecoder(24);
  const data = Buffer.concat([
    encodeRecord(24, EV_KEY, 1, 1, 1),
    encodeRecord(24, EV_SYN, 0, 0, 1),
  ]);
  t.deepEqual(decoder.push(data.subarray(0, 10)), []);
  t.deepEqual(decoder.push(data.subarray(10)), [{ type: 'key', code: 1, value: 1, timeMs: 1 }]);
});

test('the record size follows the architecture of the reading process', (t) => {
  t.is(recordSizeForArch('arm'), 16);
  t.is(recordSizeForArch('arm64'), 24);
  t.is(recordSizeForArch('x64'), 24);
});

test('the record size is read from the reader binary ELF class', async (t) => {
  const dir = await tempDir(t);
  const elf32 = path.join(dir, 'cat32');
  const elf64 = path.join(dir, 'cat64');
  await writeFile(elf32, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]));
  await writeFile(elf64, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
  t.is(await recordSizeOfExecutable(elf32), 16);
  t.is(await recordSizeOfExecutable(elf64), 24);

  const cat = await findOnPath('cat');
  t.truthy(cat);
  t.is(await recordSizeOfExecutable(cat), recordSizeForArch());
});
