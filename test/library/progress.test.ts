import test from 'ava';
import { PassThrough } from 'node:stream';
import { createProgressReporter } from '../../app/library/progress.ts';
import type { ScanProgress } from '../../app/library/library.ts';
import { memoryLogger } from './fixtures.ts';

const at = (seen: number, phase: ScanProgress['phase'] = 'progress'): ScanProgress => ({
  phase,
  seen,
  total: 10,
  added: seen,
  updated: 0,
  removed: 0,
  failed: 0,
});

test('off a terminal, progress becomes occasional log lines and a final one', (t) => {
  const { log, records } = memoryLogger();
  const stream = Object.assign(new PassThrough(), {
    isTTY: false,
  }) as unknown as NodeJS.WriteStream;
  const reporter = createProgressReporter({ log, stream, intervalMs: 60_000 });
  for (let i = 0; i <= 10; i++) reporter.update(at(i));
  reporter.update(at(10, 'finished'));
  reporter.stop();

  t.deepEqual(
    records.map((r) => [r.msg, r.seen]),
    [
      ['scan progress', 0],
      ['scan finished', 10],
    ],
  );
  t.is(records[1]?.total, 10);
});

test('on a terminal, progress draws a bar with the counts', (t) => {
  const { log, records } = memoryLogger();
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  const stream = Object.assign(out, {
    isTTY: true,
    columns: 120,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  }) as unknown as NodeJS.WriteStream;
  const reporter = createProgressReporter({ log, stream });
  reporter.update({ ...at(0, 'started'), total: null });
  reporter.update(at(4));
  reporter.update(at(10, 'finished'));
  reporter.stop();

  t.regex(text, /10\/10 files \| 10 new, 0 changed, 0 gone, 0 unreadable/);
  t.is(records.length, 0);
});
