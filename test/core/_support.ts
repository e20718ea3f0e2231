/**
 * Shared pieces for Core's tests: a temp directory that cleans itself up, a logger whose lines
 * can be read back, and a seeded random source. Real libraries and players: _real.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { ExecutionContext } from 'ava';
import type { RandomSource } from '../../app/core/order.ts';
import { createLogger, type Logger } from '../../app/log.ts';

export async function tempDir(t: ExecutionContext, prefix = 'tonearm-core-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real pino logger writing into memory; `records()` parses what it wrote. */
export function memoryLog(): { log: Logger; records: () => LogRecord[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger({ level: 'debug', destination });
  return { log, records: () => lines.map((l) => JSON.parse(l) as LogRecord) };
}

export const WARN = 40;

/** A small deterministic generator (mulberry32), so failures can be replayed. */
export function seeded(seed: number): RandomSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Wait until `check` holds (polling), or give up after `ms`; returns whether it held. */
export async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited >= ms) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}
