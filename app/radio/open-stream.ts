import type { Readable } from 'node:stream';
import { TonearmError, describeError, isTonearmError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { readText, type Egress } from '../net/egress.ts';
import { MAX_METAINT } from './icy.ts';
import { parsePlaylist, playlistKind } from './playlist-parse.ts';

/**
 * One connection to a station: follow playlists (M3U, PLS) to the first entry that answers,
 * through the egress guard at every step, and return the audio body with its ICY interval.
 * Reconnecting is the caller's business (station-stream.ts).
 *
 * Known shortcoming: old SHOUTcast v1 servers answer `ICY 200 OK` instead of an HTTP status
 * line, which Node's HTTP parser refuses; such stations fail with EGRESS_FAILED ("Parse Error").
 * Icecast and SHOUTcast v2 answer with HTTP and work.
 */

export const MAX_PLAYLIST_BYTES = 64 * 1024;
export const MAX_DEPTH = 3;

export interface OpenedStream {
  url: string;
  contentType: string;
  /** Audio bytes between ICY metadata blocks; 0 when the server sends none. */
  metaint: number;
  body: Readable;
}

export interface OpenOptions {
  egress: Egress;
  log: Logger;
  signal?: AbortSignal;
}

/** Statuses that say the stream is gone, not that it is having a bad moment. */
export const GONE = new Set([404, 410]);

export async function openStream(
  url: string,
  options: OpenOptions,
  depth = 0,
): Promise<OpenedStream> {
  const res = await options.egress.open(url, {
    headers: { 'icy-metadata': '1', accept: '*/*' },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const origin = new URL(res.url).host;
  if (res.status < 200 || res.status > 299) {
    res.body.destroy();
    const code = GONE.has(res.status) ? 'STREAM_DEAD' : 'EGRESS_FAILED';
    throw new TonearmError(code, `${origin} answered ${res.status}`);
  }

  const contentType = String(res.headers['content-type'] ?? '').toLowerCase();
  const path = new URL(res.url).pathname;
  let kind = playlistKind(contentType, path);
  let text: string | null = null;
  if (!kind && contentType.startsWith('text/')) {
    text = await readText(res.body, MAX_PLAYLIST_BYTES);
    kind = playlistKind(contentType, path, text);
    if (!kind) throw new TonearmError('FORMAT_UNSUPPORTED', `${origin} sent text, not audio`);
  }
  if (!kind) {
    return {
      url: res.url,
      contentType,
      metaint: metaintOf(res.headers['icy-metaint']),
      body: res.body,
    };
  }

  text ??= await readText(res.body, MAX_PLAYLIST_BYTES);
  return followPlaylist(kind, text, res.url, options, depth);
}

async function followPlaylist(
  kind: 'm3u' | 'pls',
  text: string,
  base: string,
  options: OpenOptions,
  depth: number,
): Promise<OpenedStream> {
  if (depth >= MAX_DEPTH) {
    throw new TonearmError('PLAYLIST_INVALID', `playlists nested more than ${MAX_DEPTH} deep`);
  }
  const entries = parsePlaylist(kind, text);
  const problems: string[] = [];
  for (const entry of entries) {
    let target: string;
    try {
      target = new URL(entry.location, base).toString();
      options.egress.check(target);
    } catch (err) {
      problems.push(describeError(err));
      continue;
    }
    try {
      return await openStream(target, options, depth + 1);
    } catch (err) {
      if (options.signal?.aborted) throw err;
      // Depth and HLS errors are about the playlist itself: no other entry will do better.
      if (isTonearmError(err) && err.code === 'PLAYLIST_INVALID') throw err;
      problems.push(describeError(err));
      options.log.info({ code: isTonearmError(err) ? err.code : 'ERR' }, 'playlist entry failed');
    }
  }
  throw new TonearmError(
    'PLAYLIST_INVALID',
    entries.length === 0
      ? 'the playlist has no entries'
      : `no playlist entry could be played (${problems.slice(0, 3).join('; ')})`,
  );
}

function metaintOf(header: string | string[] | undefined): number {
  const value = Number(Array.isArray(header) ? header[0] : header);
  return Number.isInteger(value) && value > 0 && value <= MAX_METAINT ? value : 0;
}
