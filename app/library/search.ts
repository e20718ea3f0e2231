import type { SearchQuery } from '../core/ports.ts';
import type { Track } from '../core/types.ts';
import { TonearmError } from '../errors.ts';
import type { Db } from './db.ts';
import { TRACK_COLUMNS, toTrack, type TrackRecord } from './rows.ts';

/** Query fields and the full-text columns they search (`any` searches all of them). */
const FIELD_COLUMNS: Record<Exclude<keyof SearchQuery, 'any'>, string> = {
  artist: 'artist',
  albumArtist: 'albumartist',
  album: 'album',
  title: 'title',
  genre: 'genre',
  date: 'date',
};

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
const MAX_QUERY_CHARS = 256;

/**
 * Fold text the way the index's tokenizer does (unicode61, remove_diacritics 2): decompose,
 * drop combining marks, lower-case. The tokenizer would fold the query too; doing it here as
 * well keeps what we quote identical to what was indexed, e.g. for compatibility characters.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * Turn what a person typed into FTS5 terms. Each word is quoted (so `AND`, `*`, `:`, `"` and
 * column names are only ever text) and made a prefix, so results appear while typing. Words
 * with no letter or digit cannot match anything and are dropped.
 */
export function ftsTerms(input: string): string[] {
  return foldText(input.slice(0, MAX_QUERY_CHARS))
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .map((word) => `"${word.replace(/"/g, '""')}"*`);
}

/** The MATCH expression for a query, or null when nothing searchable was given. */
export function buildMatch(query: SearchQuery): string | null {
  const parts: string[] = [];
  if (query.any !== undefined) parts.push(...ftsTerms(query.any));
  for (const [field, column] of Object.entries(FIELD_COLUMNS)) {
    const text = query[field as keyof typeof FIELD_COLUMNS];
    if (text === undefined) continue;
    for (const term of ftsTerms(text)) parts.push(`${column} : ${term}`);
  }
  return parts.length > 0 ? parts.join(' AND ') : null;
}

export function searchStatement(db: Db) {
  return db.prepare<[string, number], TrackRecord>(
    `SELECT ${TRACK_COLUMNS} FROM tracks WHERE id IN (
       SELECT rowid FROM tracks_fts WHERE tracks_fts MATCH ? ORDER BY rowid LIMIT ?
     ) ORDER BY id`,
  );
}

/** Tracks matching every given field, in folder order, at most `limit` of them. */
export function search(
  statement: ReturnType<typeof searchStatement>,
  query: SearchQuery,
  limit = DEFAULT_LIMIT,
): Track[] {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new TonearmError('REQUEST_INVALID', `search limit must be 1-${MAX_LIMIT}`);
  }
  const match = buildMatch(query);
  if (match === null) return [];
  return statement.all(match, limit).map(toTrack);
}
