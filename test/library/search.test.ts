import test from 'ava';
import type { LocalLibrary } from '../../app/library/library.ts';
import { buildMatch, ftsTerms } from '../../app/library/search.ts';
import { library, sandbox, tracks } from './fixtures.ts';

let lib: LocalLibrary;
let cleanup: () => Promise<void>;

test.before(async () => {
  const box = await sandbox();
  cleanup = box.cleanup;
  await tracks(box.media, [
    {
      rel: 'a/halo.mp3',
      tags: { title: 'Halo', artist: 'Beyoncé', album: 'I Am... Sasha Fierce', genre: 'Pop' },
    },
    {
      rel: 'a/ace.flac',
      tags: {
        title: 'Ace of Spades',
        artist: 'Motörhead',
        album_artist: 'Motörhead',
        album: 'Ace of Spades',
        genre: 'Heavy Metal',
        date: '1980-11-08',
      },
    },
    {
      rel: 'b/cafe.ogg',
      tags: { title: 'Sunset', artist: 'Various', album: 'Café del Mar', genre: 'Électronique' },
    },
    {
      rel: 'b/quote.mp3',
      tags: { title: 'Say "AND" NEAR * the end', artist: 'Syntax Error', date: '2001' },
    },
  ]);
  const opened = library(box);
  lib = opened.lib;
  await lib.scan();
});

test.after.always(async () => {
  lib?.close();
  await cleanup?.();
});

const titles = (q: Parameters<LocalLibrary['search']>[0]) =>
  lib.search(q).map((track) => track.title);

test('search ignores case and accents, in the index and in the query', (t) => {
  t.deepEqual(titles({ any: 'BEYONCE' }), ['Halo']);
  t.deepEqual(titles({ any: 'beyoncé' }), ['Halo']);
  t.deepEqual(titles({ any: 'motorhead' }), ['Ace of Spades']);
  t.deepEqual(titles({ any: 'CAFE' }), ['Sunset']);
  t.deepEqual(titles({ genre: 'electronique' }), ['Sunset']);
});

test('search matches word prefixes, so results come while typing', (t) => {
  t.deepEqual(titles({ any: 'mot' }), ['Ace of Spades']);
  t.deepEqual(titles({ any: 'ace spa' }), ['Ace of Spades']);
  t.deepEqual(titles({ any: 'sunsetx' }), []);
});

test('a per-field search looks only in that field', (t) => {
  t.deepEqual(titles({ album: 'ace' }), ['Ace of Spades']);
  t.deepEqual(titles({ artist: 'halo' }), []);
  t.deepEqual(titles({ title: 'halo' }), ['Halo']);
  t.deepEqual(titles({ albumArtist: 'motorhead' }), ['Ace of Spades']);
  t.deepEqual(titles({ albumArtist: 'beyonce' }), []);
  t.deepEqual(titles({ date: '1980' }), ['Ace of Spades']);
  t.deepEqual(titles({ genre: 'metal', artist: 'mot' }), ['Ace of Spades']);
  t.deepEqual(titles({ genre: 'metal', artist: 'bey' }), []);
});

test('FTS syntax in user input is only ever text', (t) => {
  t.deepEqual(titles({ any: '"and"' }), ['Say "AND" NEAR * the end']);
  t.deepEqual(titles({ any: 'near' }), ['Say "AND" NEAR * the end']);
  for (const hostile of ['"', 'AND', 'OR OR', '*', 'title:halo', 'NEAR(', ')(', '^x', '-']) {
    t.notThrows(() => lib.search({ any: hostile }), hostile);
  }
  t.deepEqual(titles({ any: 'title:halo' }), [], 'a column filter is not honoured in text');
});

test('the match expression quotes every word and prefixes it', (t) => {
  t.deepEqual(ftsTerms('Ünïcode "quoted" *'), ['"unicode"*', '"""quoted"""*']);
  t.is(buildMatch({ artist: 'a b', any: 'c' }), '"c"* AND artist : "a"* AND artist : "b"*');
  t.is(buildMatch({ any: '  ' }), null);
  t.deepEqual(lib.search({}), []);
});

test('search limits must be sensible', (t) => {
  t.is(lib.search({ any: 'a' }, 1).length, 1);
  t.throws(() => lib.search({ any: 'a' }, 0), { message: /limit must be 1-1000/ });
  t.throws(() => lib.search({ any: 'a' }, 100000), { message: /limit must be 1-1000/ });
});
