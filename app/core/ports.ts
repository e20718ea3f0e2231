/**
 * The interfaces through which Core meets the parts it must not import (Audio, Library,
 * Hardware) and through which frontends meet the Library. app/main.ts hands Core real
 * implementations, tests hand it fakes or nulls; Core cannot tell the difference.
 */
import type { TonearmError } from '../errors.ts';
import type { PlayableSource, Track } from './types.ts';

// ---------------------------------------------------------------- backends

/** Turns a URI into metadata and into something Audio can play. One per URI scheme. */
export interface Backend {
  /** The URI scheme this backend answers for, without the colon: 'local', 'stream'. */
  readonly scheme: string;
  /** Metadata for a URI, or null when it names nothing this backend knows. */
  lookup(uri: string): Promise<Track | null>;
  /** A playable source; throws TonearmError (URI_*, TRACK_NOT_FOUND) for anything else. */
  resolve(uri: string): Promise<PlayableSource>;
}

// ---------------------------------------------------------------- audio

export interface AudioItem {
  /** The queue entry this audio belongs to, echoed back in events. */
  entryId: number;
  source: PlayableSource;
}

export interface AudioListener {
  /** The first frame of this entry was handed to the output (also after a gapless change). */
  started(entryId: number): void;
  /** The last frame of this entry was played and no next item was set: the output is idle. */
  drained(entryId: number): void;
  /** Decoding or output failed for this entry (null: not tied to one). Playback stops. */
  failed(entryId: number | null, error: TonearmError): void;
  /** A stream announced a new title (ICY metadata). */
  title?(entryId: number, title: string): void;
}

/**
 * The audio pipeline as Core sees it: one current item, at most one next item that follows
 * without a gap, and transport controls. Implementations decode off the main thread.
 */
export interface AudioPlayer {
  setListener(listener: AudioListener): void;
  /** Replace whatever plays with `item`, starting at `startMs`. */
  play(item: AudioItem, startMs?: number): Promise<void>;
  /** The item to continue with when the current one ends, or null to stop there. */
  setNext(item: AudioItem | null): void;
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
  seek(positionMs: number): Promise<void>;
  /** Position of the current item as heard, in milliseconds. */
  positionMs(): number;
  /** Linear gain 0..1 applied to samples; used only by the software mixer. */
  setSoftwareGain(gain: number): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- mixer

export interface MixerLevel {
  /** 0-100 on the perceptual scale the user sees. */
  volume: number;
  mute: boolean;
}

/**
 * A mixer device: an ALSA control, the software gain, or nothing. `apply` never blocks and
 * never queues: drivers keep at most one write in flight and the newest level wins.
 */
export interface MixerDriver {
  readonly name: string;
  apply(level: MixerLevel): void;
  /** The device's current level, or null when it has none worth reading. */
  read(): Promise<MixerLevel | null>;
  /** Called when the device fails; playback carries on. */
  setFaultListener(listener: (error: TonearmError) => void): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- library, for frontends

export interface SearchQuery {
  any?: string;
  artist?: string;
  albumArtist?: string;
  album?: string;
  title?: string;
  genre?: string;
  date?: string;
}

export interface BrowseRef {
  type: 'directory' | 'artist' | 'albumartist' | 'album' | 'genre' | 'track';
  uri: string;
  name: string;
}

export interface AlbumArt {
  mime: string;
  data: Uint8Array;
}

export interface ScanSummary {
  seen: number;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  failed: number;
  durationMs: number;
}

export interface LibraryService {
  search(query: SearchQuery, limit?: number): Track[];
  /** Children of a browse URI; `local:` is the root. */
  browse(uri: string): BrowseRef[];
  lookup(uri: string): Track | null;
  /** Art for a track URI or an album id, from embedded pictures or cover/folder files. */
  art(ref: { trackUri: string } | { albumId: string }): Promise<AlbumArt | null>;
  scan(): Promise<ScanSummary>;
  close(): void;
}
