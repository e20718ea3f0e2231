/**
 * Library benchmark: generates N tracks (bench/generate-library.ts), then measures a full scan
 * into a fresh index, a rescan with nothing changed, searches, browsing and the process's RSS
 * after the scan.
 *
 *   node --import tsx bench/library.ts [N=2000] [--keep]
 *
 * Runs under tsx, so the scan includes starting the worker through tsx's loader (~0.2 s that
 * the built service does not pay).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openLibrary } from '../app/library/library.ts';
import { createLogger } from '../app/log.ts';
import type { SearchQuery } from '../app/core/ports.ts';
import { generateLibrary } from './generate-library.ts';

const count = Number(process.argv[2] ?? 2000);
const keep = process.argv.includes('--keep');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function timeEach(rounds: number, fns: Array<() => unknown>) {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const fn of fns) {
      const t = performance.now();
      fn();
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), n: times.length };
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

const work = await mkdtemp(path.join(os.tmpdir(), 'tonearm-bench-'));
try {
  const media = path.join(work, 'media');
  let t = performance.now();
  const lib = await generateLibrary({ dir: media, count });
  console.log(
    `generated ${count} tracks (${(lib.bytes / 1e6).toFixed(0)} MB) in ` +
      ms(performance.now() - t),
  );

  const log = createLogger({ level: 'warn' });
  const library = openLibrary({ mediaDir: media, dataDir: path.join(work, 'data'), log });
  const full = await library.scan();
  console.log(`full scan: ${ms(full.durationMs)} (${full.added} added, ${full.failed} failed)`);
  global.gc?.();
  const rss = process.memoryUsage().rss;
  console.log(`RSS after scan: ${(rss / 1048576).toFixed(1)} MiB`);

  const again = await library.scan();
  console.log(`no-change rescan: ${ms(again.durationMs)} (${again.unchanged} unchanged)`);

  const queries: SearchQuery[] = [
    { any: 'love' },
    { any: 'l' },
    { any: 'ka' },
    { any: 'lo' },
    { any: lib.sample.title },
    { any: lib.sample.artist.toLowerCase() },
    { any: 'oelne' },
    { artist: lib.sample.artist.split(' ')[0] },
    { album: lib.sample.album },
    { title: 'love' },
    { genre: 'jazz' },
    { date: '1987' },
    { artist: 'ka', album: 'lo' },
  ];
  t = performance.now();
  const s = timeEach(
    50,
    queries.map((q) => () => library.search(q)),
  );
  console.log(
    `search (${queries.length} queries x 50, limit 100): ` + `p50 ${ms(s.p50)}, p99 ${ms(s.p99)}`,
  );

  const artistUri = `local:artist:${encodeURIComponent(lib.sample.artist)}`;
  const albumUri = library.browse(artistUri)[0]!.uri;
  const uris = [
    'local:',
    'local:directory:',
    'local:artists',
    'local:albums',
    'local:genres',
    artistUri,
    albumUri,
    `local:directory:${lib.sample.dir.split('/').map(encodeURIComponent).join('/')}`,
    'local:genre:Jazz',
  ];
  const b = timeEach(
    50,
    uris.map((u) => () => library.browse(u)),
  );
  console.log(`browse (${uris.length} URIs x 50): p50 ${ms(b.p50)}, p99 ${ms(b.p99)}`);
  library.close();
} finally {
  if (!keep) await rm(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
