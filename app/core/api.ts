/**
 * What Core offers every frontend (the web API, knobs, the CLI). Core's classes implement these;
 * frontends depend on these interfaces only, so they can be tested against a Core built with
 * null audio and no hardware.
 */
import type { EventBus } from './events.ts';
import type { HistoryEntry, MixerState, PlaybackModes, PlayerStatus, QueueEntry } from './types.ts';

export interface PlayerApi {
  status(): PlayerStatus;
  /** Play the given entry, or resume / start from the current one. */
  play(entryId?: number): Promise<void>;
  pause(): Promise<void>;
  /** Pause when playing, play otherwise: what a single play/pause button does. */
  toggle(): Promise<void>;
  stop(): Promise<void>;
  next(): Promise<void>;
  previous(): Promise<void>;
  seek(positionMs: number): Promise<void>;
  setModes(modes: Partial<PlaybackModes>): void;
}

export interface QueueApi {
  list(): { version: number; entries: QueueEntry[] };
  /** Resolve and append (or insert at `position`); all-or-nothing: one bad URI adds none. */
  add(uris: string[], position?: number): Promise<QueueEntry[]>;
  remove(entryIds: number[]): void;
  move(entryId: number, toPosition: number): void;
  clear(): void;
  shuffle(): void;
}

export interface MixerApi {
  state(): MixerState;
  /** Clamped to 0..maxVolume; returns the level actually set. */
  setVolume(volume: number): number;
  /** Relative change, as from a knob; returns the level actually set. */
  step(delta: number): number;
  setMute(mute: boolean): void;
}

export interface HistoryApi {
  list(limit?: number): HistoryEntry[];
}

/** Everything a frontend is handed by app/main.ts. */
export interface CoreApi {
  player: PlayerApi;
  queue: QueueApi;
  mixer: MixerApi;
  history: HistoryApi;
  bus: EventBus;
}
