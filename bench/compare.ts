/**
 * Tonearm, MPD and Mopidy on the same generated library, measured the same way, side by side.
 *
 *   npm run build && node --import tsx bench/compare.ts [N=2000] [--no-mopidy] [--no-mpd]
 *
 * Needs Debian's mpd and mopidy, mopidy-local, mopidy-mpd (scripts/bench-setup.sh). Queries:
 * each player answers the same 200 searches (a common word, artist, album and title words) and
 * 100 album listings of one artist. MPD and Mopidy are asked over the MPD protocol; Tonearm over
 * its HTTP API (search results capped at 500 there; MPD and Mopidy return every match, so the
 * comparison favours them on the common word).
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { generateLibrary, sampleOf } from './generate-library.ts';
import { benchMopidy } from './peers/mopidy.ts';
import { benchMpd } from './peers/mpd.ts';
import { benchTonearm } from './peers/tonearm.ts';
import type { PlayerFigures, Workload } from './peers/types.ts';
import { ms } from './stats.ts';

const args = process.argv.slice(2);
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 2000);
const root = path.resolve(import.meta.dirname, '..', '.tmp', 'bench', String(count));
const musicDir = path.join(root, 'music');

console.error(`generating ${count} tracks in ${musicDir} ...`);
const library = await generateLibrary({ dir: musicDir, count });
const sample = sampleOf(count);
const words = ['love', sample.artist.split(' ')[0]!, sample.album.split(' ')[0]!, sample.title];
const work: Workload = {
  musicDir,
  workDir: path.join(root, 'work'),
  searchWords: Array.from({ length: 200 }, (_, i) => words[i % words.length]!),
  browseArtists: Array.from({ length: 100 }, () => sample.artist),
  expectedTracks: count,
  playPath: path.join(sample.dir, `01 - ${sample.title}.mp3`),
};
console.error(`library: ${library.count} files, ${(library.bytes / 2 ** 20).toFixed(0)} MiB`);

const results: PlayerFigures[] = [];
const runs: Array<[string, (w: Workload) => Promise<PlayerFigures>]> = [['tonearm', benchTonearm]];
if (!args.includes('--no-mpd')) runs.push(['mpd', benchMpd]);
if (!args.includes('--no-mopidy')) runs.push(['mopidy', benchMopidy]);
for (const [name, run] of runs) {
  await rm(work.workDir, { recursive: true, force: true });
  await mkdir(work.workDir, { recursive: true });
  console.error(`measuring ${name} ...`);
  results.push(await run(work));
}

const rows: Array<[string, (f: PlayerFigures) => number, (v: number) => string]> = [
  ['full scan', (f) => f.fullScanMs, ms],
  ['rescan, nothing changed', (f) => f.rescanMs, ms],
  ['start until ready', (f) => f.startMs, ms],
  ['search p50', (f) => f.searchP50, ms],
  ['search p99', (f) => f.searchP99, ms],
  ['browse p50', (f) => f.browseP50, ms],
  ['browse p99', (f) => f.browseP99, ms],
  ['RSS after scan', (f) => f.rssMiB, (v) => `${v.toFixed(0)} MiB`],
  ['play to first PCM', (f) => f.playToPcmMs, ms],
];
const [tonearm, ...peers] = results as [PlayerFigures, ...PlayerFigures[]];
const head = ['figure', ...results.map((r) => r.name), ...peers.map((p) => `${p.name} / Tonearm`)];
console.log(`\nN = ${count}\n`);
console.log(`| ${head.join(' | ')} |`);
console.log(`|${head.map(() => '---').join('|')}|`);
for (const [label, get, show] of rows) {
  const ratios = peers.map((p) => `${(get(p) / get(tonearm)).toFixed(1)}x`);
  console.log(
    `| ${label} | ${results.map((r) => show(get(r))).join(' | ')} | ${ratios.join(' | ')} |`,
  );
}
