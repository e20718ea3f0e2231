import test from 'ava';
import {
  copyFile,
  mkdir,
  readFile,
  readdir,
  realpath,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { generateTone } from '../../app/demo/media.ts';
import { library, sandbox, tracks } from './fixtures.ts';

test('a scan indexes good files and counts corrupt ones, unicode names included', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(box.media, [
    { rel: 'Sigur Rós/Ágætis byrjun/01 Svefn-g-englar.flac', tags: { title: 'Svefn-g-englar' } },
    { rel: '東京/夜.mp3', tags: { title: '夜', artist: '東京事変' } },
    { rel: 'plain.ogg', tags: { title: 'Plain' } },
  ]);
  await writeFile(path.join(box.media, 'broken.flac'), 'fLaC but nothing after it');
  await writeFile(path.join(box.media, 'noise.mp3'), Buffer.alloc(4096, 0x5a));
  await writeFile(path.join(box.media, 'notes.txt'), 'not audio, not counted');

  const { lib, records } = library(box);
  t.teardown(() => lib.close());
  const summary = await lib.scan();

  t.like(summary, { seen: 5, added: 3, failed: 2, removed: 0, updated: 0 });
  t.is(lib.lookup('local:track:%E6%9D%B1%E4%BA%AC/%E5%A4%9C.mp3')?.artist, '東京事変');
  t.truthy(
    lib.lookup('local:track:Sigur%20R%C3%B3s/%C3%81g%C3%A6tis%20byrjun/01%20Svefn-g-englar.flac'),
  );
  const failedPaths = records.filter((r) => r.level === 40).map((r) => r.path);
  t.deepEqual(failedPaths.sort(), ['broken.flac', 'noise.mp3']);
});

test('symlink loops end and links out of the media directory are not followed', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  const outside = path.join(box.root, 'outside');
  await tracks(box.media, [{ rel: 'A/in.mp3', tags: { title: 'Inside' } }]);
  await tracks(outside, [{ rel: 'secret.mp3', tags: { title: 'Secret' } }]);
  await symlink('..', path.join(box.media, 'A', 'loop'));
  await symlink(path.join(box.media, 'A'), path.join(box.media, 'B'));
  await symlink(outside, path.join(box.media, 'escape'));
  await symlink(path.join(outside, 'secret.mp3'), path.join(box.media, 'A', 'secret.mp3'));

  const { lib, records } = library(box);
  t.teardown(() => lib.close());
  const summary = await lib.scan();

  t.is(summary.added, 1, 'only A/in.mp3: the loop and the second link lead to A again');
  t.deepEqual(lib.search({ any: 'secret' }), []);
  const skipped = records.filter((r) => /not indexed/.test(String(r.msg)));
  const reasons = Object.fromEntries(skipped.map((r) => [r.path, r.msg]));
  t.regex(String(reasons['escape']), /outside the media directory/);
  t.regex(String(reasons['A/secret.mp3']), /outside the media directory/);
  t.regex(String(reasons['B'] ?? reasons['A/loop']), /already scanned/);
});

test('with follow_symlinks off no link is followed, even inside the root', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(box.media, [{ rel: 'A/in.mp3', tags: { title: 'Inside' } }]);
  await symlink(path.join(box.media, 'A', 'in.mp3'), path.join(box.media, 'link.mp3'));

  const { lib } = library(box, { followSymlinks: false });
  t.teardown(() => lib.close());
  t.like(await lib.scan(), { added: 1 });
  t.is(lib.lookup('local:track:link.mp3'), null);
});

