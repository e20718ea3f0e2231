/** Plain data shared by every part. Nothing here does anything. */

/** A track as the library (or a stream backend) describes it. Times are milliseconds. */
export interface Track {
  uri: string;
  title: string;
  artist: string | null;
  albumArtist: string | null;
  album: string | null;
  genre: string | null;
  date: string | null;
  trackNo: number | null;
  discNo: number | null;
  durationMs: number | null;
  /** Opaque id of the album, for album art and browsing; null when the track has no album. */
  albumId: string | null;
}

/** What Audio needs to play one queue entry. Only Backends create these. */
export type PlayableSource =
  | {
      kind: 'file';
      uri: string;
      /** Absolute path, already confined to the media directory by the library. */
      path: string;
    }
  | {
      kind: 'stream';
      uri: string;
      url: string;
    };

export type PlaybackState = 'stopped' | 'playing' | 'paused';

/** MPD's modes, with MPD's meanings. `single` 'oneshot' stops once and then switches off. */
export interface PlaybackModes {
  repeat: boolean;
  random: boolean;
  single: boolean | 'oneshot';
  consume: boolean | 'oneshot';
}

export interface QueueEntry {
  /** Stable for the life of the entry, never reused within one queue's life. */
  id: number;
  uri: string;
  track: Track | null;
}

export interface MixerState {
  volume: number;
  mute: boolean;
  maxVolume: number;
}

export interface PlayerStatus {
  state: PlaybackState;
  current: QueueEntry | null;
  positionMs: number;
  modes: PlaybackModes;
  mixer: MixerState;
  queueVersion: number;
  /** The latest title a stream announced (ICY metadata) for the current entry, else null. */
  streamTitle: string | null;
}

export interface HistoryEntry {
  uri: string;
  title: string;
  artist: string | null;
  playedAt: string;
}
