/**
 * What the UI knows about the box, and who wants to hear when it changes. The server is the
 * truth: this only keeps the last thing it said, plus a local clock for the progress bar so
 * the position moves between events without polling.
 */
import type { Mixer, PlayerStatus, Queue, Session } from './wire.ts';

export interface State {
  session: Session | null;
  status: PlayerStatus | null;
  queue: Queue | null;
  /** When `status.positionMs` was true, by performance.now(). */
  positionAt: number;
  /** Title a stream announced for the current entry, if any. */
  streamTitle: string | null;
}

export type Topic = 'session' | 'status' | 'position' | 'queue' | 'history' | 'mixer';

type Listener = () => void;

export const state: State = {
  session: null,
  status: null,
  queue: null,
  positionAt: 0,
  streamTitle: null,
};

const listeners = new Map<Topic, Set<Listener>>();

export function subscribe(topic: Topic, fn: Listener): () => void {
  let set = listeners.get(topic);
  if (!set) listeners.set(topic, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

export function notify(...topics: Topic[]): void {
  for (const topic of topics) {
    for (const fn of listeners.get(topic) ?? []) fn();
  }
}

export function setSession(session: Session | null): void {
  state.session = session;
  notify('session');
}

export function setStatus(status: PlayerStatus): void {
  const changedEntry = status.current?.id !== state.status?.current?.id;
  if (changedEntry) state.streamTitle = null;
  state.status = status;
  state.positionAt = performance.now();
  notify('status', 'position', 'mixer');
}

export function patchStatus(patch: Partial<PlayerStatus>): void {
  if (!state.status) return;
  setStatus({ ...state.status, ...patch });
}

export function setPosition(positionMs: number): void {
  if (!state.status) return;
  state.status = { ...state.status, positionMs };
  state.positionAt = performance.now();
  notify('position');
}

export function setMixer(mixer: Mixer): void {
  if (!state.status) return;
  state.status = { ...state.status, mixer };
  notify('mixer');
}

export function setQueue(queue: Queue): void {
  state.queue = queue;
  notify('queue');
}

export function setStreamTitle(title: string): void {
  state.streamTitle = title;
  notify('status');
}

/** The position now, moved on by the time since the last event while playing. */
export function livePosition(now = performance.now()): number {
  const status = state.status;
  if (!status) return 0;
  const moved = status.state === 'playing' ? now - state.positionAt : 0;
  const position = status.positionMs + moved;
  const duration = status.current?.track?.durationMs;
  return duration ? Math.min(position, duration) : position;
}

export function isOwner(): boolean {
  return state.session?.role === 'owner';
}
