/**
 * The one WebSocket to /api/v1/events. Core's events arrive here and are folded into the
 * store. When the socket drops the UI reconnects with a growing delay, and fetches the full
 * state again on reconnect, because events sent while it was away are lost.
 */
import type { LiveEvent, Mixer, Modes, PlaybackState, PlayerStatus, QueueEntry } from './wire.ts';
import {
  notify,
  patchStatus,
  setMixer,
  setPosition,
  setStatus,
  setStreamTitle,
  state,
} from './store.ts';

export interface LiveHooks {
  /** The socket (re)opened: fetch whatever may have been missed. */
  resync(): void;
  /** The server closed the socket for a reason a reconnect will not fix (revoked, unpaired). */
  denied(): void;
  /**
   * The socket closed without a reason, or never opened. A refused upgrade (no longer paired)
   * looks exactly like a network drop from here, so the app asks the API which one it was.
   */
  lost(): void;
  queueChanged(version: number): void;
  error(message: string): void;
  connection(up: boolean): void;
}

/** Close codes the server uses for "you are not let in"; a reconnect cannot help. */
const DENIED = new Set([1008, 4401, 4403]);

let socket: WebSocket | null = null;
let retryMs = 500;
let timer: number | undefined;
let stopped = true;

export function connect(hooks: LiveHooks): void {
  stopped = false;
  clearTimeout(timer);
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${scheme}//${location.host}/api/v1/events`);
  socket = ws;

  ws.addEventListener('open', () => {
    retryMs = 500;
    hooks.connection(true);
    hooks.resync();
  });
  ws.addEventListener('message', (message) => {
    if (typeof message.data !== 'string') return;
    try {
      apply(JSON.parse(message.data) as LiveEvent, hooks);
    } catch {
      hooks.error('The box sent an update this page could not read.');
    }
  });
  ws.addEventListener('close', (event) => {
    if (socket !== ws) return;
    socket = null;
    hooks.connection(false);
    if (stopped) return;
    if (DENIED.has(event.code)) {
      hooks.denied();
      return;
    }
    hooks.lost();
    timer = window.setTimeout(() => connect(hooks), retryMs);
    retryMs = Math.min(retryMs * 2, 10_000);
  });
}

export function disconnect(): void {
  stopped = true;
  clearTimeout(timer);
  socket?.close(1000);
  socket = null;
}

function apply(message: LiveEvent, hooks: LiveHooks): void {
  const data = message.data as Record<string, unknown>;
  switch (message.event) {
    case 'hello':
      // The full state, sent first on every connection.
      setStatus(data.player as PlayerStatus);
      if ((data.player as PlayerStatus).streamTitle) {
        setStreamTitle(String((data.player as PlayerStatus).streamTitle));
      }
      break;
    case 'player.state':
      patchStatus({
        state: data.state as PlaybackState,
        current: data.current as QueueEntry | null,
        positionMs: data.positionMs as number,
      });
      break;
    case 'player.seeked':
      setPosition(data.positionMs as number);
      break;
    case 'player.modes':
      patchStatus({ modes: data as unknown as Modes });
      break;
    case 'mixer.changed':
      setMixer(data as unknown as Mixer);
      break;
    case 'queue.changed':
      if (data.version !== state.queue?.version) hooks.queueChanged(data.version as number);
      break;
    case 'history.added':
      notify('history');
      break;
    case 'stream.title':
      if (data.uri === state.status?.current?.uri) setStreamTitle(String(data.title));
      break;
    case 'audio.error':
      hooks.error(String(data.message));
      break;
    default:
      // Events this UI has no view for (library scans, future ones) are ignored on purpose.
      break;
  }
}
