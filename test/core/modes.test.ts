import test from 'ava';
import {
  nextStep,
  parseModes,
  previousStep,
  successorAfterRemoval,
  type Cause,
  type Shuffler,
} from '../../app/core/modes.ts';
import { shuffleAvoiding } from '../../app/core/order.ts';
import type { PlaybackModes } from '../../app/core/types.ts';
import { seeded } from './_support.ts';

const modes = (m: Partial<PlaybackModes> = {}): PlaybackModes => ({
  repeat: false,
  random: false,
  single: false,
  consume: false,
  ...m,
});

/** Reverses: a new pass that is visibly different from the old one and easy to predict. */
const reverse: Shuffler = (ids) => [...ids].reverse();
const order = [11, 12, 13, 14];

function step(current: number | null, m: Partial<PlaybackModes>, cause: Cause = 'ended') {
  return nextStep({ order, current, modes: modes(m) }, cause, reverse);
}

// ------------------------------------------------------------------ one mode at a time

test('with no mode on, the next entry plays and the end of the queue stops', (t) => {
  t.like(step(12, {}), { play: 13, consume: null });
  t.like(step(14, {}), { play: null, current: null, consume: null });
  t.like(step(14, {}, 'skip'), { play: null, current: null });
});

test('repeat starts again from the first entry after the last', (t) => {
  t.like(step(14, { repeat: true }), { play: 11, current: 11 });
  t.like(step(12, { repeat: true }), { play: 13 });
});

test('random follows the shuffled order, not the queue order', (t) => {
  const shuffled = [13, 11, 14, 12];
  const c = { order: shuffled, current: 11, modes: modes({ random: true }) };
  t.is(nextStep(c, 'ended', reverse).play, 14);
  t.is(nextStep({ ...c, current: 12 }, 'ended', reverse).play, null);
});

test('random with repeat starts a new shuffled pass that avoids the entry that just ended', (t) => {
  const seen: { ids: readonly number[]; avoid: number | null }[] = [];
  const spy: Shuffler = (ids, avoid) => {
    seen.push({ ids, avoid });
    return [12, 11, 13, 14];
  };
  const s = nextStep(
    { order, current: 14, modes: modes({ random: true, repeat: true }) },
    'ended',
    spy,
  );
  t.deepEqual(seen, [{ ids: order, avoid: 14 }]);
  t.is(s.play, 12, 'the new pass starts where the shuffle put it');
  t.deepEqual(s.order, [12, 11, 13, 14]);
});

test('single stops after the current entry, leaving the next one current', (t) => {
  t.like(step(12, { single: true }), { play: null, current: 13, consume: null });
  t.like(step(14, { single: true }), { play: null, current: null });
  t.like(step(14, { single: true, repeat: true, consume: true }), { play: null, current: 11 });
});

test('single with repeat plays the same entry again', (t) => {
  t.like(step(12, { single: true, repeat: true }), { play: 12, current: 12, consume: null });
});

test('single oneshot stops once and then switches itself off', (t) => {
  const s = step(12, { single: 'oneshot' });
  t.like(s, { play: null, current: 13 });
  t.is(s.modes.single, false);
  const r = step(12, { single: 'oneshot', repeat: true });
  t.like(r, { play: null, current: 13 });
  t.is(r.modes.single, false);
});

test('a skip moves on in single mode and leaves a oneshot armed', (t) => {
  t.like(step(12, { single: true, repeat: true }, 'skip'), { play: 13 });
  const s = step(12, { single: 'oneshot' }, 'skip');
  t.is(s.play, 13);
  t.is(s.modes.single, 'oneshot');
});

test('consume removes the entry that played, whether it ended or was skipped', (t) => {
  const s = step(12, { consume: true });
  t.like(s, { play: 13, consume: 12 });
  t.deepEqual(s.order, [11, 13, 14]);
  t.like(step(12, { consume: true }, 'skip'), { play: 13, consume: 12 });
  t.like(step(14, { consume: true }), { play: null, current: null, consume: 14 });
});

