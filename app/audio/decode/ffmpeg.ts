import { spawn } from 'node:child_process';
import path from 'node:path';
import { bytesPerFrame, sampleFormatForBits, type PcmFormat } from '../format.ts';
import type { DecodedBlock } from './codec.ts';

/**
 * AAC and ALAC (MP4 files) are decoded by an ffmpeg child, the one format family the WASM
 * decoders lack. The path goes in as `file:/absolute/path`, so a name beginning with '-' cannot
 * be read as an option and no protocol other than plain files can be reached.
 */

const COMMON = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-protocol_whitelist', 'file'];

/** ffmpeg's name for an input file, safe whatever the file is called. */
export function ffmpegInput(file: string): string {
  if (!path.isAbsolute(file)) throw new Error(`not an absolute path: ${file}`);
  return `file:${file}`;
}

function collect(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e) => reject(new Error(`cannot run ${command}: ${e.message}`)));
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} failed: ${err.trim()}`)),
    );
  });
}

interface Probe {
  format: PcmFormat;
  codec: string;
}

/** The first audio stream's rate, channels and depth, so the output gets the native format. */
export async function probe(file: string): Promise<Probe> {
  const args = ['-hide_banner', '-v', 'error', '-protocol_whitelist', 'file'];
  args.push('-select_streams', 'a:0', '-show_entries');
  args.push('stream=codec_name,sample_rate,channels,bits_per_raw_sample', '-of', 'json');
  args.push(ffmpegInput(file));
  const json = JSON.parse(await collect('ffprobe', args)) as {
    streams?: Record<string, string | number>[];
  };

  const s = json.streams?.[0];
  if (!s) throw new Error('no audio stream');
  const rate = Number(s.sample_rate);
  const channels = Number(s.channels);
  const bits = Number(s.bits_per_raw_sample) || 16;
  if (!(rate > 0) || !(channels > 0)) throw new Error('no usable audio stream');
  return {
    codec: String(s.codec_name),
    format: { rate, channels, sample: sampleFormatForBits(bits) },
  };
}

const FFMPEG_FORMAT = { S16_LE: 's16le', S24_3LE: 's24le', S32_LE: 's32le' } as const;

/** Decoded blocks of `file` from `startMs`, read from ffmpeg's stdout as raw PCM. */
export async function* decodeWithFfmpeg(
  file: string,
  startMs: number,
  signal: AbortSignal,
): AsyncGenerator<DecodedBlock> {
  const { format } = await probe(file);
  const raw = FFMPEG_FORMAT[format.sample];
  const args = [...COMMON];
  if (startMs > 0) args.push('-ss', (startMs / 1000).toFixed(3));
  args.push('-i', ffmpegInput(file), '-map', '0:a:0', '-vn');
  args.push('-f', raw, '-c:a', `pcm_${raw}`, '-ar', String(format.rate));
  args.push('-ac', String(format.channels), 'pipe:1');

  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => resolve(code));
    child.on('error', () => resolve(-1));
  });

  const frame = bytesPerFrame(format);
  let carry = Buffer.alloc(0);
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const whole = data.length - (data.length % frame);
      carry = Buffer.from(data.subarray(whole));
      if (whole > 0) yield { format, pcm: data.subarray(0, whole) };
    }
  } finally {
    // The consumer may stop early (stop, seek): never leave ffmpeg running behind it.
    if (child.exitCode === null) child.kill('SIGKILL');
  }

  const code = await exited;
  if (code !== 0 && !signal.aborted) {
    throw new Error(`ffmpeg exited with ${code}: ${stderr.trim() || 'no message'}`);
  }
}
