import type { PcmFormat } from '../format.ts';

/**
 * The codecs the decode worker knows. `mp4` (AAC, ALAC) goes to an ffmpeg child; the others to
 * the WASM decoders, or, for WAV, to a few lines of header parsing.
 */
export type Codec = 'mp3' | 'flac' | 'vorbis' | 'opus' | 'wav' | 'mp4';

export const CODECS: readonly Codec[] = ['mp3', 'flac', 'vorbis', 'opus', 'wav', 'mp4'];

/** One block of decoded audio, interleaved, in `format`. */
export interface DecodedBlock {
  format: PcmFormat;
  pcm: Buffer;
}

/**
 * A decoder fed with the bytes of one encoded stream, in order. This is the seam for network
 * streams: anything that can produce the bytes (a file, an HTTP body) can drive one.
 */
export interface ByteDecoder {
  push(bytes: Uint8Array): Promise<DecodedBlock[]>;
  /** No more bytes: return what the decoder still holds. */
  end(): Promise<DecodedBlock[]>;
  free(): void;
}

function ascii(head: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...head.subarray(start, end));
}

function findAscii(head: Uint8Array, text: string): boolean {
  return Buffer.from(head.buffer, head.byteOffset, head.byteLength).includes(text, 0, 'latin1');
}

/**
 * The codec of a file from its first bytes (at least 64 help), never from its name: a renamed
 * file still plays, and a file that is not audio is refused before any decoder sees it.
 */
export function detectCodec(head: Uint8Array): Codec | null {
  if (head.length < 12) return null;
  if (ascii(head, 0, 4) === 'fLaC') return 'flac';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE') return 'wav';
  if (ascii(head, 4, 8) === 'ftyp') return 'mp4';
  if (ascii(head, 0, 4) === 'OggS') {
    if (findAscii(head, 'OpusHead')) return 'opus';
    if (findAscii(head, 'vorbis')) return 'vorbis';
    if (findAscii(head, 'FLAC')) return 'flac';
    return null;
  }
  if (ascii(head, 0, 3) === 'ID3') return 'mp3';
  // An MPEG audio frame header: 11 sync bits, then a layer that is not the reserved 00.
  if (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0 && ((head[1] ?? 0) & 0x06) !== 0) {
    return 'mp3';
  }
  return null;
}
