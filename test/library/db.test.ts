import test from 'ava';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { INDEX_FILE } from '../../app/library/db.ts';
import { library, sandbox, tracks } from './fixtures.ts';

test('the index survives closing and reopening the library', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(box.media, [{ rel: 'a.mp3', tags: { title: 'Kept', artist: 'Someone' } }]);

  const first = library(box).lib;
  await first.scan();
  first.close();

  const second = library(box).lib;
  t.teardown(() => second.close());
  t.is(second.lookup('local:track:a.mp3')?.title, 'Kept');
  t.deepEqual(
    second.search({ artist: 'someone' }).map((x) => x.uri),
    ['local:track:a.mp3'],
  );
  t.like(await second.scan(), { unchanged: 1, added: 0 });
});

test('a corrupt index is moved aside, reported, and rebuilt', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(box.media, [{ rel: 'a.mp3', tags: { title: 'Back' } }]);
  await mkdir(box.data, { recursive: true });
  const garbage = Buffer.from('SQLite format 3\0'.padEnd(4096, 'x'));
  await writeFile(path.join(box.data, INDEX_FILE), garbage);

  const { lib, records } = library(box);
  t.teardown(() => lib.close());

  const report = records.find((r) => r.level === 50);
  t.regex(String(report?.msg), /library index is corrupt; moved it aside/);
  t.is(report?.file, path.join(box.data, INDEX_FILE));
  const aside = (await readdir(box.data)).filter((f) => f.includes('.corrupt-'));
  t.is(aside.length, 1);
  t.is(report?.movedTo, path.join(box.data, aside[0]!));
  t.deepEqual(await readFile(path.join(box.data, aside[0]!)), garbage);

  t.like(await lib.scan(), { added: 1 });
  t.is(lib.lookup('local:track:a.mp3')?.title, 'Back');
});

test('an index from another schema version is rebuilt', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await mkdir(box.data, { recursive: true });
  const old = new Database(path.join(box.data, INDEX_FILE));
  old.exec('CREATE TABLE tracks (uri TEXT); PRAGMA user_version = 99');
  old.close();

  const { lib, records } = library(box);
  t.teardown(() => lib.close());
  t.true(records.some((r) => r.found === 99 && /another version/.test(String(r.msg))));
  t.deepEqual(lib.browse('local:directory:'), []);
});

test('a data directory that cannot be created is a clear LIBRARY_UNAVAILABLE error', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await mkdir(box.root, { recursive: true });
  await writeFile(path.join(box.root, 'file'), 'x');
  const err = t.throws(() => library({ ...box, data: path.join(box.root, 'file', 'data') }));
  t.is((err as { code?: string }).code, 'LIBRARY_UNAVAILABLE');
  t.regex(err?.message ?? '', /cannot open the library index .*file\/data/);
});

test('an index damaged inside is found by the next scan, moved aside and rebuilt', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(box.media, [{ rel: 'a.mp3' }, { rel: 'b.mp3' }]);
  const first = library(box).lib;
  await first.scan();
  first.close();

  const file = path.join(box.data, INDEX_FILE);
  const bytes = await readFile(file);
  t.true(bytes.length >= 4096 * 4, 'several pages to damage');
  bytes.fill(0xa5, 4096 * 2, 4096 * 3);
  await writeFile(file, bytes);

  // Opening reads only the header, so start-up stays fast; the scan worker checks the rest.
  const { lib, records } = library(box);
  t.teardown(() => lib.close());
  t.false(records.some((r) => r.level === 50));

  t.like(await lib.scan(), { added: 2 });
  const report = records.find((r) => r.level === 50);
  t.regex(String(report?.msg), /library index is corrupt; moved it aside/);
  t.truthy(report?.reason);
  t.true((await readdir(box.data)).some((f) => f.includes('.corrupt-')));
  t.is(lib.search({ title: 'a' }).length, 1);
});
