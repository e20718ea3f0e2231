import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { QueueApi } from '../core/api.ts';
import { TonearmError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Egress } from '../net/egress.ts';
import { writeFileAtomic } from '../util/atomic-file.ts';
import { realMediaRoot } from '../library/uri.ts';
import { canonicalEntry, cleanTitle, type PlaylistItem } from './entries.ts';
import { importM3u } from './import.ts';
import { parse, serialize, type StoredPlaylist } from './m3u8.ts';
import { EXTENSION, displayName, fileNameFor } from './names.ts';

export interface PlaylistSummary {
  name: string;
  length: number;
}

export interface PlaylistStoreOptions {
  /** data_dir/playlists; created on first write. */
  dir: string;
  egress: Egress;
  log: Logger;
  maxItems?: number;
  /** [library] media_dir, for importing .m3u files found in the library. */
  mediaDir?: string;
}

const MAX_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Stored playlists, one M3U8 file each. Names only ever reach the file system through
 * `fileNameFor`, entries only through `canonicalEntry`, writes only through the atomic writer;
 * changes run one at a time so two phones editing at once lose nothing.
 */
export class PlaylistStore {
  private readonly dir: string;
  private readonly egress: Egress;
  private readonly log: Logger;
  private readonly maxItems: number;
  private readonly mediaDir: string | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(options: PlaylistStoreOptions) {
    this.dir = options.dir;
    this.egress = options.egress;
    this.log = options.log.child({ module: 'playlists' });
    this.maxItems = options.maxItems ?? 10_000;
    this.mediaDir = options.mediaDir;
  }

  async list(): Promise<PlaylistSummary[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const out: PlaylistSummary[] = [];
    for (const file of names.filter((n) => n.endsWith(EXTENSION)).sort()) {
      const playlist = await this.readFile(file, file.slice(0, -EXTENSION.length));
      if (playlist) out.push({ name: playlist.name, length: playlist.items.length });
    }
    return out;
  }

  async get(name: string): Promise<StoredPlaylist> {
    const playlist = await this.readFile(fileNameFor(name), displayName(name));
    if (!playlist) throw new TonearmError('PLAYLIST_NOT_FOUND', `no playlist called ${show(name)}`);
    return playlist;
  }

  create(name: string, items: PlaylistItem[] = []): Promise<StoredPlaylist> {
    return this.exclusive(async () => {
      const clean = displayName(name);
      if (await this.exists(clean)) {
        throw new TonearmError('PLAYLIST_EXISTS', `a playlist called ${show(clean)} exists`);
      }
      return this.write({ name: clean, items: this.validate(items) });
    });
  }

  rename(from: string, to: string): Promise<StoredPlaylist> {
    return this.exclusive(async () => {
      const playlist = await this.get(from);
      const target = displayName(to);
      const sameFile = fileNameFor(from) === fileNameFor(target);
      if (!sameFile && (await this.exists(target))) {
        throw new TonearmError('PLAYLIST_EXISTS', `a playlist called ${show(target)} exists`);
      }
      const renamed = await this.write({ name: target, items: playlist.items });
      if (!sameFile) await fs.rm(path.join(this.dir, fileNameFor(from)), { force: true });
      return renamed;
    });
  }

  delete(name: string): Promise<void> {
    return this.exclusive(async () => {
      await this.get(name);
      await fs.rm(path.join(this.dir, fileNameFor(name)), { force: true });
      this.log.info({ playlist: displayName(name) }, 'playlist deleted');
    });
  }

  /** Insert entries at `position` (default: the end). */
  add(name: string, items: PlaylistItem[], position?: number): Promise<StoredPlaylist> {
    return this.update(name, (list) => {
      const at = position ?? list.length;
      checkPosition(at, list.length);
      list.splice(at, 0, ...this.validate(items));
    });
  }

