import cliProgress from 'cli-progress';
import type { Logger } from '../log.ts';
import type { ScanProgress } from './library.ts';

export interface ProgressReporter {
  update(progress: ScanProgress): void;
  /** Finish the bar (or the log lines); safe to call twice. */
  stop(): void;
}

/**
 * Shows scan progress to a person: a bar on a terminal, otherwise (a pipe, the journal) a log
 * line at most every `intervalMs` and one at the end, so a long scan is visibly alive without
 * flooding the log.
 */
export function createProgressReporter(options: {
  log: Logger;
  stream?: NodeJS.WriteStream;
  intervalMs?: number;
}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  return stream.isTTY ? barReporter(stream) : logReporter(options.log, options.intervalMs ?? 2000);
}

function barReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        'scan {bar} {value}/{total} files | {added} new, {updated} changed, ' +
        '{removed} gone, {failed} unreadable',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const counts = (p: ScanProgress) => ({
    added: p.added,
    updated: p.updated,
    removed: p.removed,
    failed: p.failed,
  });
  return {
    update(p) {
      if (p.total === null) return;
      if (!started) {
        bar.start(p.total, p.seen, counts(p));
        started = true;
      }
      bar.update(p.seen, counts(p));
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

function logReporter(log: Logger, intervalMs: number): ProgressReporter {
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (p.phase !== 'finished' && now - last < intervalMs) return;
      last = now;
      const fields = {
        seen: p.seen,
        total: p.total,
        added: p.added,
        updated: p.updated,
        removed: p.removed,
        failed: p.failed,
      };
      log.info(fields, p.phase === 'finished' ? 'scan finished' : 'scan progress');
    },
    stop() {},
  };
}
