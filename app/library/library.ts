import path from 'node:path';
import type { TonearmEvents } from '../core/events.ts';
import type {
  AlbumArt,
  BrowseRef,
  LibraryService,
  ScanSummary,
  SearchQuery,
} from '../core/ports.ts';
import type { Track } from '../core/types.ts';
import { TonearmError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { embeddedArt, folderArt } from './art.ts';
import { browse, isAlbumId } from './browse.ts';
import { INDEX_FILE, openIndex, replaceCorrupt, type Db } from './db.ts';
import { prepareQueries, type Queries } from './queries.ts';
import { toTrack } from './rows.ts';
import type { ScanCounts } from './scan-job.ts';
import { startScanProcess, type ScanOutcome } from './scanner.ts';
import { search } from './search.ts';
import { confine, realMediaRoot, showUri, trackPathFromUri } from './uri.ts';

export type ScanProgress = TonearmEvents['library.scan'];

export interface LibraryOptions {
  /** Where the music lives (config library.media_dir). */
  mediaDir: string;
  /** Where the index is kept (config storage.data_dir). */
  dataDir: string;
  log: Logger;
  /** Config library.follow_symlinks. */
  followSymlinks?: boolean;
  /** Config library.art_files: folder art names, lower case, without extension. */
  artFiles?: readonly string[];
  /** Threads that read tags during a scan: 0 reads in the scan thread itself; by default
   * one per core, at most four. */
  scanReaders?: number;
  /** Every scan's progress, shaped as the bus's `library.scan` event. */
  onScanProgress?: (progress: ScanProgress) => void;
}

/** Open (or create) the index and return the library. Scanning is up to the caller. */
export function openLibrary(options: LibraryOptions): LocalLibrary {
  return new LocalLibrary(options);
}

export class LocalLibrary implements LibraryService {
  private db: Db;
  private q: Queries;
  private readonly log: Logger;
  private readonly options: LibraryOptions;
  private readonly artFiles: readonly string[];
  private realRoot: string | null = null;
  private running: { done: Promise<ScanSummary>; stop(): Promise<void> } | null = null;

  constructor(options: LibraryOptions) {
    this.options = options;
    this.log = options.log.child({ module: 'library' });
    this.artFiles = (options.artFiles ?? ['cover', 'folder', 'front', 'album']).map((n) =>
      n.toLowerCase(),
    );
    this.db = openIndex(options.dataDir, this.log);
    this.q = prepareQueries(this.db);
  }

  /** The media directory after realpath; resolved on first use, so a disk mounted late works. */
  mediaRoot(): string {
    this.realRoot ??= realMediaRoot(this.options.mediaDir);
    return this.realRoot;
  }

  search(query: SearchQuery, limit?: number): Track[] {
    return search(this.q.search, query, limit);
  }

  browse(uri: string): BrowseRef[] {
    return browse(this.q.browse, uri);
  }

  lookup(uri: string): Track | null {
    const row = this.q.byPath.get(trackPathFromUri(uri));
    return row ? toTrack(row) : null;
  }

  /**
   * The real, confined absolute path of an indexed track, for playing it. Files that are not
   * in the index are not played, even when they exist: the index is what was checked.
   */
  resolvePath(uri: string): string {
    const rel = trackPathFromUri(uri);
    if (!this.q.byPath.get(rel)) {
      throw new TonearmError('TRACK_NOT_FOUND', `track ${showUri(uri)} is not in the library`);
    }
    return confine(this.mediaRoot(), rel, `track ${showUri(uri)}`);
  }

  async art(ref: { trackUri: string } | { albumId: string }): Promise<AlbumArt | null> {
    const root = this.mediaRoot();
    if ('trackUri' in ref) {
      const row = this.q.byPath.get(trackPathFromUri(ref.trackUri));
      if (!row) return null;
      const embedded = row.art_hash ? await embeddedArt(root, row.path) : null;
      return embedded ?? (await folderArt(root, row.dir, this.artFiles));
    }

    if (!isAlbumId(ref.albumId)) {
      throw new TonearmError('URI_INVALID', `not an album id: ${showUri(ref.albumId)}`);
    }
    for (const { dir } of this.q.albumDirs.all(ref.albumId)) {
      const art = await folderArt(root, dir, this.artFiles);
      if (art) return art;
    }
    const track = this.q.albumArtTrack.get(ref.albumId);
    return track ? embeddedArt(root, track.path) : null;
  }

  /**
   * Scan the media directory. A scan already running is joined, not started twice. When the
   * scan process finds the index damaged, it is replaced by a fresh one and scanned again.
   */
  scan(
    options: { onProgress?: (progress: ScanProgress) => void; allowEmpty?: boolean } = {},
  ): Promise<ScanSummary> {
    if (this.running) return this.running.done;
    const started = Date.now();
    const report = (phase: ScanProgress['phase'], c: ScanCounts) => {
      const event: ScanProgress = {
        phase,
        seen: c.seen,
        total: c.total,
        added: c.added,
        updated: c.updated,
        removed: c.removed,
        failed: c.failed,
      };
      this.options.onScanProgress?.(event);
      options.onProgress?.(event);
    };

    let stopScan = async () => {};
    const runOnce = (): Promise<ScanOutcome> => {
      const scan = startScanProcess({
        realRoot: this.mediaRoot(),
        dbFile: path.join(this.options.dataDir, INDEX_FILE),
        followSymlinks: this.options.followSymlinks ?? true,
        readers: this.options.scanReaders,
        allowEmpty: options.allowEmpty ?? false,
        log: this.log,
        onProgress: (c) => report(c.total === null || c.seen === 0 ? 'started' : 'progress', c),
      });
      stopScan = scan.stop;
      return scan.done;
    };

    const run = async (): Promise<ScanSummary> => {
      this.log.info({ mediaDir: this.options.mediaDir }, 'library scan started');
      let outcome = await runOnce();
      if ('corrupt' in outcome) {
        this.replaceIndex(outcome.corrupt);
        outcome = await runOnce();
      }
      if ('corrupt' in outcome) {
        throw new TonearmError(
          'LIBRARY_UNAVAILABLE',
          `the library index is damaged even after rebuilding it: ${outcome.corrupt}`,
        );
      }
      const c = outcome.counts;
      report('finished', c);
      const summary: ScanSummary = {
        seen: c.seen,
        added: c.added,
        updated: c.updated,
        removed: c.removed,
        unchanged: c.unchanged,
        failed: c.failed,
        durationMs: Date.now() - started,
      };
      this.log.info(summary, 'library scan finished');
      return summary;
    };

    const done = run().finally(() => {
      this.running = null;
    });
    this.running = { done, stop: () => stopScan() };
    return done;
  }

  close(): void {
    void this.running?.stop();
    this.running = null;
    this.db.close();
  }

  private replaceIndex(problem: string): void {
    this.db.close();
    this.db = replaceCorrupt(this.options.dataDir, this.log, problem);
    this.q = prepareQueries(this.db);
  }
}
