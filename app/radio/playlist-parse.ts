import { TonearmError } from '../errors.ts';

/**
 * Reads the playlist formats radio stations publish (M3U, M3U8 without HLS tags, PLS) and
 * the .m3u files people keep in their music folders. Only the entry locations come out;
 * the caller decides which of them may be used. Caps keep a hostile file small in memory.
 */

export type PlaylistKind = 'm3u' | 'pls';

export interface PlaylistEntry {
  location: string;
  title: string | null;
}

export interface ParseLimits {
  /** Stop with an error past this many lines (a 10^6-line file is refused, not walked). */
  maxLines: number;
  /** Entries after this many are ignored: stations list a few mirrors, not thousands. */
  maxEntries: number;
}

export const RADIO_LIMITS: ParseLimits = { maxLines: 5_000, maxEntries: 32 };

// Tags that only appear in HLS media and master playlists.
const HLS_TAG = /^#EXT-X-(TARGETDURATION|STREAM-INF|MEDIA-SEQUENCE|VERSION|KEY|MAP|PART)\b/i;

function splitLines(text: string, limits: ParseLimits): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, limits.maxLines + 1);
  if (lines.length > limits.maxLines) {
    throw new TonearmError(
      'EGRESS_TOO_LARGE',
      `the playlist has more than ${limits.maxLines} lines`,
    );
  }
  return lines;
}

/** Which format a document is, from its content type, its name or its first line. */
export function playlistKind(
  contentType: string,
  name: string,
  text?: string,
): PlaylistKind | null {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (/scpls|pls\+xml/.test(type)) return 'pls';
  if (/mpegurl/.test(type)) return 'm3u';
  if (/\.pls$/i.test(name)) return 'pls';
  if (/\.m3u8?$/i.test(name)) return 'm3u';
  if (text !== undefined) {
    const first = text
      .replace(/^\uFEFF/, '')
      .trimStart()
      .slice(0, 10)
      .toLowerCase();
    if (first.startsWith('[playlist]')) return 'pls';
    if (first.startsWith('#extm3u')) return 'm3u';
  }
  return null;
}

export function parseM3u(text: string, limits: ParseLimits = RADIO_LIMITS): PlaylistEntry[] {
  const entries: PlaylistEntry[] = [];
  let title: string | null = null;
  for (const raw of splitLines(text, limits)) {
    const line = raw.trim();
    if (HLS_TAG.test(line)) {
      throw new TonearmError(
        'PLAYLIST_INVALID',
        'this is an HLS (segmented) stream, which Tonearm does not play; ' +
          "look for the station's plain MP3, AAC or Ogg stream URL",
      );
    }
    if (line.startsWith('#EXTINF:')) {
      const comma = line.indexOf(',');
      title = comma >= 0 ? line.slice(comma + 1).trim() || null : null;
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    if (entries.length < limits.maxEntries) entries.push({ location: line, title });
    title = null;
  }
  return entries;
}

export function parsePls(text: string, limits: ParseLimits = RADIO_LIMITS): PlaylistEntry[] {
  const files = new Map<number, string>();
  const titles = new Map<number, string>();
  for (const raw of splitLines(text, limits)) {
    const match = /^\s*(File|Title)(\d{1,6})\s*=\s*(.*?)\s*$/i.exec(raw);
    if (!match) continue;
    const index = Number(match[2]);
    if (match[1]!.toLowerCase() === 'file') files.set(index, match[3]!);
    else titles.set(index, match[3]!);
  }
  return [...files.keys()]
    .sort((a, b) => a - b)
    .slice(0, limits.maxEntries)
    .map((i) => ({ location: files.get(i)!, title: titles.get(i) || null }));
}

export function parsePlaylist(
  kind: PlaylistKind,
  text: string,
  limits: ParseLimits = RADIO_LIMITS,
): PlaylistEntry[] {
  return kind === 'pls' ? parsePls(text, limits) : parseM3u(text, limits);
}
