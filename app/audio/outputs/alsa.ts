import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import { TonearmError } from '../../errors.ts';
import { bytesPerFrame, msToFrames, type PcmFormat } from '../format.ts';
import type { PcmOutput } from './output.ts';

/**
 * PCM to an ALSA device through an `aplay` child, in the track's own format and rate, so ALSA
 * converts nothing a DAC can take as it is. One aplay lives while the format stays the same;
 * drain() closes its input and waits while aplay plays out the rest (snd_pcm_drain).
 * The `speaker` package is not used: it aborts the whole process when ALSA cannot open.
 */
type Aplay = ChildProcessByStdio<Writable, null, Readable>;

/** Linux pipes hold 64 KiB; that much can wait between us and aplay. */
const PIPE_BYTES = 64 * 1024;

/** Refuse device names that could only be a mistake, before aplay sees them. */
export function checkDevice(device: string): string {
  if (!/^[\w:,.=\-/]{1,128}$/.test(device) || device.startsWith('-')) {
    throw new TonearmError(
      'CONFIG_INVALID',
      `audio.device: "${device}" is not an ALSA device name`,
    );
  }
  return device;
}

export function aplayArgs(device: string, format: PcmFormat, bufferMs: number): string[] {
  return [
    '-q',
    '-D',
    device,
    '-t',
    'raw',
    '-f',
    format.sample,
    '-r',
    String(format.rate),
    '-c',
    String(format.channels),
    '-B',
    String(bufferMs * 1000),
  ];
}

export function aplayFailure(device: string, stderr: string, code: number | null): TonearmError {
  // "ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM x" -> "snd_pcm_open_noupdate: ...".
  // alsa-lib explains a failure from the inside out, so the last two lines say the most.
  const reason =
    stderr
      .replace(/^ALSA lib [\w.]+:\d+:\((\w+)\) /gm, '$1: ')
      .replace(/^aplay: [\w:]*\d+: /gm, '')
      .trim()
      .split('\n')
      .slice(-2)
      .join('; ') || `aplay exited with ${code}`;
  if (/audio open error|cannot open/i.test(stderr)) {
    const busy = /busy/i.test(stderr);
    return new TonearmError(
      'OUTPUT_OPEN_FAILED',
      `ALSA device "${device}" cannot be opened (${reason}). ` +
        (busy
          ? 'Another program is using it: stop that program, or choose another device.'
          : 'Check [audio] device (`aplay -L` lists the devices) and that the DAC is connected.'),
    );
  }
  return new TonearmError('OUTPUT_WRITE_FAILED', `ALSA device "${device}": ${reason}`);
}

/**
 * Whether `device` opens now, found by letting aplay open it and play nothing. For start-up:
 * main.ts can say clearly that there is no DAC and fall back to the null output.
 */
export function probeAlsaDevice(device: string): Promise<TonearmError | null> {
  return new Promise((resolve) => {
    const format = { rate: 44100, channels: 2, sample: 'S16_LE' as const };
    const child = spawn('aplay', [...aplayArgs(checkDevice(device), format, 100), '/dev/null'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    child.on('error', (err) =>
      resolve(new TonearmError('OUTPUT_OPEN_FAILED', `cannot run aplay: ${err.message}`)),
    );
    child.on('close', (code) => resolve(code === 0 ? null : aplayFailure(device, stderr, code)));
  });
}

export class AlsaOutput implements PcmOutput {
  readonly kind = 'alsa';
  readonly soundsAfterPause = true;
  format: PcmFormat | null = null;
  private child: Aplay | null = null;
  private error: TonearmError | null = null;
  private exited: Promise<number | null> = Promise.resolve(0);
  private written = 0;
  /** When the modelled playback clock started, and how long it has been paused. */
  private clockStart = 0;
  private pausedAt: number | null = null;

  constructor(
    readonly target: string,
    private readonly bufferMs: number,
  ) {}

  async open(format: PcmFormat): Promise<void> {
    await this.close();
    const child = spawn('aplay', aplayArgs(this.target, format, this.bufferMs), {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    child.stdin.on('error', () => {
      // EPIPE when aplay has died; its exit below says why.
    });
    this.exited = new Promise((resolve) => {
      child.on('error', (err) => {
        if (this.child !== child) return resolve(null);
        this.error ??= new TonearmError(
          'OUTPUT_OPEN_FAILED',
          `cannot run aplay for ALSA device "${this.target}" (${err.message}): ` +
            'install alsa-utils (scripts/setup.sh does).',
        );
        resolve(null);
      });
      child.on('close', (code, signal) => {
        if (this.child === child) {
          if (code !== 0 && !signal) this.error ??= aplayFailure(this.target, stderr, code);
          // Drained or died: either way the next write has to open a new aplay.
          this.child = null;
        }
        resolve(code);
      });
    });

    this.child = child;
    this.error = null;
    this.format = format;
    this.written = 0;
    this.clockStart = 0;
  }

  async write(pcm: Uint8Array): Promise<void> {
    if (this.error) throw this.error;
    const child = this.child;
    const format = this.format;
    if (!child || !format) return;

    if (this.written === 0) this.clockStart = performance.now();
    this.written += pcm.byteLength / bytesPerFrame(format);
    if (!child.stdin.write(pcm)) {
      await new Promise<void>((resolve) => {
        child.stdin.once('drain', resolve);
        child.once('close', resolve);
      });
    }
    if (this.error) throw this.error;
  }

  async drain(): Promise<void> {
    const child = this.child;
    if (!child) {
      this.format = null;
      if (this.error) throw this.error;
      return;
    }
    child.stdin.end();
    await this.exited;
    this.format = null;
    if (this.error) throw this.error;
  }

  async close(): Promise<void> {
    const child = this.child;
    this.child = null;
    this.format = null;
    if (!child) return;
    child.stdin.destroy();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
    await this.exited;
    clearTimeout(timer);
  }

  /**
   * aplay cannot be paused through its input: what it holds (up to bufferMs in ALSA's buffer,
   * plus the pipe) would still play. So only the position clock stops here, and the pipeline
   * closes this output on pause (soundsAfterPause) and starts again from the heard position.
   */
  pause(): void {
    this.pausedAt ??= performance.now();
  }

  resume(): void {
    if (this.pausedAt === null) return;
    this.clockStart += performance.now() - this.pausedAt;
    this.pausedAt = null;
  }

  /**
   * An estimate: aplay does not report ALSA's delay, so the frames heard are taken from a clock
   * started at the first write, capped by how much the pipe and ALSA's buffer can hold.
   */
  delayFrames(): number {
    const format = this.format;
    if (!format || this.written === 0) return 0;
    const now = this.pausedAt ?? performance.now();
    const played = ((now - this.clockStart) * format.rate) / 1000;
    const capacity = msToFrames(this.bufferMs, format.rate) + PIPE_BYTES / bytesPerFrame(format);
    return Math.round(Math.max(0, Math.min(this.written - played, capacity)));
  }
}
