/**
 * Real parts for Core's tests: a library of tiny generated tracks scanned into the real SQLite
 * index and served by the real `local:` backend, and a Core driving the real audio pipeline
 * with its null output (clocked faster than real time) and the real software mixer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ExecutionContext, TestFn } from 'ava';
import { createAudioPlayer, type TonearmAudioPlayer } from '../../app/audio/index.ts';
import { LocalBackend } from '../../app/backends/local.ts';
import { BackendRegistry } from '../../app/backends/registry.ts';
import {
  EVENT_NAMES,
  EventBus,
  type EventName,
  type TonearmEvents,
} from '../../app/core/events.ts';
import { createCore, type Core } from '../../app/core/index.ts';
import type { RandomSource } from '../../app/core/order.ts';
import type { AudioItem, AudioListener, MixerDriver } from '../../app/core/ports.ts';
import { generateTone } from '../../app/demo/media.ts';
import { openLibrary, type LocalLibrary } from '../../app/library/library.ts';
import { trackUri } from '../../app/library/uri.ts';
import { SoftwareMixer } from '../../hardware/mixer/software.ts';
import { memoryLog, tempDir, type LogRecord } from './_support.ts';

export interface TestLibrary {
  media: string;
  lib: LocalLibrary;
  backend: BackendRegistry;
  /** `local:track:` URIs of the generated tracks, in name order. */
  uris: string[];
  close(): Promise<void>;
}

/** Generate `count` FLAC tones of `seconds` each (a different pitch each) and scan them. */
export async function makeLibrary(count: number, seconds: number | number[]): Promise<TestLibrary> {
  const lengths = Array.from({ length: count }, (_, i) =>
    Array.isArray(seconds) ? (seconds[i] ?? 1) : seconds,
  );
  const root = await mkdtemp(path.join(os.tmpdir(), 'tonearm-core-lib-'));
  const media = path.join(root, 'music');
  const names = Array.from(
    { length: count },
    (_, i) => `tone-${String(i + 1).padStart(2, '0')}.flac`,
  );
  await Promise.all(
    names.map((name, i) =>
      generateTone({
        file: path.join(media, name),
        format: 'flac',
        seconds: lengths[i] as number,
        frequency: 220 + 110 * i,
        tags: { title: `Tone ${i + 1}`, artist: 'Test Tones', track: String(i + 1) },
      }),
    ),
  );

  const lib = openLibrary({
    mediaDir: media,
    dataDir: path.join(root, 'index'),
    log: memoryLog().log,
  });
  await lib.scan();
  return {
    media,
    lib,
    backend: new BackendRegistry([new LocalBackend(lib)]),
    uris: names.map((n) => trackUri(n)),
    close: async () => {
      lib.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** One library for a whole test file, made before its tests and removed after them. */
export function sharedLibrary(
  testFn: TestFn,
  count: number,
  seconds: number | number[],
): () => TestLibrary {
  let library: TestLibrary | null = null;
  testFn.before(async () => {
    library = await makeLibrary(count, seconds);
  });
  testFn.after.always(() => library?.close());
  return () => library as TestLibrary;
}

type Recorded = { [K in EventName]: { name: K; payload: TonearmEvents[K] } }[EventName];

/** Records every bus event and waits for the ones a test expects. */
export class Recorder {
  readonly events: Recorded[] = [];
  private waiters: (() => void)[] = [];

  constructor(bus: EventBus) {
    for (const name of EVENT_NAMES) {
      bus.on('recorder', name, (payload) => {
        this.events.push({ name, payload } as Recorded);
        for (const wake of this.waiters) wake();
      });
    }
  }

  of<K extends EventName>(name: K, from = 0): TonearmEvents[K][] {
    return this.events
      .slice(from)
      .filter((e) => e.name === name)
      .map((e) => e.payload as TonearmEvents[K]);
  }

  /** Index to pass as `from`, to look only at events after this point. */
  mark(): number {
    return this.events.length;
  }

  /** The first `name` event from `from` on that satisfies `match`, waiting up to `ms`. */
  waitFor<K extends EventName>(
    name: K,
    match: (payload: TonearmEvents[K]) => boolean = () => true,
    from = 0,
    ms = 8000,
  ): Promise<TonearmEvents[K]> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.of(name, from).find(match);
        if (found === undefined) return false;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve(found);
        return true;
      };
      const wake = () => void check();
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        const seen = this.events.map((e) => e.name).join(', ');
        reject(new Error(`no matching ${name} within ${ms} ms; saw: ${seen}`));
      }, ms);
      if (!check()) this.waiters.push(wake);
    });
  }
}

