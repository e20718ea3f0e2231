/**
 * The composition root: the one module that knows every part. It builds them from the config in
 * dependency order, introduces the parts that must meet (Core and the audio pipeline, the web
 * pairing flow and the play button), and stops them in the reverse order.
 */
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import { createAudioPlayer, type TonearmAudioPlayer } from './audio/index.ts';
import { LocalBackend } from './backends/local.ts';
import { createBackendRegistry } from './backends/registry.ts';
import type { Config } from './config/schema.ts';
import { EventBus } from './core/events.ts';
import { createCore, type Core } from './core/index.ts';
import type { Backend, MixerDriver } from './core/ports.ts';
import { describeError, isTonearmError } from './errors.ts';
import { openLibrary, type LocalLibrary } from './library/library.ts';
import type { Logger } from './log.ts';
import { createWebApp, createWebAuth, ensureTlsIdentity, type WebAuth } from './web/index.ts';
import { createCoreActionHandler, InputService } from '../hardware/input/index.ts';
import { createMixerDriver } from '../hardware/mixer/index.ts';
import { SystemdNotifier } from '../hardware/systemd/notify.ts';
import { createExtras, type Extras } from './main-extras.ts';
import { requestFactoryReset } from './system/factory-reset.ts';

export interface StartOptions {
  log: Logger;
  /** Scan the library in the background once serving (the service does; tests may not). */
  scanOnStart?: boolean;
  /** The null output's clock rate; tests play faster than real time. */
  audioSpeed?: number;
  /** Environment for the systemd notifier; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** The built UI to serve (tests build a fresh one); the web app's default otherwise. */
  uiDir?: string;
}

export interface Tonearm {
  config: Config;
  core: Core;
  library: LocalLibrary;
  audio: TonearmAudioPlayer;
  auth: WebAuth;
  bus: EventBus;
  /** Where the web listener ended up (port 0 in the config picks a free one). */
  address: { host: string; port: number };
  /** Resolves when the start-up scan (if any) has finished. */
  initialScan: Promise<void>;
  stop(): Promise<void>;
}

/** Falls back to the software mixer when the configured ALSA control cannot be opened. */
async function openMixer(
  config: Config,
  audio: TonearmAudioPlayer,
  log: Logger,
): Promise<MixerDriver> {
  const deps = { log, setSoftwareGain: (gain: number) => audio.setSoftwareGain(gain) };
  try {
    return await createMixerDriver(config.mixer, deps);
  } catch (err) {
    if (!isTonearmError(err) || err.code !== 'MIXER_FAILED') throw err;
    log.error(
      { err: err.message, card: config.mixer.card, control: config.mixer.control },
      'hardware mixer unavailable; using the software mixer so playback still works',
    );
    return createMixerDriver({ ...config.mixer, type: 'software' }, deps);
  }
}

export async function startTonearm(config: Config, options: StartOptions): Promise<Tonearm> {
  const started = performance.now();
  const log = options.log;
  const dataDir = config.storage.data_dir;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });

  const bus = new EventBus((err, event, owner) =>
    log.error({ err: describeError(err), event, owner }, 'event listener failed'),
  );
  // The watchdog asks the audio pipeline too; it exists a few lines further down.
  let audioProbe: () => Promise<boolean> = async () => true;
  const notifier = new SystemdNotifier({ log, env: options.env, audioProbe: () => audioProbe() });
  await notifier.status('Opening the library');

  const library = openLibrary({
    mediaDir: config.library.media_dir,
    dataDir,
    log,
    followSymlinks: config.library.follow_symlinks,
    artFiles: config.library.art_files,
    onScanProgress: (progress) => bus.emit('library.scan', progress),
  });

  const extras: Extras = await createExtras(config, { log, bus });
  const audio = createAudioPlayer({
    output: config.audio.output,
    device: config.audio.device,
    bufferMs: config.audio.buffer_ms,
    log,
    speed: options.audioSpeed,
    openStream: extras.openStream,
  });
  audioProbe = () => audio.probe();
  const mixer = await openMixer(config, audio, log);
  const backends: Backend[] = [new LocalBackend(library), ...extras.backends];
  const core = createCore({
    bus,
    audio,
    mixer,
    backend: createBackendRegistry(backends),
    dataDir,
    maxVolume: config.mixer.max_volume,
    startupVolume: config.mixer.startup_volume,
    log,
  });
  await core.restore();
  extras.attach(core, audio);

  const hostNames = config.web.hostnames.length
    ? [...config.web.hostnames]
    : [`${os.hostname()}.local`];
  const tls = config.web.https ? await ensureTlsIdentity(dataDir, hostNames, log) : null;
  const auth = await createWebAuth({ dataDir, log, fingerprint: () => tls?.fingerprint ?? null });
  const web = createWebApp({
    core,
    library: extras.browsable(library),
    auth,
    config: config.web,
    log,
    tls,
    uiDir: options.uiDir,
    ...extras.web,
    system: { factoryReset: (by) => requestFactoryReset(dataDir, { by }) },
  });
  const address = await web.listen();

  const approve = () => auth.approvePairing().outcome === 'approved';
  const input = new InputService({
    config: config.input,
    handler: createCoreActionHandler(core, approve, log),
    log,
  });
  input.start();

  const tracks = library.search({}, 1).length > 0 ? 'library indexed' : 'library empty';
  // Serving first, then the decode thread: the first play after boot still finds it loaded.
  void audio.ready();
  await notifier.ready(`Serving on ${address.host}:${address.port}; ${tracks}`);
  log.info(
    {
      startupMs: Math.round(performance.now() - started),
      sinceProcessStartMs: Math.round(performance.now()),
      web: `${address.host}:${address.port}`,
      output: `${config.audio.output}:${config.audio.device}`,
      mixer: mixer.name,
      inputs: input.sources.length,
      extras: extras.summary,
      https: Boolean(tls),
    },
    'tonearm started',
  );

  const initialScan =
    options.scanOnStart === false ? Promise.resolve() : scan(library, notifier, address, log);

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await notifier.stopping();
      await input.stop();
      await web.close();
      await auth.close();
      await core.close();
      await extras.close();
      await audio.close();
      await mixer.close();
      await initialScan.catch(() => undefined);
      library.close();
      notifier.close();
      log.info('tonearm stopped');
    })();
    return stopping;
  };

  return { config, core, library, audio, auth, bus, address, initialScan, stop };
}

async function scan(
  library: LocalLibrary,
  notifier: SystemdNotifier,
  address: { host: string; port: number },
  log: Logger,
): Promise<void> {
  try {
    await notifier.status('Scanning the library');
    const summary = await library.scan();
    await notifier.status(
      `Serving on ${address.host}:${address.port}; ${summary.seen} files indexed`,
    );
  } catch (err) {
    log.error({ err: describeError(err) }, 'library scan failed; serving the previous index');
  }
}
