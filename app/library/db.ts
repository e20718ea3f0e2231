import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { TonearmError, describeError } from '../errors.ts';
import type { Logger } from '../log.ts';

export type Db = Database.Database;

/** Bump when the tables change. The index is a cache of the media files, so an index with
 * another version is rebuilt by the next scan rather than migrated. */
export const SCHEMA_VERSION = 2;

export const INDEX_FILE = 'library.sqlite';

const SCHEMA = `
CREATE TABLE tracks (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  dir TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime REAL NOT NULL,
  title TEXT NOT NULL,
  artist TEXT,
  albumartist TEXT,
  album TEXT,
  genre TEXT,
  date TEXT,
  track_no INTEGER,
  disc_no INTEGER,
  duration_ms INTEGER,
  album_id TEXT,
  art_hash TEXT
);
CREATE INDEX tracks_dir ON tracks(dir);
CREATE INDEX tracks_album ON tracks(album_id, disc_no, track_no);
CREATE INDEX tracks_artist ON tracks(artist);
CREATE INDEX tracks_albumartist ON tracks(albumartist);
CREATE INDEX tracks_genre ON tracks(genre);
CREATE TABLE failures (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime REAL NOT NULL,
  reason TEXT NOT NULL);
CREATE TABLE albums (id TEXT PRIMARY KEY, name TEXT NOT NULL, artist TEXT, date TEXT,
  dir TEXT NOT NULL);
CREATE INDEX albums_name ON albums(name COLLATE NOCASE);
CREATE TABLE names (kind TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (kind, name))
  WITHOUT ROWID;
CREATE INDEX names_sorted ON names(kind, name COLLATE NOCASE);
CREATE TABLE dirs (path TEXT PRIMARY KEY, parent TEXT NOT NULL, name TEXT NOT NULL);
CREATE INDEX dirs_parent ON dirs(parent);
CREATE VIRTUAL TABLE tracks_fts USING fts5(
  title, artist, albumartist, album, genre, date,
  content='tracks', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
);
CREATE TRIGGER tracks_ai AFTER INSERT ON tracks BEGIN
  INSERT INTO tracks_fts(rowid, title, artist, albumartist, album, genre, date)
  VALUES (new.id, new.title, new.artist, new.albumartist, new.album, new.genre, new.date);
END;
CREATE TRIGGER tracks_ad AFTER DELETE ON tracks BEGIN
  INSERT INTO tracks_fts(tracks_fts, rowid, title, artist, albumartist, album, genre, date)
  VALUES ('delete', old.id, old.title, old.artist, old.albumartist, old.album, old.genre,
    old.date);
END;
CREATE TRIGGER tracks_au AFTER UPDATE ON tracks BEGIN
  INSERT INTO tracks_fts(tracks_fts, rowid, title, artist, albumartist, album, genre, date)
  VALUES ('delete', old.id, old.title, old.artist, old.albumartist, old.album, old.genre,
    old.date);
  INSERT INTO tracks_fts(rowid, title, artist, albumartist, album, genre, date)
  VALUES (new.id, new.title, new.artist, new.albumartist, new.album, new.genre, new.date);
END;
`;

/** Pragmas every connection uses: WAL so the scanner writes while the service reads. */
export function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
}

function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB';
}

/**
 * Open and read the schema version: enough to catch a file that is not a database at all.
 * Damage deeper in the file is looked for by `integrityProblem`, which the scan process runs,
 * because a full check of a 20,000-track index takes ~100 ms that start-up should not pay.
 */
function openAndCheck(file: string): { db: Db; version: number } {
  const db = new Database(file);
  try {
    configure(db);
    return { db, version: db.pragma('user_version', { simple: true }) as number };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** What SQLite's quick check found wrong with the index, or null when it is sound. */
export function integrityProblem(db: Db): string | null {
  try {
    const check = db.pragma('quick_check', { simple: true });
    return check === 'ok' ? null : String(check);
  } catch (err) {
    if (isCorruption(err)) return describeError(err);
    throw err;
  }
}

/** Move the index and its WAL files aside so a person can look at them later. */
function moveAside(file: string): string {
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, aside);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  }
  return aside;
}

function removeIndex(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

function create(file: string): Db {
  const db = new Database(file);
  configure(db);
  db.transaction(() => {
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
  return db;
}

/** Move a damaged index aside, log where it went, and create a fresh one in its place. */
export function replaceCorrupt(dataDir: string, log: Logger, reason: string): Db {
  const file = path.join(dataDir, INDEX_FILE);
  const aside = moveAside(file);
  log.error(
    { file, movedTo: aside, reason },
    'library index is corrupt; moved it aside and building a new one (rescan needed)',
  );
  return create(file);
}

/**
 * Open the index in `dataDir`, creating it when missing. A corrupt index is moved aside (kept
 * for inspection, logged with both paths) and a fresh one created: the index only caches what
 * the media files say, so rebuilding loses nothing but one scan's time, while refusing to start
 * would leave the box silent until someone logs in to delete a file.
 */
export function openIndex(dataDir: string, log: Logger): Db {
  const file = path.join(dataDir, INDEX_FILE);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (!existsSync(file)) return create(file);
    let opened: { db: Db; version: number };
    try {
      opened = openAndCheck(file);
    } catch (err) {
      if (!isCorruption(err)) throw err;
      return replaceCorrupt(dataDir, log, describeError(err));
    }
    if (opened.version === SCHEMA_VERSION) return opened.db;
    opened.db.close();
    log.info(
      { file, found: opened.version, wanted: SCHEMA_VERSION },
      'library index was written by another version; rebuilding it (rescan needed)',
    );
    removeIndex(file);
    return create(file);
  } catch (err) {
    if (err instanceof TonearmError) throw err;
    throw new TonearmError(
      'LIBRARY_UNAVAILABLE',
      `cannot open the library index ${file}: ${describeError(err)}`,
      { cause: err },
    );
  }
}

/** The scanner's own connection to an index that openIndex has already prepared. */
export function openForScan(file: string): Db {
  const db = new Database(file);
  configure(db);
  return db;
}
