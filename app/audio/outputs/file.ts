import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { TonearmError, describeError } from '../../errors.ts';
import { SAMPLE_BITS, bytesPerFrame, type PcmFormat } from '../format.ts';
import type { PcmOutput } from './output.ts';

/**
 * Writes what would reach the DAC into a WAV file. Audio goes to a temporary file beside the
 * target; drain() fixes the header's sizes, flushes, and renames it over the target, so the
 * target is always a whole WAV file or the previous one. Each open starts a new file: after a
 * format change, the file holds the audio since that change (WAV holds only one format).
 */
const HEADER_BYTES = 44;
/** RIFF sizes are 32-bit; stop short of them rather than write a file nothing can read. */
const MAX_DATA_BYTES = 0xffffffff - HEADER_BYTES;

export function wavHeader(format: PcmFormat, dataBytes: number): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  const frame = bytesPerFrame(format);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(format.channels, 22);
  h.writeUInt32LE(format.rate, 24);
  h.writeUInt32LE(format.rate * frame, 28);
  h.writeUInt16LE(frame, 32);
  h.writeUInt16LE(SAMPLE_BITS[format.sample], 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

export class FileOutput implements PcmOutput {
  readonly kind = 'file';
  readonly soundsAfterPause = false;
  format: PcmFormat | null = null;
  private handle: FileHandle | null = null;
  private tmp = '';
  private dataBytes = 0;

  constructor(readonly target: string) {}

  async open(format: PcmFormat): Promise<void> {
    await this.close();
    const dir = path.dirname(this.target);
    this.tmp = path.join(dir, `.${path.basename(this.target)}.${randomBytes(6).toString('hex')}`);
    try {
      this.handle = await fs.open(this.tmp, 'wx', 0o644);
      await this.handle.write(wavHeader(format, 0), 0, HEADER_BYTES, 0);
    } catch (err) {
      throw new TonearmError(
        'OUTPUT_OPEN_FAILED',
        `cannot write the output file ${this.target}: ${describeError(err)}. ` +
          'Check that [audio] device names a file in a writable directory.',
        { cause: err },
      );
    }
    this.format = format;
    this.dataBytes = 0;
  }

  async write(pcm: Uint8Array): Promise<void> {
    if (!this.handle) return;
    if (this.dataBytes + pcm.byteLength > MAX_DATA_BYTES) {
      throw new TonearmError('OUTPUT_WRITE_FAILED', `${this.target}: WAV file is full (4 GiB)`);
    }
    try {
      await this.handle.write(pcm, 0, pcm.byteLength, HEADER_BYTES + this.dataBytes);
    } catch (err) {
      throw new TonearmError('OUTPUT_WRITE_FAILED', `${this.target}: ${describeError(err)}`);
    }
    this.dataBytes += pcm.byteLength;
  }

  async drain(): Promise<void> {
    const handle = this.handle;
    const format = this.format;
    if (!handle || !format) return;
    this.handle = null;
    this.format = null;
    try {
      await handle.write(wavHeader(format, this.dataBytes), 0, HEADER_BYTES, 0);
      await handle.sync();
      await handle.close();
      await fs.rename(this.tmp, this.target);
    } catch (err) {
      await fs.rm(this.tmp, { force: true });
      throw new TonearmError('OUTPUT_WRITE_FAILED', `${this.target}: ${describeError(err)}`);
    }
  }

  /** Stop or seek: what was written so far is kept, as a whole file, like drain. */
  async close(): Promise<void> {
    await this.drain();
  }

  pause(): void {}

  resume(): void {}

  /** A file hears everything the moment it is written. */
  delayFrames(): number {
    return 0;
  }
}
