import { createHash } from 'node:crypto';

/**
 * The album a track belongs to: the album name with the album artist, or, without one, the
 * folder (so a compilation tagged without an album artist stays one album, and two albums
 * called "Greatest Hits" by different artists in different folders stay two).
 */
export function albumIdOf(album: string | null, albumartist: string | null, dir: string) {
  if (album === null) return null;
  const owner = albumartist !== null ? `artist\0${albumartist}` : `dir\0${dir}`;
  return createHash('sha1').update(`${album}\0${owner}`).digest('hex').slice(0, 16);
}
