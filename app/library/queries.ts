import { browseStatements } from './browse.ts';
import type { Db } from './db.ts';
import { TRACK_COLUMNS, type TrackRecord } from './rows.ts';
import { searchStatement } from './search.ts';

/** Every statement the service runs against the index, prepared once per connection. */
export function prepareQueries(db: Db) {
  return {
    search: searchStatement(db),
    browse: browseStatements(db),
    byPath: db.prepare<[string], TrackRecord>(`SELECT ${TRACK_COLUMNS} FROM tracks WHERE path = ?`),
    albumDirs: db.prepare<[string], { dir: string }>(
      'SELECT DISTINCT dir FROM tracks WHERE album_id = ? ORDER BY dir LIMIT 4',
    ),
    albumArtTrack: db.prepare<[string], { path: string }>(
      `SELECT path FROM tracks WHERE album_id = ? AND art_hash IS NOT NULL
       ORDER BY disc_no NULLS LAST, track_no NULLS LAST, path LIMIT 1`,
    ),
  };
}

export type Queries = ReturnType<typeof prepareQueries>;
