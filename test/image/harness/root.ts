import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemoLibrary } from '../../../app/demo/library.ts';
import { run, runOk } from './run.ts';

export const repo = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Inside the test's copy of the root only: the preload that can block the event loop. */
export const blockLoopModule = '/usr/local/lib/tonearm-test/block-loop.mjs';

export interface TestRoot {
  work: string;
  root: string;
  data: string;
  /**
   * The boot partition's stand-in: a tmpfs of its own, because the image remounts it read-only
   * and back, which on a bind of a host directory would remount the host's file system.
   */
  boot: string;
  /** The music drive's stand-in: the demo library, generated on the host. */
  music: string;
  consoleLog: string;
  remove(): Promise<void>;
}

/**
 * The image as pi-gen would make it, on Debian 12 instead of Raspberry Pi OS: a cached
 * debootstrap root with stage-tonearm's packages, a copy of it, the app bundled from this
 * checkout, and the stage's scripts applied by scripts/image/apply-stage.sh. Node is the test
 * machine's own binary: the pinned arm64 download could not run on this amd64 root (and the
 * test machine has no network for it).
 */
export async function buildTestRoot(): Promise<TestRoot> {
  const pristine = (await runOk(path.join(repo, 'scripts/image/debootstrap-root.sh'), [])).trim();
  const work = await mkdtemp(path.join(tmpdir(), 'tonearm-image-'));
  const root = path.join(work, 'root');
  const data = path.join(work, 'data');
  const boot = path.join(work, 'boot');
  const bundle = path.join(work, 'bundle');
  const music = path.join(work, 'music');
  const remove = async (): Promise<void> => {
    await run('umount', [boot]);
    await rm(work, { recursive: true, force: true });
  };

  try {
    await runOk('cp', ['-a', pristine, root]);
    await mkdir(data);
    await mkdir(boot);
    await generateDemoLibrary(music, { seconds: 1 });
    await runOk('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tonearm-test-boot', boot]);
    const env = { ...process.env, TONEARM_BUNDLE_ALLOW_TYPE_ERRORS: '1' };
    await runOk(path.join(repo, 'scripts/image/bundle-app.sh'), [bundle, '--with-node-modules'], {
      env,
    });

    await runOk(path.join(repo, 'scripts/image/apply-stage.sh'), [root], {
      env: { ...process.env, TONEARM_BUNDLE: bundle, TONEARM_NODE_BIN: process.execPath },
    });

    const hook = path.join(root, blockLoopModule);
    await mkdir(path.dirname(hook), { recursive: true });
    await copyFile(path.join(fixtures, 'block-loop.mjs'), hook);
  } catch (err) {
    // Nothing is left behind in the shared temp directory when a step fails.
    await remove();
    throw err;
  }

  return { work, root, data, boot, music, consoleLog: path.join(work, 'console.log'), remove };
}
