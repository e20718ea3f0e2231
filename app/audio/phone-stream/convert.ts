import { bytesPerFrame, type PcmFormat } from '../format.ts';

/**
 * LAME is fed one shape of PCM: signed 16-bit little-endian, one or two channels. Deeper
 * samples keep their top 16 bits (the phone stream is lossy anyway); channels past the second
 * are dropped, since phones play stereo at most.
 */
export function toS16(format: PcmFormat, pcm: Buffer): { pcm: Buffer; channels: 1 | 2 } {
  const channels = format.channels === 1 ? 1 : 2;
  if (format.sample === 'S16_LE' && format.channels === channels) return { pcm, channels };

  const frame = bytesPerFrame(format);
  const width = frame / format.channels;
  const frames = Math.floor(pcm.length / frame);
  const out = Buffer.alloc(frames * channels * 2);
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels; c++) {
      const at = f * frame + c * width;
      // The two most significant bytes of a little-endian sample are its last two.
      out.writeInt16LE(pcm.readInt16LE(at + width - 2), (f * channels + c) * 2);
    }
  }
  return { pcm: out, channels };
}
