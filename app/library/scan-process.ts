import { describeError } from '../errors.ts';
import { integrityProblem, openForScan } from './db.ts';
import { runScan, type ScanCounts } from './scan-job.ts';
import { TagReaderPool } from './tag-readers.ts';

/**
 * Runs one scan in a child process (scanner.ts forks it). The parent passes ScanProcessData as
 * JSON in the last argument and reads ScanProcessMessage over the IPC channel. A process rather
 * than a thread so that everything a scan allocates (the walk, the index rows, SQLite's cache,
 * the tag readers) goes back to the system when it ends: as a thread it left ~20 MiB behind in
 * the service.
 */
export interface ScanProcessData {
  realRoot: string;
  dbFile: string;
  followSymlinks: boolean;
  /** Tag reader threads; 0 to read in this process; undefined for one per core (at most 4). */
  readers?: number;
  /** See ScanJobOptions.allowEmpty. */
  allowEmpty?: boolean;
}

export type ScanProcessMessage =
  | { type: 'progress'; counts: ScanCounts }
  | { type: 'log'; level: 'info' | 'warn'; obj: object; msg: string }
  | { type: 'done'; counts: ScanCounts }
  | { type: 'corrupt'; problem: string }
  | { type: 'error'; message: string };

const data = JSON.parse(process.argv[process.argv.length - 1] as string) as ScanProcessData;
// Each send's callback runs once it is written; they are written in order, so waiting for the
// last one before disconnecting loses no message.
let sent: Promise<void> = Promise.resolve();
const post = (message: ScanProcessMessage) => {
  sent = new Promise((resolve) => process.send?.(message, () => resolve()) ?? resolve());
};

const db = openForScan(data.dbFile);
const readers = data.readers === 0 ? null : new TagReaderPool(data.readers);
try {
  // Checked here rather than at start-up: it reads the whole file, which takes a while.
  const problem = integrityProblem(db);
  if (problem !== null) {
    post({ type: 'corrupt', problem });
  } else {
    const counts = await runScan(db, {
      realRoot: data.realRoot,
      followSymlinks: data.followSymlinks,
      allowEmpty: data.allowEmpty ?? false,
      ...(readers ? { read: (file: string) => readers.read(file) } : {}),
      progress: (c) => post({ type: 'progress', counts: c }),
      log: {
        info: (obj, msg) => post({ type: 'log', level: 'info', obj, msg }),
        warn: (obj, msg) => post({ type: 'log', level: 'warn', obj, msg }),
      },
    });
    post({ type: 'done', counts });
  }
} catch (err) {
  post({ type: 'error', message: describeError(err) });
} finally {
  db.close();
  await readers?.close();
  await sent;
  process.disconnect?.();
}
