import path from 'node:path';
import { TonearmError, describeError } from '../errors.ts';
import type { Db } from './db.ts';
import { rebuildDerived, writeStatements, type TrackRow } from './scan-write.ts';
import { albumIdOf } from './album-id.ts';
import type { TrackTags } from './tags.ts';
import { walkMedia, type FoundFile } from './walk.ts';

/** Counters shared by progress reports and the final summary. */
export interface ScanCounts {
  seen: number;
  total: number | null;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  failed: number;
}

export interface ScanLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface ScanJobOptions {
  realRoot: string;
  followSymlinks: boolean;
  /** Files written per transaction: big enough to amortise the commit, small enough that
   * readers never wait long and a crash loses little. */
  batchSize?: number;
  /** Called after the walk, then every few hundred milliseconds, and at the end. */
  progress(counts: ScanCounts): void;
  log: ScanLog;
  /** Reads one file's tags; a pool of reader threads in the scan process, else in-thread
   * (music-metadata is then loaded on the first read, so a rescan with nothing to read
   * never loads it). */
  read?: (file: string) => Promise<TrackTags>;
  /** Files being read at once; the answers are still written in folder order. */
  window?: number;
  /** Let a walk that finds no file at all empty a non-empty index (see runScan). */
  allowEmpty?: boolean;
}

/**
 * One scan: walk the media root, read tags only of files that are new or whose size or mtime
 * changed, drop files that vanished, and rebuild the album and folder tables when anything
 * changed. A walk that finds nothing at all over a non-empty index changes nothing and fails,
 * unless `allowEmpty` says the emptiness is meant. Corrupt files are remembered with their size
 * and mtime so that an unchanged bad file is not read (and logged) again on every rescan; they
 * count as failed each time.
 */
export async function runScan(db: Db, options: ScanJobOptions): Promise<ScanCounts> {
  const counts: ScanCounts = {
    seen: 0,
    total: null,
    added: 0,
    updated: 0,
    removed: 0,
    unchanged: 0,
    failed: 0,
  };
  options.progress({ ...counts });

  const found = walkMedia(options, {
    skipped: (rel, reason) => options.log.info({ path: rel }, `not indexed: ${reason}`),
  });
  counts.total = found.length;
  options.progress({ ...counts });

  const st = writeStatements(db);
  const known = new Map<string, { id: number; size: number; mtime: number }>();
  for (const row of st.allTracks.iterate()) known.set(row.path, row);
  const knownBad = new Map<string, { size: number; mtime: number }>();
  for (const row of st.allFailures.iterate()) knownBad.set(row.path, row);

  // An empty mount point looks exactly like a library whose every file was deleted. The first
  // is far likelier on a box whose music sits on a USB disk or a network share, and dropping
  // the index would lose every playlist entry and queue position that points into it.
  if (found.length === 0 && known.size > 0 && !options.allowEmpty) {
    throw new TonearmError(
      'LIBRARY_UNAVAILABLE',
      `${options.realRoot} holds no music files but the index has ${known.size} tracks; ` +
        'kept them, since the music disk may not be mounted ' +
        '(`tonearm scan --allow-empty` empties the index on purpose)',
    );
  }

  const batchSize = options.batchSize ?? 500;
  const window = options.window ?? 64;
  let batch: Array<() => void> = [];
  let reported = Date.now();
  const flush = () => {
    db.transaction((ops: Array<() => void>) => ops.forEach((op) => op()))(batch);
    batch = [];
  };
  const tick = () => {
    if (batch.length >= batchSize) flush();
    if (Date.now() - reported >= 250) {
      options.progress({ ...counts });
      reported = Date.now();
    }
  };

  // Reads run `window` at a time, but their writes are queued in the order of `found`, so
  // new tracks enter the index in folder order.
  const inFlight: Array<Promise<() => void>> = [];
  const settleOldest = async () => {
    batch.push(await (inFlight.shift() as Promise<() => void>));
    counts.seen += 1;
    tick();
  };

  for (const file of found) {
    const old = known.get(file.rel);
    known.delete(file.rel);
    const bad = knownBad.get(file.rel);
    knownBad.delete(file.rel);

    if (old && same(old, file)) {
      counts.unchanged += 1;
    } else if (!old && bad && same(bad, file)) {
      counts.failed += 1;
    } else {
      const reading = readOne(options, file, old?.id ?? null, counts, st);
      // Awaited in order below; this only keeps a failure behind the head from being reported
      // as unhandled when the head's failure has already ended the scan.
      reading.catch(() => {});
      inFlight.push(reading);
      if (inFlight.length >= window) await settleOldest();
      continue;
    }
    counts.seen += 1;
    tick();
  }
  while (inFlight.length > 0) await settleOldest();

  for (const old of known.values()) {
    batch.push(() => st.deleteTrack.run(old.id));
    counts.removed += 1;
  }
  for (const rel of knownBad.keys()) batch.push(() => st.deleteFailure.run(rel));
  const changed = counts.added + counts.updated + counts.removed > 0 || batch.length > 0;
  flush();
  options.progress({ ...counts });

  if (changed) rebuildDerived(db, counts.added + counts.updated + counts.removed);
  return counts;
}

function same(a: { size: number; mtime: number }, b: FoundFile): boolean {
  return a.size === b.size && a.mtime === b.mtime;
}

/** Read one file's tags and return the write to make for it in the current batch. */
async function readOne(
  options: ScanJobOptions,
  file: FoundFile,
  oldId: number | null,
  counts: ScanCounts,
  st: ReturnType<typeof writeStatements>,
): Promise<() => void> {
  const dir = path.posix.dirname(file.rel);
  try {
    const read = options.read ?? (await import('./tags.ts')).readTags;
    const tags = await read(path.join(options.realRoot, file.rel));
    const row: TrackRow = {
      ...tags,
      path: file.rel,
      dir: dir === '.' ? '' : dir,
      size: file.size,
      mtime: file.mtime,
      albumId: albumIdOf(tags.album, tags.albumartist, dir === '.' ? '' : dir),
    };
    if (oldId === null) counts.added += 1;
    else counts.updated += 1;
    return () => {
      st.deleteFailure.run(file.rel);
      if (oldId === null) st.insertTrack.run(row);
      else st.updateTrack.run({ ...row, id: oldId });
    };
  } catch (err) {
    // The reading machinery itself failing says nothing about this file: end the scan.
    if (err instanceof TonearmError) throw err;
    counts.failed += 1;
    const reason = describeError(err);
    options.log.warn({ path: file.rel, reason }, 'cannot read this file; it is not in the index');
    return () => {
      if (oldId !== null) st.deleteTrack.run(oldId);
      st.upsertFailure.run({ path: file.rel, size: file.size, mtime: file.mtime, reason });
    };
  }
}
