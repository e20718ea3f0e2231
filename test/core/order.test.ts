import test from 'ava';
import { promote, reconcileOrder, shuffleAvoiding, shuffleIds } from '../../app/core/order.ts';
import { seeded } from './_support.ts';

const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

test('a shuffle is a permutation of the ids and actually changes the order', (t) => {
  const random = seeded(1);
  let changed = 0;
  for (let i = 0; i < 20; i++) {
    const out = shuffleIds(ids, random);
    t.deepEqual(
      [...out].sort((a, b) => a - b),
      ids,
    );
    if (out.join() !== ids.join()) changed++;
  }
  t.true(changed >= 19);
});

test('a shuffle puts the requested first entry at the front', (t) => {
  const random = seeded(2);
  for (let i = 0; i < 20; i++) t.is(shuffleIds(ids, random, 7)[0], 7);
  t.deepEqual(
    [...shuffleIds(ids, random, 7)].sort((a, b) => a - b),
    ids,
  );
});

test('a new random pass never starts with the entry that just ended', (t) => {
  const random = seeded(3);
  for (let i = 0; i < 200; i++) t.not(shuffleAvoiding([1, 2, 3], random, 3)[0], 3);
  t.deepEqual(shuffleAvoiding([4], random, 4), [4]);
});

test('reconciling drops removed entries and keeps the order of the others', (t) => {
  const out = reconcileOrder([5, 3, 9, 1], [1, 3, 5], 3, seeded(4));
  t.deepEqual(out, [5, 3, 1]);
});

test('entries added in random mode are placed after the current one, to play this pass', (t) => {
  const random = seeded(5);
  for (let i = 0; i < 50; i++) {
    const out = reconcileOrder([5, 3, 9, 1], [1, 3, 5, 9, 20, 21], 9, random);
    t.is(out.length, 6);
    t.deepEqual(out.slice(0, 3), [5, 3, 9]);
    t.true(out.indexOf(20) > 2 && out.indexOf(21) > 2);
  }
});

test('promoting an entry moves it just after the current one', (t) => {
  t.deepEqual(promote([4, 2, 8, 6, 1], 2, 1), [4, 2, 1, 8, 6]);
  t.deepEqual(promote([4, 2, 8, 6, 1], 2, 4), [2, 4, 8, 6, 1]);
  t.deepEqual(promote([4, 2, 8], null, 8), [8, 4, 2]);
  t.deepEqual(promote([4, 2, 8], 2, 2), [4, 2, 8]);
});

test('new entries are spread among those still to play, and the others keep their order', (t) => {
  const order = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const queueIds = [...order, ...Array.from({ length: 40 }, (_, i) => 100 + i)];
  const out = reconcileOrder(order, queueIds, 3, seeded(6));

  t.is(out.length, 50);
  t.deepEqual(out.slice(0, 3), [1, 2, 3], 'what already played stays before the current entry');
  t.deepEqual(
    out.filter((id) => id < 100),
    order,
  );
  const lastOld = out.indexOf(10);
  t.true(
    out.slice(3, lastOld).some((id) => id >= 100),
    'some new entries come before old ones',
  );
  t.deepEqual([...new Set(out)].length, 50);
});
