import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateTone } from '../app/demo/media.ts';
import { flacParts, flacWithTags, mp3Audio, mp3WithTags, type BenchTags } from './tag-writer.ts';

/**
 * A reproducible library of `count` tagged tracks for benchmarks: Artist/Year - Album/NN -
 * Title.ext, 10 tracks an album, 4 albums an artist, one in four files FLAC and the rest MP3.
 * Two short template files are encoded once with ffmpeg; every track is a copy with its own
 * tags written in (see tag-writer.ts). Names mix in accented letters so that folding is
 * exercised, and about one title in twenty contains the word "love" for common-word searches.
 */
export interface GeneratedLibrary {
  dir: string;
  count: number;
  bytes: number;
  /** A few names that exist in the library, for searches and browsing. */
  sample: { artist: string; album: string; title: string; dir: string };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'so', 'ta', 'vel', 'ne', 'ri', 'an', 'do', 'zu'];
const ACCENTED = ['é', 'ö', 'ñ', 'å', 'ç', 'ü', 'ø', 'í'];
const GENRES = [
  'Rock',
  'Jazz',
  'Electronic',
  'Folk',
  'Classical',
  'Hip-Hop',
  'Ambient',
  'Blues',
  'Soul',
  'Metal',
  'Pop',
  'Reggae',
  'Country',
  'Funk',
  'Latin',
  'Chanson',
];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function word(rand: () => number): string {
  let w = '';
  const n = 2 + Math.floor(rand() * 2);
  for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
  if (rand() < 0.15) {
    const at = Math.floor(rand() * w.length);
    w = w.slice(0, at) + ACCENTED[Math.floor(rand() * ACCENTED.length)] + w.slice(at + 1);
  }
  return w[0]!.toUpperCase() + w.slice(1);
}

function tagsFor(i: number): BenchTags {
  const albumNo = Math.floor(i / 10);
  const artistNo = Math.floor(albumNo / 4);
  const artistRand = rng(artistNo + 1);
  const albumRand = rng(albumNo + 100003);
  const trackRand = rng(i + 900007);
  const artist = `${word(artistRand)} ${word(artistRand)}`;
  const title =
    trackRand() < 0.05 ? `${word(trackRand)} Love` : `${word(trackRand)} ${word(trackRand)}`;
  return {
    title,
    artist,
    albumArtist: artist,
    album: `${word(albumRand)} ${word(albumRand)}`,
    genre: GENRES[Math.floor(albumRand() * GENRES.length)]!,
    date: String(1960 + Math.floor(albumRand() * 65)),
    track: (i % 10) + 1,
    disc: 1,
  };
}

const safe = (s: string) => s.replace(/[/\\\0]/g, '_');

function relPathFor(tags: BenchTags, ext: string): string {
  const nn = String(tags.track).padStart(2, '0');
  return path.join(
    safe(tags.artist),
    `${tags.date} - ${safe(tags.album)}`,
    `${nn} - ${safe(tags.title)}.${ext}`,
  );
}

async function templates(dir: string) {
  await mkdir(dir, { recursive: true });
  const mp3 = path.join(dir, 'template.mp3');
  const flac = path.join(dir, 'template.flac');
  if (!(await stat(mp3).catch(() => null))) {
    await generateTone({ file: mp3, format: 'mp3', seconds: 1, sampleRate: 22050, channels: 1 });
  }
  if (!(await stat(flac).catch(() => null))) {
    await generateTone({ file: flac, format: 'flac', seconds: 1, sampleRate: 22050, channels: 1 });
  }
  return { mp3: mp3Audio(await readFile(mp3)), flac: flacParts(await readFile(flac)) };
}

/** Write the library into `dir` (emptied first). Deterministic: same count, same files. */
export async function generateLibrary(options: {
  dir: string;
  count: number;
  templateDir?: string;
}): Promise<GeneratedLibrary> {
  const t = await templates(options.templateDir ?? path.join(os.tmpdir(), 'tonearm-bench-tpl'));
  await rm(options.dir, { recursive: true, force: true });

  let bytes = 0;
  const made = new Set<string>();
  for (let i = 0; i < options.count; i++) {
    const tags = tagsFor(i);
    const flac = i % 4 === 3;
    const rel = relPathFor(tags, flac ? 'flac' : 'mp3');
    const file = path.join(options.dir, rel);
    const folder = path.dirname(file);
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true });
      made.add(folder);
    }
    const data = flac ? flacWithTags(t.flac, tags) : mp3WithTags(t.mp3, tags);
    await writeFile(file, data);
    bytes += data.length;
  }

  return { dir: options.dir, count: options.count, bytes, sample: sampleOf(options.count) };
}

/** Names that exist in a generated library of any size, for searches and browsing. */
export function sampleOf(_count: number): GeneratedLibrary['sample'] {
  const first = tagsFor(0);
  return {
    artist: first.artist,
    album: first.album,
    title: first.title,
    dir: path.dirname(relPathFor(first, 'mp3')),
  };
}
