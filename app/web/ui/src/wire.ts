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
  /** A stream's latest announced title for the current entry. */
  streamTitle: string | null;
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

/** GET /api/v1/session: who this browser is. `role` is null when it must pair first. */
export interface Session {
  authenticated: boolean;
  role: Role | null;
  name: string | null;
  credentialId: string | null;
  guestMode: boolean;
  https: boolean;
  fingerprint: string | null;
}

/** A paired device as owners see it (never its token). */
export interface Device {
  id: string;
  role: 'owner' | 'listener';
  name: string;
  created: string;
  lastUsed: string | null;
}

export interface PairingRequest {
  /** The phone's secret for collecting its cookie once approved. */
  id: string;
  code: string;
  expiresAt: string;
  /** SHA-256 fingerprint of the box's certificate, in HTTPS mode only. */
  fingerprint: string | null;
}

export type ClaimResult =
  | { state: 'pending'; expiresAt: string }
  | { state: 'approved'; role: 'owner' | 'listener'; credentialId: string };

/** One message on /api/v1/events. */
export interface LiveEvent {
  event: string;
  data: unknown;
}
