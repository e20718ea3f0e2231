import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The URL of a worker module that sits beside the caller. Under tsx (tests, development) the
 * sources are .ts files; after `npm run build` they are .js files in dist/. TypeScript rewrites
 * import specifiers but not `new URL(...)` strings, so the extension is taken from the caller.
 */
export function siblingModuleUrl(callerUrl: string, baseName: string): URL {
  const ext = path.extname(fileURLToPath(callerUrl)) === '.ts' ? '.ts' : '.js';
  return new URL(`./${baseName}${ext}`, callerUrl);
}

/**
 * Start a worker from a module beside the caller. Node 20 does not run `--import` hooks inside
 * workers, so under tsx a .ts worker is started through a tiny bootstrap that registers tsx's
 * loader first. Built code (.js in dist/) starts directly and never loads tsx.
 */
export function startSiblingWorker(
  callerUrl: string,
  baseName: string,
  options: WorkerOptions = {},
): Worker {
  const url = siblingModuleUrl(callerUrl, baseName);
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const bootstrap =
    `import('tsx/esm/api').then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * Start a module beside the caller as a Node child process with an IPC channel. It runs with
 * this process's Node flags; under tsx a .ts module also gets tsx's loader.
 */
export function forkSibling(
  callerUrl: string,
  baseName: string,
  args: string[],
  options: ForkOptions = {},
): ChildProcess {
  const url = siblingModuleUrl(callerUrl, baseName);
  const execArgv =
    url.pathname.endsWith('.ts') && !process.execArgv.some((a) => a.includes('tsx'))
      ? [...process.execArgv, '--import', 'tsx']
      : process.execArgv;
  return fork(fileURLToPath(url), args, { execArgv, ...options });
}
