import { TonearmError } from '../errors.ts';
import { trackPathFromUri } from '../library/uri.ts';
import type { Egress } from '../net/egress.ts';
import { parseStreamUri, urlUri } from '../radio/uri.ts';

/** One entry of a stored playlist: a Tonearm URI and the title shown beside it. */
export interface PlaylistItem {
  uri: string;
  title: string | null;
}

const MAX_URI = 4096;
const MAX_TITLE = 300;

/** Titles come from tags and streams: no control character may reach the file. */
export function cleanTitle(title: string | null | undefined): string | null {
  if (!title) return null;
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = title.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return clean === '' ? null : clean.slice(0, MAX_TITLE);
}

/**
 * The canonical form of an entry URI, or an error saying what is wrong with it. `local:` URIs
 * are checked for shape here and confined to the media directory when played; `stream:` and
 * plain http(s) URLs must pass the egress guard's static checks.
 */
export function canonicalEntry(uri: string, egress: Egress): string {
  // eslint-disable-next-line no-control-regex -- a control character is never part of a URI
  if (uri.length > MAX_URI || /[\u0000-\u001f\u007f]/.test(uri)) {
    throw new TonearmError('URI_INVALID', 'a playlist entry is too long or has control characters');
  }
  if (uri.startsWith('local:')) {
    trackPathFromUri(uri);
    return uri;
  }
  if (uri.startsWith('stream:')) {
    const ref = parseStreamUri(uri);
    if (ref.kind === 'url') egress.check(ref.url);
    return uri;
  }
  if (/^https?:/i.test(uri)) {
    egress.check(uri);
    return urlUri(uri);
  }
  throw new TonearmError(
    'URI_UNKNOWN_SCHEME',
    'playlist entries are local:, stream: or http(s) URIs',
  );
}
