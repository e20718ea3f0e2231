#!/usr/bin/env node
// The compiled CLI lives in dist/; `npm run build` (run by scripts/setup.sh) makes it.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/app/tonearm.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('tonearm: not built yet; run `npm run build` first\n');
  process.exit(1);
}
await import(entry.href);
