import { TonearmError } from '../errors.ts';

/**
 * `stream:` URIs: `stream:station:<id>` names a stored station, `stream:url:<percent-encoded
 * http(s) URL>` a stream added directly (from a playlist, say). Both go through the egress
 * guard when played; these helpers only read and write the URI's shape.
 */

export const STATION_PREFIX = 'stream:station:';
export const URL_PREFIX = 'stream:url:';

export type StreamRef = { kind: 'station'; id: string } | { kind: 'url'; url: string };

const STATION_ID = /^[a-z0-9-]{1,64}$/;

export function stationUri(id: string): string {
  return STATION_PREFIX + id;
}

export function urlUri(url: string): string {
  return URL_PREFIX + encodeURIComponent(url);
}

export function parseStreamUri(uri: string): StreamRef {
  if (uri.startsWith(STATION_PREFIX)) {
    const id = uri.slice(STATION_PREFIX.length);
    if (!STATION_ID.test(id)) throw new TonearmError('URI_INVALID', 'malformed station URI');
    return { kind: 'station', id };
  }
  if (uri.startsWith(URL_PREFIX)) {
    let url: string;
    try {
      url = decodeURIComponent(uri.slice(URL_PREFIX.length));
    } catch {
      throw new TonearmError('URI_INVALID', 'stream URI has invalid percent-encoding');
    }
    return { kind: 'url', url };
  }
  throw new TonearmError('URI_INVALID', 'stream URIs are stream:station:ID or stream:url:URL');
}
