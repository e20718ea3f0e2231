import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { TonearmError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { PcmFormat } from '../format.ts';
import type { PcmTap } from '../taps.ts';
import { toS16 } from './convert.ts';
import { LameEncoder } from './encoder.ts';
import type { ListenTokenInfo, ListenTokenStore } from './tokens.ts';

export { ListenTokenStore } from './tokens.ts';

/**
 * "Listen on the phone": whatever plays, encoded once to MP3 by one lame child and sent to
 * every listener over HTTP. The encoder runs only while someone listens. It is fed through an
 * audio PCM tap, whose queue drops blocks rather than wait, so neither the encoder nor a
 * listener can stall playback; a listener that falls too far behind is disconnected.
 *
 * Known shortcoming: while the player is paused or stopped nothing is sent, and some players
 * give up after a while of silence; they must reconnect when the music starts again.
 */

export interface PhoneStreamOptions {
  /** The audio player's addPcmTap. */
  addPcmTap: (fn: PcmTap) => () => void;
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
    if (!this.untap) this.untap = this.options.addPcmTap((f, pcm) => this.onPcm(f, pcm));
  }

  close(): void {
    for (const listener of [...this.listeners.values()]) this.drop(listener, 'shutting down');
    this.stopEncoding();
  }

  private onPcm(format: PcmFormat, pcm: Buffer): Promise<void> | void {
    if (this.listeners.size === 0) return;
    const s16 = toS16(format, pcm);
    const current = this.encoder?.format;
    if (!current || current.rate !== format.rate || current.channels !== s16.channels) {
      this.encoder?.close();
      const encoderFormat = { rate: format.rate, channels: s16.channels };
      this.encoder = new LameEncoder(
        encoderFormat,
        this.options.bitrate,
        (mp3) => this.fanOut(mp3),
        this.log,
      );
    }
    return this.encoder!.write(s16.pcm);
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
    this.encoder?.close();
    this.encoder = null;
  }
}
