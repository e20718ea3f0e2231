import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AudioItem, AudioListener } from '../../app/core/ports.ts';
import type { TonearmError } from '../../app/errors.ts';

/** Shared by the audio tests: temp dirs, reference decodes, and a listener that records. */

export async function tempDir(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-audio-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export { memoryLog } from '../helpers/memory-log.ts';

export function fileItem(entryId: number, file: string): AudioItem {
  return { entryId, source: { kind: 'file', uri: `local:track:${entryId}`, path: file } };
}

export type Event =
  | { type: 'started' | 'drained'; entryId: number }
  | { type: 'failed'; entryId: number | null; error: TonearmError };

/** An AudioListener that records events and lets a test wait for one. */
export class Recorder implements AudioListener {
  events: Event[] = [];
  private waiters: { match: (e: Event) => boolean; resolve: (e: Event) => void }[] = [];

  started(entryId: number): void {
    this.push({ type: 'started', entryId });
  }

  drained(entryId: number): void {
    this.push({ type: 'drained', entryId });
  }

  failed(entryId: number | null, error: TonearmError): void {
    this.push({ type: 'failed', entryId, error });
  }

  /** The first event (past or future) of `type`; rejects after `ms`. */
  waitFor(type: Event['type'], ms = 20000): Promise<Event> {
    const match = (e: Event) => e.type === type || (type !== 'failed' && e.type === 'failed');
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} event in ${ms} ms`)), ms);
      this.waiters.push({
        match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  private push(event: Event): void {
    this.events.push(event);
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) {
      if (w.match(event)) w.resolve(event);
      else this.waiters.push(w);
    }
  }
}

/** Run a tool and return its stdout as bytes. */
export function run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`${command}: ${err}`)),
    );
  });
}

/** ffmpeg's decode of `file` as raw little-endian PCM, the reference for lossy formats. */
export function ffmpegDecode(file: string, sample: 's16le' | 's24le' | 's32le'): Promise<Buffer> {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file];
  return run('ffmpeg', [...args, '-f', sample, '-c:a', `pcm_${sample}`, 'pipe:1']);
}

/** The reference FLAC decoder's output as raw little-endian PCM. */
export function flacDecode(file: string): Promise<Buffer> {
  const args = ['-s', '-d', '-c', '--force-raw-format', '--endian=little', '--sign=signed'];
  return run('flac', [...args, file]);
}

/**
 * Full-scale white noise as FLAC: every bit of every sample is exercised, which a quiet sine is
 * not (scaling 24-bit samples by 2^23 instead of 2^23 - 1 only shows on loud ones).
 */
export async function noiseFlac(file: string, rate: number, bits: 16 | 24, seconds = 1) {
  const seed = rate + bits;
  const source = `anoisesrc=sample_rate=${rate}:amplitude=1:duration=${seconds}:seed=${seed}`;
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-f', 'lavfi'];
  args.push('-i', source, '-ac', '2', '-c:a', 'flac', '-sample_fmt', bits === 24 ? 's32' : 's16');
  await run('ffmpeg', [...args, file]);
  return file;
}

/**
 * An ALSA configuration with one `file` PCM per name, each writing what it receives to
 * DIR/NAME-RATE-BITS-CHANNELS.raw through an inline null slave: no sound card needed.
 * ALSA_CONFIG_PATH names this file alone, so the slave must be inline, not the "null" alias.
 */
export function asoundConf(dir: string, names: string[]): string {
  return names
    .map(
      (name) =>
        `pcm.${name} {\n  type file\n  slave.pcm { type null }\n` +
        `  file "${path.join(dir, name)}-%r-%b-%c.raw"\n  format "raw"\n}\n`,
    )
    .join('');
}

/** True when every byte from `from` on is zero: aplay pads its last period with silence. */
export function silentFrom(buf: Buffer, from: number): boolean {
  for (let i = from; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}
