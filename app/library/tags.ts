import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseFromTokenizer, selectCover, type IAudioMetadata } from 'music-metadata';
import { SyncFileTokenizer } from './tokenizer.ts';

/** What the index keeps about one file's contents. */
export interface TrackTags {
  title: string;
  artist: string | null;
  albumartist: string | null;
  album: string | null;
  genre: string | null;
  date: string | null;
  trackNo: number | null;
  discNo: number | null;
  durationMs: number | null;
  /** Hash of the embedded front cover, or null when the file has none. */
  artHash: string | null;
}

/** Tag values end up in every client's UI, so a runaway tag is cut short. */
const MAX_TAG_CHARS = 512;

function clean(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  // eslint-disable-next-line no-control-regex -- control characters are what is removed here
  const text = value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (text === '') return null;
  return text.length > MAX_TAG_CHARS ? text.slice(0, MAX_TAG_CHARS) : text;
}

function positive(n: number | null | undefined): number | null {
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 100000 ? n : null;
}

/** Parse a file's tags with music-metadata; throws when it holds no audio we can describe. */
export async function parseAudioFile(file: string, covers: boolean): Promise<IAudioMetadata> {
  const tokenizer = SyncFileTokenizer.open(file);
  try {
    return await parseFromTokenizer(tokenizer, { skipCovers: !covers, duration: false });
  } finally {
    await tokenizer.close();
  }
}

export async function readTags(file: string): Promise<TrackTags> {
  const meta = await parseAudioFile(file, true);
  const { common, format } = meta;
  if (format.duration === undefined && format.sampleRate === undefined) {
    throw new Error('no audio stream found');
  }

  const cover = selectCover(common.picture);
  const date = clean(common.date) ?? (common.year ? String(common.year) : null);
  const duration = format.duration;

  return {
    title: clean(common.title) ?? path.basename(file, path.extname(file)),
    artist: clean(common.artist),
    albumartist: clean(common.albumartist),
    album: clean(common.album),
    genre: clean(common.genre?.join('; ')),
    date,
    trackNo: positive(common.track.no),
    discNo: positive(common.disk.no),
    durationMs:
      duration !== undefined && Number.isFinite(duration) ? Math.round(duration * 1000) : null,
    artHash: cover ? createHash('sha1').update(cover.data).digest('hex').slice(0, 16) : null,
  };
}
