/**
 * Core benchmark at the queue's size limit: adding 10,000 entries (looked up through the real
 * local backend), the next-entry decision over them, keeping the random order in step, and
 * saving and restoring the state file.
 *
 *   node --import tsx bench/core-queue.ts [--entries 10000] [--tracks 50]
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalBackend } from '../app/backends/local.ts';
import { BackendRegistry } from '../app/backends/registry.ts';
import { EventBus } from '../app/core/events.ts';
import { nextStep } from '../app/core/modes.ts';
import { reconcileOrder, shuffleAvoiding, shuffleIds } from '../app/core/order.ts';
import { Queue } from '../app/core/queue.ts';
import { StateStore, type SavedState } from '../app/core/state-store.ts';
import { generateTone } from '../app/demo/media.ts';
import { openLibrary } from '../app/library/library.ts';
import { trackUri } from '../app/library/uri.ts';
import { createLogger } from '../app/log.ts';
import { ms, percentile } from './stats.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const entries = arg('--entries', 10_000);
const trackCount = arg('--tracks', 50);
const log = createLogger({ level: 'warn' });

function timeSync(runs: number, fn: (i: number) => unknown): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

const root = await mkdtemp(path.join(os.tmpdir(), 'tonearm-bench-core-'));
try {
  const media = path.join(root, 'music');
  const names = Array.from({ length: trackCount }, (_, i) => `t${i}.flac`);
  await Promise.all(
    names.map((n, i) =>
      generateTone({ file: path.join(media, n), format: 'flac', seconds: 0.1, frequency: 200 + i }),
    ),
  );
  const lib = openLibrary({ mediaDir: media, dataDir: path.join(root, 'index'), log });
  await lib.scan();
  const backend = new BackendRegistry([new LocalBackend(lib)]);
  const uris = Array.from({ length: entries }, (_, i) => trackUri(names[i % names.length]!));

  const queue = new Queue({ bus: new EventBus(), backend });
  let start = performance.now();
  await queue.add(uris);
  const addMs = performance.now() - start;

  const ids = queue.ids();
  const modes = { repeat: true, random: false, single: false, consume: false };
  const shuffle = (list: readonly number[], avoid: number | null) =>
    shuffleAvoiding(list, Math.random, avoid);
  const plain = timeSync(1000, (i) =>
    nextStep({ order: ids, current: ids[(i * 7919) % ids.length]!, modes }, 'ended', shuffle),
  );
  const order = shuffleIds(ids, Math.random);
  const wrap = timeSync(200, () =>
    nextStep(
      { order, current: order.at(-1)!, modes: { ...modes, random: true } },
      'ended',
      shuffle,
    ),
  );
  const grown = [...ids, ...Array.from({ length: 1000 }, (_, i) => 1_000_000 + i)];
  const reconcile = timeSync(50, () => reconcileOrder(order, grown, order[100]!, Math.random));

  const state: SavedState = {
    version: 1,
    queue: {
      nextId: queue.idCounter,
      entries: queue.list().entries.map(({ id, uri }) => ({ id, uri })),
    },
    current: ids[0]!,
    positionMs: 0,
    modes,
    volume: 30,
  };
  const store = new StateStore({ dataDir: root, log, snapshot: () => state });
  const writes = [];
  for (let i = 0; i < 10; i++) {
    start = performance.now();
    store.schedule();
    await store.flush();
    writes.push(performance.now() - start);
  }
  const size = (await stat(store.file)).size;
  start = performance.now();
  const loaded = await store.load();
  const loadMs = performance.now() - start;
  start = performance.now();
  const again = new Queue({ bus: new EventBus(), backend });
  const restored = await Promise.all(
    loaded!.queue.entries.map(async (e) => ({ ...e, track: await backend.lookup(e.uri) })),
  );
  again.restore(restored, loaded!.queue.nextId);
  const restoreMs = performance.now() - start;
  lib.close();

  const p = (samples: number[]) =>
    `p50 ${ms(percentile(samples, 50))}  p99 ${ms(percentile(samples, 99))}`;
  console.log(`core queue benchmark: ${entries} entries over ${trackCount} library tracks`);
  console.log(`  add ${entries} URIs (lookups included)  ${ms(addMs)}`);
  console.log(`  next entry, queue order        ${p(plain)}`);
  console.log(`  next entry, random new pass    ${p(wrap)}`);
  console.log(`  random order, 1000 added       ${p(reconcile)}`);
  console.log(`  state file write (${(size / 1024).toFixed(0)} KiB)     ${p(writes)}`);
  console.log(`  state file load + validate     ${ms(loadMs)}`);
  console.log(`  queue restore with lookups     ${ms(restoreMs)}`);
} finally {
  await rm(root, { recursive: true, force: true });
}
