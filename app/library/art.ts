import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AlbumArt } from '../core/ports.ts';
import { confine } from './uri.ts';

/** Pictures larger than this are not served: no cover needs it, and memory is small. */
export const ART_MAX_BYTES = 8 * 1024 * 1024;

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.gif', '.webp']);

/** The image type read from the bytes themselves; what a tag or file name claims is ignored. */
export function sniffImageMime(bytes: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x47, 0x49, 0x46, 0x38) && (bytes[4] === 0x37 || bytes[4] === 0x39)) {
    return 'image/gif';
  }
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') {
    return 'image/webp';
  }
  return null;
}

function asArt(data: Uint8Array): AlbumArt | null {
  if (data.length === 0 || data.length > ART_MAX_BYTES) return null;
  const mime = sniffImageMime(data);
  return mime ? { mime, data } : null;
}

/** The front cover embedded in a track, read from the file now. `realRoot`-confined path. */
export async function embeddedArt(realRoot: string, relPath: string): Promise<AlbumArt | null> {
  const file = confine(realRoot, relPath);
  // Loaded on first use: music-metadata takes ~90 ms to load, which start-up should not pay.
  const [{ parseAudioFile }, { selectCover }] = await Promise.all([
    import('./tags.ts'),
    import('music-metadata'),
  ]);
  try {
    const meta = await parseAudioFile(file, true);
    const cover = selectCover(meta.common.picture);
    return cover ? asArt(cover.data) : null;
  } catch {
    // The file changed or broke since the scan; it simply has no art to give now.
    return null;
  }
}

/**
 * A cover image file in a folder: the first name in `artFiles` order (compared without case
 * or extension) with an image extension. The file is confined like any track, so a `cover.jpg`
 * that is a link out of the media directory is not served.
 */
export async function folderArt(
  realRoot: string,
  dirRel: string,
  artFiles: readonly string[],
): Promise<AlbumArt | null> {
  const dir = confine(realRoot, dirRel, `folder ${JSON.stringify(dirRel)}`);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }

  const rank = (name: string) => {
    const ext = path.extname(name).toLowerCase();
    if (!IMAGE_EXTENSIONS.has(ext)) return -1;
    return artFiles.indexOf(path.basename(name, path.extname(name)).toLowerCase());
  };
  const candidates = names
    .filter((n) => rank(n) >= 0)
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));

  for (const name of candidates) {
    try {
      const file = confine(realRoot, dirRel === '' ? name : `${dirRel}/${name}`);
      const info = await stat(file);
      if (!info.isFile() || info.size > ART_MAX_BYTES) continue;
      const art = asArt(await readFile(file));
      if (art) return art;
    } catch {
      continue;
    }
  }
  return null;
}
