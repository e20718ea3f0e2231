/**
 * A real Tonearm for the web's tests: generated tagged tracks, the real library index, Core on
 * the null audio output (paced in real time, so a track stays "playing"), the software mixer,
 * the token store and pairing in a temp data directory, and the web app on 127.0.0.1 at a
 * free port. Nothing here is a stand-in for Core or the Library.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAudioPlayer } from '../../app/audio/index.ts';
import { LocalBackend } from '../../app/backends/local.ts';
import { createBackendRegistry } from '../../app/backends/registry.ts';
import { configSchema, type Config } from '../../app/config/schema.ts';
import { EventBus } from '../../app/core/events.ts';
import { createCore, type Core } from '../../app/core/index.ts';
import { generateCover, generateTone } from '../../app/demo/media.ts';
import { openLibrary, type LocalLibrary } from '../../app/library/library.ts';
import { createLogger } from '../../app/log.ts';
import { createWebApp, createWebAuth, type WebApp, type WebAuth } from '../../app/web/index.ts';
import type { PairingDisplay, PairingPrompt } from '../../app/web/index.ts';
import type { WebAppDeps } from '../../app/web/app.ts';
import type { TlsIdentity } from '../../app/web/tls.ts';
import { SoftwareMixer } from '../../hardware/mixer/software.ts';

/** A title made of markup: the API must carry it as text. */
export const HOSTILE_TITLE = '<script>alert(1)</script><b>Bold</b>';

export interface World {
  root: string;
  dataDir: string;
  port: number;
  /** `127.0.0.1:<port>`: the Host a local client sends. */
  host: string;
  /** `http://127.0.0.1:<port>`: an Origin the box accepts. */
  origin: string;
  core: Core;
  library: LocalLibrary;
  auth: WebAuth;
  web: WebApp;
  config: Config;
  /** Every pino line written, parsed, and the raw text (to look for leaked secrets). */
  logs: () => Array<Record<string, unknown>>;
  logText: () => string;
  /** What the pairing display sink was shown, in order. */
  shown: PairingPrompt[];
  /** Local tracks' URIs, in the order they were generated. */
  uris: string[];
  close(): Promise<void>;
}

export interface WorldOptions {
  /** Overrides for the `[web]` section. */
  web?: Record<string, unknown>;
  mixer?: Record<string, unknown>;
  /** Generate the small media library (default true). */
  media?: boolean;
  tls?: TlsIdentity;
  pairingWindowMs?: number;
  /** Static UI files to serve; none by default. */
  uiDir?: string;
  /** Optional services (radio, playlists, listen, system) built over the world's directories. */
  services?: (dirs: { dataDir: string; mediaDir: string }) => Promise<WorldServices>;
}

export type WorldServices = Pick<WebAppDeps, 'radio' | 'playlists' | 'listen' | 'system'>;

const TRACKS = [
  { rel: 'Alpha/01 One.flac', title: 'One', artist: 'Alpha Band', album: 'First' },
  { rel: 'Alpha/02 Two.flac', title: 'Two', artist: 'Alpha Band', album: 'First' },
  { rel: 'Hostile/markup.flac', title: HOSTILE_TITLE, artist: '<i>Tricky</i>', album: 'A & B' },
];

async function makeMedia(mediaDir: string): Promise<string[]> {
  await generateCover(path.join(mediaDir, 'Alpha', 'cover.png'));
  await Promise.all(
    TRACKS.map((t, i) =>
      generateTone({
        file: path.join(mediaDir, t.rel),
        format: 'flac',
        seconds: 4,
        frequency: 330 + 110 * i,
        tags: { title: t.title, artist: t.artist, album: t.album, track: String(i + 1) },
      }),
    ),
  );
  return TRACKS.map((t) => `local:track:${t.rel.split('/').map(encodeURIComponent).join('/')}`);
}

function memoryLog() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger({ level: 'debug', destination }), lines };
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tonearm-web-'));
  const mediaDir = path.join(root, 'music');
  const dataDir = path.join(root, 'data');
  const closers: Array<() => unknown> = [() => rm(root, { recursive: true, force: true })];
  const close = async () => {
    for (const fn of closers.reverse()) await fn();
  };
  const { log, lines } = memoryLog();

  try {
    const uris = options.media === false ? [] : await makeMedia(mediaDir);
    const config = configSchema.parse({
      library: { media_dir: mediaDir },
      storage: { data_dir: dataDir },
      audio: { output: 'null', device: 'null' },
      mixer: { type: 'software', startup_volume: 30, max_volume: 80, ...options.mixer },
      web: { hostnames: ['tonearm.test'], ...options.web },
    });

    const library = openLibrary({ mediaDir, dataDir, log });
    closers.push(() => library.close());
    if (options.media !== false) await library.scan();

    const audio = createAudioPlayer({ output: 'null', device: 'null', bufferMs: 200, log });
    closers.push(() => audio.close());
    const mixer = new SoftwareMixer({
      setGain: (g) => audio.setSoftwareGain(g),
      maxVolume: config.mixer.max_volume,
      log,
    });
    const core = createCore({
      bus: new EventBus(),
      audio,
      mixer,
      backend: createBackendRegistry([new LocalBackend(library)]),
      dataDir,
      maxVolume: config.mixer.max_volume,
      startupVolume: config.mixer.startup_volume,
      log,
    });
    closers.push(() => core.close());
    await core.restore();

    const shown: PairingPrompt[] = [];
    const display: PairingDisplay = { show: (p) => shown.push(p), clear: () => undefined };
    const fingerprint = () => options.tls?.fingerprint ?? null;
    const windowMs = options.pairingWindowMs;
    const auth = await createWebAuth({ dataDir, log, display, fingerprint, windowMs });
    closers.push(() => auth.close());

    const services = options.services ? await options.services({ dataDir, mediaDir }) : {};
    const web = createWebApp({
      ...services,
      core,
      library,
      auth,
      config: config.web,
      log,
      tls: options.tls ?? null,
      uiDir: options.uiDir ?? null,
    });
    closers.push(() => web.close());
    const { port } = await web.listen({ host: '127.0.0.1', port: 0 });
    const scheme = config.web.https ? 'https' : 'http';

    return {
      root,
      dataDir,
      port,
      host: `127.0.0.1:${port}`,
      origin: `${scheme}://127.0.0.1:${port}`,
      core,
      library,
      auth,
      web,
      config,
      logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
      logText: () => lines.join('\n'),
      shown,
      uris,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
