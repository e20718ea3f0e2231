/**
 * What the player does when the audio pipeline or the queue reports something:
 * - started: the current entry really began (history, trail), or the pipeline moved on to the
 *   entry handed to it with setNext (a gapless change of the current entry);
 * - drained: the last entry ended with nothing after it, so playback stops (or, if the next
 *   entry was not ready in time, it is started now);
 * - failed: publish audio.error and skip to the next entry, but stop after a run of
 *   consecutive failures rather than spin through a queue of unplayable entries;
 * - the queue changed: keep the random order in step, and move on if the playing entry left.
 */
import type { TonearmError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { nextStep, successorAfterRemoval } from './modes.ts';
import { reconcileOrder } from './order.ts';
import type { Playback } from './playback.ts';
import type { QueueChange } from './queue.ts';
import type { Serial } from './serial.ts';

/** After this many entries in a row fail to play, stop rather than run through the queue. */
export const MAX_CONSECUTIVE_FAILURES = 5;
/** How many played entries `previous` can walk back through in random mode. */
const TRAIL_LIMIT = 500;
/** Failures of the output itself: the next entry would fail the same way. */
const OUTPUT_ERRORS = new Set(['OUTPUT_OPEN_FAILED', 'OUTPUT_WRITE_FAILED']);

export class PlaybackEvents {
  private failures = 0;

  constructor(
    private readonly p: Playback,
    private readonly serial: Serial,
    private readonly log: Logger,
    private readonly maxFailures = MAX_CONSECUTIVE_FAILURES,
  ) {
    const { audio, queue } = p.deps;
    p.onStartFailed = (id, error) => this.failed(id, error);
    queue.onChange((change) => this.queueChanged(change));
    audio.setListener({
      started: (id) => this.later('started', () => this.started(id)),
      drained: (id) => this.later('drained', () => this.drained(id)),
      failed: (id, error) => this.later('failed', () => this.failed(id, error)),
      title: (id, title) => this.title(id, title),
    });
  }

  private later(name: string, handle: () => Promise<void>): void {
    this.serial.run(handle).catch((err: unknown) => {
      this.log.error({ err, event: name }, 'error while handling an audio event');
    });
  }

  private async started(entryId: number): Promise<void> {
    const p = this.p;
    if (p.awaitingStart && entryId === p.current?.id) {
      p.awaitingStart = false;
    } else if (p.pending?.play === entryId && p.state !== 'stopped') {
      // The pipeline moved on to the entry handed to it with setNext: a gapless change.
      await p.takeStep(p.pending, 'follow');
      p.publishState(0);
      p.updateNext();
    } else {
      this.log.debug({ entryId }, 'ignoring the start of an entry that is no longer current');
      return;
    }

    this.failures = 0;
    if (p.current) p.deps.history.add(p.current);
    if (p.trail.at(-1) !== entryId) p.trail.push(entryId);
    if (p.trail.length > TRAIL_LIMIT) p.trail.splice(0, p.trail.length - TRAIL_LIMIT);
  }

  private async drained(entryId: number): Promise<void> {
    const p = this.p;
    if (entryId !== p.current?.id || p.state === 'stopped') return;
    await p.takeStep(p.pending ?? nextStep(p.cursor(), 'ended', p.shuffler()), 'play');
  }

  private async failed(entryId: number | null, error: TonearmError): Promise<void> {
    const p = this.p;
    const failing = entryId === null ? null : (p.deps.queue.get(entryId) ?? null);
    this.log.warn({ entryId, uri: failing?.uri, code: error.code, err: error }, 'cannot play');
    p.deps.bus.emit('audio.error', {
      code: error.code,
      message: error.message,
      ...(failing ? { uri: failing.uri } : {}),
    });

    if (entryId === null || OUTPUT_ERRORS.has(error.code)) return p.stopAt(p.current);
    if (entryId !== p.current?.id) {
      if (p.pending?.play !== entryId) return; // about an entry already left behind
      await p.takeStep(p.pending, 'follow'); // the next entry failed on its way in
    }

    // A queue shorter than the limit stops once every entry has failed once.
    this.failures++;
    const limit = Math.max(1, Math.min(this.maxFailures, p.deps.queue.length));
    if (this.failures >= limit) {
      this.log.warn({ failures: this.failures }, 'stopping: entries keep failing to play');
      this.failures = 0;
      return p.stopAt(p.current);
    }
    await p.takeStep(nextStep(p.cursor(), 'skip', p.shuffler()), 'play');
  }

  private title(entryId: number, title: string): void {
    const entry = this.p.deps.queue.get(entryId);
    if (entry && typeof title === 'string') {
      this.p.streamTitle = { entryId, title: title.slice(0, 500) };
      this.p.deps.bus.emit('stream.title', { uri: entry.uri, title: this.p.streamTitle.title });
    }
  }

  /** Runs synchronously inside the queue change, so the random order is never out of step. */
  private queueChanged(change: QueueChange): void {
    const p = this.p;
    const { queue, random } = p.deps;
    const before = p.modes.random ? p.randomOrder : change.before;
    const current = p.current;
    if (p.modes.random) {
      p.randomOrder = reconcileOrder(p.randomOrder, queue.ids(), p.currentId(), random);
    }
    p.trail = p.trail.filter((id) => queue.has(id));

    if (!current || !change.removed.includes(current.id)) return p.updateNext();

    // The playing (or current) entry left the queue: move on to what followed it, as MPD does.
    const isQueued = (id: number) => queue.has(id);
    const target = successorAfterRemoval(before, current.id, isQueued, p.modes.repeat);
    this.serial
      .run(async () => {
        if (p.current?.id !== current.id) return; // something else moved on meanwhile
        const entry = target === null ? null : (queue.get(target) ?? null);
        if (p.state === 'playing' && entry) return p.start(entry, 0);
        return p.stopAt(entry);
      })
      .catch((err: unknown) => this.log.error({ err }, 'cannot move on from a removed entry'));
  }
}