test('consume with repeat wraps round, but not when the last entry consumes itself', (t) => {
  t.like(step(14, { consume: true, repeat: true }), { play: 11, consume: 14 });
  const alone = nextStep(
    { order: [5], current: 5, modes: modes({ consume: true, repeat: true }) },
    'ended',
    reverse,
  );
  t.like(alone, { play: null, current: null, consume: 5 });
  const kept = nextStep(
    { order: [5], current: 5, modes: modes({ repeat: true }) },
    'ended',
    reverse,
  );
  t.like(kept, { play: 5, consume: null });
});

test('consume oneshot removes one entry and then switches itself off', (t) => {
  const s = step(12, { consume: 'oneshot' });
  t.like(s, { play: 13, consume: 12 });
  t.is(s.modes.consume, false);
});

test('with no current entry there is nothing to step from', (t) => {
  t.like(step(null, { repeat: true }), { play: null, current: null, consume: null });
  t.like(step(99, { repeat: true }), { play: null, current: null, consume: null });
});

// ------------------------------------------------------------------ every combination

const bools = [false, true] as const;
const tri = [false, true, 'oneshot'] as const;
const combos: PlaybackModes[] = [];
for (const repeat of bools)
  for (const random of bools)
    for (const single of tri)
      for (const consume of tri) combos.push({ repeat, random, single, consume });

for (const m of combos) {
  for (const cause of ['ended', 'skip'] as const) {
    for (const current of [11, 12, 14]) {
      const name = `${JSON.stringify(m)} ${cause} at ${current}`;
      test(`every combination keeps MPD's rules: ${name}`, (t) => {
        const s = nextStep({ order, current, modes: m }, cause, reverse);
        const consuming = m.consume !== false;
        const last = current === 14;
        const remaining = order.filter((id) => !consuming || id !== current);

        t.is(s.consume, consuming ? current : null, 'consume removes exactly the played entry');
        t.is(s.modes.consume, m.consume === 'oneshot' ? false : m.consume);
        const singleFired = cause === 'ended' && m.single === 'oneshot';
        t.is(s.modes.single, singleFired ? false : m.single);
        t.is(s.modes.repeat, m.repeat);
        t.is(s.modes.random, m.random);
        t.deepEqual([...s.order].sort(), [...remaining].sort(), 'order keeps every other entry');
        if (s.play !== null) t.not(s.play, s.consume, 'a consumed entry is never played next');

        const natural = !last ? order[order.indexOf(current) + 1] : m.repeat ? s.order[0] : null;
        const repeatsOne = cause === 'ended' && m.single === true && m.repeat && !consuming;
        if (repeatsOne) {
          t.is(s.play, current, 'single + repeat repeats the entry');
        } else if (cause === 'ended' && m.single !== false) {
          t.is(s.play, null, 'single stops after the entry');
          t.is(s.current, natural ?? null, 'and the following entry is current');
        } else {
          t.is(s.play, natural ?? null);
        }
        if (last && m.repeat && m.random && !repeatsOne)
          t.deepEqual(s.order, reverse(remaining, current));
      });
    }
  }
}

// ------------------------------------------------------------------ whole playthroughs

function playthrough(ids: number[], m: PlaybackModes, steps: number, shuffle: Shuffler) {
  let cursor = { order: ids as readonly number[], current: ids[0] as number | null, modes: m };
  const played: number[] = [cursor.current as number];
  for (let i = 0; i < steps && cursor.current !== null; i++) {
    const s = nextStep(cursor, 'ended', shuffle);
    if (s.play === null) break;
    played.push(s.play);
    cursor = { order: s.order, current: s.play, modes: s.modes };
  }
  return { played, order: cursor.order };
}

