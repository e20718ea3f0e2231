import { open, type FileHandle } from 'node:fs/promises';
import { msToFrames } from '../format.ts';

/**
 * Seeking in MP3 files without decoding up to the seek point: walk the frame headers (a few
 * bytes each) to the frame holding the target, and decode from a few frames before it.
 *
 * mpg123 trims the encoder delay and padding only when it reads the LAME header in the first
 * frame, so a decode that starts mid-file gets the untrimmed timeline. This module works out
 * where that lands on the trimmed timeline the listener knows: the sample of untrimmed output
 * n is n - (delay + 529), 529 being the decoder's own delay; the track ends at
 * frames * 1152 - delay - padding. Only MPEG-1 Layer III with a LAME header is handled
 * (nearly every MP3 in a library); anything else returns null and is decoded from the start.
 */

export interface Mp3SeekStart {
  /** Byte offset of the frame to start decoding at. */
  from: number;
  /** Trimmed-timeline sample of the first decoded sample; negative when before the track. */
  frames: number;
  /** Frames from the start position to the track's end: cut the output there. */
  keep: number;
}

const SAMPLES = 1152;
const DECODER_DELAY = 529;
/** Frames decoded before the target and thrown away: they refill the bit reservoir. */
const PREROLL = 3;
const BITRATES = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0];
const RATES = [44100, 48000, 32000, 0];

/** Length in bytes and sample rate of an MPEG-1 Layer III frame header at `p`, or null. */
function frameAt(b: Buffer, p: number): { length: number; rate: number; mono: boolean } | null {
  if (b[p] !== 0xff || (b[p + 1]! & 0xfe) !== 0xfa) return null;
  const bitrate = BITRATES[b[p + 2]! >> 4]!;
  const rate = RATES[(b[p + 2]! >> 2) & 3]!;
  if (!bitrate || !rate) return null;
  const padding = (b[p + 2]! >> 1) & 1;
  return {
    length: Math.floor((144000 * bitrate) / rate) + padding,
    rate,
    mono: b[p + 3]! >> 6 === 3,
  };
}

async function readAt(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, offset);
  return buf.subarray(0, bytesRead);
}

/** Frame count, delay and padding from the Xing/Info and LAME headers of the first frame. */
function lameInfo(frame: Buffer, mono: boolean) {
  const xing = mono ? 21 : 36;
  const tag = frame.toString('latin1', xing, xing + 4);
  if (tag !== 'Xing' && tag !== 'Info') return null;
  const flags = frame.readUInt32BE(xing + 4);
  if (!(flags & 1)) return null;
  const frames = frame.readUInt32BE(xing + 8);
  let lame = xing + 12 + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
  // LAME writes "LAME3.100", ffmpeg "Lavc61.3"; both put delay and padding at the same place.
  const encoder = frame.toString('latin1', lame, lame + 4);
  if (!/^(LAME|Lav[cf]|L3\.|GOGO)/.test(encoder) || lame + 24 > frame.length) return null;
  lame += 21;
  const delay = (frame[lame]! << 4) | (frame[lame + 1]! >> 4);
  const padding = ((frame[lame + 1]! & 0x0f) << 8) | frame[lame + 2]!;
  return { frames, delay, padding };
}

export async function mp3SeekStart(file: string, targetMs: number): Promise<Mp3SeekStart | null> {
  const handle = await open(file, 'r');
  try {
    const id3 = await readAt(handle, 0, 10);
    let pos = 0;
    if (id3.toString('latin1', 0, 3) === 'ID3') {
      pos = 10 + ((id3[6]! << 21) | (id3[7]! << 14) | (id3[8]! << 7) | id3[9]!);
      if (id3[5]! & 0x10) pos += 10;
    }

    const first = await readAt(handle, pos, 2048);
    const header = frameAt(first, 0);
    const info = header && lameInfo(first.subarray(0, header.length), header.mono);
    if (!header || !info) return null;

    const lead = info.delay + DECODER_DELAY;
    const target = msToFrames(targetMs, header.rate);
    const startFrame = Math.max(0, Math.floor((target + lead) / SAMPLES) - PREROLL);
    const keep = info.frames * SAMPLES - info.delay - info.padding - target;

    // Walk from the first audio frame (after the Info frame) to the one to start at.
    let offset = pos + header.length;
    let chunk: Buffer = Buffer.alloc(0);
    let chunkStart = offset;
    for (let n = 0; n < startFrame; n++) {
      if (offset + 4 > chunkStart + chunk.length) {
        chunkStart = offset;
        chunk = await readAt(handle, offset, 256 * 1024);
        if (chunk.length < 4) return null;
      }
      const frame = frameAt(chunk, offset - chunkStart);
      if (!frame || frame.rate !== header.rate) return null;
      offset += frame.length;
    }
    return { from: offset, frames: startFrame * SAMPLES - lead, keep };
  } finally {
    await handle.close();
  }
}
