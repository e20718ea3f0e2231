import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { TonearmError } from '../errors.ts';
import { isInside, unsafePathReason } from './uri.ts';

/** Extensions the scanner reads. Audio decodes these (ffmpeg covers the MP4 family). */
export const AUDIO_EXTENSIONS = new Set([
  '.flac',
  '.mp3',
  '.ogg',
  '.oga',
  '.opus',
  '.m4a',
  '.mp4',
  '.wav',
  '.aif',
  '.aiff',
]);

export interface FoundFile {
  /** Relative to the media root, `/`-separated, never starting with `/`. */
  rel: string;
  size: number;
  mtime: number;
}

export interface WalkEvents {
  /** Something was not entered or not indexed; `reason` says why. */
  skipped(rel: string, reason: string): void;
}

export interface WalkOptions {
  realRoot: string;
  followSymlinks: boolean;
}

/**
 * List every audio file under the media root with its size and mtime, synchronously (this runs
 * in the scanner's worker). Hidden entries (names starting with a dot) are ignored. Links are
 * followed only when allowed and only when they resolve inside the root; every real directory
 * is entered once, which also ends symlink loops.
 *
 * Known shortcoming: a removable disk that is not mounted leaves an empty mount point, which
 * reads as an empty library, and the scan then drops every track (MPD and Mopidy do the same).
 */
export function walkMedia(options: WalkOptions, events: WalkEvents): FoundFile[] {
  const found: FoundFile[] = [];
  const visited = new Set<string>([options.realRoot]);
  const pending: Folder[] = [{ rel: '', real: options.realRoot }];

  while (pending.length > 0) {
    const folder = pending.pop() as Folder;
    let entries: Dirent[];
    try {
      entries = readdirSync(folder.real, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // An unreadable root must not look like an empty library: that would drop every track.
      if (folder.rel === '') {
        throw new TonearmError('LIBRARY_UNAVAILABLE', `cannot list the media directory (${code})`);
      }
      events.skipped(folder.rel, `cannot list folder (${code})`);
      continue;
    }

    const subfolders: Folder[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const rel = folder.rel === '' ? entry.name : `${folder.rel}/${entry.name}`;
      // Node decodes names as UTF-8; bytes that are not become U+FFFD and name no real file.
      if (entry.name.includes('\uFFFD')) {
        events.skipped(rel, 'name is not valid UTF-8; rename it to index it');
        continue;
      }
      const target = classify(options, folder.real, entry, rel, events);
      if (target === null) continue;

      if (target.stats.isDirectory()) {
        if (visited.has(target.real)) {
          events.skipped(rel, 'folder already scanned (symlink loop or second link)');
          continue;
        }
        visited.add(target.real);
        subfolders.push({ rel, real: target.real });
      } else if (target.stats.isFile()) {
        const unsafe = unsafePathReason(rel);
        if (unsafe !== null) {
          events.skipped(rel, `file name cannot be addressed safely: path ${unsafe}`);
          continue;
        }
        found.push({ rel, size: target.stats.size, mtime: target.stats.mtimeMs });
      }
    }
    pending.push(...subfolders);
  }

  // Sorted so that the index, and so search results, follow the folders' order.
  return found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

interface Folder {
  rel: string;
  /** The folder's real path: its parent's real path plus its name, or a link's target. */
  real: string;
}

function extOf(name: string): string {
  return path.extname(name).toLowerCase();
}

function classify(
  options: WalkOptions,
  parentReal: string,
  entry: Dirent,
  rel: string,
  events: WalkEvents,
): { real: string; stats: Stats } | null {
  const abs = path.join(parentReal, entry.name);
  if (!entry.isSymbolicLink()) {
    if (entry.isDirectory()) return { real: abs, stats: dirStub };
    if (!entry.isFile() || !AUDIO_EXTENSIONS.has(extOf(entry.name))) return null;
    const stats = statOrNull(abs, rel, events);
    return stats ? { real: abs, stats } : null;
  }

  if (!options.followSymlinks) return null;
  let real: string;
  try {
    real = realpathSync.native(abs);
  } catch (err) {
    events.skipped(rel, `broken symlink (${(err as NodeJS.ErrnoException).code})`);
    return null;
  }
  if (!isInside(options.realRoot, real)) {
    events.skipped(rel, 'symlink points outside the media directory; not followed');
    return null;
  }
  const stats = statOrNull(real, rel, events);
  if (stats && stats.isFile() && !AUDIO_EXTENSIONS.has(extOf(entry.name))) return null;
  return stats ? { real, stats } : null;
}

// Plain directories need no stat: readdir already said what they are.
const dirStub = { isDirectory: () => true, isFile: () => false } as Stats;

function statOrNull(abs: string, rel: string, events: WalkEvents): Stats | null {
  try {
    return statSync(abs);
  } catch (err) {
    events.skipped(rel, `cannot stat (${(err as NodeJS.ErrnoException).code})`);
    return null;
  }
}
