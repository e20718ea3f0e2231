/**
 * The web API under load, Tonearm and Mopidy side by side: latency of the player state and of a
 * search with 1 and 50 concurrent clients, and the time for one event to reach 50 WebSockets.
 *
 *   node --import tsx bench/web-api.ts [N=2000] [--no-mopidy]
 *
 * Both run as separate processes on 127.0.0.1 with a null audio output. Needs Debian's mopidy
 * and mopidy-local for the comparison (without them, pass --no-mopidy).
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { generateLibrary, sampleOf } from './generate-library.ts';
import { closeAgent } from './peers/web-load.ts';
import { webMopidy } from './peers/web-mopidy.ts';
import { webTonearm, type WebFigures } from './peers/web-tonearm.ts';
import { ms } from './stats.ts';

const args = process.argv.slice(2);
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 2000);
const root = path.resolve(import.meta.dirname, '..', '.tmp', 'bench-web', String(count));
const musicDir = path.join(root, 'music');
const workDir = path.join(root, 'work');

console.error(`generating ${count} tracks in ${musicDir} ...`);
await generateLibrary({ dir: musicDir, count });
const sample = sampleOf(count);
const words = ['love', sample.artist.split(' ')[0]!, sample.album.split(' ')[0]!, sample.title];

const results: WebFigures[] = [];
for (const [name, run] of [
  ['tonearm', webTonearm],
  ...(args.includes('--no-mopidy') ? [] : [['mopidy', webMopidy] as const]),
] as const) {
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  console.error(`measuring ${name} ...`);
  results.push(await run(musicDir, workDir, words));
}
closeAgent();

const rows: Array<[string, (f: WebFigures) => number]> = [
  ['player state, 1 client, p50', (f) => f.state1.p50],
  ['player state, 1 client, p99', (f) => f.state1.p99],
  ['player state, 50 clients, p50', (f) => f.state50.p50],
  ['player state, 50 clients, p99', (f) => f.state50.p99],
  ['search, 1 client, p50', (f) => f.search1.p50],
  ['search, 1 client, p99', (f) => f.search1.p99],
  ['search, 50 clients, p50', (f) => f.search50.p50],
  ['search, 50 clients, p99', (f) => f.search50.p99],
  ['event to 50 WebSockets, p50', (f) => f.fanOut50.p50],
  ['event to 50 WebSockets, p99', (f) => f.fanOut50.p99],
];
const header = ['', ...results.map((r) => r.name)];
if (results.length > 1) header.push(`${results[1]!.name} / ${results[0]!.name}`);
console.log(`web API, ${count} tracks\n`);
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const [label, pick] of rows) {
  const values = results.map(pick);
  const cells = [label, ...values.map(ms)];
  if (values.length > 1) cells.push(`${(values[1]! / values[0]!).toFixed(1)}x`);
  console.log(`| ${cells.join(' | ')} |`);
}
