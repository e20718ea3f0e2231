/**
 * The JSON the API sends, as the UI reads it. Written out here rather than imported from
 * app/core: the browser build must not pull server modules in, and the wire format is a
 * contract of its own. Fields the UI does not use are left out.
 */
export type PlaybackState = 'stopped' | 'playing' | 'paused';

export interface Track {
  uri: string;
  title: string;
  artist: string | null;
  album: string | null;
  durationMs: number | null;
  albumId: string | null;
}

export interface QueueEntry {
  id: number;
  uri: string;
  track: Track | null;
}

export interface Modes {
  repeat: boolean;
  random: boolean;
  single: boolean | 'oneshot';
  consume: boolean | 'oneshot';
}

export interface Mixer {
  volume: number;
  mute: boolean;
  maxVolume: number;
}

export interface PlayerStatus {
  state: PlaybackState;
  current: QueueEntry | null;
  positionMs: number;
  modes: Modes;
  mixer: Mixer;
  queueVersion: number;
}

export interface Queue {
  version: number;
  entries: QueueEntry[];
}

export interface BrowseRef {
  type: 'directory' | 'artist' | 'albumartist' | 'album' | 'genre' | 'track';
  uri: string;
  name: string;
}

export interface HistoryEntry {
  uri: string;
  title: string;
  artist: string | null;
  playedAt: string;
}

export type Role = 'owner' | 'listener' | 'guest';

export interface Session {
  role: Role;
  deviceId: string | null;
  name: string | null;
}

export interface Device {
  id: string;
  name: string;
  role: Role;
  createdAt: string | null;
  lastUsedAt: string | null;
  current: boolean;
}

export interface PairingRequest {
  id: string;
  code: string;
  expiresAt: string | null;
  /** SHA-256 fingerprint of the box's certificate, in HTTPS mode only. */
  fingerprint: string | null;
}

export type PairingState = 'pending' | 'approved' | 'refused' | 'expired';

/** One message on /api/v1/events. */
export interface LiveEvent {
  event: string;
  data: unknown;
}
