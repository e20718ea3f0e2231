import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../app/log.ts';

/** A logger whose lines are kept in memory, parsed, so a test can read what was logged. */
export function memoryLog(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: createLogger({ level: 'debug', destination }), lines };
}
