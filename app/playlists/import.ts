import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TonearmError, isTonearmError } from '../errors.ts';
import { confine, isInside, trackPathFromUri, trackUri } from '../library/uri.ts';
import type { Egress } from '../net/egress.ts';
import { parseM3u } from '../radio/playlist-parse.ts';
import { urlUri } from '../radio/uri.ts';
import { cleanTitle, type PlaylistItem } from './entries.ts';

const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
const IMPORT_LIMITS = { maxLines: 100_000, maxEntries: 10_000 };

export interface ImportResult {
  items: PlaylistItem[];
  /** Entries dropped: outside the media directory, missing, or refused by the egress guard. */
  skipped: number;
}

/**
 * Turn an .m3u from the music folder into playlist entries. A path entry is kept only when it
 * resolves (links included) to a file inside the media directory; a URL only when the egress
 * guard accepts it. Everything else (`file:///etc/passwd`, `../../secret`) is dropped.
 */
export async function importM3u(
  realRoot: string,
  playlistUri: string,
  egress: Egress,
): Promise<ImportResult> {
  const file = confine(realRoot, trackPathFromUri(playlistUri));
  const stat = await fs.stat(file);
  if (stat.size > MAX_IMPORT_BYTES) {
    throw new TonearmError('EGRESS_TOO_LARGE', `the playlist is over ${MAX_IMPORT_BYTES} bytes`);
  }
  const entries = parseM3u(await fs.readFile(file, 'utf8'), IMPORT_LIMITS);

  const items: PlaylistItem[] = [];
  for (const entry of entries) {
    const uri = entryUri(realRoot, path.dirname(file), entry.location, egress);
    if (uri) items.push({ uri, title: cleanTitle(entry.title) });
  }
  return { items, skipped: entries.length - items.length };
}

function entryUri(realRoot: string, baseDir: string, location: string, egress: Egress) {
  try {
    if (/^https?:/i.test(location)) {
      egress.check(location);
      return urlUri(location);
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(location) && !location.startsWith('file:')) return null;

    const local = location.startsWith('file:') ? fileURLToPath(location) : location;
    const absolute = path.resolve(baseDir, local.replace(/\\/g, '/'));
    if (!isInside(realRoot, absolute)) return null;
    const real = confine(realRoot, path.relative(realRoot, absolute));
    return trackUri(path.relative(realRoot, real).split(path.sep).join('/'));
  } catch (err) {
    if (isTonearmError(err) || err instanceof TypeError) return null;
    throw err;
  }
}
