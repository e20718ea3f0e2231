import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Logger } from '../../log.ts';

/**
 * One `lame` child (Debian's lame) turning raw 16-bit PCM into a constant-bitrate MP3 stream.
 * Arguments are an array, input and output are stdin and stdout: lame opens no file.
 */

export interface EncoderFormat {
  rate: number;
  channels: 1 | 2;
}

/** MPEG-1/2 layer III stops at 48 kHz: higher rates are resampled by lame itself. */
export function lameArgs(format: EncoderFormat, kbps: number): string[] {
  const args = ['--quiet', '--flush', '-r', '-s', String(format.rate / 1000), '--bitwidth', '16'];
  args.push('--signed', '--little-endian', '-m', format.channels === 1 ? 'm' : 'j');
  args.push('--cbr', '-b', String(kbps), '-q', '5');
  if (format.rate > 48_000) args.push('--resample', format.rate % 48_000 === 0 ? '48' : '44.1');
  args.push('-', '-');
  return args;
}

export class LameEncoder {
  private readonly child: ChildProcessWithoutNullStreams;
  private closed = false;

  constructor(
    readonly format: EncoderFormat,
    kbps: number,
    onMp3: (chunk: Buffer) => void,
    log: Logger,
  ) {
    this.child = spawn('lame', lameArgs(format, kbps), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', onMp3);
    this.child.stderr.on('data', (c: Buffer) => log.warn({ problem: c.toString().trim() }, 'lame'));
    this.child.stdin.on('error', () => undefined);
    this.child.on('error', (err) => {
      this.closed = true;
      log.error({ err }, "cannot run lame (install Debian's lame)");
    });
    this.child.on('exit', (code) => {
      if (!this.closed) log.warn({ code }, 'lame stopped');
      this.closed = true;
    });
  }

  /** Resolves once lame has taken the bytes, so a slow encoder slows only its PCM tap. */
  write(pcm: Buffer): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.child.stdin.write(pcm)) return Promise.resolve();
    // A lame that dies, or never started, frees its waiters too, through 'close'.
    return new Promise((resolve) => {
      const done = () => {
        this.child.stdin.off('drain', done);
        this.child.stdin.off('close', done);
        resolve();
      };
      this.child.stdin.once('drain', done);
      this.child.stdin.once('close', done);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.child.stdin.end();
    // lame flushes its last frames on end of input; it is killed if it lingers.
    setTimeout(() => this.child.kill('SIGKILL'), 2000).unref();
  }
}