/** A call Core made on the pipeline: the method and the entry id (or position) it passed. */
export interface PipelineCall {
  method: 'play' | 'setNext' | 'stop' | 'seek' | 'pause' | 'resume';
  arg: number | null;
}

/**
 * The real pipeline, with a record of the calls Core makes on it (every call goes through to
 * the pipeline unchanged), so a test can see that the next entry was handed over ahead.
 */
function recordCalls(audio: TonearmAudioPlayer, calls: PipelineCall[]): TonearmAudioPlayer {
  const log = (method: PipelineCall['method'], arg: number | null) => calls.push({ method, arg });
  return Object.assign(Object.create(audio) as TonearmAudioPlayer, {
    play: (item: AudioItem, startMs?: number) => {
      log('play', item.entryId);
      return audio.play(item, startMs);
    },
    setNext: (item: AudioItem | null) => {
      log('setNext', item?.entryId ?? null);
      audio.setNext(item);
    },
    stop: () => {
      log('stop', null);
      return audio.stop();
    },
    seek: (ms: number) => {
      log('seek', ms);
      return audio.seek(ms);
    },
    pause: () => {
      log('pause', null);
      audio.pause();
    },
    resume: () => {
      log('resume', null);
      audio.resume();
    },
    setListener: (l: AudioListener) => audio.setListener(l),
    positionMs: () => audio.positionMs(),
    setSoftwareGain: (g: number) => audio.setSoftwareGain(g),
  });
}

export interface RunningCore {
  core: Core;
  bus: EventBus;
  audio: TonearmAudioPlayer;
  /** What Core asked of the pipeline, in order. */
  calls: PipelineCall[];
  events: Recorder;
  dataDir: string;
  logs: () => LogRecord[];
  /** Close Core and the pipeline (also done at teardown; safe to call twice). */
  close(): Promise<void>;
}

export interface StartOptions {
  dataDir?: string;
  /** How much faster than real time the null output's clock runs. */
  speed?: number;
  maxVolume?: number;
  startupVolume?: number;
  random?: RandomSource;
  /** A WAV file to play into (the pipeline's file output) instead of the null output. */
  wavFile?: string;
  /** A mixer device to use instead of the software mixer. */
  mixer?: MixerDriver;
  positionSaveMs?: number;
}

/** A Core over the real pipeline (null output) and software mixer, restored and ready. */
export async function startCore(
  t: ExecutionContext,
  backend: BackendRegistry,
  options: StartOptions = {},
): Promise<RunningCore> {
  const dataDir = options.dataDir ?? (await tempDir(t));
  const bus = new EventBus();
  const events = new Recorder(bus);
  const { log, records } = memoryLog();
  const maxVolume = options.maxVolume ?? 100;

  const calls: PipelineCall[] = [];
  const audio = createAudioPlayer({
    output: options.wavFile ? 'file' : 'null',
    device: options.wavFile ?? 'null',
    bufferMs: 100,
    log,
    speed: options.speed ?? 4,
  });
  const mixer =
    options.mixer ??
    new SoftwareMixer({ setGain: (g) => audio.setSoftwareGain(g), maxVolume, log });
  const core = createCore({
    bus,
    audio: recordCalls(audio, calls),
    mixer,
    backend,
    dataDir,
    maxVolume,
    startupVolume: options.startupVolume ?? 30,
    log,
    options: {
      stateDebounceMs: 20,
      random: options.random,
      positionSaveMs: options.positionSaveMs,
    },
  });
  await core.restore();

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await core.close();
      await audio.close();
    })();
    return closing;
  };
  t.teardown(close);
  return { core, bus, audio, calls, events, dataDir, logs: records, close };
}