test('a rescan reads changed files only and drops vanished ones', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(box.media, [
    { rel: 'keep.mp3', tags: { title: 'Keep' } },
    { rel: 'touched.mp3', tags: { title: 'Old title' } },
    { rel: 'gone.mp3', tags: { title: 'Gone' } },
    { rel: 'same-size.flac', tags: { title: 'Aaaa' } },
  ]);
  // A whole-second mtime, so that restoring it below gives back exactly the same value.
  const sameSize = path.join(box.media, 'same-size.flac');
  const then = new Date('2020-01-01T00:00:00Z');
  await utimes(sameSize, then, then);
  const { lib } = library(box);
  t.teardown(() => lib.close());
  t.like(await lib.scan(), { added: 4 });

  // Rewrite same-size.flac with a same-length title and restore its size and mtime: if the
  // rescan read it, the index would show the new title.
  const before = await stat(sameSize);
  const bytes = await readFile(sameSize);
  await writeFile(
    sameSize,
    Buffer.from(bytes.toString('latin1').replace('Aaaa', 'Bbbb'), 'latin1'),
  );
  await utimes(sameSize, then, then);
  t.is((await stat(sameSize)).size, before.size);

  await generateTone({
    file: path.join(box.media, 'touched.mp3'),
    format: 'mp3',
    seconds: 0.3,
    tags: { title: 'New title' },
  });
  const future = new Date(Date.now() + 5000);
  await utimes(path.join(box.media, 'touched.mp3'), future, future);
  await rm(path.join(box.media, 'gone.mp3'));

  const summary = await lib.scan();
  t.like(summary, { seen: 3, added: 0, updated: 1, removed: 1, unchanged: 2, failed: 0 });
  t.is(lib.lookup('local:track:touched.mp3')?.title, 'New title');
  t.is(lib.lookup('local:track:same-size.flac')?.title, 'Aaaa', 'unchanged file not re-read');
  t.is(lib.lookup('local:track:gone.mp3'), null);

  // The full-text index followed the changes: old words are gone, new ones are found.
  t.deepEqual(lib.search({ title: 'old' }), []);
  t.deepEqual(lib.search({ any: 'gone' }), []);
  t.deepEqual(
    lib.search({ title: 'new title' }).map((x) => x.uri),
    ['local:track:touched.mp3'],
  );
});

test('an unchanged corrupt file is not read again but still counted', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await mkdir(box.media, { recursive: true });
  await writeFile(path.join(box.media, 'bad.flac'), 'garbage');
  const { lib, records } = library(box);
  t.teardown(() => lib.close());

  t.like(await lib.scan(), { failed: 1 });
  t.like(await lib.scan(), { failed: 1 });
  t.is(records.filter((r) => r.path === 'bad.flac' && r.level === 40).length, 1);
});

test('scan progress is reported in the shape of the library.scan event', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(box.media, [{ rel: 'a.mp3' }, { rel: 'b.mp3' }]);
  const events: unknown[] = [];
  const { lib } = library(box, { onScanProgress: (e) => events.push(e) });
  t.teardown(() => lib.close());
  await lib.scan();

  t.like(events[0], { phase: 'started', total: null, seen: 0 });
  t.deepEqual(events.at(-1), {
    phase: 'finished',
    seen: 2,
    total: 2,
    added: 2,
    updated: 0,
    removed: 0,
    failed: 0,
  });
});

test('closing the library during a scan leaves an index the next scan completes', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(box.media, [{ rel: 'src.flac', tags: { title: 'Copy' } }]);
  const src = path.join(box.media, 'src.flac');
  for (let i = 0; i < 60; i++) {
    await copyFile(src, path.join(box.media, `copy-${String(i).padStart(2, '0')}.flac`));
  }

  const first = library(box).lib;
  const interrupted = first.scan();
  await new Promise((resolve) => setTimeout(resolve, 50));
  first.close();
  await t.throwsAsync(interrupted, { message: /library scan failed/ });

  const second = library(box).lib;
  t.teardown(() => second.close());
  const summary = await second.scan();
  t.is(summary.added + summary.unchanged, 61);
  t.is(second.search({ title: 'copy' }, 1000).length, 61);
});

test('tags read in the scan process itself (no reader threads) index the same', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(box.media, [{ rel: 'x/a.ogg', tags: { title: 'Alone', artist: 'Solo' } }]);
  await writeFile(path.join(box.media, 'x', 'b.mp3'), 'not audio');
  const { lib } = library(box, { scanReaders: 0 });
  t.teardown(() => lib.close());

  t.like(await lib.scan(), { added: 1, failed: 1 });
  t.like(lib.lookup('local:track:x/a.ogg'), { title: 'Alone', artist: 'Solo' });
});

