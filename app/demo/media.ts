import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Generates small, real, tagged audio files with ffmpeg: the demo library and every test's
 * media come from here, so no binary fixture is committed. ffmpeg is a development tool here;
 * the appliance never runs this.
 */
export type MediaFormat = 'flac' | 'mp3' | 'ogg' | 'opus' | 'wav' | 'm4a';

export interface ToneSpec {
  file: string;
  format: MediaFormat;
  seconds: number;
  /** Hz of the sine; a different tone per track makes misplaced samples visible. */
  frequency?: number;
  sampleRate?: number;
  channels?: 1 | 2;
  /** 16 or 24; FLAC and WAV only. */
  bitDepth?: 16 | 24;
  tags?: Partial<
    Record<
      'title' | 'artist' | 'album_artist' | 'album' | 'genre' | 'date' | 'track' | 'disc',
      string
    >
  >;
  /** A PNG or JPEG file to embed as the front cover (FLAC, MP3 and M4A). */
  cover?: string;
}

const CODEC_ARGS: Record<MediaFormat, (spec: ToneSpec) => string[]> = {
  flac: (s) => ['-c:a', 'flac', '-sample_fmt', s.bitDepth === 24 ? 's32' : 's16'],
  wav: (s) => ['-c:a', s.bitDepth === 24 ? 'pcm_s24le' : 'pcm_s16le'],
  mp3: () => ['-c:a', 'libmp3lame', '-b:a', '192k', '-id3v2_version', '3'],
  ogg: () => ['-c:a', 'libvorbis', '-q:a', '4'],
  opus: () => ['-c:a', 'libopus', '-b:a', '96k'],
  m4a: () => ['-c:a', 'aac', '-b:a', '160k'],
};

export function ffmpegArgs(spec: ToneSpec): string[] {
  const rate = spec.sampleRate ?? (spec.format === 'opus' ? 48000 : 44100);
  const channels = spec.channels ?? 2;
  const freq = spec.frequency ?? 440;
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];
  args.push(
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${freq}:sample_rate=${rate}:duration=${spec.seconds}`,
  );
  const canEmbed = spec.cover && ['flac', 'mp3', 'm4a'].includes(spec.format);
  if (canEmbed && spec.cover) args.push('-i', spec.cover);
  args.push('-map', '0:a');
  if (canEmbed) args.push('-map', '1:v', '-c:v', 'copy', '-disposition:v', 'attached_pic');
  args.push('-ac', String(channels), '-ar', String(rate));
  args.push(...CODEC_ARGS[spec.format](spec));
  for (const [key, value] of Object.entries(spec.tags ?? {})) {
    args.push('-metadata', `${key}=${value}`);
  }
  args.push(spec.file);
  return args;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (err) =>
      reject(
        new Error(
          `cannot run ${command} (is it installed? scripts/setup.sh installs it): ${err.message}`,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} exited with ${code}: ${stderr.trim()}`)),
    );
  });
}

export async function generateTone(spec: ToneSpec): Promise<string> {
  await mkdir(path.dirname(spec.file), { recursive: true });
  await run('ffmpeg', ffmpegArgs(spec));
  return spec.file;
}

/** A small solid-colour PNG for cover art, made by ffmpeg. */
export async function generateCover(file: string, color = 'teal', size = 64): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=${color}:s=${size}x${size}`,
    '-frames:v',
    '1',
    file,
  ]);
  return file;
}
