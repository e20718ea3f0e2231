import test from 'ava';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TonearmError } from '../../app/errors.ts';
import { TagReaderPool } from '../../app/library/tag-readers.ts';
import { sandbox, tracks } from './fixtures.ts';

test('a pool of readers reads many files at once and reports bad ones per file', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  const specs = Array.from({ length: 6 }, (_, i) => ({
    rel: `t${i}.mp3`,
    tags: { title: `Track ${i}`, track: String(i + 1) },
  }));
  await tracks(box.media, specs);
  await writeFile(path.join(box.media, 'bad.mp3'), 'nothing');
  const pool = new TagReaderPool(2);
  t.teardown(() => pool.close());

  const results = await Promise.all(specs.map((s) => pool.read(path.join(box.media, s.rel))));
  t.deepEqual(
    results.map((r) => [r.title, r.trackNo]),
    specs.map((_, i) => [`Track ${i}`, i + 1]),
  );
  await t.throwsAsync(pool.read(path.join(box.media, 'bad.mp3')), { message: /no audio/ });
  t.is((await pool.read(path.join(box.media, 't0.mp3'))).title, 'Track 0');
});

test('a reader that cannot start breaks the pool instead of restarting forever', async (t) => {
  // A 1 MB heap cannot even load the reader's modules.
  const pool = new TagReaderPool(1, 1);
  t.teardown(() => pool.close());

  const err = await t.throwsAsync(pool.read('/nonexistent.mp3'), { instanceOf: TonearmError });
  t.is(err?.code, 'LIBRARY_UNAVAILABLE');
  t.regex(err?.message ?? '', /tag reader could not start/);
  const again = await t.throwsAsync(pool.read('/nonexistent.mp3'));
  t.is(again, err);
});
