import { performance } from 'node:perf_hooks';
import { bytesPerFrame, msToFrames, type PcmFormat } from '../format.ts';
import type { PcmOutput } from './output.ts';

/**
 * A real output that plays into nothing: it models a sound card's buffer of `bufferMs` that a
 * clock empties at the track's rate (times `speed`, for tests), so positions, drains and gapless
 * changes behave as they would with a DAC. Selectable in config for boxes without one.
 */
export class NullOutput implements PcmOutput {
  readonly kind = 'null';
  readonly soundsAfterPause = false;
  readonly target = 'null';
  format: PcmFormat | null = null;

  /** Frames in the modelled device buffer, possibly fractional. */
  private buffered = 0;
  private last = 0;
  private paused = false;
  private resumed: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(
    private readonly bufferMs: number,
    private readonly speed = 1,
  ) {}

  async open(format: PcmFormat): Promise<void> {
    this.format = format;
    this.buffered = 0;
    this.last = performance.now();
  }

  async write(pcm: Uint8Array): Promise<void> {
    const format = this.format;
    if (!format) return;
    const frames = pcm.byteLength / bytesPerFrame(format);
    const capacity = msToFrames(this.bufferMs, format.rate);

    for (;;) {
      if (this.format !== format) return;
      if (this.paused) {
        await this.waitForResume();
        continue;
      }
      this.tick();
      if (this.buffered === 0 || this.buffered + frames <= capacity) break;
      const wait = ((this.buffered + frames - capacity) * 1000) / (format.rate * this.speed);
      await sleep(Math.max(1, wait));
    }
    this.buffered += frames;
  }

  async drain(): Promise<void> {
    const format = this.format;
    while (format && this.format === format) {
      if (this.paused) {
        await this.waitForResume();
        continue;
      }
      this.tick();
      if (this.buffered <= 0) break;
      await sleep(Math.max(1, (this.buffered * 1000) / (format.rate * this.speed)));
    }
    if (this.format === format) this.format = null;
  }

  async close(): Promise<void> {
    this.format = null;
    this.buffered = 0;
    this.resume();
  }

  pause(): void {
    this.tick();
    this.paused = true;
  }

  resume(): void {
    this.last = performance.now();
    this.paused = false;
    this.resumed?.resolve();
    this.resumed = null;
  }

  delayFrames(): number {
    this.tick();
    return Math.round(this.buffered);
  }

  /** Let the modelled card consume what it would have played since the last look. */
  private tick(): void {
    const now = performance.now();
    if (this.format && !this.paused) {
      const played = ((now - this.last) * this.format.rate * this.speed) / 1000;
      this.buffered = Math.max(0, this.buffered - played);
    }
    this.last = now;
  }

  private waitForResume(): Promise<void> {
    if (!this.resumed) {
      let resolve = () => {};
      const promise = new Promise<void>((r) => (resolve = r));
      this.resumed = { promise, resolve };
    }
    return this.resumed.promise;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
