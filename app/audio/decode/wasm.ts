import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { MPEGDecoder } from 'mpg123-decoder';
import { OggOpusDecoder } from 'ogg-opus-decoder';
import { SAMPLE_BITS, sampleFormatForBits, type PcmFormat } from '../format.ts';
import { floatToPcm } from '../pcm.ts';
import type { ByteDecoder, DecodedBlock } from './codec.ts';

/**
 * The WASM decoders behind one ByteDecoder shape. They are synchronous number crunchers, so this
 * module is only ever loaded inside the decode worker.
 */

interface Decoded {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  bitDepth?: number;
  errors: { message: string }[];
}

interface WasmDecoder {
  ready: Promise<void>;
  decode(data: Uint8Array): Decoded | Promise<Decoded>;
  flush?(): Promise<Decoded>;
  free(): void;
}

/** Lossy codecs have no bit depth; 16 bits is what every DAC takes and what ffmpeg gives. */
const LOSSY_BITS = 16;

function toBlock(decoded: Decoded, lossless: boolean): DecodedBlock[] {
  if (decoded.samplesDecoded === 0) return [];

  const bits = lossless ? (decoded.bitDepth ?? 16) : LOSSY_BITS;
  const sample = sampleFormatForBits(bits);
  const format: PcmFormat = {
    rate: decoded.sampleRate,
    channels: decoded.channelData.length,
    sample,
  };

  // The FLAC decoder divides each integer by 2^(bits-1) - 1; only that scale restores them all.
  const scale = lossless ? 2 ** (bits - 1) - 1 : 2 ** (bits - 1);
  const shift = SAMPLE_BITS[sample] - bits;
  const pcm = floatToPcm(decoded.channelData, decoded.samplesDecoded, sample, scale, shift);
  return [{ format, pcm }];
}

class WasmByteDecoder implements ByteDecoder {
  constructor(
    private readonly decoder: WasmDecoder,
    private readonly lossless: boolean,
    private readonly onError: (message: string) => void,
  ) {}

  async push(bytes: Uint8Array): Promise<DecodedBlock[]> {
    return this.convert(await this.decoder.decode(bytes));
  }

  async end(): Promise<DecodedBlock[]> {
    if (!this.decoder.flush) return [];
    return this.convert(await this.decoder.flush());
  }

  free(): void {
    this.decoder.free();
  }

  private convert(decoded: Decoded): DecodedBlock[] {
    for (const e of decoded.errors) this.onError(e.message);
    return toBlock(decoded, this.lossless);
  }
}

export type WasmCodec = 'mp3' | 'flac' | 'vorbis' | 'opus';

/**
 * A ready decoder for `codec`. `onError` hears the decoder's complaints about damaged frames;
 * the caller decides whether they are fatal.
 */
export async function createWasmDecoder(
  codec: WasmCodec,
  onError: (message: string) => void,
): Promise<ByteDecoder> {
  let decoder: WasmDecoder;
  // mpg123-decoder always returns two channels: a mono MP3 plays as two identical channels,
  // which every stereo DAC wants anyway (test/audio/decode/decode.test.ts shows it).
  if (codec === 'mp3') decoder = new MPEGDecoder({ enableGapless: true }) as WasmDecoder;
  else if (codec === 'flac') decoder = new FLACDecoder() as WasmDecoder;
  else if (codec === 'vorbis') decoder = new OggVorbisDecoder() as WasmDecoder;
  else decoder = new OggOpusDecoder() as unknown as WasmDecoder;

  await decoder.ready;
  return new WasmByteDecoder(decoder, codec === 'flac', onError);
}
