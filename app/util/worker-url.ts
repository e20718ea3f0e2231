import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The URL of a worker module that sits beside the caller. Under tsx (tests, development) the
 * sources are .ts files; after `npm run build` they are .js files in dist/. TypeScript rewrites
 * import specifiers but not `new URL(...)` strings, so the extension is taken from the caller.
 */
export function siblingModuleUrl(callerUrl: string, baseName: string): URL {
  const ext = path.extname(fileURLToPath(callerUrl)) === '.ts' ? '.ts' : '.js';
  return new URL(`./${baseName}${ext}`, callerUrl);
}
