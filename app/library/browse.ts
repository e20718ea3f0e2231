import type { BrowseRef } from '../core/ports.ts';
import { TonearmError } from '../errors.ts';
import type { Db } from './db.ts';
import type { TrackRecord } from './rows.ts';
import {
  DIRECTORY_PREFIX,
  decodeOnce,
  directoryPathFromUri,
  encodePath,
  showUri,
  trackUri,
} from './uri.ts';

/**
 * Browsing the index. URIs: `local:` (the root), `local:directory:<path>` (a folder; empty for
 * the media root), `local:artists`, `local:albumartists`, `local:albums`, `local:genres`, and
 * `local:artist:<name>`, `local:albumartist:<name>`, `local:genre:<name>`, `local:album:<id>`.
 * Names and paths are percent-encoded. Browsing reads only the index, never the disk.
 */
export const ROOT_URI = 'local:';

const LISTS: BrowseRef[] = [
  { type: 'directory', uri: DIRECTORY_PREFIX, name: 'Folders' },
  { type: 'directory', uri: 'local:artists', name: 'Artists' },
  { type: 'directory', uri: 'local:albumartists', name: 'Album artists' },
  { type: 'directory', uri: 'local:albums', name: 'Albums' },
  { type: 'directory', uri: 'local:genres', name: 'Genres' },
];

const ALBUM_ID = /^[0-9a-f]{16}$/;

type Row = { name: string; value: string };
type TrackRef = Pick<TrackRecord, 'path' | 'title'>;

export function albumUri(id: string): string {
  return `local:album:${id}`;
}

export function browseStatements(db: Db) {
  const names = (kind: string) =>
    db.prepare<[], Row>(
      `SELECT name, name AS value FROM names WHERE kind = '${kind}'
       ORDER BY name COLLATE NOCASE`,
    );
  const albumsWhere = (where: string) =>
    db.prepare<[string], Row>(
      `SELECT name, id AS value FROM albums WHERE id IN (
         SELECT album_id FROM tracks WHERE ${where} AND album_id IS NOT NULL
       ) ORDER BY name COLLATE NOCASE`,
    );
  const looseTracks = (where: string) =>
    db.prepare<[string], TrackRef>(
      `SELECT path, title FROM tracks WHERE ${where} AND album_id IS NULL ORDER BY path`,
    );
  return {
    artists: names('artist'),
    albumArtists: names('albumartist'),
    genres: names('genre'),
    albums: db.prepare<[], Row>(
      'SELECT name, id AS value FROM albums ORDER BY name COLLATE NOCASE',
    ),
    artistAlbums: albumsWhere('artist = ?'),
    artistTracks: looseTracks('artist = ?'),
    albumArtistAlbums: albumsWhere('albumartist = ?'),
    genreAlbums: albumsWhere('genre = ?'),
    genreTracks: looseTracks('genre = ?'),
    albumTracks: db.prepare<[string], TrackRef>(
      `SELECT path, title FROM tracks WHERE album_id = ?
       ORDER BY disc_no NULLS LAST, track_no NULLS LAST, path`,
    ),
    subdirs: db.prepare<[string], { path: string; name: string }>(
      'SELECT path, name FROM dirs WHERE parent = ? ORDER BY name COLLATE NOCASE',
    ),
    dirTracks: db.prepare<[string], TrackRef>(
      'SELECT path, title FROM tracks WHERE dir = ? ORDER BY path',
    ),
  };
}

type Statements = ReturnType<typeof browseStatements>;

const trackRefs = (rows: TrackRef[]): BrowseRef[] =>
  rows.map((r) => ({ type: 'track', uri: trackUri(r.path), name: r.title }));

const refs = (type: BrowseRef['type'], prefix: string, rows: Row[], encode = true) =>
  rows.map((r) => ({
    type,
    uri: prefix + (encode ? encodeURIComponent(r.value) : r.value),
    name: r.name,
  }));

function nameFrom(uri: string, prefix: string): string {
  const name = decodeOnce(uri.slice(prefix.length), `browse URI ${showUri(uri)}`);
  if (name === '') throw new TonearmError('URI_INVALID', `browse URI ${showUri(uri)}: no name`);
  return name;
}

/** The children of a browse URI. Unknown or malformed URIs are URI_INVALID. */
export function browse(st: Statements, uri: string): BrowseRef[] {
  if (uri === ROOT_URI) return LISTS.map((ref) => ({ ...ref }));
  if (uri.startsWith(DIRECTORY_PREFIX)) {
    const dir = directoryPathFromUri(uri);
    const folders = st.subdirs.all(dir).map((d) => ({
      type: 'directory' as const,
      uri: DIRECTORY_PREFIX + encodePath(d.path),
      name: d.name,
    }));
    return [...folders, ...trackRefs(st.dirTracks.all(dir))];
  }
  if (uri === 'local:artists') return refs('artist', 'local:artist:', st.artists.all());
  if (uri === 'local:albumartists') {
    return refs('albumartist', 'local:albumartist:', st.albumArtists.all());
  }
  if (uri === 'local:genres') return refs('genre', 'local:genre:', st.genres.all());
  if (uri === 'local:albums') return refs('album', 'local:album:', st.albums.all(), false);

  if (uri.startsWith('local:artist:')) {
    const name = nameFrom(uri, 'local:artist:');
    const albums = refs('album', 'local:album:', st.artistAlbums.all(name), false);
    return [...albums, ...trackRefs(st.artistTracks.all(name))];
  }
  if (uri.startsWith('local:albumartist:')) {
    const name = nameFrom(uri, 'local:albumartist:');
    return refs('album', 'local:album:', st.albumArtistAlbums.all(name), false);
  }
  if (uri.startsWith('local:genre:')) {
    const name = nameFrom(uri, 'local:genre:');
    const albums = refs('album', 'local:album:', st.genreAlbums.all(name), false);
    return [...albums, ...trackRefs(st.genreTracks.all(name))];
  }
  if (uri.startsWith('local:album:')) {
    const id = uri.slice('local:album:'.length);
    if (!ALBUM_ID.test(id)) {
      throw new TonearmError('URI_INVALID', `album URI ${showUri(uri)}: not an album id`);
    }
    return trackRefs(st.albumTracks.all(id));
  }
  throw new TonearmError('URI_INVALID', `cannot browse ${showUri(uri)}: not a browsable URI`);
}

export function isAlbumId(id: string): boolean {
  return ALBUM_ID.test(id);
}
