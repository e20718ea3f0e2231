import { readFile, readdir, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { StateStore, type SavedState } from '../../app/core/state-store.ts';
import { WARN, memoryLog, tempDir } from './_support.ts';

const state = (volume = 20): SavedState => ({
  version: 1,
  queue: {
    nextId: 3,
    entries: [
      { id: 1, uri: 'local:track:a.flac' },
      { id: 2, uri: 'local:track:b.flac' },
    ],
  },
  current: 2,
  positionMs: 1500,
  modes: { repeat: true, random: false, single: 'oneshot', consume: false },
  volume,
});

async function setup(t: ExecutionContext, debounceMs = 20) {
  const dir = await tempDir(t);
  const { log, records } = memoryLog();
  let current = state();
  let snapshots = 0;
  const store = new StateStore({
    dataDir: dir,
    log,
    debounceMs,
    snapshot: () => {
      snapshots++;
      return current;
    },
    now: () => new Date('2026-12-03T15:04:05.678Z'),
  });
  return {
    dir,
    store,
    records,
    set: (s: SavedState) => (current = s),
    snapshots: () => snapshots,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a saved state loads back as it was', async (t) => {
  const { store } = await setup(t);
  store.schedule();
  await store.flush();
  t.deepEqual(await store.load(), state());
});

test('no state file means a fresh start, silently', async (t) => {
  const { store, records } = await setup(t);
  t.is(await store.load(), null);
  t.is(records().length, 0);
});

test('a burst of changes is written once, after things go quiet', async (t) => {
  const { store, dir, set, snapshots } = await setup(t, 40);
  for (let v = 0; v <= 30; v++) {
    set(state(v));
    store.schedule();
  }
  t.is(snapshots(), 0, 'nothing is written during the burst');
  // Generous waits: the machine is shared, and a late write is not what is being tested.
  for (let waited = 0; snapshots() === 0 && waited < 5000; waited += 20) await sleep(20);
  await store.flush();
  await sleep(100);
  t.is(snapshots(), 1, 'one write for the whole burst');
  const saved = JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8')) as SavedState;
  t.is(saved.volume, 30, 'the last value of the burst is what lands');
});

test('close writes what is pending at once, and nothing after', async (t) => {
  const { store, set, snapshots } = await setup(t, 60_000);
  set(state(77));
  store.schedule();
  await store.close();
  t.is(snapshots(), 1);
  t.is((await store.load())?.volume, 77);
  store.schedule();
  await sleep(10);
  t.is(snapshots(), 1);
});

test('writes are atomic: only state.json is left, no temporary files', async (t) => {
  const { store, dir, set } = await setup(t, 1);
  for (let i = 0; i < 20; i++) {
    set(state(i));
    store.schedule();
    if (i % 3 === 0) await store.flush();
    await sleep(2);
  }
  await store.close();
  t.deepEqual(await readdir(dir), ['state.json']);
  t.is((await store.load())?.volume, 19);
});

const damaged: [string, string][] = [
  ['a torn file (truncated JSON)', JSON.stringify(state()).slice(0, 57)],
  ['garbage', '\u0000\u0001PK\u0003\u0004 not json at all'],
  ['an empty file', ''],
  ['a schema-invalid file', JSON.stringify({ ...state(), volume: 150 })],
  [
    'a file with duplicate entry ids',
    JSON.stringify({
      ...state(),
      queue: {
        nextId: 2,
        entries: [
          { id: 1, uri: 'local:x' },
          { id: 1, uri: 'local:y' },
        ],
      },
    }),
  ],
  ['a file from the future', JSON.stringify({ ...state(), version: 2 })],
];

for (const [what, content] of damaged) {
  test(`${what} is reported, moved aside and ignored`, async (t) => {
    const { store, dir, records } = await setup(t);
    const file = path.join(dir, 'state.json');
    await writeFile(file, content);

    t.is(await store.load(), null);

    const warning = records().find((r) => r.level === WARN);
    t.truthy(warning);
    t.is(warning?.file, file);
    t.is(warning?.code, 'STATE_CORRUPT');
    t.regex(String(warning?.msg), /damaged/);
    const aside = `state.json.corrupt-2026-12-03T15-04-05-678Z`;
    t.deepEqual(await readdir(dir), [aside]);
    t.is(await readFile(path.join(dir, aside), 'utf8'), content, 'nothing is lost');
  });
}

test('a schema problem is named in the warning', async (t) => {
  const { store, dir, records } = await setup(t);
  await writeFile(path.join(dir, 'state.json'), JSON.stringify({ ...state(), volume: 150 }));
  await store.load();
  t.regex(String(records()[0]?.problem), /volume/);
});

test('a state file that cannot be written is logged, never thrown', async (t) => {
  const dir = await tempDir(t);
  await writeFile(path.join(dir, 'blocker'), 'a file where the data directory should be');
  const { log, records } = memoryLog();
  const blocked = new StateStore({
    dataDir: path.join(dir, 'blocker', 'sub'),
    log,
    snapshot: state,
  });

  blocked.schedule();
  await t.notThrowsAsync(blocked.close());

  const error = records().find((r) => r.level === 50);
  t.regex(String(error?.msg), /cannot save/);
  t.is(error?.file, path.join(dir, 'blocker', 'sub', 'state.json'));
});

test('a state file too large to be real is moved aside without being read', async (t) => {
  const { store, dir, records } = await setup(t);
  await writeFile(path.join(dir, 'state.json'), '');
  await truncate(path.join(dir, 'state.json'), 49 * 1024 * 1024); // sparse: no data written

  t.is(await store.load(), null);
  t.regex(String(records()[0]?.problem), /too large/);
  t.deepEqual(await readdir(dir), ['state.json.corrupt-2026-12-03T15-04-05-678Z']);
});
