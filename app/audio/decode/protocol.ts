import type { PcmFormat } from '../format.ts';
import type { Codec } from './codec.ts';

/**
 * Messages between the player (main thread) and the decode worker. Every job has an id; the
 * worker keeps at most WINDOW blocks of a job unacknowledged, so a job decoded ahead (the next
 * track) holds a few blocks, not the whole track.
 */
export const WINDOW = 3;

export type ToWorker =
  | { type: 'file'; id: number; path: string; startMs: number }
  /** A byte stream with a known codec; the bytes follow in `bytes` messages. */
  | { type: 'stream'; id: number; codec: Codec; startMs: number }
  | { type: 'bytes'; id: number; chunk: Uint8Array }
  | { type: 'bytes-end'; id: number }
  | { type: 'ack'; id: number }
  | { type: 'cancel'; id: number }
  /** A liveness check for the watchdog: the worker answers `pong` with the same id. */
  | { type: 'ping'; id: number };

export type FromWorker =
  /** Sent once, when the worker has loaded its modules. */
  | { type: 'ready'; id: 0 }
  | { type: 'pong'; id: number }
  | { type: 'block'; id: number; format: PcmFormat; pcm: Uint8Array }
  | { type: 'end'; id: number }
  | { type: 'warning'; id: number; message: string }
  | { type: 'error'; id: number; message: string };
