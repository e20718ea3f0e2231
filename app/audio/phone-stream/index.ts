import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { TonearmError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { PcmFormat } from '../format.ts';
import type { PcmTap } from '../taps.ts';
import { toS16 } from './convert.ts';
import { LameEncoder, type EncoderFormat } from './encoder.ts';
import type { ListenTokenInfo, ListenTokenStore } from './tokens.ts';

export { ListenTokenStore } from './tokens.ts';

/**
 * "Listen on the phone": whatever plays, encoded once to MP3 by one lame child and sent to
 * every listener over HTTP. The encoder runs only while someone listens. It is fed through an
 * audio PCM tap, whose queue drops blocks rather than wait, so neither the encoder nor a
 * listener can stall playback; a listener that falls too far behind is disconnected.
 *
 * While nothing plays (paused, stopped, between stations) the encoder is fed silence at real
 * time, so the stream never goes quiet on the wire: many phone players give up on a stream that
 * sends nothing for a few seconds, and would not come back when the music does.
 */

/** No PCM for this long means nothing is playing: silence takes over. */
const SILENCE_AFTER_MS = 500;
/** How often silence is fed, and how much each time. */
const SILENCE_TICK_MS = 250;
/** The format silence is encoded in when nothing has played since the encoder started. */
const SILENCE_FORMAT: EncoderFormat = { rate: 44_100, channels: 2 };

/** What the phone stream needs of the audio player. */
export interface PcmSource {
  addPcmTap(fn: PcmTap): () => void;
  /** While true, PCM that is late is only late: no silence is spliced in. */
  sounding(): boolean;
}

export interface PhoneStreamOptions {
  /** The audio player, or what stands for it until there is one. */
  source: PcmSource;
  tokens: ListenTokenStore;
  log: Logger;
  /** [listen] bitrate, kbps. */
  bitrate: number;
  /** [listen] max_listeners. */
  maxListeners: number;
  /** Bytes a listener may have unsent before it is dropped (default ~10 s at 192 kbps). */
  maxBacklogBytes?: number;
}

interface Listener {
  key: string;
  tokenId: string;
  res: ServerResponse;
}

export class PhoneStream {
  private readonly listeners = new Map<string, Listener>();
  private readonly log: Logger;
  private encoder: LameEncoder | null = null;
  private untap: (() => void) | null = null;
  private silence: NodeJS.Timeout | null = null;
  private lastPcmAt = 0;

  constructor(private readonly options: PhoneStreamOptions) {
    this.log = options.log.child({ module: 'listen' });
  }

  tokens(): ListenTokenInfo[] {
    return this.options.tokens.list();
  }

  createToken(name: string): Promise<ListenTokenInfo & { token: string }> {
    return this.options.tokens.create(name);
  }

  /** Forget the token and cut every connection made with it. */
  async revoke(id: string): Promise<void> {
    // The store forgets the token synchronously; connections are cut before the file is saved.
    const saved = this.options.tokens.revoke(id);
    for (const listener of [...this.listeners.values()]) {
      if (listener.tokenId === id) this.drop(listener, 'revoked');
    }
    await saved;
  }

  listenerCount(): number {
    return this.listeners.size;
  }

  attach(token: string, res: ServerResponse): void {
    const tokenId = this.options.tokens.verify(token);
    if (!tokenId) throw new TonearmError('AUTH_REQUIRED', 'unknown or revoked listen token');
    if (this.listeners.size >= this.options.maxListeners) {
      throw new TonearmError('RATE_LIMITED', 'the most listeners allowed are already listening');
    }

    const listener: Listener = { key: randomBytes(6).toString('hex'), tokenId, res };
    res.writeHead(200, {
      'content-type': 'audio/mpeg',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    res.on('close', () => this.remove(listener));
    this.listeners.set(listener.key, listener);
    this.log.info({ listenerId: tokenId, listeners: this.listeners.size }, 'listener joined');
    if (!this.untap) this.startEncoding();
  }

  close(): void {
    for (const listener of [...this.listeners.values()]) this.drop(listener, 'shutting down');
    this.stopEncoding();
  }

  private startEncoding(): void {
    this.untap = this.options.source.addPcmTap((f, pcm) => this.onPcm(f, pcm));
    // A listener who joins mid-track gets the music, not a moment of silence before it.
    this.lastPcmAt = performance.now();
    this.silence = setInterval(() => void this.fillSilence(), SILENCE_TICK_MS);
    this.silence.unref();
  }

  private onPcm(format: PcmFormat, pcm: Buffer): Promise<void> | void {
    if (this.listeners.size === 0) return;
    this.lastPcmAt = performance.now();
    const s16 = toS16(format, pcm);
    return this.encode({ rate: format.rate, channels: s16.channels }, s16.pcm);
  }

  /**
   * One tick's worth of zeros, in the format the encoder already has, once nothing plays and
   * PCM has stopped. Never while something plays: on a busy box PCM can be late, and silence
   * spliced into the music would be heard.
   */
  private fillSilence(): Promise<void> | void {
    if (this.listeners.size === 0 || this.options.source.sounding()) return;
    if (performance.now() - this.lastPcmAt < SILENCE_AFTER_MS) return;
    const format = this.encoder?.format ?? SILENCE_FORMAT;
    const frames = Math.round((format.rate * SILENCE_TICK_MS) / 1000);
    return this.encode(format, Buffer.alloc(frames * format.channels * 2));
  }

  private encode(format: EncoderFormat, s16: Buffer): Promise<void> {
    const current = this.encoder?.format;
    if (!current || current.rate !== format.rate || current.channels !== format.channels) {
      this.encoder?.close();
      this.encoder = new LameEncoder(
        format,
        this.options.bitrate,
        (mp3) => this.fanOut(mp3),
        this.log,
      );
    }
    return this.encoder!.write(s16);
  }

  private fanOut(mp3: Buffer): void {
    const limit = this.options.maxBacklogBytes ?? 256 * 1024;
    for (const listener of [...this.listeners.values()]) {
      if (listener.res.writableLength > limit) {
        this.drop(listener, 'too slow');
        continue;
      }
      listener.res.write(mp3);
    }
  }

  private drop(listener: Listener, why: string): void {
    this.log.info({ listenerId: listener.tokenId, why }, 'listener dropped');
    this.remove(listener);
    listener.res.destroy();
  }

  private remove(listener: Listener): void {
    if (!this.listeners.delete(listener.key)) return;
    if (this.listeners.size === 0) this.stopEncoding();
  }

  private stopEncoding(): void {
    this.untap?.();
    this.untap = null;
    if (this.silence) clearInterval(this.silence);
    this.silence = null;
    this.encoder?.close();
    this.encoder = null;
  }
}
