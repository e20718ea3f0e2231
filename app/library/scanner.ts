import { TonearmError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { startSiblingWorker } from '../util/worker-url.ts';
import type { ScanCounts } from './scan-job.ts';
import type { ScanWorkerData, ScanWorkerMessage } from './scan-worker.ts';

export interface ScanWorkerOptions extends ScanWorkerData {
  log: Logger;
  onProgress(counts: ScanCounts): void;
}

/** How a scan ended: with counts, or before starting because the index is damaged. */
export type ScanOutcome = { counts: ScanCounts } | { corrupt: string };

/**
 * Start a scan in a worker thread and settle with its outcome. The worker opens its own
 * connection to the index (WAL lets the service keep reading meanwhile) and exits when done,
 * so the tag reader's memory is returned after every scan. `stop` ends it early.
 */
export function startScanWorker(options: ScanWorkerOptions): {
  done: Promise<ScanOutcome>;
  stop(): Promise<void>;
} {
  const { log, onProgress, ...data } = options;
  const worker = startSiblingWorker(import.meta.url, 'scan-worker', { workerData: data });

  const done = new Promise<ScanOutcome>((resolve, reject) => {
    let result: ScanOutcome | null = null;
    let failure: string | null = null;
    worker.on('message', (message: ScanWorkerMessage) => {
      if (message.type === 'progress') onProgress(message.counts);
      else if (message.type === 'log') log[message.level](message.obj, message.msg);
      else if (message.type === 'done') result = { counts: message.counts };
      else if (message.type === 'corrupt') result = { corrupt: message.problem };
      else failure = message.message;
    });
    worker.on('error', (err) => {
      failure = err.message;
    });
    worker.on('exit', (code) => {
      if (result) return resolve(result);
      const why = failure ?? `scanner stopped (exit code ${code})`;
      reject(new TonearmError('LIBRARY_UNAVAILABLE', `library scan failed: ${why}`));
    });
  });

  return {
    done,
    stop: async () => {
      await worker.terminate();
    },
  };
}
