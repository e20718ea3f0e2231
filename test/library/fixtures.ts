import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { generateTone, type ToneSpec } from '../../app/demo/media.ts';
import { openLibrary, type LibraryOptions, type LocalLibrary } from '../../app/library/library.ts';
import { createLogger, type Logger } from '../../app/log.ts';

/** A logger whose records the test can read back, parsed. */
export function memoryLogger(): { log: Logger; records: Array<Record<string, unknown>> } {
  const records: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() !== '') records.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { log: createLogger({ level: 'debug', destination }), records };
}

export interface Sandbox {
  root: string;
  media: string;
  data: string;
  cleanup(): Promise<void>;
}

export async function sandbox(): Promise<Sandbox> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tonearm-lib-test-'));
  return {
    root,
    media: path.join(root, 'music'),
    data: path.join(root, 'data'),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** Write short tagged tracks under `media`; `rel` is the path inside it. */
export async function tracks(
  media: string,
  specs: Array<{ rel: string } & Omit<ToneSpec, 'file' | 'format' | 'seconds'>>,
): Promise<void> {
  await Promise.all(
    specs.map((s) => {
      const format = path.extname(s.rel).slice(1) as ToneSpec['format'];
      const { rel, ...rest } = s;
      return generateTone({ ...rest, file: path.join(media, rel), format, seconds: 0.3 });
    }),
  );
}

export function library(
  box: Sandbox,
  extra: Partial<LibraryOptions> = {},
): { lib: LocalLibrary; records: Array<Record<string, unknown>> } {
  const { log, records } = memoryLogger();
  // One reader thread: the pool is exercised, and the shared CI machine is not flooded.
  const lib = openLibrary({
    mediaDir: box.media,
    dataDir: box.data,
    log,
    scanReaders: 1,
    ...extra,
  });
  return { lib, records };
}
