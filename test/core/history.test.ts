import test from 'ava';
import { EventBus, type TonearmEvents } from '../../app/core/events.ts';
import { History } from '../../app/core/history.ts';
import type { QueueEntry } from '../../app/core/types.ts';

const entry = (n: number, title: string | null = `Song ${n}`): QueueEntry => ({
  id: n,
  uri: `local:track:${n}.flac`,
  track: title === null ? null : ({ title, artist: 'Band' } as QueueEntry['track']),
});

test('history lists what played, newest first, and publishes each addition', (t) => {
  const bus = new EventBus();
  const added: TonearmEvents['history.added'][] = [];
  bus.on('test', 'history.added', (e) => added.push(e));
  let clock = Date.UTC(2026, 0, 1);
  const history = new History(bus, 10, () => new Date((clock += 1000)));

  history.add(entry(1));
  history.add(entry(2, null));
  t.deepEqual(history.list(), [
    {
      uri: 'local:track:2.flac',
      title: 'local:track:2.flac',
      artist: null,
      playedAt: '2026-01-01T00:00:02.000Z',
    },
    {
      uri: 'local:track:1.flac',
      title: 'Song 1',
      artist: 'Band',
      playedAt: '2026-01-01T00:00:01.000Z',
    },
  ]);
  t.deepEqual(
    added.map((a) => a.uri),
    ['local:track:1.flac', 'local:track:2.flac'],
  );
});

test('history keeps only its limit, dropping the oldest', (t) => {
  const history = new History(new EventBus(), 3);
  for (let i = 1; i <= 7; i++) history.add(entry(i));
  t.deepEqual(
    history.list().map((h) => h.title),
    ['Song 7', 'Song 6', 'Song 5'],
  );
  t.deepEqual(
    history.list(2).map((h) => h.title),
    ['Song 7', 'Song 6'],
  );
  t.deepEqual(history.list(0), []);
  t.is(history.list(-4).length, 0);
  t.is(history.list(NaN).length, 3);
});
