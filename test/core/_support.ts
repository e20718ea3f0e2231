/**
 * Shared pieces for Core's tests: a temp directory that cleans itself up, a logger whose lines
 * can be read back, a library of tiny generated tracks, and a small `local:` backend over it.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { ExecutionContext, TestFn } from 'ava';
import type { RandomSource } from '../../app/core/order.ts';
import type { Backend } from '../../app/core/ports.ts';
import type { PlayableSource, Track } from '../../app/core/types.ts';
import { generateTone } from '../../app/demo/media.ts';
import { TonearmError } from '../../app/errors.ts';
import { createLogger, type Logger } from '../../app/log.ts';

export async function tempDir(t: ExecutionContext, prefix = 'tonearm-core-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * One directory of generated tracks for a whole test file (made once, removed after), so each
 * test does not pay for ffmpeg. Call at the top level of the test file.
 */
export function sharedTracks(
  testFn: TestFn,
  count: number,
  seconds = 0.2,
): { dir: () => string; uris: () => string[] } {
  let dir = '';
  let uris: string[] = [];
  testFn.before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-tracks-'));
    uris = await makeTracks(dir, count, seconds);
  });
  testFn.after.always(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));
  return { dir: () => dir, uris: () => uris };
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

/** `local:track:<name>` for a file at the top of the test library. */
export function uriOf(name: string): string {
  return `local:track:${encodeURIComponent(name)}`;
}

/**
 * A minimal `local:` backend over one flat directory: enough for Core's tests, which are about
 * the queue and the player, not about the library (whose confinement has its own tests).
 */
export class DirBackend implements Backend {
  readonly scheme = 'local';
  lookups = 0;

  constructor(private readonly dir: string) {}

  async lookup(uri: string): Promise<Track | null> {
    this.lookups++;
    const file = this.fileOf(uri);
    if (!file) return null;
    try {
      await stat(file);
    } catch {
      return null;
    }
    const title = path.basename(file);
    return {
      uri,
      title,
      artist: 'Test Tones',
      albumArtist: null,
      album: null,
      genre: null,
      date: null,
      trackNo: null,
      discNo: null,
      durationMs: null,
      albumId: null,
    };
  }

  async resolve(uri: string): Promise<PlayableSource> {
    const file = this.fileOf(uri);
    if (!file || !(await this.lookup(uri))) {
      throw new TonearmError('TRACK_NOT_FOUND', `no such track: ${uri}`);
    }
    return { kind: 'file', uri, path: file };
  }

  private fileOf(uri: string): string | null {
    if (!uri.startsWith('local:track:')) return null;
    const name = decodeURIComponent(uri.slice('local:track:'.length));
    if (name.includes('/') || name.startsWith('.')) return null;
    return path.join(this.dir, name);
  }
}

/**
 * Generate `count` short FLAC tones (a different pitch each) in `dir`; returns their URIs.
 * FLAC because its decode is bit-exact and fast, so the player tests spend their time playing.
 */
export async function makeTracks(dir: string, count: number, seconds = 0.4): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `tone-${i + 1}.flac`);
  await Promise.all(
    names.map((name, i) =>
      generateTone({
        file: path.join(dir, name),
        format: 'flac',
        seconds,
        frequency: 220 + 110 * i,
        tags: { title: `Tone ${i + 1}`, artist: 'Test Tones' },
      }),
    ),
  );
  return names.map(uriOf);
}

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
