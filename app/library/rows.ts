import type { Track } from '../core/types.ts';
import { trackUri } from './uri.ts';

/** A row of the tracks table as queries return it. */
export interface TrackRecord {
  id: number;
  path: string;
  dir: string;
  title: string;
  artist: string | null;
  albumartist: string | null;
  album: string | null;
  genre: string | null;
  date: string | null;
  track_no: number | null;
  disc_no: number | null;
  duration_ms: number | null;
  album_id: string | null;
  art_hash: string | null;
}

export const TRACK_COLUMNS = `id, path, dir, title, artist, albumartist, album, genre, date,
  track_no, disc_no, duration_ms, album_id, art_hash`;

export function toTrack(row: TrackRecord): Track {
  return {
    uri: trackUri(row.path),
    title: row.title,
    artist: row.artist,
    albumArtist: row.albumartist,
    album: row.album,
    genre: row.genre,
    date: row.date,
    trackNo: row.track_no,
    discNo: row.disc_no,
    durationMs: row.duration_ms,
    albumId: row.album_id,
  };
}
