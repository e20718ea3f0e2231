/**
 * Encoder acceleration. The speed of the knob is taken from the kernel's timestamps of
 * consecutive detents (not from when we happen to read them), and each detent is worth:
 *
 *   rate <= 5 detents/s          1 point    (a slow turn: one step per click)
 *   5 < rate < 25 detents/s      rising linearly from 1 to 5 points
 *   rate >= 25 detents/s         5 points   (a brisk spin)
 *
 * With a common 20-detent encoder, one turn spun in under 0.8 s moves 100 points: the whole
 * range. Fractions are carried over, so a medium-speed turn is not rounded away. A change of
 * direction starts again from one step, so reversing near the target is always precise.
 */
export const SLOW_RATE = 5;
export const FAST_RATE = 25;
export const MAX_GAIN = 5;

export function gainForRate(detentsPerSecond: number): number {
  if (detentsPerSecond <= SLOW_RATE) return 1;
  if (detentsPerSecond >= FAST_RATE) return MAX_GAIN;
  const t = (detentsPerSecond - SLOW_RATE) / (FAST_RATE - SLOW_RATE);
  return 1 + t * (MAX_GAIN - 1);
}

export class EncoderAccelerator {
  private lastTimeMs: number | null = null;
  private lastSign = 0;
  private carry = 0;

  constructor(private readonly enabled = true) {}

  /** Whole points for `detents` (signed) seen at `timeMs`. */
  step(detents: number, timeMs: number): number {
    if (detents === 0) return 0;
    const sign = Math.sign(detents);
    let gain = 1;

    if (this.enabled && this.lastTimeMs !== null && sign === this.lastSign) {
      const perDetentMs = Math.max(timeMs - this.lastTimeMs, 0) / Math.abs(detents);
      gain = perDetentMs === 0 ? MAX_GAIN : gainForRate(1000 / perDetentMs);
    }
    if (sign !== this.lastSign) this.carry = 0;
    this.lastTimeMs = timeMs;
    this.lastSign = sign;

    const exact = detents * gain + this.carry;
    const whole = Math.trunc(exact);
    this.carry = exact - whole;
    return whole;
  }
}
