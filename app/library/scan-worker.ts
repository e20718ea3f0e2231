import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../errors.ts';
import { integrityProblem, openForScan } from './db.ts';
import { runScan, type ScanCounts } from './scan-job.ts';
import { TagReaderPool } from './tag-readers.ts';

/** Runs one scan off the main thread. The parent sends workerData and reads messages. */
export interface ScanWorkerData {
  realRoot: string;
  dbFile: string;
  followSymlinks: boolean;
  /** Tag reader threads; 0 to read in this thread; undefined for one per core (at most 4). */
  readers?: number;
}

export type ScanWorkerMessage =
  | { type: 'progress'; counts: ScanCounts }
  | { type: 'log'; level: 'info' | 'warn'; obj: object; msg: string }
  | { type: 'done'; counts: ScanCounts }
  | { type: 'corrupt'; problem: string }
  | { type: 'error'; message: string };

const port = parentPort;
const data = workerData as ScanWorkerData;
const post = (message: ScanWorkerMessage) => port?.postMessage(message);

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
}
