import { open } from 'node:fs/promises';

/**
 * Seeking in native FLAC files, so a seek near the end of a long track does not decode
 * everything before it. Reading the metadata, then the file from the start of a frame, gives the
 * decoder a valid stream whose first sample is known exactly. The frame comes from the
 * SEEKTABLE when the file has one; otherwise it is found by bisecting the file on frame headers
 * (sync code, fixed fields equal to the first frame's, and the header's CRC-8), each header
 * saying which sample it starts at.
 */

export interface FlacSeekStart {
  /** Bytes 0..metadataEnd (the metadata) go first, then the file from `frameOffset`. */
  metadataEnd: number;
  frameOffset: number;
  /** Sample number of the frame at frameOffset. */
  sample: number;
}

const STREAMINFO = 0;
const SEEKTABLE = 3;
const PLACEHOLDER = 0xffffffffffffffffn;
/** Metadata larger than this is not worth reading for a seek; decode from the start instead. */
const MAX_METADATA = 16 << 20;

/** Where to start reading to reach `targetMs`, or null when the file has no usable table. */
export async function flacSeekStart(file: string, targetMs: number): Promise<FlacSeekStart | null> {
  const handle = await open(file, 'r');
  try {
    const read = async (offset: number, length: number) => {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    };
    if ((await read(0, 4)).toString('latin1') !== 'fLaC') return null;

    let offset = 4;
    let rate = 0;
    let table: Buffer | null = null;
    let streamInfo = Buffer.alloc(0);
    for (let last = false; !last && offset < MAX_METADATA;) {
      const header = await read(offset, 4);
      if (header.length < 4) return null;
      last = (header[0]! & 0x80) !== 0;
      const type = header[0]! & 0x7f;
      const length = header.readUIntBE(1, 3);
      if (type === STREAMINFO) {
        streamInfo = await read(offset + 4, 18);
        rate = streamInfo.readUIntBE(10, 3) >> 4;
      }
      if (type === SEEKTABLE) table = await read(offset + 4, length);
      offset += 4 + length;
    }
    if (rate === 0 || offset >= MAX_METADATA) return null;
    if (!table)
      return await bisectFrames(read, offset, (await handle.stat()).size, streamInfo, targetMs);

    const target = BigInt(Math.floor((targetMs * rate) / 1000));
    let best: { sample: bigint; offset: bigint } | null = null;
    for (let p = 0; p + 18 <= table.length; p += 18) {
      const sample = table.readBigUInt64BE(p);
      if (sample === PLACEHOLDER || sample > target) continue;
      if (!best || sample > best.sample) best = { sample, offset: table.readBigUInt64BE(p + 8) };
    }
    if (!best || best.sample === 0n) return null;
    return {
      metadataEnd: offset,
      frameOffset: offset + Number(best.offset),
      sample: Number(best.sample),
    };
  } finally {
    await handle.close();
  }
}

type Read = (offset: number, length: number) => Promise<Buffer>;

/** Bytes scanned for the next frame header; more than the largest frame of a 24/192 stream. */
const SCAN_BYTES = 256 << 10;
/** Bisection stops once the window left is this small: decoding it costs a few milliseconds. */
const CLOSE_ENOUGH_BYTES = 512 << 10;

interface FrameShape {
  /** Byte 1 of every header (fixed or variable block size) and the fields that never change. */
  strategy: number;
  rateCode: number;
  byte3: number;
  /** Samples per frame in a fixed-block-size stream, for turning frame numbers into samples. */
  blockSize: number;
}

/**
 * Finds the last frame that starts at or before the target sample by bisection, or null when
 * the file's frames cannot be recognised (then the caller decodes from the start).
 */
async function bisectFrames(
  read: Read,
  metadataEnd: number,
  size: number,
  streamInfo: Buffer,
  targetMs: number,
): Promise<FlacSeekStart | null> {
  const rate = streamInfo.readUIntBE(10, 3) >> 4;
  const first = await read(metadataEnd, 16);
  if (first.length < 16 || first[0] !== 0xff || (first[1]! & 0xfe) !== 0xf8) return null;
  const shape: FrameShape = {
    strategy: first[1]!,
    rateCode: first[2]! & 0x0f,
    byte3: first[3]!,
    blockSize: streamInfo.readUInt16BE(0),
  };
  const target = Math.floor((targetMs * rate) / 1000);

  let best = { offset: metadataEnd, sample: 0 };
  let lo = metadataEnd;
  let hi = size;
  while (hi - lo > CLOSE_ENOUGH_BYTES) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const found = await frameAtOrAfter(read, mid, shape);
    if (!found || found.offset >= hi || found.sample > target) {
      hi = mid;
      continue;
    }
    best = found;
    lo = found.offset + 1;
  }
  if (best.sample === 0) return null;
  return { metadataEnd, frameOffset: best.offset, sample: best.sample };
}

/** The first frame header at or after `from` (within SCAN_BYTES), with its first sample. */
async function frameAtOrAfter(
  read: Read,
  from: number,
  shape: FrameShape,
): Promise<{ offset: number; sample: number } | null> {
  const buf = await read(from, SCAN_BYTES);
  for (let i = buf.indexOf(0xff); i >= 0 && i + 16 <= buf.length; i = buf.indexOf(0xff, i + 1)) {
    const sample = headerSample(buf, i, shape);
    if (sample !== null) return { offset: from + i, sample };
  }
  return null;
}

/** The first sample of the frame whose header starts at `at`, or null if it is not one. */
function headerSample(buf: Buffer, at: number, shape: FrameShape): number | null {
  if (buf[at + 1] !== shape.strategy) return null;
  if ((buf[at + 2]! & 0x0f) !== shape.rateCode || buf[at + 3] !== shape.byte3) return null;
  const blockCode = buf[at + 2]! >> 4;
  if (blockCode === 0) return null;

  const coded = codedNumber(buf, at + 4);
  if (!coded) return null;
  let end = at + 4 + coded.length;
  if (blockCode === 6) end += 1;
  else if (blockCode === 7) end += 2;
  if (shape.rateCode === 12) end += 1;
  else if (shape.rateCode === 13 || shape.rateCode === 14) end += 2;
  if (end >= buf.length || crc8(buf, at, end) !== buf[end]) return null;

  const variable = (shape.strategy & 1) === 1;
  return variable ? coded.value : coded.value * shape.blockSize;
}

/** FLAC's UTF-8-like coded frame or sample number (up to 36 bits). */
function codedNumber(buf: Buffer, at: number): { value: number; length: number } | null {
  const lead = buf[at]!;
  let extra: number;
  if (lead < 0x80) return { value: lead, length: 1 };
  if ((lead & 0xe0) === 0xc0) extra = 1;
  else if ((lead & 0xf0) === 0xe0) extra = 2;
  else if ((lead & 0xf8) === 0xf0) extra = 3;
  else if ((lead & 0xfc) === 0xf8) extra = 4;
  else if ((lead & 0xfe) === 0xfc) extra = 5;
  else if (lead === 0xfe) extra = 6;
  else return null;
  let value = lead & (0x3f >> extra);
  for (let i = 1; i <= extra; i++) {
    const byte = buf[at + i];
    if (byte === undefined || (byte & 0xc0) !== 0x80) return null;
    value = value * 64 + (byte & 0x3f);
  }
  return { value, length: 1 + extra };
}

/** CRC-8 of the frame header (polynomial x^8 + x^2 + x + 1, initial value 0). */
function crc8(buf: Buffer, from: number, to: number): number {
  let crc = 0;
  for (let i = from; i < to; i++) {
    crc ^= buf[i]!;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : crc << 1;
  }
  return crc;
}
