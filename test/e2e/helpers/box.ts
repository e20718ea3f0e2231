/**
 * A whole Tonearm for end-to-end tests: a generated demo library (real tagged files made by
 * ffmpeg), the real library index, Core, the audio pipeline on the null output (paced in real
 * time, so a track stays "playing"), the software mixer, pairing with its approval socket, and
 * the real web app with the UI freshly built from app/web/ui, on 127.0.0.1 and a free port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAudioPlayer } from '../../../app/audio/index.ts';
import { createBackendRegistry } from '../../../app/backends/registry.ts';
import { LocalBackend } from '../../../app/backends/local.ts';
import { configSchema } from '../../../app/config/schema.ts';
import { createCore, type Core } from '../../../app/core/index.ts';
import { EventBus } from '../../../app/core/events.ts';
import { generateDemoLibrary } from '../../../app/demo/library.ts';
import { generateTone } from '../../../app/demo/media.ts';
import { openLibrary } from '../../../app/library/library.ts';
import { createLogger } from '../../../app/log.ts';
import { createWebApp, createWebAuth, requestApproval } from '../../../app/web/index.ts';
import type { ApprovalResult } from '../../../app/web/index.ts';
import { createMixerDriver } from '../../../hardware/mixer/index.ts';
import { buildUi } from '../../../scripts/build-ui.ts';

/** A title made of markup: the UI must show these characters, never parse them. */
export const HOSTILE_TITLE = '<img src=x id=pwned onerror=alert(1)><b>Bold Move</b>';

export interface Box {
  url: string;
  core: Core;
  /** `tonearm pair approve`: the same unix-socket call the CLI makes for the button. */
  approvePairing(): Promise<ApprovalResult>;
  close(): Promise<void>;
}

export async function startBox(): Promise<Box> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tonearm-e2e-'));
  const mediaDir = path.join(root, 'music');
  const dataDir = path.join(root, 'data');
  const log = createLogger({ level: process.env.TONEARM_E2E_LOG ?? 'silent' });
  const closers: (() => Promise<void> | void)[] = [
    () => rm(root, { recursive: true, force: true }),
  ];
  const close = async () => {
    for (const fn of closers.reverse()) await fn();
  };

  try {
    const [uiDir] = await Promise.all([buildUi(path.join(root, 'ui')), makeMedia(mediaDir)]);
    const config = configSchema.parse({
      library: { media_dir: mediaDir },
      storage: { data_dir: dataDir },
      audio: { output: 'null', device: 'null' },
      mixer: { type: 'software', startup_volume: 30 },
    });

    const library = openLibrary({ mediaDir, dataDir, log });
    closers.push(() => library.close());
    await library.scan();

    const audio = createAudioPlayer({ output: 'null', device: 'null', bufferMs: 200, log });
    closers.push(() => audio.close());
    const mixer = await createMixerDriver(config.mixer, {
      log,
      setSoftwareGain: (gain) => audio.setSoftwareGain(gain),
    });
    const bus = new EventBus();
    const core = createCore({
      bus,
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

    const auth = await createWebAuth({ dataDir, log });
    closers.push(() => auth.close());
    const web = createWebApp({ core, library, auth, config: config.web, log, uiDir });
    closers.push(() => web.close());
    const { port } = await web.listen({ host: '127.0.0.1', port: 0 });

    return {
      url: `http://127.0.0.1:${port}/`,
      core,
      approvePairing: () => requestApproval(dataDir),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The demo library, plus one track whose tags are markup. */
async function makeMedia(mediaDir: string): Promise<void> {
  await generateDemoLibrary(mediaDir, { seconds: 30 });
  await generateTone({
    file: path.join(mediaDir, 'Hostile', 'markup.flac'),
    format: 'flac',
    seconds: 5,
    tags: { title: HOSTILE_TITLE, artist: '<script>alert(2)</script>', album: 'Tags & <Tricks>' },
  });
}
