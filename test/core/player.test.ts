/**
 * The player state machine, driving the real audio pipeline (null output, clocked 4x) over
 * tracks from the real library. Tracks 1-4 are short; track 5 is long enough to pause in,
 * seek in, and be more than three seconds into. Serial: these tests measure what plays when,
 * and a dozen decode workers starting at once on two cores would blur that.
 */
import test, { type ExecutionContext } from 'ava';
import { TonearmError } from '../../app/errors.ts';
import { makeLibrary, sharedLibrary, startCore, type RunningCore } from './_real.ts';
import { eventually, seeded } from './_support.ts';

const library = sharedLibrary(test, 5, [0.4, 0.4, 0.4, 0.4, 20]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withQueue(t: ExecutionContext, count = 3) {
  const running = await startCore(t, library().backend, { random: seeded(11) });
  const entries = await running.core.queue.add(library().uris.slice(0, count));
  return { ...running, ids: entries.map((e) => e.id) };
}

const stopped = (r: RunningCore, from = 0) =>
  r.events.waitFor('player.state', (s) => s.state === 'stopped', from);
const started = (r: RunningCore, count: number, from = 0) =>
  r.events.waitFor('history.added', () => r.events.of('history.added', from).length >= count, from);
const playedUris = (r: RunningCore) => r.events.of('history.added').map((h) => h.uri);

test.serial(
  'play runs through the queue, handing each next entry over ahead, and stops at the end',
  async (t) => {
    const r = await withQueue(t);
    await r.core.player.play();
    await stopped(r);

    t.deepEqual(playedUris(r), library().uris.slice(0, 3));
    t.deepEqual(
      r.calls.filter((c) => c.method === 'play').map((c) => c.arg),
      [1],
    );
    const handed = r.calls
      .filter((c) => c.method === 'setNext' && c.arg !== null)
      .map((c) => c.arg);
    t.deepEqual([...new Set(handed)], [2, 3], 'entries 2 and 3 followed through setNext');
    t.like(r.core.player.status(), { state: 'stopped', current: null });
    t.deepEqual(
      r.core.history.list().map((h) => h.title),
      ['Tone 3', 'Tone 2', 'Tone 1'],
    );
    const states = r.events.of('player.state').map((s) => `${s.state}:${s.current?.id ?? '-'}`);
    t.deepEqual(states, ['playing:1', 'playing:2', 'playing:3', 'stopped:-']);
  },
);

test.serial('pause holds the position and play resumes from it', async (t) => {
  const r = await withQueue(t, 5);
  await r.core.player.play(r.ids[4]);
  await started(r, 1);
  await sleep(100);
  await r.core.player.pause();

  const held = r.core.player.status().positionMs;
  await sleep(150);
  t.like(r.core.player.status(), { state: 'paused', positionMs: held });
  t.true(held > 0);

  await r.core.player.play();
  await sleep(150);
  const after = r.core.player.status();
  t.is(after.state, 'playing');
  t.true(after.positionMs > held, `${after.positionMs} > ${held}`);
});

test.serial('toggle pauses when playing and plays otherwise', async (t) => {
  const r = await withQueue(t, 5);
  await r.core.player.play(r.ids[4]);
  await r.core.player.toggle();
  t.is(r.core.player.status().state, 'paused');
  await r.core.player.toggle();
  t.is(r.core.player.status().state, 'playing');
});

test.serial('two quick toggles mean play and then pause', async (t) => {
  const r = await withQueue(t, 5);
  await Promise.all([r.core.player.toggle(), r.core.player.toggle()]);
  t.is(r.core.player.status().state, 'paused');
  t.deepEqual(
    r.calls.filter((c) => c.method !== 'setNext').map((c) => c.method),
    ['play', 'pause'],
  );
});

test.serial('stop keeps the current entry, and play starts it again from the top', async (t) => {
  const r = await withQueue(t, 5);
  await r.core.player.play(r.ids[4]);
  await started(r, 1);
  await sleep(100);
  await r.core.player.stop();
  t.like(r.core.player.status(), { state: 'stopped', positionMs: 0 });
  t.is(r.core.player.status().current?.id, r.ids[4]);

  await r.core.player.play();
  t.is(r.calls.filter((c) => c.method === 'play').at(-1)?.arg, r.ids[4]);
  t.true(r.core.player.status().positionMs < 200);
});

test.serial('next and previous move through the queue while playing', async (t) => {
  const r = await withQueue(t, 5);
  await r.core.player.play(r.ids[4]);
  await r.core.player.previous();
  t.is(r.core.player.status().current?.id, r.ids[3]);
  await r.core.player.next();
  t.is(r.core.player.status().current?.id, r.ids[4]);
  await r.core.player.next();
  t.like(r.core.player.status(), { state: 'stopped', current: null }, 'past the last: stop');
});

test.serial('previous more than three seconds into a track restarts it', async (t) => {
  const r = await withQueue(t, 5);
  await r.core.player.play(r.ids[4]);
  await r.core.player.seek(3500);
  await r.core.player.previous();

  t.is(r.core.player.status().current?.id, r.ids[4], 'still the same track');
  t.true(r.core.player.status().positionMs < 1000);
  t.deepEqual(r.events.of('player.seeked'), [{ positionMs: 3500 }, { positionMs: 0 }]);
});

test.serial('next and previous while stopped only move the current entry', async (t) => {
  const r = await withQueue(t);
  await r.core.player.next();
  t.like(r.core.player.status(), { state: 'stopped', current: null }, 'no current: nothing');
  await r.core.player.play(r.ids[0]);
  await r.core.player.stop();
  await r.core.player.next();
  t.like(r.core.player.status(), { state: 'stopped' });
  t.is(r.core.player.status().current?.id, r.ids[1]);
  await r.core.player.previous();
  t.is(r.core.player.status().current?.id, r.ids[0]);
  t.is(r.calls.filter((c) => c.method === 'play').length, 1);
});

test.serial(
  'next while stopped in consume mode removes nothing, not even from the order',
  async (t) => {
    const r = await withQueue(t);
    r.core.player.setModes({ consume: 'oneshot', random: true, repeat: true });
    await r.core.player.play();
    await r.core.player.stop();
    const first = r.core.player.status().current?.uri;
    await r.core.player.next();
    t.is(r.core.queue.list().entries.length, 3);
    t.is(r.core.player.status().modes.consume, 'oneshot');

    // Played on in repeat: the entry stepped over must come round again in the next pass.
    r.core.player.setModes({ consume: false });
    const from = r.events.mark();
    await r.core.player.play();
    await started(r, 6, from);
    await r.core.player.stop();
    t.true(playedUris(r).slice(-6).includes(first!), 'the first entry is still in the order');
  },
);

test.serial(
  'single stops after the current entry, and oneshot then switches itself off',
  async (t) => {
    const r = await withQueue(t);
    r.core.player.setModes({ single: 'oneshot' });
    await r.core.player.play();
    await stopped(r);

    t.deepEqual(playedUris(r), [library().uris[0]]);
    t.is(r.core.player.status().current?.id, r.ids[1], 'the next entry is current');
    t.is(r.core.player.status().modes.single, false);
    t.deepEqual(
      r.events.of('player.modes').map((m) => m.single),
      ['oneshot', false],
    );
  },
);

test.serial('single with repeat plays the same entry again, gaplessly', async (t) => {
  const r = await withQueue(t);
  r.core.player.setModes({ single: true, repeat: true });
  await r.core.player.play(r.ids[1]);
  await started(r, 3);
  await r.core.player.stop();

  t.deepEqual(playedUris(r).slice(0, 3), Array(3).fill(library().uris[1]));
  t.is(r.calls.filter((c) => c.method === 'play').length, 1);
});

test.serial('consume removes each entry once it has played', async (t) => {
  const r = await withQueue(t);
  r.core.player.setModes({ consume: true });
  await r.core.player.play();
  await stopped(r);

  t.deepEqual(playedUris(r), library().uris.slice(0, 3));
  t.deepEqual(r.core.queue.list().entries, []);
});

test.serial('repeat starts over after the last entry', async (t) => {
  const r = await withQueue(t, 2);
  r.core.player.setModes({ repeat: true });
  await r.core.player.play();
  await started(r, 5);
  await r.core.player.stop();
  const [a, b] = library().uris;
  t.deepEqual(playedUris(r).slice(0, 5), [a, b, a, b, a]);
});

test.serial('random plays every entry once and then stops', async (t) => {
  const r = await withQueue(t, 4);
  r.core.player.setModes({ random: true });
  await r.core.player.play();
  await stopped(r);
  const played = playedUris(r);
  t.is(played.length, 4);
  t.deepEqual([...played].sort(), library().uris.slice(0, 4));
});

test.serial('previous in random mode goes back through what actually played', async (t) => {
  const long = await makeLibrary(5, 12);
  t.teardown(long.close);
  const r = await startCore(t, long.backend, { random: seeded(5) });
  await r.core.queue.add(long.uris);
  r.core.player.setModes({ random: true });
  await r.core.player.play();
  for (let n = 2; n <= 4; n++) {
    await started(r, n - 1);
    await r.core.player.next();
  }
  await started(r, 4);
  const played = playedUris(r);
  t.is(new Set(played).size, 4, 'no entry twice in one pass');
  const inQueueOrder = played.every(
    (uri, i) => i === 0 || long.uris.indexOf(uri) === long.uris.indexOf(played[i - 1]!) + 1,
  );
  t.false(inQueueOrder, 'the played order is not the queue order, so the test means something');

  const current = () => r.core.player.status().current?.uri;
  for (const back of [2, 1, 0]) {
    await r.core.player.previous();
    t.is(current(), played[back]);
    await started(r, 4 + (3 - back));
  }
});

test.serial('changing modes while playing changes what the pipeline gets next', async (t) => {
  const r = await withQueue(t, 5);
  await r.core.player.play(r.ids[3]);
  const from = r.calls.length;
  r.core.player.setModes({ single: true });
  r.core.player.setModes({ single: false });
  await eventually(() => r.calls.slice(from).some((c) => c.arg === r.ids[4]));
  const handed = r.calls
    .slice(from)
    .filter((c) => c.method === 'setNext')
    .map((c) => c.arg);
  t.deepEqual(handed, [null, r.ids[4]]);
});

test.serial('seek moves the position and is published', async (t) => {
  const r = await withQueue(t, 5);
  await r.core.player.play(r.ids[4]);
  await r.core.player.seek(10_000);
  const at = r.core.player.status().positionMs;
  t.true(at >= 10_000 && at < 12_000, String(at));
  await t.throwsAsync(r.core.player.seek(-1), { message: /seek position/ });
});

test.serial('bad commands are refused with clear errors', async (t) => {
  const r = await startCore(t, library().backend);
  const empty = await t.throwsAsync(r.core.player.play(), { instanceOf: TonearmError });
  t.is(empty.code, 'PLAYER_NOTHING_TO_PLAY');
  const unknown = await t.throwsAsync(r.core.player.play(99), { instanceOf: TonearmError });
  t.is(unknown.code, 'QUEUE_ENTRY_NOT_FOUND');
  t.throws(() => r.core.player.setModes({ random: 'yes' as unknown as boolean }), {
    message: /random/,
  });
  t.is(r.core.player.status().state, 'stopped');
});

test.serial('status reports state, current entry, modes, mixer and queue version', async (t) => {
  const r = await withQueue(t, 5);
  r.core.mixer.setVolume(20);
  r.core.player.setModes({ repeat: true });
  await r.core.player.play(r.ids[4]);
  t.like(r.core.player.status(), {
    state: 'playing',
    modes: { repeat: true, random: false, single: false, consume: false },
    mixer: { volume: 20, mute: false, maxVolume: 100 },
    queueVersion: 1,
  });
  t.is(r.core.player.status().current?.uri, library().uris[4]);
});