test('a media directory that cannot be listed fails the scan and keeps the index', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(box.media, [{ rel: 'a.mp3' }]);
  const { lib } = library(box);
  t.teardown(() => lib.close());
  await lib.scan();

  await rm(box.media, { recursive: true });
  await writeFile(box.media, 'a file where the folder was');
  await t.throwsAsync(lib.scan(), { message: /cannot list the media directory \(ENOTDIR\)/ });
  t.truthy(lib.lookup('local:track:a.mp3'));
});

test('an empty media folder (unmounted disk) keeps the index unless told otherwise', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(box.media, [
    { rel: 'disk/a.mp3', tags: { title: 'Alpha' } },
    { rel: 'disk/b.mp3', tags: { title: 'Beta' } },
  ]);
  const { lib } = library(box);
  t.teardown(() => lib.close());
  t.like(await lib.scan(), { added: 2 });

  // What an unmounted mount point looks like: the folder is there, with nothing in it.
  await rm(path.join(box.media, 'disk'), { recursive: true });
  await t.throwsAsync(lib.scan(), {
    message: /holds no music files but the index has 2 tracks; kept them.*--allow-empty/,
  });
  t.is(lib.lookup('local:track:disk/a.mp3')?.title, 'Alpha');
  t.is(lib.search({ any: 'beta' }).length, 1);

  t.like(await lib.scan({ allowEmpty: true }), { seen: 0, removed: 2 });
  t.is(lib.search({}).length, 0);
});

test('a dead scan process fails that scan only; the index stays, the next completes', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(
    box.media,
    Array.from({ length: 40 }, (_, i) => ({ rel: `many/${i}.mp3`, tags: { title: `T${i}` } })),
  );
  const { lib } = library(box);
  t.teardown(() => lib.close());
  t.like(await lib.scan(), { added: 40 });
  await utimes(path.join(box.media, 'many/0.mp3'), new Date(), new Date(Date.now() + 9000));

  // What the kernel's OOM killer would do to it: SIGKILL, no goodbye.
  const scanning = lib.scan();
  const child = await scanChild(await realpath(box.media));
  process.kill(child, 'SIGKILL');
  await t.throwsAsync(scanning, {
    message: /library scan failed: scanner stopped \(signal SIGKILL\)/,
  });
  t.is(lib.search({ any: 't7' }).length, 1, 'the index still answers');

  t.like(await lib.scan(), { seen: 40, failed: 0 });
});

/** The pid of this process's scan child for `mediaRoot` (other tests scan meanwhile). */
async function scanChild(mediaRoot: string): Promise<number> {
  for (let i = 0; i < 400; i++) {
    for (const pid of await readdir('/proc')) {
      const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => '');
      if (Number(/^\d+ \(.*\) \S+ (\d+)/.exec(stat)?.[1]) !== process.pid) continue;
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (cmdline.includes('scan-process') && cmdline.includes(mediaRoot)) return Number(pid);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('no scan process appeared');
}

test('a file name that is not UTF-8 is skipped with a reason, and the rest indexed', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(box.media, [{ rel: 'good.mp3' }]);
  const latin1 = Buffer.concat([
    Buffer.from(`${box.media}/caf`),
    Buffer.from([0xe9]),
    Buffer.from('.mp3'),
  ]);
  await copyFile(path.join(box.media, 'good.mp3'), latin1);

  const { lib, records } = library(box);
  t.teardown(() => lib.close());
  t.like(await lib.scan(), { added: 1, failed: 0 });
  t.true(records.some((r) => /not valid UTF-8/.test(String(r.msg))));
});

test('two libraries scanning one index at once both finish with the same tracks', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(box.media, [{ rel: 'src.mp3', tags: { title: 'Twice' } }]);
  for (let i = 0; i < 30; i++) {
    await copyFile(path.join(box.media, 'src.mp3'), path.join(box.media, `c${i}.mp3`));
  }
  const a = library(box).lib;
  const b = library(box).lib;
  t.teardown(() => {
    a.close();
    b.close();
  });

  const [x, y] = await Promise.all([a.scan(), b.scan()]);
  t.is(x.seen, 31);
  t.is(y.seen, 31);
  t.is(a.search({ title: 'twice' }, 1000).length, 31);
  t.like(await b.scan(), { unchanged: 31, added: 0 });
});