test('random with repeat plays every entry exactly once in each pass', (t) => {
  const random = seeded(42);
  const shuffle: Shuffler = (ids, avoid) => shuffleAvoiding(ids, random, avoid);
  const ids = [1, 2, 3, 4, 5, 6, 7];
  const { played } = playthrough(ids, modes({ random: true, repeat: true }), 7 * 6 - 1, shuffle);
  t.is(played.length, 42);
  for (let pass = 0; pass < 6; pass++) {
    const chunk = played.slice(pass * 7, pass * 7 + 7);
    t.deepEqual([...chunk].sort(), ids, `pass ${pass} is a permutation`);
    if (pass > 0) t.not(chunk[0], played[pass * 7 - 1], 'no entry twice in a row');
  }
  t.notDeepEqual(played.slice(7, 14), played.slice(14, 21), 'each pass is a new shuffle');
});

test('consume plays the queue through once and leaves it empty', (t) => {
  const { played, order: left } = playthrough([1, 2, 3], modes({ consume: true }), 10, reverse);
  t.deepEqual(played, [1, 2, 3]);
  t.deepEqual(left, [3], 'the last entry is consumed when the stop step is taken');
  const stop = nextStep(
    { order: left, current: 3, modes: modes({ consume: true }) },
    'ended',
    reverse,
  );
  t.like(stop, { play: null, consume: 3 });
});

test('repeat loops the queue and single + repeat loops one entry', (t) => {
  t.deepEqual(
    playthrough([1, 2, 3], modes({ repeat: true }), 6, reverse).played,
    [1, 2, 3, 1, 2, 3, 1],
  );
  t.deepEqual(
    playthrough([1, 2, 3], modes({ repeat: true, single: true }), 3, reverse).played,
    [1, 1, 1, 1],
  );
});

// ------------------------------------------------------------------ previous

const prev = (p: Partial<Parameters<typeof previousStep>[0]>) =>
  previousStep({ order, current: 13, modes: modes(), trail: [], positionMs: 0, ...p });

test('previous more than three seconds in restarts the current entry, in every mode', (t) => {
  for (const m of combos) t.is(prev({ modes: m, positionMs: 3001, trail: [11, 13] })?.play, 13);
  t.is(prev({ positionMs: 2999 })?.play, 12);
});

test('previous goes to the entry before; at the first, it restarts or wraps in repeat', (t) => {
  t.is(prev({ current: 12 })?.play, 11);
  t.is(prev({ current: 11 })?.play, 11);
  t.is(prev({ current: 11, modes: modes({ repeat: true }) })?.play, 14);
});

test('previous in random mode goes back through what actually played', (t) => {
  const m = modes({ random: true });
  const first = prev({ modes: m, order: [14, 12, 11, 13], current: 13, trail: [12, 14, 11, 13] });
  t.deepEqual(first, { play: 11, trail: [12, 14, 11] });
  const gone = prev({ modes: m, order: [12, 13, 14], current: 13, trail: [12, 14, 11, 13] });
  t.deepEqual(gone, { play: 14, trail: [12, 14] }, 'entries no longer queued are passed over');
  t.is(prev({ modes: m, current: 13, trail: [13] })?.play, 13, 'nothing played before: restart');
});

test('previous with no current entry does nothing', (t) => {
  t.is(prev({ current: null }), null);
});

test('removing the playing entry moves to the next one still queued', (t) => {
  const queued = (ids: number[]) => (id: number) => ids.includes(id);
  t.is(successorAfterRemoval(order, 12, queued([11, 14]), false), 14);
  t.is(successorAfterRemoval(order, 14, queued([11, 12]), false), null);
  t.is(successorAfterRemoval(order, 14, queued([12]), true), 12);
  t.is(successorAfterRemoval(order, 12, queued([]), true), null);
});

test('mode changes are checked and every bad key is named', (t) => {
  t.deepEqual(parseModes({ single: 'oneshot', repeat: true }), { single: 'oneshot', repeat: true });
  const err = t.throws(() => parseModes({ repeat: 'yes', shuffle: true }));
  t.is((err as { code?: string }).code, 'REQUEST_INVALID');
  t.regex(err.message, /repeat/);
  t.regex(err.message, /shuffle/);
  t.throws(() => parseModes({ consume: 'twice' }), { message: /consume/ });
});
