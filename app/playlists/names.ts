import { TonearmError } from '../errors.ts';

/**
 * Playlist names are whatever people type; file names are not. A name becomes a file name by
 * a one-way mapping that can only produce a plain file inside the playlists directory: no
 * separators, no control characters, no dot-only names, no Windows device names (the
 * directory may be shared over SMB), at most 180 bytes of UTF-8 before the extension.
 */

export const EXTENSION = '.m3u8';
const MAX_NAME_BYTES = 180;
const MAX_DISPLAY_CHARS = 200;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** The name as shown: control characters (CR, LF, NUL...) removed, spaces squeezed. */
export function displayName(input: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const cleaned = input.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '');
  const name = cleaned.replace(/\s+/g, ' ').trim().slice(0, MAX_DISPLAY_CHARS);
  if (name === '') throw new TonearmError('PLAYLIST_INVALID', 'a playlist needs a name');
  return name;
}

function clipUtf8(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    out += char;
    bytes += size;
  }
  return out;
}

/** The file name (with extension) that stores the playlist called `name`. */
export function fileNameFor(name: string): string {
  let base = displayName(name)
    .replace(/[/\\:*?"<>|]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  base = clipUtf8(base, MAX_NAME_BYTES).replace(/[.\s]+$/, '');
  if (base === '' || RESERVED.test(base)) base = `_${base}`;
  return base + EXTENSION;
}
