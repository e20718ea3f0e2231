import type { AudioItem, AudioListener, AudioPlayer } from '../core/ports.ts';
import { TonearmError, describeError, isTonearmError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { DecodedBlock } from './decode/codec.ts';
import type { DecodeJob } from './decode/client.ts';
import { bytesPerFrame, describeFormat, framesToMs, sameFormat } from './format.ts';
import type { PcmOutput } from './outputs/output.ts';
import { applyGain } from './pcm.ts';
import type { PcmTap, TapSet } from './taps.ts';

/**
 * The pipeline: decode jobs in, one output out. A single pump loop moves blocks from the
 * current job to the output; when the job ends it carries straight on with the next job, which
 * has been decoding ahead since setNext, so tracks of one format meet without a gap. Each
 * play/seek/stop bumps `generation`, which tells a pump still running for older audio to quit.
 */

/** Starts a decode job for a source; the factory supplies it (files, and later streams). */
export type JobStarter = (item: AudioItem, startMs: number) => DecodeJob;

interface Playing {
  item: AudioItem;
  job: DecodeJob;
  startMs: number;
  framesWritten: number;
  rate: number;
  started: boolean;
  /** Paused with the output closed: resume() decodes again from startMs (see pause). */
  dropped?: boolean;
}

function sameItem(a: AudioItem, b: AudioItem): boolean {
  const x = a.source;
  const y = b.source;
  if (a.entryId !== b.entryId || x.kind !== y.kind || x.uri !== y.uri) return false;
  return x.kind === 'file' ? x.path === (y as typeof x).path : x.url === (y as typeof x).url;
}

const NO_LISTENER: AudioListener = { started() {}, drained() {}, failed() {} };

export class Pipeline implements AudioPlayer {
  private listener = NO_LISTENER;
  private current: Playing | null = null;
  private next: { item: AudioItem; job: DecodeJob } | null = null;
  private generation = 0;
  private pumping: Promise<void> = Promise.resolve();
  private transport: Promise<void> = Promise.resolve();
  private paused = false;
  private unpause: (() => void) | null = null;
  private gain: number | null = null;

  constructor(
    private readonly output: PcmOutput,
    private readonly startJob: JobStarter,
    private readonly taps: TapSet,
    private readonly log: Logger,
    private readonly hooks: {
      ready(): Promise<void>;
      dispose(): Promise<void>;
      probe(timeoutMs: number): Promise<boolean>;
    },
  ) {}

  ready(): Promise<void> {
    return this.hooks.ready();
  }

  /** True when the decode thread answers in time; see DecodeWorker.ping. */
  probe(timeoutMs = 1000): Promise<boolean> {
    return this.hooks.probe(timeoutMs);
  }

  setListener(listener: AudioListener): void {
    this.listener = listener;
  }

  play(item: AudioItem, startMs = 0): Promise<void> {
    return this.serial(() => this.playNow(item, startMs));
  }

  private async playNow(item: AudioItem, startMs: number): Promise<void> {
    await this.halt();
    this.paused = false;
    this.output.resume();

    // Skipping to the item already decoding ahead reuses that work.
    const ahead = this.next;
    if (ahead && startMs === 0 && ahead.item.entryId === item.entryId) {
      this.next = null;
      if (sameItem(ahead.item, item)) {
        this.begin(item, ahead.job, 0, false);
        return;
      }
      ahead.job.cancel();
    }
    this.begin(item, this.startJob(item, startMs), startMs, false);
  }

  setNext(item: AudioItem | null): void {
    if (item && this.next && sameItem(this.next.item, item)) return;
    this.dropNext();
    if (item) this.next = { item, job: this.startJob(item, 0) };
  }

  pause(): void {
    this.paused = true;
    this.output.pause();
    if (this.output.soundsAfterPause) this.inOrder(() => this.dropHeldAudio());
  }

  resume(): void {
    this.paused = false;
    this.output.resume();
    this.unpause?.();
    this.unpause = null;
    if (this.current?.dropped) this.inOrder(() => this.resumeDropped());
  }

  /**
   * Pause on an output that would keep sounding: note the heard position, then close the output
   * (dropping what it holds, as a skip does) and end the decode job. Near a gapless boundary the
   * tail of the previous track still in the buffer is dropped with it.
   */
  private async dropHeldAudio(): Promise<void> {
    const playing = this.current;
    if (!this.paused || !playing || playing.dropped) return;
    const heardMs = this.positionMs();
    await this.halt();
    this.current = { ...playing, startMs: heardMs, framesWritten: 0, dropped: true };
  }

  /** A live stream resumes live; a file from where it was heard. */
  private async resumeDropped(): Promise<void> {
    const p = this.current;
    if (this.paused || !p?.dropped) return;
    const startMs = p.item.source.kind === 'stream' ? 0 : p.startMs;
    this.begin(p.item, this.startJob(p.item, startMs), startMs, p.started);
  }

  /** Queue a transport step from a synchronous call; its failure is logged, not thrown. */
  private inOrder(step: () => Promise<void>): void {
    this.serial(step).catch((err: unknown) => {
      this.log.error({ err: describeError(err) }, 'pause or resume failed');
    });
  }

  stop(): Promise<void> {
    return this.serial(async () => {
      await this.halt();
      this.current = null;
      this.dropNext();
    });
  }

  seek(positionMs: number): Promise<void> {
    return this.serial(async () => {
      const playing = this.current;
      if (!playing) return;
      if (playing.item.source.kind === 'stream') {
        const uri = playing.item.source.uri;
        throw new TonearmError('REQUEST_INVALID', `cannot seek in a live stream: ${uri}`);
      }
      await this.halt();
      const job = this.startJob(playing.item, Math.max(0, positionMs));
      this.begin(playing.item, job, Math.max(0, positionMs), playing.started);
    });
  }

  /** True while an item is being played and not paused: PCM is on its way to the output. */
  sounding(): boolean {
    return this.current !== null && !this.paused;
  }

  positionMs(): number {
    const p = this.current;
    if (!p) return 0;
    const heard = Math.max(0, p.framesWritten - this.output.delayFrames());
    return Math.round(p.startMs + framesToMs(heard, p.rate));
  }

  setSoftwareGain(gain: number): void {
    if (!Number.isFinite(gain)) return;
    this.gain = Math.min(1, Math.max(0, gain));
  }

  addPcmTap(fn: PcmTap): () => void {
    return this.taps.add(fn);
  }

  async close(): Promise<void> {
    await this.stop();
    await this.hooks.dispose();
  }

  /** A stream announced a title; passed on for the current item only. */
  title(entryId: number, title: string): void {
    if (this.current?.item.entryId !== entryId) return;
    this.notify(() => this.listener.title?.(entryId, title));
  }

  private begin(item: AudioItem, job: DecodeJob, startMs: number, started: boolean): void {
    this.current = { item, job, startMs, framesWritten: 0, rate: 1, started };
    const generation = this.generation;
    this.pumping = this.pump(generation).catch((err: unknown) => {
      this.log.error({ err }, 'audio pump failed');
    });
  }

  /** Run transport changes one at a time, so two quick plays cannot leave two pumps running. */
  private serial(step: () => Promise<void>): Promise<void> {
    const run = this.transport.then(step);
    this.transport = run.catch(() => {});
    return run;
  }

  /**
   * Stop the pump, drop buffered audio, and wait until the old pump has let go. For ALSA this
   * ends the aplay child (a new one starts in a few ms): killing it is the only way to drop the
   * audio already in its pipe, so a skip is heard at once.
   */
  private async halt(): Promise<void> {
    this.generation++;
    this.current?.job.cancel();
    this.unpause?.();
    this.unpause = null;
    await this.output.close();
    await this.pumping;
  }

  private dropNext(): void {
    this.next?.job.cancel();
    this.next = null;
  }

  private async pump(generation: number): Promise<void> {
    const live = () => generation === this.generation;
    while (live()) {
      const playing = this.current as Playing;
      let block: DecodedBlock | null;
      try {
        block = await playing.job.read();
      } catch (err) {
        if (live()) await this.fail(playing.item.entryId, err, 'DECODE_FAILED');
        return;
      }
      if (!live()) return;

      if (block) {
        if (!(await this.deliver(playing, block, live))) return;
        continue;
      }

      // The current item has ended: carry on with the next one without touching the output.
      const next = this.next;
      if (next) {
        this.next = null;
        this.current = { ...next, startMs: 0, framesWritten: 0, rate: 1, started: false };
        continue;
      }
      try {
        await this.output.drain();
      } catch (err) {
        if (live()) await this.fail(playing.item.entryId, err, 'OUTPUT_WRITE_FAILED');
        return;
      }
      if (!live()) return;
      this.current = null;
      this.notify(() => this.listener.drained(playing.item.entryId));
      return;
    }
  }

  /** Hand one block to the output; false when the pump must stop. */
  private async deliver(p: Playing, block: DecodedBlock, live: () => boolean): Promise<boolean> {
    try {
      if (!sameFormat(this.output.format, block.format)) {
        // A new format cannot share the device with the old one: play the old one out first.
        if (this.output.format) await this.output.drain();
        if (!live()) return false;
        this.log.info({ format: describeFormat(block.format) }, 'output opened');
        await this.output.open(block.format);
      }
      while (this.paused && live()) await new Promise<void>((r) => (this.unpause = r));
      if (!live()) return false;

      if (this.taps.size > 0) this.taps.offer(block.format, block.pcm);
      const gain = this.gain;
      const pcm =
        gain === null || gain === 1 ? block.pcm : applyGain(block.pcm, block.format, gain);
      await this.output.write(pcm);
    } catch (err) {
      if (live()) await this.fail(p.item.entryId, err, 'OUTPUT_WRITE_FAILED');
      return false;
    }
    if (!live()) return false;

    p.rate = block.format.rate;
    p.framesWritten += block.pcm.length / bytesPerFrame(block.format);
    if (!p.started) {
      p.started = true;
      this.notify(() => this.listener.started(p.item.entryId));
    }
    return true;
  }

  private async fail(entryId: number, err: unknown, code: 'DECODE_FAILED' | 'OUTPUT_WRITE_FAILED') {
    const error = isTonearmError(err) ? err : new TonearmError(code, describeError(err));
    this.log.error({ entryId, code: error.code, problem: error.message }, 'playback failed');
    this.generation++;
    this.current?.job.cancel();
    this.current = null;
    this.dropNext();
    await this.output.close();
    this.notify(() => this.listener.failed(entryId, error));
  }

  private notify(call: () => void): void {
    try {
      call();
    } catch (err) {
      this.log.error({ err }, 'audio listener threw');
    }
  }
}
