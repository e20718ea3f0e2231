/**
 * Prints how much the browser UI weighs, file by file: raw bytes and gzip -9 bytes, and the
 * totals. The README states the gzipped total; the target is under 100 KB.
 *
 *   npm run ui:size             (after npm run build:ui)
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT_BYTES = 100 * 1024;

export interface UiSize {
  files: { file: string; raw: number; gzip: number }[];
  raw: number;
  gzip: number;
}

/** Sizes of every file a browser could be served from the built UI (maps and .d.ts aside). */
export async function measureUi(dir = path.join(repo, 'dist/app/ui')): Promise<UiSize> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: UiSize['files'] = [];
  for (const entry of entries) {
    if (!entry.isFile() || /\.(map|d\.ts)$/.test(entry.name)) continue;
    const full = path.join(entry.parentPath, entry.name);
    const data = await readFile(full);
    files.push({
      file: path.relative(dir, full),
      raw: data.length,
      gzip: gzipSync(data, { level: 9 }).length,
    });
  }
  files.sort((a, b) => b.gzip - a.gzip);
  const sum = (key: 'raw' | 'gzip') => files.reduce((total, f) => total + f[key], 0);
  return { files, raw: sum('raw'), gzip: sum('gzip') };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const size = await measureUi(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  for (const f of size.files) {
    console.log(`${f.file.padEnd(28)} ${kb(f.raw).padStart(9)} ${kb(f.gzip).padStart(9)} gz`);
  }
  console.log(`${'total'.padEnd(28)} ${kb(size.raw).padStart(9)} ${kb(size.gzip).padStart(9)} gz`);
  console.log(`UI size: ${kb(size.gzip)} gzipped (${size.files.length} files, limit 100 KB)`);
  if (size.gzip > LIMIT_BYTES) process.exitCode = 1;
}
