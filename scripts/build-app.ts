/**
 * Builds the service into dist/app with esbuild: the CLI and the three worker threads as entry
 * points (and the scan's child process), every pure-JavaScript dependency bundled in.
 *
 * Why a bundle and not tsc's one-file-per-module output: Node 20 spends most of the service's
 * start-up resolving and loading modules one by one (about 350 of them, 60 of them zod locales
 * nobody reads). One bundle brought start-until-ready at 20,000 tracks from about 330 ms to about
 * 235 ms on the development machine (bench/RESULTS.md), with the same memory.
 *
 * Everything lands in one flat folder because code finds its worker by file name beside itself
 * (app/util/worker-url.ts) and the web app finds the UI in `./ui/` beside itself
 * (scripts/build-ui.ts puts it there). Native addons stay outside and load from node_modules.
 *
 *   npm run build        (type check, this, then the UI)
 */
import { build, type BuildOptions } from 'esbuild';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const defaultAppDir = path.join(repo, 'dist/app');

/** Output name → source. Worker names must match what startSiblingWorker is asked for. */
const ENTRY_POINTS = {
  tonearm: 'app/cli/index.ts',
  worker: 'app/audio/decode/worker.ts',
  'scan-process': 'app/library/scan-process.ts',
  'tag-reader-worker': 'app/library/tag-reader-worker.ts',
} as const;

/** Compiled C++ addons: they cannot be bundled and are loaded from node_modules at run time. */
const NATIVE_MODULES = ['better-sqlite3', 'unix-dgram'] as const;

/**
 * CommonJS code inside an ES module bundle still calls `require` for Node's built-in modules and
 * the native addons; this gives every output file one, made for that file's own location.
 */
const REQUIRE_SHIM =
  "import { createRequire as __tonearmCreateRequire } from 'node:module';\n" +
  'const require = __tonearmCreateRequire(import.meta.url);';

function appBuildOptions(outDir: string): BuildOptions {
  return {
    absWorkingDir: repo,
    entryPoints: Object.fromEntries(
      Object.entries(ENTRY_POINTS).map(([name, source]) => [name, path.join(repo, source)]),
    ),
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: [...NATIVE_MODULES],
    banner: { js: REQUIRE_SHIM },
    chunkNames: 'chunk-[hash]',
    // Class and function names appear in logs and error names; renaming on collision would
    // change them.
    keepNames: true,
    sourcemap: 'linked',
    legalComments: 'inline',
    logLevel: 'warning',
  };
}

export async function buildApp(outDir = defaultAppDir): Promise<string> {
  await rm(outDir, { recursive: true, force: true });
  await build(appBuildOptions(outDir));
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildApp();
}
