/**
 * PCM formats as they travel from a decoder to an output. Sample formats use ALSA's names
 * because the ALSA output hands them to `aplay -f` unchanged.
 */
export type SampleFormat = 'S16_LE' | 'S24_3LE' | 'S32_LE';

export interface PcmFormat {
  /** Frames per second. */
  rate: number;
  channels: number;
  sample: SampleFormat;
}

const BYTES: Record<SampleFormat, number> = { S16_LE: 2, S24_3LE: 3, S32_LE: 4 };

/** Bits of each sample format's container. */
export const SAMPLE_BITS: Record<SampleFormat, number> = { S16_LE: 16, S24_3LE: 24, S32_LE: 32 };

export function bytesPerSample(sample: SampleFormat): number {
  return BYTES[sample];
}

export function bytesPerFrame(format: PcmFormat): number {
  return BYTES[format.sample] * format.channels;
}

export function sameFormat(a: PcmFormat | null, b: PcmFormat | null): boolean {
  if (!a || !b) return false;
  return a.rate === b.rate && a.channels === b.channels && a.sample === b.sample;
}

/** The smallest container that holds `bits` without losing any. */
export function sampleFormatForBits(bits: number): SampleFormat {
  if (bits <= 16) return 'S16_LE';
  if (bits <= 24) return 'S24_3LE';
  return 'S32_LE';
}

export function framesToMs(frames: number, rate: number): number {
  return (frames * 1000) / rate;
}

export function msToFrames(ms: number, rate: number): number {
  return Math.round((ms * rate) / 1000);
}

export function describeFormat(format: PcmFormat): string {
  return `${format.sample} ${format.rate} Hz ${format.channels} ch`;
}
