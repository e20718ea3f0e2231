/**
 * Library benchmark: generates N tracks (bench/generate-library.ts), then measures a full scan
 * into a fresh index, a rescan with nothing changed, searches, browsing, and this process's
 * RSS after the scan (the scan's threads have exited by then).
 *
 *   npx tsc -p bench/tsconfig.library.json && \
 *     node --expose-gc .tmp/bench-build/bench/library.js [N=2000] [--media DIR] [--keep]
 *
 * Run the compiled form for figures: under tsx every dynamic import() in the worker threads
 * goes through tsx's loader thread, and music-metadata imports its parser on every file.
 * CPU time is user+system of all threads and of the scan's child process, so it shows the work
 * done even when the shared machine is busy and wall time is not to be trusted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SearchQuery } from '../app/core/ports.ts';
import { openLibrary } from '../app/library/library.ts';
import { createLogger } from '../app/log.ts';
import { generateLibrary, sampleOf } from './generate-library.ts';
import { ms, percentile } from './stats.ts';

const args = process.argv.slice(2);
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 2000);
const keep = args.includes('--keep');
const mediaArg = args.includes('--media') ? args[args.indexOf('--media') + 1] : undefined;

function timeAll(rounds: number, fns: Array<() => unknown>): number[] {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const fn of fns) {
      const start = performance.now();
      fn();
      samples.push(performance.now() - start);
    }
  }
  return samples;
}

/**
 * User+system CPU seconds of this process and of its children that have ended (the scan runs in
 * a child process): /proc/self/stat fields 14-17, in clock ticks (100 per second on Linux).
 */
function cpuNow(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ", field 3 (state) is index 0, so field n is index n - 3.
  const ticks = [14, 15, 16, 17].reduce((sum, n) => sum + Number(fields[n - 3]), 0);
  return ticks / 100;
}
const cpuSeconds = (since: number) => (cpuNow() - since).toFixed(1);

const work = await mkdtemp(path.join(os.tmpdir(), 'tonearm-bench-'));
try {
  let media = mediaArg ?? path.join(work, 'media');
  if (!mediaArg || !existsSync(mediaArg)) {
    const start = performance.now();
    const lib = await generateLibrary({ dir: media, count });
    const mb = (lib.bytes / 1e6).toFixed(0);
    console.log(`generated ${count} tracks (${mb} MB) in ${ms(performance.now() - start)}`);
  }
  media = path.resolve(media);
  const sample = sampleOf(count);

  const log = createLogger({ level: 'warn' });
  const library = openLibrary({ mediaDir: media, dataDir: path.join(work, 'data'), log });
  let cpu = cpuNow();
  const full = await library.scan();
  console.log(
    `full scan: ${ms(full.durationMs)}, ${cpuSeconds(cpu)} s CPU ` +
      `(${full.added} added, ${full.failed} failed, ${os.availableParallelism()} cores)`,
  );
  global.gc?.();
  console.log(`RSS after scan: ${(process.memoryUsage().rss / 1048576).toFixed(1)} MiB`);

  cpu = cpuNow();
  const again = await library.scan();
  console.log(
    `no-change rescan: ${ms(again.durationMs)}, ${cpuSeconds(cpu)} s CPU ` +
      `(${again.unchanged} unchanged)`,
  );

  const queries: SearchQuery[] = [
    { any: 'love' },
    { any: 'l' },
    { any: 'ka' },
    { any: 'lo' },
    { any: sample.title },
    { any: sample.artist.toLowerCase() },
    { any: 'oelne' },
    { artist: sample.artist.split(' ')[0] },
    { album: sample.album },
    { title: 'love' },
    { genre: 'jazz' },
    { date: '1987' },
    { artist: 'ka', album: 'lo' },
  ];
  const s = timeAll(
    100,
    queries.map((q) => () => library.search(q)),
  );
  console.log(
    `search (${queries.length} queries x 100, limit 100): ` +
      `p50 ${ms(percentile(s, 50))}, p99 ${ms(percentile(s, 99))}`,
  );

  const artistUri = `local:artist:${encodeURIComponent(sample.artist)}`;
  const albumUri = library.browse(artistUri)[0]?.uri ?? 'local:albums';
  const dirUri = `local:directory:${sample.dir.split('/').map(encodeURIComponent).join('/')}`;
  const uris = [
    'local:',
    'local:directory:',
    'local:artists',
    'local:albums',
    'local:genres',
    artistUri,
    albumUri,
    dirUri,
    'local:genre:Jazz',
  ];
  const b = timeAll(
    100,
    uris.map((u) => () => library.browse(u)),
  );
  console.log(
    `browse (${uris.length} URIs x 100): ` +
      `p50 ${ms(percentile(b, 50))}, p99 ${ms(percentile(b, 99))}`,
  );
  library.close();
} finally {
  if (!keep) await rm(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
