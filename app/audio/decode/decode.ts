import { createReadStream } from 'node:fs';
import { bytesPerFrame, msToFrames } from '../format.ts';
import { detectCodec, type ByteDecoder, type Codec, type DecodedBlock } from './codec.ts';
import { decodeWithFfmpeg } from './ffmpeg.ts';
import { flacSeekStart } from './flac-seek.ts';
import { mp3SeekStart } from './mp3-seek.ts';
import { createWasmDecoder } from './wasm.ts';
import { WavDecoder, wavSeek } from './wav.ts';

/**
 * Turns encoded bytes into PCM blocks. Runs inside the decode worker; nothing here knows about
 * threads or messages, so a test or benchmark can call it directly.
 */

/** Small reads keep the first PCM quick and each block a fraction of a second. */
const READ_BYTES = 16 * 1024;
/** Blocks larger than this are cut, so the player's buffer bound stays fine-grained. */
const MAX_BLOCK_BYTES = 64 * 1024;

export interface DecodeOptions {
  startMs: number;
  signal: AbortSignal;
  /** Damaged frames the decoder skipped over; playback carries on. */
  onWarning?: (message: string) => void;
}

async function createByteDecoder(codec: Codec, onError: (m: string) => void) {
  if (codec === 'wav') return new WavDecoder();
  if (codec === 'mp4') throw new Error('MP4 audio can only be decoded from a file');
  return createWasmDecoder(codec, onError);
}

/**
 * PCM of an encoded byte stream whose codec is known. This is the entry point for network
 * streams (kind 'stream'): the radio backend hands in the HTTP body and the codec named by its
 * content type.
 */
export async function* decodeBytes(
  codec: Codec,
  bytes: AsyncIterable<Uint8Array>,
  options: DecodeOptions,
): AsyncGenerator<DecodedBlock> {
  const warnings: string[] = [];
  const decoder: ByteDecoder = await createByteDecoder(codec, (m) => {
    warnings.push(m);
    options.onWarning?.(m);
  });

  let produced = 0;
  try {
    for await (const chunk of bytes) {
      if (options.signal.aborted) return;
      for (const block of await decoder.push(chunk)) {
        produced += block.pcm.length;
        yield block;
      }
    }
    for (const block of await decoder.end()) {
      produced += block.pcm.length;
      yield block;
    }
  } finally {
    decoder.free();
  }

  // Decoders skip what they cannot parse; a file of nothing but that is not audio at all.
  if (produced === 0 && !options.signal.aborted) {
    throw new Error(warnings[0] ?? 'no audio could be decoded from it');
  }
}

/** The bytes of `file`: `first`, then the file from byte `from` on. */
async function* readFile(file: string, first: Buffer, from: number, signal: AbortSignal) {
  yield first;
  const stream = createReadStream(file, { start: from, highWaterMark: READ_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal.aborted) return;
      yield chunk;
    }
  } finally {
    stream.destroy();
  }
}

async function readHead(file: string, bytes = READ_BYTES): Promise<Buffer> {
  const stream = createReadStream(file, { start: 0, end: bytes - 1 });
  const parts: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts);
}

/** PCM of a local file, its codec found from its first bytes. */
export async function* decodeFile(
  file: string,
  options: DecodeOptions,
): AsyncGenerator<DecodedBlock> {
  const head = await readHead(file);
  const codec = detectCodec(head);
  if (!codec) throw new Error('not a FLAC, MP3, Ogg Vorbis, Opus, WAV or MP4 audio file');

  // ffmpeg seeks by itself; FLAC through its seek table, MP3 by walking frame headers, WAV by
  // arithmetic; otherwise decoding starts at the top and drops what is before the position.
  if (codec === 'mp4') {
    yield* splitBlocks(decodeWithFfmpeg(file, options.startMs, options.signal));
    return;
  }
  const start = await seekStart(file, codec, head, options.startMs);
  const bytes = readFile(file, start.first, start.from, options.signal);
  const skip = (rate: number) => msToFrames(options.startMs, rate) - start.frames;
  const blocks = skipTo(decodeBytes(codec, bytes, options), skip);
  yield* splitBlocks(start.keep === undefined ? blocks : cutAt(blocks, start.keep));
}

/**
 * Where to start reading so that the decoder begins at, or shortly before, `startMs`: the
 * bytes to feed first (the header), the file offset to go on from, and the frame it reaches.
 */
async function seekStart(
  file: string,
  codec: Codec,
  head: Buffer,
  startMs: number,
): Promise<{ first: Buffer; from: number; frames: number; keep?: number }> {
  const fromStart = { first: head, from: head.length, frames: 0 };
  if (startMs <= 0) return fromStart;
  if (codec === 'wav') return wavSeek(head, startMs) ?? fromStart;
  if (codec === 'mp3') {
    const seek = await mp3SeekStart(file, startMs);
    return seek ? { ...seek, first: Buffer.alloc(0) } : fromStart;
  }
  if (codec !== 'flac') return fromStart;

  const seek = await flacSeekStart(file, startMs);
  if (!seek) return fromStart;
  const first = await readHead(file, seek.metadataEnd);
  return { first, from: seek.frameOffset, frames: seek.sample };
}

/**
 * Drop the first `framesFor(rate)` frames.
 * Known shortcoming: Ogg files and MP3 files without a LAME header are decoded from their start
 * up to the seek point, so seeking to minute 40 of such a file takes seconds (decoding runs at
 * 60-300x realtime on a PC, several times slower on a Pi). Ogg could bisect on page granule
 * positions as FLAC without a seek table bisects on frame headers (flac-seek.ts).
 */
async function* skipTo(blocks: AsyncIterable<DecodedBlock>, framesFor: (rate: number) => number) {
  let skipped = 0;
  for await (const block of blocks) {
    const skip = framesFor(block.format.rate) - skipped;
    if (skip <= 0) {
      yield block;
      continue;
    }
    const frame = bytesPerFrame(block.format);
    const frames = block.pcm.length / frame;
    skipped += Math.min(skip, frames);
    if (skip < frames) yield { format: block.format, pcm: block.pcm.subarray(skip * frame) };
  }
}

/** Stop after `frames` frames: the track's end when the decoder cannot know it. */
async function* cutAt(blocks: AsyncIterable<DecodedBlock>, frames: number) {
  let left = frames;
  for await (const block of blocks) {
    if (left <= 0) return;
    const frame = bytesPerFrame(block.format);
    const have = block.pcm.length / frame;
    yield have <= left ? block : { format: block.format, pcm: block.pcm.subarray(0, left * frame) };
    left -= have;
  }
}

async function* splitBlocks(blocks: AsyncIterable<DecodedBlock>) {
  for await (const block of blocks) {
    const frame = bytesPerFrame(block.format);
    const step = Math.max(frame, MAX_BLOCK_BYTES - (MAX_BLOCK_BYTES % frame));
    for (let o = 0; o < block.pcm.length; o += step) {
      yield { format: block.format, pcm: block.pcm.subarray(o, o + step) };
    }
  }
}
