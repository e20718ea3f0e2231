import { bytesPerFrame, sampleFormatForBits, type PcmFormat } from '../format.ts';
import type { ByteDecoder, DecodedBlock } from './codec.ts';

/**
 * RIFF WAVE holding integer PCM of 16, 24 or 32 bits: the samples are already what an output
 * takes, so "decoding" is finding them. Float and 8-bit WAV are refused with a clear message
 * rather than converted; no demo or test file uses them.
 */
const FORMAT_PCM = 1;
const FORMAT_EXTENSIBLE = 0xfffe;
/** Headers larger than this are not a WAV file we want to buffer. */
const MAX_HEADER = 1 << 20;

export class WavDecoder implements ByteDecoder {
  private header: Buffer = Buffer.alloc(0);
  private format: PcmFormat | null = null;
  /** Bytes of sample data still to come; Infinity when the writer did not know (a pipe). */
  private remaining = 0;
  private carry: Buffer = Buffer.alloc(0);
  private inData = false;

  async push(bytes: Uint8Array): Promise<DecodedBlock[]> {
    if (this.inData) return this.samples(Buffer.from(bytes));

    this.header = Buffer.concat([this.header, bytes]);
    const start = this.parseHeader();
    if (start < 0) {
      if (this.header.length > MAX_HEADER) throw new Error('no data chunk in the first 1 MiB');
      return [];
    }
    const rest = this.header.subarray(start);
    this.header = Buffer.alloc(0);
    return this.samples(rest);
  }

  async end(): Promise<DecodedBlock[]> {
    if (!this.inData) throw new Error('the file ends before its WAV header does');
    return [];
  }

  free(): void {
    this.carry = Buffer.alloc(0);
  }

  private samples(bytes: Buffer): DecodedBlock[] {
    const format = this.format as PcmFormat;
    let data = this.carry.length ? Buffer.concat([this.carry, bytes]) : bytes;
    if (data.length > this.remaining) data = data.subarray(0, this.remaining);

    const frame = bytesPerFrame(format);
    const whole = data.length - (data.length % frame);
    this.carry = Buffer.from(data.subarray(whole));
    this.remaining -= whole;
    return whole > 0 ? [{ format, pcm: data.subarray(0, whole) }] : [];
  }

  /** Offset of the first sample byte once the header is complete, else -1. */
  private parseHeader(): number {
    const header = parseWavHeader(this.header);
    if (!header) return -1;
    this.format = header.format;
    this.remaining = header.dataBytes;
    this.inData = true;
    return header.dataStart;
  }
}

export interface WavHeader {
  format: PcmFormat;
  /** Offset of the first sample byte, and where the data chunk's size field sits. */
  dataStart: number;
  sizeField: number;
  /** Infinity when the writer did not know (a pipe). */
  dataBytes: number;
}

/** The WAV header at the start of `h`, or null when `h` ends before the data chunk starts. */
export function parseWavHeader(h: Buffer): WavHeader | null {
  let format: PcmFormat | null = null;
  let offset = 12;
  while (offset + 8 <= h.length) {
    const id = h.toString('latin1', offset, offset + 4);
    const size = h.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'data') {
      if (!format) throw new Error('the data chunk comes before the fmt chunk');
      // 0 and 0xFFFFFFFF are what streaming writers put when they cannot know the size.
      const dataBytes = size === 0 || size === 0xffffffff ? Infinity : size;
      return { format, dataStart: body, sizeField: offset + 4, dataBytes };
    }
    if (body + size > h.length) return null;
    if (id === 'fmt ') format = readFmt(h.subarray(body, body + size));
    offset = body + size + (size % 2);
  }
  return null;
}

/**
 * Where to read a WAV file from to start at `startMs`: its header, with the data size cut to
 * what is left, then the samples from the seek point. Null when the header is not in `head`.
 */
export function wavSeek(head: Buffer, startMs: number) {
  const header = parseWavHeader(head);
  if (!header) return null;
  const frame = bytesPerFrame(header.format);
  const frames = Math.round((startMs * header.format.rate) / 1000);
  const skip = Math.min(frames * frame, header.dataBytes - (header.dataBytes % frame));

  const first = Buffer.from(head.subarray(0, header.dataStart));
  if (Number.isFinite(header.dataBytes))
    first.writeUInt32LE(header.dataBytes - skip, header.sizeField);
  return { first, from: header.dataStart + skip, frames: skip / frame };
}

function readFmt(fmt: Buffer): PcmFormat {
  if (fmt.length < 16) throw new Error('the fmt chunk is too short');
  let tag = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const rate = fmt.readUInt32LE(4);
  const bits = fmt.readUInt16LE(14);
  if (tag === FORMAT_EXTENSIBLE && fmt.length >= 26) tag = fmt.readUInt16LE(24);

  if (tag !== FORMAT_PCM || ![16, 24, 32].includes(bits)) {
    throw new Error(`unsupported WAV encoding (format ${tag}, ${bits} bits)`);
  }
  if (channels < 1 || channels > 8 || rate < 1000 || rate > 768000) {
    throw new Error(`implausible WAV format (${channels} channels at ${rate} Hz)`);
  }
  return { rate, channels, sample: sampleFormatForBits(bits) };
}
