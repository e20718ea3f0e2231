/**
 * Builds the browser UI into dist/app/ui: TypeScript compiled by tsc with the UI's own
 * tsconfig (DOM types, ES modules, no Node), then the HTML, CSS and icon copied beside it. No
 * bundler: the browser loads the ES modules as they are, all from the box itself. The folder
 * sits beside the bundled service (scripts/build-app.ts), where the web app looks for `./ui/`.
 *
 *   npm run build:ui            (also part of npm run build)
 */
import { spawn } from 'node:child_process';
import { cp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const uiSource = path.join(repo, 'app/web/ui');
export const defaultUiDir = path.join(repo, 'dist/app/ui');

/** Files served as they are, next to the compiled scripts. */
const STATIC = ['index.html', 'icon.svg', 'css'];

export async function buildUi(outDir = defaultUiDir): Promise<string> {
  await rm(outDir, { recursive: true, force: true });

  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const tsconfig = path.join(uiSource, 'tsconfig.json');
  await run(process.execPath, [tsc, '-p', tsconfig, '--outDir', path.join(outDir, 'js')]);

  for (const name of STATIC) {
    await cp(path.join(uiSource, name), path.join(outDir, name), { recursive: true });
  }
  return outDir;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`tsc for the UI exited with ${code}`)),
    );
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = await buildUi(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`UI built into ${path.relative(process.cwd(), outDir) || '.'}`);
}
