import test from 'ava';
import { TonearmError } from '../../app/errors.ts';
import { openIndex } from '../../app/library/db.ts';
import { runScan } from '../../app/library/scan-job.ts';
import { readTags } from '../../app/library/tags.ts';
import { memoryLogger, sandbox, tracks } from './fixtures.ts';

test('when the tag readers break, the scan ends and no file is marked unreadable', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  await tracks(box.media, [{ rel: 'a.mp3' }, { rel: 'b.mp3' }, { rel: 'c.mp3' }]);
  const db = openIndex(box.data, memoryLogger().log);
  t.teardown(() => db.close());

  let reads = 0;
  const scan = runScan(db, {
    realRoot: box.media,
    followSymlinks: true,
    progress: () => {},
    log: { info: () => {}, warn: () => {} },
    window: 2,
    read: async (file) => {
      reads += 1;
      if (reads >= 2) throw new TonearmError('LIBRARY_UNAVAILABLE', 'tag reader kept stopping');
      return readTags(file);
    },
  });

  await t.throwsAsync(scan, { message: /tag reader kept stopping/ });
  const row = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM failures').get();
  t.is(row?.n, 0);
});
