import test from 'ava';
import { EventBus, type TonearmEvents } from '../../app/core/events.ts';
import { Queue } from '../../app/core/queue.ts';
import { TonearmError } from '../../app/errors.ts';
import { trackUri } from '../../app/library/uri.ts';
import { sharedLibrary } from './_real.ts';
import { seeded } from './_support.ts';

const library = sharedLibrary(test, 4, 0.1);

async function setup(_t: unknown, count = 4, limit?: number) {
  const uris = library().uris.slice(0, count);
  const bus = new EventBus();
  const events: TonearmEvents['queue.changed'][] = [];
  bus.on('test', 'queue.changed', (e) => events.push(e));
  const queue = new Queue({ bus, backend: library().backend, limit, random: seeded(7) });
  return { queue, uris, events };
}

const uris = (q: Queue) => q.list().entries.map((e) => e.uri);

test('added entries carry the track metadata and get increasing ids', async (t) => {
  const { queue, uris: u } = await setup(t);
  const added = await queue.add(u);
  t.deepEqual(
    added.map((e) => e.id),
    [1, 2, 3, 4],
  );
  t.like(added[0]?.track, { title: 'Tone 1', artist: 'Test Tones', trackNo: 1 });
  t.deepEqual(uris(queue), u);
});

test('entries can be inserted at a position', async (t) => {
  const { queue, uris: u } = await setup(t);
  await queue.add([u[0]!, u[1]!]);
  await queue.add([u[2]!, u[3]!], 1);
  t.deepEqual(uris(queue), [u[0], u[2], u[3], u[1]]);
  await queue.add([u[0]!], 0);
  t.is(uris(queue)[0], u[0]);
  await t.throwsAsync(queue.add([u[0]!], 99), { message: /position 99/ });
  await t.throwsAsync(queue.add([u[0]!], -1), { message: /position -1/ });
});

test('ids are never reused, even after entries are removed or the queue is cleared', async (t) => {
  const { queue, uris: u } = await setup(t);
  const first = await queue.add(u);
  queue.remove([first[3]!.id]);
  queue.clear();
  const again = await queue.add([u[0]!, u[0]!]);
  t.deepEqual(
    again.map((e) => e.id),
    [5, 6],
  );
  t.not(again[0]!.id, again[1]!.id, 'the same URI twice is two entries');
});

test('one unknown URI adds nothing, and the error names it', async (t) => {
  const { queue, uris: u, events } = await setup(t);
  const bad = trackUri('no-such-file.flac');
  const err = await t.throwsAsync(queue.add([u[0]!, bad, u[1]!]), { instanceOf: TonearmError });
  t.is(err.code, 'TRACK_NOT_FOUND');
  t.true(err.message.includes(bad));
  t.is(queue.length, 0);
  t.is(events.length, 0, 'no change was published');
  t.is(queue.version, 0);
});

test('a URI of an unknown scheme adds nothing and names the scheme', async (t) => {
  const { queue, uris: u } = await setup(t);
  const err = await t.throwsAsync(queue.add([u[0]!, 'ftp://example/x.mp3']), {
    instanceOf: TonearmError,
  });
  t.is(err.code, 'URI_UNKNOWN_SCHEME');
  t.regex(err.message, /ftp/);
  t.is(queue.length, 0);
});

test('empty or non-string URIs are refused', async (t) => {
  const { queue } = await setup(t, 1);
  await t.throwsAsync(queue.add([]), { message: /no URIs/ });
  await t.throwsAsync(queue.add([42 as unknown as string]), { message: /not a URI/ });
  await t.throwsAsync(queue.add(['x'.repeat(5000)]), { message: /not a URI/ });
});

test('the queue refuses to grow past its limit with QUEUE_FULL', async (t) => {
  const { queue, uris: u } = await setup(t, 4, 5);
  await queue.add(u);
  const err = await t.throwsAsync(queue.add([u[0]!, u[1]!]), { instanceOf: TonearmError });
  t.is(err.code, 'QUEUE_FULL');
  t.regex(err.message, /at most 5/);
  t.is(queue.length, 4);
  await queue.add([u[0]!]);
  t.is(queue.length, 5);
});

test('concurrent adds cannot together pass the limit', async (t) => {
  const { queue, uris: u } = await setup(t, 4, 6);
  const results = await Promise.allSettled([queue.add(u), queue.add(u)]);
  t.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  t.is(queue.length, 4);
});

test('remove takes entries by id and refuses, removing none, when one id is unknown', async (t) => {
  const { queue, uris: u } = await setup(t);
  const e = await queue.add(u);
  const err = t.throws(() => queue.remove([e[0]!.id, 999]), { instanceOf: TonearmError });
  t.is(err.code, 'QUEUE_ENTRY_NOT_FOUND');
  t.regex(err.message, /999/);
  t.is(queue.length, 4);
  queue.remove([e[0]!.id, e[2]!.id]);
  t.deepEqual(queue.ids(), [e[1]!.id, e[3]!.id]);
  t.false(queue.has(e[0]!.id));
});

test('move puts an entry at a new position and keeps its id', async (t) => {
  const { queue, uris: u } = await setup(t);
  const e = await queue.add(u);
  queue.move(e[0]!.id, 3);
  t.deepEqual(queue.ids(), [2, 3, 4, 1]);
  queue.move(e[0]!.id, 0);
  t.deepEqual(queue.ids(), [1, 2, 3, 4]);
  t.throws(() => queue.move(e[0]!.id, 4), { message: /position 4/ });
  t.throws(() => queue.move(77, 0), { message: /77/ });
});

test('shuffle reorders the same entries and can keep the playing one at the top', async (t) => {
  const { queue, uris: u } = await setup(t, 4);
  await queue.add([...u, ...u, ...u]);
  const before = queue.ids();
  queue.shuffle(7);
  const after = queue.ids();
  t.is(after[0], 7);
  t.deepEqual(
    [...after].sort((a, b) => a - b),
    before,
  );
  t.notDeepEqual(after, before);
});

test('every change bumps the version and is published', async (t) => {
  const { queue, uris: u, events } = await setup(t);
  const e = await queue.add(u);
  queue.move(e[0]!.id, 2);
  queue.shuffle();
  queue.remove([e[1]!.id]);
  queue.remove([]);
  queue.clear();
  queue.clear();
  t.deepEqual(events, [
    { version: 1, length: 4 },
    { version: 2, length: 4 },
    { version: 3, length: 4 },
    { version: 4, length: 3 },
    { version: 5, length: 0 },
  ]);
  t.is(queue.list().version, 5);
});

test('restored entries keep their ids and new ones continue after the highest', async (t) => {
  const { queue, uris: u } = await setup(t);
  queue.restore(
    [
      { id: 40, uri: u[0]!, track: null },
      { id: 12, uri: u[1]!, track: null },
    ],
    20,
  );
  t.deepEqual(queue.ids(), [40, 12]);
  const [added] = await queue.add([u[2]!]);
  t.is(added?.id, 41);
});
