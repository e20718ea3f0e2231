import type { Logger } from '../log.ts';
import type { PcmFormat } from './format.ts';

/**
 * Listeners that get a copy of the PCM as it is handed to the output (before software gain),
 * e.g. an encoder feeding phones. Each tap has its own small queue served off the playback
 * path: a tap that is slow (returns a promise that takes long) loses blocks, never the music.
 */
/** `pcm` is shared with the output: read it, copy it, never change it. */
export type PcmTap = (format: PcmFormat, pcm: Buffer) => void | Promise<void>;

/** Blocks a tap may have waiting before newer ones are dropped: about 1.5 s of CD audio. */
const MAX_QUEUED = 24;

interface TapState {
  fn: PcmTap;
  queue: { format: PcmFormat; pcm: Buffer }[];
  busy: boolean;
  dropped: number;
}

export class TapSet {
  private taps = new Set<TapState>();

  constructor(private readonly log: Logger) {}

  get size(): number {
    return this.taps.size;
  }

  add(fn: PcmTap): () => void {
    const state: TapState = { fn, queue: [], busy: false, dropped: 0 };
    this.taps.add(state);
    return () => {
      this.taps.delete(state);
      state.queue = [];
    };
  }

  /** Offer a block to every tap; returns at once whatever the taps do. */
  offer(format: PcmFormat, pcm: Buffer): void {
    for (const tap of this.taps) {
      if (tap.queue.length >= MAX_QUEUED) {
        if (tap.dropped++ % 100 === 0) this.log.warn({ dropped: tap.dropped }, 'pcm tap too slow');
        continue;
      }
      tap.queue.push({ format, pcm });
      if (!tap.busy) {
        tap.busy = true;
        setImmediate(() => void this.serve(tap));
      }
    }
  }

  private async serve(tap: TapState): Promise<void> {
    for (;;) {
      const item = tap.queue.shift();
      if (!item || !this.taps.has(tap)) break;
      try {
        await tap.fn(item.format, item.pcm);
      } catch (err) {
        this.log.warn({ err }, 'pcm tap failed; it stays subscribed');
      }
    }
    tap.busy = false;
  }
}
