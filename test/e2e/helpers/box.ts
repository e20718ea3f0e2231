/**
 * A whole Tonearm for end-to-end tests, started by the same composition function as the
 * service (app/main.ts): a generated demo library (real tagged files made by ffmpeg), the null
 * output in real time (so a track stays "playing"), the software mixer, pairing with its
 * approval socket, and the UI freshly built from app/web/ui, on 127.0.0.1 and a free port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { validateConfig } from '../../../app/config/load.ts';
import type { Core } from '../../../app/core/index.ts';
import { generateDemoLibrary } from '../../../app/demo/library.ts';
import { generateTone } from '../../../app/demo/media.ts';
import { createLogger } from '../../../app/log.ts';
import { startTonearm } from '../../../app/main.ts';
import { requestApproval, type ApprovalResult, type TokenStore } from '../../../app/web/index.ts';
import type { Page } from 'playwright-core';
import { buildUi } from '../../../scripts/build-ui.ts';
import { screenshot } from './browser.ts';

/** A title made of markup: the UI must show these characters, never parse them. */
export const HOSTILE_TITLE = '<img src=x id=pwned onerror=alert(1)><b>Bold Move</b>';

export interface Box {
  url: string;
  /** The generated library and the built UI, for a second box to reuse while this one runs. */
  mediaDir: string;
  uiDir: string;
  /** The box's data directory (where a factory reset leaves its marker). */
  dataDir: string;
  core: Core;
  /** The credential store, to make a script token as `npx tonearm token create` would. */
  tokens: TokenStore;
  /** `tonearm pair approve`: the same unix-socket call the CLI makes for the button. */
  approvePairing(): Promise<ApprovalResult>;
  close(): Promise<void>;
}

export interface BoxOptions {
  https?: boolean;
  guestMode?: boolean;
  /** Reuse another box's library and UI instead of making them again. */
  reuse?: Pick<Box, 'mediaDir' | 'uiDir'>;
}

export async function startBox(options: BoxOptions = {}): Promise<Box> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tonearm-e2e-'));
  const removeRoot = () => rm(root, { recursive: true, force: true });
  const dataDir = path.join(root, 'data');

  try {
    const mediaDir = options.reuse?.mediaDir ?? path.join(root, 'music');
    const [uiDir] = options.reuse
      ? [options.reuse.uiDir]
      : await Promise.all([buildUi(path.join(root, 'ui')), makeMedia(mediaDir)]);
    const config = validateConfig({
      library: { media_dir: mediaDir },
      storage: { data_dir: dataDir },
      audio: { output: 'null' },
      mixer: { type: 'software', startup_volume: 30 },
      web: {
        listen: '127.0.0.1:0',
        https: options.https ?? false,
        guest_mode: options.guestMode ?? false,
      },
      input: { devices: [] },
    });
    const log = createLogger({ level: process.env.TONEARM_E2E_LOG ?? 'silent' });
    const tonearm = await startTonearm(config, { log, uiDir });
    await tonearm.initialScan;

    return {
      url: `${options.https ? 'https' : 'http'}://127.0.0.1:${tonearm.address.port}/`,
      mediaDir,
      dataDir,
      uiDir,
      core: tonearm.core,
      tokens: tonearm.auth.tokens,
      approvePairing: () => requestApproval(dataDir),
      close: async () => {
        await tonearm.stop();
        await removeRoot();
      },
    };
  } catch (err) {
    await removeRoot();
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

/**
 * Pair `page` with `box` as a person would: ask, read the code, and have the box approved
 * through the CLI's call; the code the box approved must be the one the page showed.
 */
export async function pairPage(page: Page, name: string, box: Box): Promise<string> {
  await page.goto(box.url);
  await page.getByLabel('Name for this device').fill(name);
  await page.getByRole('button', { name: 'Ask to pair' }).click();
  const code = (await page.locator('#pair-code').textContent()) ?? '';
  await screenshot(page, `pairing-${name.replace(/\W+/g, '-').toLowerCase()}`);

  const result = await box.approvePairing();
  if (result.outcome !== 'approved') throw new Error(`approval said ${JSON.stringify(result)}`);
  if (result.code !== code) throw new Error(`box showed ${result.code}, phone showed ${code}`);
  await page.locator('#app').waitFor({ state: 'visible' });
  return code;
}
