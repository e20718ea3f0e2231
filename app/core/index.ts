/**
 * Builds Core: queue, player, mixer model, history and the state file, wired to each other
 * and to the bus. app/main.ts calls createCore once with the real audio pipeline, mixer driver
 * and backends; tests call it with the null output and a temp directory.
 */
import type { Logger } from '../log.ts';
import type { CoreApi, QueueApi } from './api.ts';
import type { EventBus, EventName } from './events.ts';
import { DEFAULT_HISTORY_LIMIT, History } from './history.ts';
import { Mixer } from './mixer.ts';
import type { RandomSource } from './order.ts';
import { Player } from './player.ts';
import type { AudioPlayer, Backend, MixerDriver } from './ports.ts';
import { DEFAULT_QUEUE_LIMIT, Queue } from './queue.ts';
import { DEFAULT_DEBOUNCE_MS, StateStore, type SavedState } from './state-store.ts';
import type { QueueEntry } from './types.ts';

export interface CoreDeps {
  bus: EventBus;
  /** The audio pipeline (app/audio's createAudioPlayer, any output). */
  audio: AudioPlayer;
  /** The mixer device: ALSA control, software gain or none. */
  mixer: MixerDriver;
  /** Usually app/backends/registry.ts's BackendRegistry over every configured backend. */
  backend: Backend;
  /** [storage] data_dir: state.json lives here. */
  dataDir: string;
  /** [mixer] max_volume, 0-100. */
  maxVolume: number;
  /** [mixer] startup_volume, 0-100: the boot volume, and the cap on a restored one. */
  startupVolume: number;
  log: Logger;
  /** Tuning, mostly for tests; the defaults suit the appliance. */
  options?: {
    stateDebounceMs?: number;
    /** While playing, the position is saved this often (default two minutes, as MPD does). */
    positionSaveMs?: number;
    queueLimit?: number;
    historyLimit?: number;
    random?: RandomSource;
  };
}

export interface Core extends CoreApi {
  /**
   * Load state.json (if any, and sound) into the queue, player and mixer, then push the volume
   * to the mixer device. Call once, before frontends start. Never throws for a bad file.
   */
  restore(): Promise<void>;
  /**
   * Adopt the mixer device's own level (changed outside Tonearm, e.g. with alsamixer), after
   * checking it: impossible values are logged and dropped, levels above the maximum corrected.
   */
  syncMixer(): Promise<void>;
  /** Write pending state and drop Core's bus listeners. The audio and mixer are the caller's. */
  close(): Promise<void>;
}

/** Events after which the saved state is out of date. */
const STATE_EVENTS: EventName[] = [
  'queue.changed',
  'player.state',
  'player.modes',
  'player.seeked',
  'mixer.changed',
  'history.added',
];
const OWNER = 'core.state';
const DEFAULT_POSITION_SAVE_MS = 120_000;

export function createCore(deps: CoreDeps): Core {
  const { bus, backend, log } = deps;
  const coreLog = log.child({ module: 'core' });
  const options = deps.options ?? {};
  const random = options.random ?? Math.random;

  const queue = new Queue({
    bus,
    backend,
    limit: options.queueLimit ?? DEFAULT_QUEUE_LIMIT,
    random,
  });
  const history = new History(bus, options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
  const mixer = new Mixer({
    driver: deps.mixer,
    bus,
    log,
    maxVolume: deps.maxVolume,
    startupVolume: deps.startupVolume,
  });
  const player = new Player({
    bus,
    audio: deps.audio,
    backend,
    queue,
    history,
    mixerState: () => mixer.state(),
    log,
    random,
  });

  const snapshot = (): SavedState => {
    const p = player.snapshot();
    return {
      version: 1,
      queue: {
        nextId: queue.idCounter,
        entries: queue.list().entries.map((e) => ({ id: e.id, uri: e.uri })),
      },
      current: p.current,
      positionMs: Math.max(0, Math.round(p.positionMs)),
      modes: p.modes,
      volume: mixer.state().volume,
      history: history.list(DEFAULT_HISTORY_LIMIT),
    };
  };
  const store = new StateStore({
    dataDir: deps.dataDir,
    log,
    snapshot,
    debounceMs: options.stateDebounceMs ?? DEFAULT_DEBOUNCE_MS,
  });

  // Not listening until restore() has run, so loading does not schedule a pointless write, and
  // a Core closed before it restored anything never overwrites a good state file.
  let restored = false;
  let ticker: NodeJS.Timeout | null = null;
  const listen = () => {
    restored = true;
    for (const event of STATE_EVENTS) bus.on(OWNER, event, () => store.schedule());
    ticker = setInterval(() => {
      if (player.status().state === 'playing') store.schedule();
    }, options.positionSaveMs ?? DEFAULT_POSITION_SAVE_MS);
    ticker.unref();
  };

  const queueApi: QueueApi = {
    list: () => queue.list(),
    add: (uris, position) => queue.add(uris, position),
    remove: (ids) => queue.remove(ids),
    move: (id, to) => queue.move(id, to),
    clear: () => queue.clear(),
    // The playing entry goes to the top, as MPD does, so it is not played again this pass.
    shuffle: () => queue.shuffle(player.currentId()),
  };

  return {
    player,
    queue: queueApi,
    mixer,
    history,
    bus,

    async restore() {
      const saved = await store.load();
      if (saved) {
        queue.restore(await lookupAll(backend, saved, coreLog), saved.queue.nextId);
        if (saved.history) history.restore(saved.history);
        player.restore({
          current: saved.current,
          positionMs: saved.positionMs,
          modes: saved.modes,
        });
        mixer.restoreVolume(saved.volume);
        coreLog.info({ entries: queue.length, current: saved.current }, 'restored the saved queue');
      }

      // Our level is pushed to the device, never read from it here: a hardware control may
      // still hold last night's level (or alsactl's), and start-up must be at the safe one.
      mixer.applyToDevice();
      listen();
    },

    syncMixer: () => mixer.syncFromDevice(),

    async close() {
      bus.off(OWNER);
      if (ticker) clearInterval(ticker);
      await player.settled();
      if (restored) store.schedule();
      await store.close();
    },
  };
}

/**
 * Metadata for the saved entries. An entry whose lookup fails or finds nothing (a file gone,
 * a backend not configured any more) is kept without metadata rather than dropped: the user
 * sees it, and playing it reports the real reason.
 */
async function lookupAll(backend: Backend, saved: SavedState, log: Logger): Promise<QueueEntry[]> {
  const entries: QueueEntry[] = [];
  for (const { id, uri } of saved.queue.entries) {
    let track = null;
    try {
      track = await backend.lookup(uri);
    } catch (err) {
      log.debug({ uri, err }, 'saved queue entry has no metadata now');
    }
    entries.push({ id, uri, track });
  }
  return entries;
}
