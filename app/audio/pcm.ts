import { bytesPerFrame, bytesPerSample, type PcmFormat, type SampleFormat } from './format.ts';

/**
 * Sample arithmetic: turning the WASM decoders' planar floats into interleaved integers, and the
 * software gain. Everything works on little-endian bytes because every output takes those.
 */

/**
 * Interleave planar float channels into integer PCM. `scale` is what one full-scale float maps
 * to: lossless decoders divide by 2^(bits-1) - 1, so multiplying by the same number gives the
 * original integers back exactly; lossy decoders use 2^(bits-1), as ffmpeg and mpg123 do.
 * `shift` moves samples up when the container is wider than the source (20 bits in S24_3LE).
 */
export function floatToPcm(
  channelData: Float32Array[],
  frames: number,
  sample: SampleFormat,
  scale: number,
  shift = 0,
): Buffer {
  const channels = channelData.length;
  const width = bytesPerSample(sample);
  const max = 2 ** (width * 8 - 1) - 1;
  const min = -max - 1;
  const mul = 2 ** shift;

  // Typed arrays write in the host's byte order; every machine Tonearm runs on (x86-64, ARM)
  // is little-endian, which is what the outputs want.
  const ints = width === 2 ? new Int16Array(frames * channels) : new Int32Array(frames * channels);
  for (let c = 0; c < channels; c++) {
    const plane = channelData[c] as Float32Array;
    for (let i = 0, o = c; i < frames; i++, o += channels) {
      const v = Math.round(plane[i]! * scale) * mul;
      ints[o] = v > max ? max : v < min ? min : v;
    }
  }
  if (width !== 3) return Buffer.from(ints.buffer, 0, ints.byteLength);

  const out = Buffer.allocUnsafe(ints.length * 3);
  for (let i = 0, o = 0; i < ints.length; i++, o += 3) {
    const v = ints[i]!;
    out[o] = v & 0xff;
    out[o + 1] = (v >> 8) & 0xff;
    out[o + 2] = (v >> 16) & 0xff;
  }
  return out;
}

/** A copy of `pcm` with every sample multiplied by `gain` (0..1), rounded to nearest. */
export function applyGain(pcm: Uint8Array, format: PcmFormat, gain: number): Buffer {
  const src = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const out = Buffer.allocUnsafe(src.length);
  const width = bytesPerSample(format.sample);
  const usable = src.length - (src.length % bytesPerFrame(format));

  for (let o = 0; o < usable; o += width) {
    if (width === 2) out.writeInt16LE(Math.round(src.readInt16LE(o) * gain), o);
    else if (width === 3) out.writeIntLE(Math.round(src.readIntLE(o, 3) * gain), o, 3);
    else out.writeInt32LE(Math.round(src.readInt32LE(o) * gain), o);
  }
  return out;
}

/** Signed little-endian samples of `pcm`, for tests and benchmarks that compare audio. */
export function readSamples(pcm: Uint8Array, sample: SampleFormat): Int32Array {
  const src = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const width = bytesPerSample(sample);
  const out = new Int32Array(Math.floor(src.length / width));
  for (let i = 0; i < out.length; i++) {
    const o = i * width;
    out[i] =
      width === 2 ? src.readInt16LE(o) : width === 3 ? src.readIntLE(o, 3) : src.readInt32LE(o);
  }
  return out;
}
