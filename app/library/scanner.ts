import { TonearmError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { forkSibling } from '../util/worker-url.ts';
import type { ScanCounts } from './scan-job.ts';
import type { ScanProcessData, ScanProcessMessage } from './scan-process.ts';

export interface ScanProcessOptions extends ScanProcessData {
  log: Logger;
  onProgress(counts: ScanCounts): void;
}

/** How a scan ended: with counts, or before starting because the index is damaged. */
export type ScanOutcome = { counts: ScanCounts } | { corrupt: string };

/**
 * Start a scan in a child process (scan-process.ts) and settle with its outcome. The child
 * opens its own connection to the index (WAL lets the service keep reading meanwhile) and exits
 * when done, so all it allocated, tag readers included, is returned after every scan. `stop`
 * ends it early; SQLite's transactions keep the index whole.
 */
export function startScanProcess(options: ScanProcessOptions): {
  done: Promise<ScanOutcome>;
  stop(): Promise<void>;
} {
  const { log, onProgress, ...data } = options;
  const child = forkSibling(import.meta.url, 'scan-process', [JSON.stringify(data)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  // 'close' comes after both the exit and the last message, so no message is missed.
  const closed = new Promise<string>((resolve) =>
    child.on('close', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`)),
  );
  const done = new Promise<ScanOutcome>((resolve, reject) => {
    let result: ScanOutcome | null = null;
    let failure: string | null = null;
    child.on('message', (message: ScanProcessMessage) => {
      if (message.type === 'progress') onProgress(message.counts);
      else if (message.type === 'log') log[message.level](message.obj, message.msg);
      else if (message.type === 'done') result = { counts: message.counts };
      else if (message.type === 'corrupt') result = { corrupt: message.problem };
      else failure = message.message;
    });
    child.on('error', (err) => {
      failure = err.message;
    });
    void closed.then((how) => {
      if (result) return resolve(result);
      const why = failure ?? `scanner stopped (${how})`;
      reject(new TonearmError('LIBRARY_UNAVAILABLE', `library scan failed: ${why}`));
    });
  });

  return {
    done,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await closed;
    },
  };
}
