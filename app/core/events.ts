import type {
  HistoryEntry,
  MixerState,
  PlaybackModes,
  PlaybackState,
  QueueEntry,
} from './types.ts';

/** Every event on the bus, by name, with its payload. Frontends forward these to clients. */
export interface TonearmEvents {
  'player.state': { state: PlaybackState; current: QueueEntry | null; positionMs: number };
  'player.seeked': { positionMs: number };
  'player.modes': PlaybackModes;
  'queue.changed': { version: number; length: number };
  'mixer.changed': MixerState;
  'history.added': HistoryEntry;
  'stream.title': { uri: string; title: string };
  'audio.error': { code: string; message: string; device?: string; uri?: string };
  'library.scan': {
    phase: 'started' | 'progress' | 'finished';
    seen: number;
    total: number | null;
    added: number;
    updated: number;
    removed: number;
    failed: number;
  };
}

export type EventName = keyof TonearmEvents;

/** Every event name, for whoever forwards them all (the WebSocket, tests). */
export const EVENT_NAMES = [
  'player.state',
  'player.seeked',
  'player.modes',
  'queue.changed',
  'mixer.changed',
  'history.added',
  'stream.title',
  'audio.error',
  'library.scan',
] as const satisfies readonly EventName[];
// Fails to compile when the bus gains an event this list does not name.
const _everyEvent: Exclude<EventName, (typeof EVENT_NAMES)[number]> extends never ? true : never =
  true;
void _everyEvent;
export type Listener<K extends EventName> = (payload: TonearmEvents[K]) => void;

interface Registration {
  owner: string;
  event: EventName;
  fn: (payload: never) => void;
}

/**
 * The one typed event bus. Listeners are registered under an owner name so that stopping a
 * part (a WebSocket client, an extension) drops all of its listeners in one call. A listener
 * that throws is reported through `onListenerError` and never stops delivery to the others.
 */
export class EventBus {
  private registrations: Registration[] = [];

  constructor(
    private readonly onListenerError: (err: unknown, event: EventName, owner: string) => void = (
      err,
    ) => {
      queueMicrotask(() => {
        throw err;
      });
    },
  ) {}

  on<K extends EventName>(owner: string, event: K, fn: Listener<K>): void {
    this.registrations.push({ owner, event, fn: fn as (payload: never) => void });
  }

  /** Drop every listener registered by `owner`. */
  off(owner: string): void {
    this.registrations = this.registrations.filter((r) => r.owner !== owner);
  }

  emit<K extends EventName>(event: K, payload: TonearmEvents[K]): void {
    for (const r of this.registrations) {
      if (r.event !== event) continue;
      try {
        (r.fn as Listener<K>)(payload);
      } catch (err) {
        this.onListenerError(err, event, r.owner);
      }
    }
  }

  listenerCount(owner?: string): number {
    return owner === undefined
      ? this.registrations.length
      : this.registrations.filter((r) => r.owner === owner).length;
  }
}
