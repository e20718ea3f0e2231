import { EV_KEY, EV_REL } from './codes.ts';
import type { InputEvent } from './types.ts';

/**
 * `struct input_event` as the kernel hands it to a reading process: 24 bytes for a 64-bit
 * process (two 64-bit time fields), 16 bytes for a 32-bit one (two 32-bit fields, unsigned so
 * they last past 2038), then type u16, code u16, value s32. Byte order is the machine's; every
 * Raspberry Pi runs little-endian, and so does every machine this is tested on.
 */
export type RecordSize = 16 | 24;

/** The record size a process of this architecture reads. */
export function recordSizeForArch(arch: string = process.arch): RecordSize {
  return arch === 'arm' || arch === 'ia32' || arch === 'mips' || arch === 'ppc' ? 16 : 24;
}

/** Decode one record; null for the types a knob or button does not use (EV_SYN, EV_MSC...). */
export function decodeRecord(buf: Buffer, offset: number, size: RecordSize): InputEvent | null {
  let sec: number;
  let usec: number;
  let at: number;
  if (size === 24) {
    sec = Number(buf.readBigInt64LE(offset));
    usec = Number(buf.readBigInt64LE(offset + 8));
    at = offset + 16;
  } else {
    sec = buf.readUInt32LE(offset);
    usec = buf.readUInt32LE(offset + 4);
    at = offset + 8;
  }
  const type = buf.readUInt16LE(at);
  const code = buf.readUInt16LE(at + 2);
  const value = buf.readInt32LE(at + 4);
  const timeMs = sec * 1000 + usec / 1000;

  if (type === EV_KEY && (value === 0 || value === 1 || value === 2)) {
    return { type: 'key', code, value, timeMs };
  }
  if (type === EV_REL) return { type: 'rel', code, value, timeMs };
  return null;
}

/** Encode one record, as the kernel would; used by tests and the benchmark to feed a FIFO. */
export function encodeRecord(
  size: RecordSize,
  type: number,
  code: number,
  value: number,
  timeMs: number,
): Buffer {
  const buf = Buffer.alloc(size);
  const sec = Math.floor(timeMs / 1000);
  const usec = Math.round((timeMs - sec * 1000) * 1000);
  let at: number;
  if (size === 24) {
    buf.writeBigInt64LE(BigInt(sec), 0);
    buf.writeBigInt64LE(BigInt(usec), 8);
    at = 16;
  } else {
    buf.writeUInt32LE(sec >>> 0, 0);
    buf.writeUInt32LE(usec, 4);
    at = 8;
  }
  buf.writeUInt16LE(type, at);
  buf.writeUInt16LE(code, at + 2);
  buf.writeInt32LE(value, at + 4);
  return buf;
}

/**
 * Splits a byte stream into records. Reads from a pipe can end anywhere, so a partial record
 * is kept until the rest arrives.
 */
export class RecordDecoder {
  private rest: Buffer = Buffer.alloc(0);

  constructor(readonly size: RecordSize) {}

  push(chunk: Buffer): InputEvent[] {
    const buf = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    const whole = buf.length - (buf.length % this.size);
    const events: InputEvent[] = [];
    for (let offset = 0; offset < whole; offset += this.size) {
      const event = decodeRecord(buf, offset, this.size);
      if (event) events.push(event);
    }
    this.rest = Buffer.from(buf.subarray(whole));
    return events;
  }

  /** Forget a partial record, e.g. when the device was reopened. */
  reset(): void {
    this.rest = Buffer.alloc(0);
  }
}
