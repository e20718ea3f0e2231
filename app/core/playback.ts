/**
 * The player's state and the transitions between states: what plays, in which modes, what
 * follows it, and the calls into the audio pipeline that make it so. player.ts turns commands
 * into these transitions and playback-events.ts turns pipeline and queue events into them;
 * neither touches the pipeline directly.
 *
 * While an entry plays, the one that follows is handed to the pipeline ahead of time (setNext)
 * so it decodes ahead and follows without a gap. That choice is redone whenever the queue or
 * the modes change.
 */
import { TonearmError, describeError, isTonearmError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { EventBus } from './events.ts';
import type { History } from './history.ts';
import { nextStep, type Cursor, type Shuffler, type Step } from './modes.ts';
import { shuffleAvoiding, type RandomSource } from './order.ts';
import type { AudioPlayer, Backend } from './ports.ts';
import type { Queue } from './queue.ts';
import type { PlaybackModes, PlaybackState, QueueEntry } from './types.ts';

export interface PlaybackDeps {
  bus: EventBus;
  audio: AudioPlayer;
  backend: Backend;
  queue: Queue;
  history: History;
  log: Logger;
  random: RandomSource;
}

/** How a step is carried out; see takeStep. */
export type StepHow = 'play' | 'follow' | 'cursor';

export class Playback {
  state: PlaybackState = 'stopped';
  current: QueueEntry | null = null;
  /** The last stream title and the entry it came with; stale once `current` moves on. */
  streamTitle: { entryId: number; title: string } | null = null;
  modes: PlaybackModes = { repeat: false, random: false, single: false, consume: false };
  /** The shuffled order of entry ids, kept in step with the queue while random is on. */
  randomOrder: number[] = [];
  /** Entries that actually started, oldest first: where `previous` goes in random mode. */
  trail: number[] = [];
  /** What happens when the current entry ends, as last handed to the pipeline. */
  pending: Step | null = null;
  /** play() was called for the current entry and its `started` has not come yet. */
  awaitingStart = false;
  /** Where play() starts the current entry from while stopped (a restored position). */
  resumeAtMs = 0;
  /** Called when starting an entry fails before the pipeline could report it. */
  onStartFailed: (entryId: number, error: TonearmError) => Promise<void> = async () => {};

  private pendingGeneration = 0;
  private holdNext = false;

  constructor(readonly deps: PlaybackDeps) {}

  order(): readonly number[] {
    return this.modes.random ? this.randomOrder : this.deps.queue.ids();
  }

  currentId(): number | null {
    return this.current?.id ?? null;
  }

  cursor(): Cursor {
    return { order: this.order(), current: this.currentId(), modes: this.modes };
  }

  shuffler(): Shuffler {
    return (ids, avoid) => shuffleAvoiding(ids, this.deps.random, avoid);
  }

  positionMs(): number {
    return this.state === 'stopped' ? this.resumeAtMs : this.deps.audio.positionMs();
  }

  /**
   * Carry out a step from modes.ts: adopt its modes and order, move the current entry, and
   * consume the entry left behind. `how` says what the pipeline does: 'play' starts the step's
   * entry (or stops), 'follow' means the pipeline already moved on by itself (gapless), and
   * 'cursor' only moves the current entry while stopped.
   */
  async takeStep(step: Step, how: StepHow): Promise<void> {
    this.holdNext = true;
    try {
      if (this.modes.random) this.randomOrder = [...step.order];
      this.applyModes(step.modes);

      const target = step.play ?? step.current;
      const entry = target === null ? null : (this.deps.queue.get(target) ?? null);
      this.current = how === 'follow' ? (entry ?? this.current) : entry;

      // Only once `current` has moved on, so the queue listener does not take this for a
      // removal of the playing entry; and before the state is published, so whoever hears
      // the new state sees the queue as it is.
      const consumed = step.consume;
      if (consumed !== null && consumed !== target && this.deps.queue.has(consumed)) {
        this.deps.queue.remove([consumed]);
      }

      if (how === 'cursor') {
        this.resumeAtMs = 0;
        this.publishState();
      } else if (how === 'play' && (step.play === null || !entry)) {
        await this.stopAt(entry);
      }
    } finally {
      this.holdNext = false;
    }

    if (how === 'play' && step.play !== null && this.current?.id === step.play) {
      await this.start(this.current, 0);
    }
  }

  /** Hand `entry` to the pipeline from `startMs`. A failure is handled like a failed event. */
  async start(entry: QueueEntry, startMs: number): Promise<void> {
    this.current = entry;
    this.resumeAtMs = 0;
    this.awaitingStart = true;
    this.setState('playing', startMs);

    try {
      const source = await this.deps.backend.resolve(entry.uri);
      await this.deps.audio.play({ entryId: entry.id, source }, startMs);
    } catch (err) {
      const error = isTonearmError(err)
        ? err
        : new TonearmError('DECODE_FAILED', `cannot play ${entry.uri}: ${describeError(err)}`);
      return this.onStartFailed(entry.id, error);
    }
    this.updateNext();
  }

  /** Back to the start of the current entry: a seek, or a fresh start where seeking fails. */
  async restart(): Promise<void> {
    const current = this.current;
    if (!current) return;
    try {
      await this.deps.audio.seek(0);
      this.deps.bus.emit('player.seeked', { positionMs: 0 });
    } catch {
      // A live stream cannot seek: start it again instead.
      await this.start(current, 0);
    }
  }

  pause(): void {
    this.deps.audio.pause();
    this.setState('paused');
  }

  resume(): void {
    this.deps.audio.resume();
    this.setState('playing');
  }

  /** Stop the pipeline and leave `current` as the entry a later play() starts from. */
  async stopAt(current: QueueEntry | null): Promise<void> {
    if (this.state !== 'stopped') await this.deps.audio.stop();
    this.pending = null;
    this.pendingGeneration++;
    this.awaitingStart = false;
    this.current = current;
    this.resumeAtMs = 0;
    this.setState('stopped');
  }

  /**
   * Work out what follows the current entry and hand it to the pipeline ahead of time. The
   * source is resolved asynchronously; an answer that arrives after a newer choice is dropped.
   */
  updateNext(): void {
    // In the middle of a step: the step ends by choosing the next entry itself.
    if (this.holdNext) return;
    const generation = ++this.pendingGeneration;
    if (this.state === 'stopped' || !this.current) {
      this.pending = null;
      return;
    }

    const step = nextStep(this.cursor(), 'ended', this.shuffler());
    this.pending = step;
    const entry = step.play === null ? null : this.deps.queue.get(step.play);
    if (!entry) return this.deps.audio.setNext(null);

    this.deps.backend.resolve(entry.uri).then(
      (source) => {
        if (generation === this.pendingGeneration) {
          this.deps.audio.setNext({ entryId: entry.id, source });
        }
      },
      (err: unknown) => {
        // Dealt with when playback gets there: starting it then fails and it is skipped.
        this.deps.log.debug({ uri: entry.uri, err }, 'cannot prepare the next entry');
        if (generation === this.pendingGeneration) this.deps.audio.setNext(null);
      },
    );
  }

  applyModes(modes: PlaybackModes): void {
    const keys = Object.keys(modes) as (keyof PlaybackModes)[];
    if (!keys.some((k) => modes[k] !== this.modes[k])) return;

    this.modes = { ...modes };
    this.deps.bus.emit('player.modes', { ...this.modes });
    this.updateNext();
  }

  setState(state: PlaybackState, positionMs = this.positionMs()): void {
    this.state = state;
    this.publishState(positionMs);
  }

  publishState(positionMs = this.positionMs()): void {
    const { state, current } = this;
    this.deps.bus.emit('player.state', { state, current, positionMs });
  }
}