  /** Remove the entries at the given positions (0-based). */
  remove(name: string, positions: number[]): Promise<StoredPlaylist> {
    return this.update(name, (list) => {
      for (const p of positions) checkPosition(p, list.length - 1);
      const drop = new Set(positions);
      const kept = list.filter((_, i) => !drop.has(i));
      list.splice(0, list.length, ...kept);
    });
  }

  move(name: string, from: number, to: number): Promise<StoredPlaylist> {
    return this.update(name, (list) => {
      checkPosition(from, list.length - 1);
      checkPosition(to, list.length - 1);
      const [item] = list.splice(from, 1);
      list.splice(to, 0, item!);
    });
  }

  /** Store the current queue under `name`, replacing a playlist of that name. */
  saveQueue(name: string, queue: QueueApi): Promise<StoredPlaylist> {
    return this.exclusive(() => {
      const items = queue
        .list()
        .entries.map((e) => ({ uri: e.uri, title: e.track?.title ?? null }));
      return this.write({ name: displayName(name), items: this.validate(items) });
    });
  }

  /**
   * Append the playlist to the queue. Entries that no longer resolve (a deleted file, a
   * removed station) are skipped and counted, since the queue adds all-or-nothing.
   */
  async loadIntoQueue(name: string, queue: QueueApi): Promise<{ added: number; skipped: number }> {
    const uris = (await this.get(name)).items.map((i) => i.uri);
    try {
      return { added: (await queue.add(uris)).length, skipped: 0 };
    } catch {
      let added = 0;
      for (const uri of uris) {
        added += await queue.add([uri]).then(
          (e) => e.length,
          () => 0,
        );
      }
      return { added, skipped: uris.length - added };
    }
  }

  /** Create a playlist from an .m3u file in the library (see import.ts for what is kept). */
  async importFromLibrary(
    name: string,
    uri: string,
  ): Promise<StoredPlaylist & { skipped: number }> {
    if (!this.mediaDir) throw new TonearmError('LIBRARY_UNAVAILABLE', 'no media directory');
    const result = await importM3u(realMediaRoot(this.mediaDir), uri, this.egress);
    const created = await this.create(name, result.items);
    this.log.info({ entries: result.items.length, skipped: result.skipped }, 'playlist imported');
    return { ...created, skipped: result.skipped };
  }

  private validate(items: PlaylistItem[]): PlaylistItem[] {
    if (items.length > this.maxItems) {
      throw new TonearmError(
        'PLAYLIST_INVALID',
        `a playlist holds at most ${this.maxItems} entries`,
      );
    }
    return items.map((i) => ({
      uri: canonicalEntry(i.uri, this.egress),
      title: cleanTitle(i.title),
    }));
  }

  private update(name: string, change: (items: PlaylistItem[]) => void): Promise<StoredPlaylist> {
    return this.exclusive(async () => {
      const playlist = await this.get(name);
      change(playlist.items);
      if (playlist.items.length > this.maxItems) {
        throw new TonearmError(
          'PLAYLIST_INVALID',
          `a playlist holds at most ${this.maxItems} entries`,
        );
      }
      return this.write(playlist);
    });
  }

  private async write(playlist: StoredPlaylist): Promise<StoredPlaylist> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(path.join(this.dir, fileNameFor(playlist.name)), serialize(playlist));
    return playlist;
  }

  private async exists(name: string): Promise<boolean> {
    return (await this.readFile(fileNameFor(name), name)) !== null;
  }

  /** Read one playlist file; a symlink, a huge file or a missing one reads as absent. */
  private async readFile(file: string, fallbackName: string): Promise<StoredPlaylist | null> {
    const full = path.join(this.dir, file);
    try {
      const stat = await fs.lstat(full);
      if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return null;
      return parse(await fs.readFile(full, 'utf8'), fallbackName);
    } catch {
      return null;
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }
}

function checkPosition(position: number, max: number): void {
  if (!Number.isInteger(position) || position < 0 || position > max) {
    throw new TonearmError('PLAYLIST_INVALID', `position ${position} is outside the playlist`);
  }
}

function show(name: string): string {
  return JSON.stringify(name.slice(0, 80));
}
