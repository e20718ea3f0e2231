import type { Db } from './db.ts';
import type { TrackTags } from './tags.ts';

/** One row of the tracks table as the scanner writes it. */
export interface TrackRow extends TrackTags {
  path: string;
  dir: string;
  size: number;
  mtime: number;
  albumId: string | null;
}

const COLUMNS = `path, dir, size, mtime, title, artist, albumartist, album, genre, date,
  track_no, disc_no, duration_ms, album_id, art_hash`;
const VALUES = `@path, @dir, @size, @mtime, @title, @artist, @albumartist, @album, @genre, @date,
  @trackNo, @discNo, @durationMs, @albumId, @artHash`;

/** The scanner's prepared statements, made once per scan. */
export function writeStatements(db: Db) {
  return {
    allTracks: db.prepare<[], { id: number; path: string; size: number; mtime: number }>(
      'SELECT id, path, size, mtime FROM tracks',
    ),
    allFailures: db.prepare<[], { path: string; size: number; mtime: number }>(
      'SELECT path, size, mtime FROM failures',
    ),
    // An upsert, so that two scans at once (the service's and `tonearm scan`) both finish.
    insertTrack: db.prepare<[TrackRow]>(
      `INSERT INTO tracks (${COLUMNS}) VALUES (${VALUES})
       ON CONFLICT(path) DO UPDATE SET (${COLUMNS}) = (${VALUES})`,
    ),
    updateTrack: db.prepare<[TrackRow & { id: number }]>(
      `UPDATE tracks SET (${COLUMNS}) = (${VALUES}) WHERE id = @id`,
    ),
    deleteTrack: db.prepare<[number]>('DELETE FROM tracks WHERE id = ?'),
    upsertFailure: db.prepare<[{ path: string; size: number; mtime: number; reason: string }]>(
      `INSERT INTO failures (path, size, mtime, reason) VALUES (@path, @size, @mtime, @reason)
       ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime,
       reason = excluded.reason`,
    ),
    deleteFailure: db.prepare<[string]>('DELETE FROM failures WHERE path = ?'),
  };
}

// An album's artist is its album artist, or the one artist all its tracks share. The names
// table holds the sorted lists of artists, album artists and genres that browsing shows.
const REBUILD_ALBUMS = `
DELETE FROM albums;
INSERT INTO albums (id, name, artist, date, dir)
SELECT album_id, MIN(album),
  COALESCE(MIN(albumartist), CASE WHEN COUNT(DISTINCT artist) = 1 THEN MIN(artist) END),
  MAX(date), MIN(dir)
FROM tracks WHERE album_id IS NOT NULL GROUP BY album_id;
DELETE FROM names;
INSERT INTO names SELECT DISTINCT 'artist', artist FROM tracks WHERE artist IS NOT NULL;
INSERT INTO names SELECT DISTINCT 'albumartist', albumartist FROM tracks
  WHERE albumartist IS NOT NULL;
INSERT INTO names SELECT DISTINCT 'genre', genre FROM tracks WHERE genre IS NOT NULL;
`;

/** Every folder that holds a track somewhere below it, with its parent, for browsing. */
function rebuildDirs(db: Db): void {
  const dirs = new Set<string>();
  for (const { dir } of db
    .prepare<[], { dir: string }>('SELECT DISTINCT dir FROM tracks')
    .iterate()) {
    let d = dir;
    while (d !== '' && !dirs.has(d)) {
      dirs.add(d);
      const cut = d.lastIndexOf('/');
      d = cut < 0 ? '' : d.slice(0, cut);
    }
  }
  db.exec('DELETE FROM dirs');
  const insert = db.prepare('INSERT INTO dirs (path, parent, name) VALUES (?, ?, ?)');
  for (const d of dirs) {
    const cut = d.lastIndexOf('/');
    insert.run(d, cut < 0 ? '' : d.slice(0, cut), cut < 0 ? d : d.slice(cut + 1));
  }
}

/**
 * Recompute the album, name and folder tables from the tracks. Both are small next to the tracks
 * (a few thousand rows at 20,000 tracks), so rebuilding them whole is simpler than keeping
 * them in step file by file, and takes tens of milliseconds. After many changes the full-text
 * index is merged into one segment so that searches stay fast.
 */
export function rebuildDerived(db: Db, changes: number): void {
  db.transaction(() => {
    db.exec(REBUILD_ALBUMS);
    rebuildDirs(db);
  })();
  if (changes >= 1000) db.exec("INSERT INTO tracks_fts(tracks_fts) VALUES('optimize')");
  db.pragma('optimize');
  db.pragma('wal_checkpoint(TRUNCATE)');
}
