/**
 * The player as frontends see it (PlayerApi): a stopped / playing / paused state machine over
 * the queue. Each command is turned into transitions of Playback (playback.ts); which entry
 * comes next or previous is decided by the pure functions in modes.ts.
 *
 * Commands and pipeline events run one at a time, in arrival order (serial.ts).
 */
import { TonearmError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { PlayerApi } from './api.ts';
import type { EventBus } from './events.ts';
import type { History } from './history.ts';
import { nextStep, parseModes, previousStep } from './modes.ts';
import { promote, shuffleIds, type RandomSource } from './order.ts';
import { PlaybackEvents } from './playback-events.ts';
import { Playback } from './playback.ts';
import type { AudioPlayer, Backend } from './ports.ts';
import type { Queue } from './queue.ts';
import { Serial } from './serial.ts';
import type { MixerState, PlaybackModes, PlayerStatus, QueueEntry } from './types.ts';

export interface PlayerOptions {
  bus: EventBus;
  audio: AudioPlayer;
  backend: Backend;
  queue: Queue;
  history: History;
  mixerState: () => MixerState;
  log: Logger;
  random?: RandomSource;
  /** Stop after this many entries in a row fail (default 5, or the queue length if less). */
  maxConsecutiveFailures?: number;
}

/** What the state file keeps of the player. */
export interface PlayerSnapshot {
  current: number | null;
  positionMs: number;
  modes: PlaybackModes;
}

export class Player implements PlayerApi {
  private readonly p: Playback;
  private readonly serial = new Serial();

  constructor(private readonly o: PlayerOptions) {
    const log = o.log.child({ module: 'player' });
    const random = o.random ?? Math.random;
    this.p = new Playback({ ...o, log, random });
    new PlaybackEvents(this.p, this.serial, log, o.maxConsecutiveFailures);
  }

  status(): PlayerStatus {
    return {
      state: this.p.state,
      current: this.p.current,
      positionMs: this.p.positionMs(),
      modes: { ...this.p.modes },
      mixer: this.o.mixerState(),
      queueVersion: this.o.queue.version,
      streamTitle:
        this.p.streamTitle && this.p.streamTitle.entryId === this.p.current?.id
          ? this.p.streamTitle.title
          : null,
    };
  }

  /** Play `entryId`; without one, resume when paused or start the current (or first) entry. */
  play(entryId?: number): Promise<void> {
    return this.serial.run(() => this.playNow(entryId));
  }

  pause(): Promise<void> {
    return this.serial.run(async () => {
      if (this.p.state === 'playing') this.p.pause();
    });
  }

  /**
   * Pause when playing, play otherwise. Decided when its turn comes, not when it is called,
   * so two quick presses of a play/pause button always mean play-then-pause.
   */
  toggle(): Promise<void> {
    return this.serial.run(async () => {
      if (this.p.state === 'playing') return this.p.pause();
      return this.playNow(undefined);
    });
  }

  /** Stop; the current entry stays current, so play() starts it again from the top. */
  stop(): Promise<void> {
    return this.serial.run(() => this.p.stopAt(this.p.current));
  }

  /**
   * The next entry in the play order (modes.ts 'skip': single mode does not hold it back,
   * consume removes the entry skipped). While stopped it only moves the current entry.
   */
  next(): Promise<void> {
    return this.serial.run(async () => {
      const p = this.p;
      if (p.state !== 'stopped') {
        return p.takeStep(nextStep(p.cursor(), 'skip', p.shuffler()), 'play');
      }
      // Nothing has played, so nothing is consumed and no oneshot fires.
      const cursor = { ...p.cursor(), modes: { ...p.modes, consume: false } };
      const step = nextStep(cursor, 'skip', p.shuffler());
      return p.takeStep({ ...step, modes: p.modes }, 'cursor');
    });
  }

  /**
   * The previous entry: the one before in the queue, or in random mode the one that played
   * before. More than 3 s into a track (RESTART_THRESHOLD_MS) restarts the track instead,
   * as a CD player's back button does.
   */
  previous(): Promise<void> {
    return this.serial.run(async () => {
      const p = this.p;
      const choice = previousStep({ ...p.cursor(), trail: p.trail, positionMs: p.positionMs() });
      if (!choice || !p.current) return;

      p.trail = choice.trail;
      const entry = this.o.queue.get(choice.play) as QueueEntry;
      if (p.state === 'stopped') {
        p.current = entry;
        p.resumeAtMs = 0;
        return p.publishState();
      }
      if (entry.id === p.current.id) return p.restart();
      return p.start(entry, 0);
    });
  }

  /** Seek in the current entry; while stopped this starts it at that position. */
  seek(positionMs: number): Promise<void> {
    return this.serial.run(async () => {
      if (typeof positionMs !== 'number' || !Number.isFinite(positionMs) || positionMs < 0) {
        throw new TonearmError('REQUEST_INVALID', `seek position must be >= 0 ms: ${positionMs}`);
      }
      const p = this.p;
      if (!p.current) throw new TonearmError('PLAYER_NOTHING_TO_PLAY', 'nothing to seek in');
      if (p.state === 'stopped') return p.start(p.current, positionMs);

      await p.deps.audio.seek(positionMs);
      p.deps.bus.emit('player.seeked', { positionMs });
    });
  }

  setModes(changes: Partial<PlaybackModes>): void {
    const p = this.p;
    const wanted = { ...p.modes, ...parseModes(changes) };
    if (wanted.random && !p.modes.random) {
      // A fresh shuffle that starts at the current entry: everything else is still to come.
      p.randomOrder = shuffleIds(this.o.queue.ids(), p.deps.random, p.currentId());
    }
    p.applyModes(wanted);
  }

  private async playNow(entryId: number | undefined): Promise<void> {
    const p = this.p;
    if (entryId !== undefined) {
      const entry = this.o.queue.get(entryId);
      if (!entry) throw new TonearmError('QUEUE_ENTRY_NOT_FOUND', `no queue entry ${entryId}`);
      // Jumping in random mode: the chosen entry counts as played in this pass.
      if (p.modes.random) p.randomOrder = promote(p.randomOrder, p.currentId(), entryId);
      return p.start(entry, 0);
    }
    if (p.state === 'paused') return p.resume();
    if (p.state === 'playing') return;
    if (p.current) return p.start(p.current, p.resumeAtMs);

    if (p.modes.random) p.randomOrder = shuffleIds(this.o.queue.ids(), p.deps.random);
    const first = p.order()[0];
    if (first === undefined) {
      throw new TonearmError('PLAYER_NOTHING_TO_PLAY', 'the queue is empty: add something first');
    }
    return p.start(this.o.queue.get(first) as QueueEntry, 0);
  }

  // ------------------------------------------------------------------ for createCore

  snapshot(): PlayerSnapshot {
    const p = this.p;
    return { current: p.currentId(), positionMs: p.positionMs(), modes: { ...p.modes } };
  }

  /** Put back what was saved before a restart. Playback stays stopped until asked. */
  restore(saved: PlayerSnapshot): void {
    const p = this.p;
    p.current = saved.current === null ? null : (this.o.queue.get(saved.current) ?? null);
    p.resumeAtMs = p.current ? saved.positionMs : 0;
    this.setModes(saved.modes);
  }

  /** The current entry: what QueueApi.shuffle keeps at the top. */
  currentId(): number | null {
    return this.p.currentId();
  }

  /** Resolves once every command and event handed in so far has been dealt with. */
  settled(): Promise<void> {
    return this.serial.settled();
  }
}
