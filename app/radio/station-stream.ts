import { pipeline } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { detectCodec, type Codec } from '../audio/decode/codec.ts';
import { TonearmError, describeError, isTonearmError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Egress } from '../net/egress.ts';
import { aacToWav } from './aac.ts';
import { IcyDemuxer } from './icy.ts';
import { openStream } from './open-stream.ts';

/**
 * A station as a never-ending byte stream: connect (through playlists and the egress guard),
 * strip ICY metadata into titles, and when the connection drops, reconnect with a growing
 * pause. A station that is gone (404/410 on the first try) or that fails `maxFailures` times
 * in a row without sending audio ends with STREAM_DEAD rather than being retried forever.
 */

export interface RetryPolicy {
  initialMs: number;
  maxMs: number;
  maxFailures: number;
}

export const DEFAULT_RETRY: RetryPolicy = { initialMs: 1000, maxMs: 30_000, maxFailures: 6 };

export interface StationOptions {
  egress: Egress;
  log: Logger;
  signal: AbortSignal;
  onTitle?: (title: string) => void;
  retry?: RetryPolicy;
}

export interface StationAudio {
  /** What the audio worker decodes: AAC arrives here already turned into WAV. */
  codec: Codec;
  bytes: AsyncIterable<Uint8Array>;
}

/** Errors no retry can fix: the URL or the playlist is refused or wrong. */
const FINAL = new Set([
  'EGRESS_ADDRESS_REFUSED',
  'EGRESS_SCHEME_REFUSED',
  'URI_INVALID',
  'PLAYLIST_INVALID',
  'FORMAT_UNSUPPORTED',
  'EGRESS_TOO_LARGE',
]);

export async function* stationBytes(
  url: string,
  options: StationOptions,
  meta: { contentType: string } = { contentType: '' },
): AsyncGenerator<Buffer> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const { signal, log } = options;
  let failures = 0;
  let delay = retry.initialMs;
  let everPlayed = false;

  while (!signal.aborted) {
    let received = 0;
    let problem: unknown = null;
    try {
      const opened = await openStream(url, options);
      meta.contentType = opened.contentType;
      // pipeline, not pipe: a connection that breaks must end the loop below with its error.
      const audio = opened.metaint
        ? pipeline(opened.body, new IcyDemuxer(opened.metaint, (t) => options.onTitle?.(t)), noop)
        : opened.body;
      try {
        for await (const chunk of audio as AsyncIterable<Buffer>) {
          received += chunk.length;
          everPlayed = true;
          yield chunk;
        }
      } finally {
        opened.body.destroy();
      }
    } catch (err) {
      problem = err;
    }
    if (signal.aborted) return;

    const code = isTonearmError(problem) ? problem.code : null;
    if (code && FINAL.has(code)) throw problem;
    if (code === 'STREAM_DEAD' && !everPlayed) throw problem;

    failures = received > 0 ? 1 : failures + 1;
    if (received > 0) delay = retry.initialMs;
    if (failures >= retry.maxFailures) {
      throw new TonearmError(
        'STREAM_DEAD',
        `the station failed ${failures} times in a row (${why(problem)})`,
      );
    }
    log.warn({ failures, delayMs: delay, code: code ?? 'DROPPED' }, 'stream dropped; reconnecting');
    try {
      await sleep(delay, undefined, { signal });
    } catch {
      return;
    }
    delay = Math.min(delay * 2, retry.maxMs);
  }
}

function noop(): void {}

function why(problem: unknown): string {
  return problem ? describeError(problem) : 'ended';
}

/** ADTS frames: 12 sync bits and layer 00, which MPEG audio never uses. */
function isAdts(head: Uint8Array): boolean {
  return head[0] === 0xff && ((head[1] ?? 0) & 0xf6) === 0xf0;
}

function codecFor(contentType: string, head: Uint8Array): Codec | 'aac' | null {
  if (/aac|mp4a/.test(contentType) || isAdts(head)) return 'aac';
  return detectCodec(head) ?? (/audio\/mpeg|audio\/mp3/.test(contentType) ? 'mp3' : null);
}

/** Connect and find out what the station sends; then hand out its bytes as they come. */
export async function openStation(url: string, options: StationOptions): Promise<StationAudio> {
  const meta = { contentType: '' };
  const source = stationBytes(url, options, meta);
  const head: Buffer[] = [];
  let size = 0;
  while (size < 64) {
    const next = await source.next();
    if (next.done) throw new TonearmError('STREAM_DEAD', 'the station sent no audio');
    head.push(next.value);
    size += next.value.length;
  }

  const codec = codecFor(meta.contentType, Buffer.concat(head));
  if (!codec || codec === 'mp4') {
    await source.return(undefined);
    throw new TonearmError(
      'FORMAT_UNSUPPORTED',
      `the station sends ${meta.contentType || 'an unknown format'}`,
    );
  }
  async function* all() {
    yield* head;
    yield* source;
  }
  if (codec === 'aac') return { codec: 'wav', bytes: aacToWav(all(), options.signal) };
  return { codec, bytes: all() };
}
