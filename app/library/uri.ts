import { realpathSync } from 'node:fs';
import path from 'node:path';
import { TonearmError } from '../errors.ts';

/**
 * The only place where user-supplied text becomes a file path. A URI is decoded exactly once,
 * the relative path is checked segment by segment, and the joined path is resolved with
 * realpath and confined to the media directory. Everything else in Tonearm asks this module.
 */

export const TRACK_PREFIX = 'local:track:';
export const DIRECTORY_PREFIX = 'local:directory:';

/** Percent-encode a relative path for a URI: each segment encoded, `/` kept between them. */
export function encodePath(relPath: string): string {
  return relPath.split('/').map(encodeURIComponent).join('/');
}

/** `local:track:<encoded path>` for a path relative to the media directory. */
export function trackUri(relPath: string): string {
  return TRACK_PREFIX + encodePath(relPath);
}

/** Decode percent-encoding once; malformed sequences are an error, never passed through. */
export function decodeOnce(encoded: string, what: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new TonearmError('URI_INVALID', `${what}: invalid percent-encoding`);
  }
}

// After one decode, an encoded dot, slash, backslash or NUL can only mean the text was encoded
// twice, which is how traversal hides from naive checks. A file whose real name contains such
// text cannot be addressed; the scanner skips it and says so.
const STILL_ENCODED = /%(2e|2f|5c|00)/i;

/**
 * Check a decoded path relative to the media directory. Returns the reason it is unsafe, or
 * null when it is a plain relative path. The empty string (the root itself) is allowed only
 * when `allowRoot` is set.
 */
export function unsafePathReason(relPath: string, allowRoot = false): string | null {
  if (relPath === '') return allowRoot ? null : 'empty path';
  if (relPath.includes('\0')) return 'contains a NUL character';
  if (relPath.includes('\\')) return 'contains a backslash';
  if (relPath.startsWith('/')) return 'is an absolute path';
  if (STILL_ENCODED.test(relPath)) return 'is encoded more than once';
  for (const segment of relPath.split('/')) {
    if (segment === '') return 'has an empty path segment';
    if (segment === '.' || segment === '..') return `has a "${segment}" segment`;
  }
  return null;
}

/** Throw URI_INVALID unless `relPath` is a plain relative path. */
export function assertSafeRelative(relPath: string, what: string, allowRoot = false): void {
  const reason = unsafePathReason(relPath, allowRoot);
  if (reason !== null) throw new TonearmError('URI_INVALID', `${what}: path ${reason}`);
}

/** A short, printable form of a URI for error messages (control characters escaped). */
export function showUri(uri: string): string {
  const clipped = uri.length > 200 ? `${uri.slice(0, 200)}...` : uri;
  return JSON.stringify(clipped);
}

/** The relative path named by a `local:track:` URI, decoded once and checked. */
export function trackPathFromUri(uri: string): string {
  if (!uri.startsWith(TRACK_PREFIX)) {
    throw new TonearmError('URI_INVALID', `not a local track URI: ${showUri(uri)}`);
  }
  const what = `track URI ${showUri(uri)}`;
  const relPath = decodeOnce(uri.slice(TRACK_PREFIX.length), what);
  assertSafeRelative(relPath, what);
  return relPath;
}

/** The relative directory named by a `local:directory:` URI ('' for the media root). */
export function directoryPathFromUri(uri: string): string {
  if (!uri.startsWith(DIRECTORY_PREFIX)) {
    throw new TonearmError('URI_INVALID', `not a local directory URI: ${showUri(uri)}`);
  }
  const what = `directory URI ${showUri(uri)}`;
  const relPath = decodeOnce(uri.slice(DIRECTORY_PREFIX.length), what);
  assertSafeRelative(relPath, what, true);
  return relPath;
}

/**
 * True when `candidate` is `root` or lies beneath it. Separator-aware: /music-evil is not
 * inside /music. Both must be absolute and already resolved.
 */
export function isInside(root: string, candidate: string): boolean {
  if (candidate === root) return true;
  const base = root.endsWith(path.sep) ? root : root + path.sep;
  return candidate.startsWith(base);
}

/**
 * Resolve `relPath` under `realRoot` (the media directory after realpath) through every link
 * and return the real absolute path, or throw: URI_OUTSIDE_ROOT when it escapes,
 * TRACK_NOT_FOUND when nothing is there.
 */
export function confine(realRoot: string, relPath: string, what = relPath): string {
  assertSafeRelative(relPath, what, true);
  const joined = path.join(realRoot, relPath);
  let real: string;
  try {
    real = realpathSync.native(joined);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new TonearmError('TRACK_NOT_FOUND', `${what}: no such file in the media directory`);
    }
    throw new TonearmError('TRACK_NOT_FOUND', `${what}: cannot be resolved (${code})`);
  }
  if (!isInside(realRoot, real)) {
    throw new TonearmError('URI_OUTSIDE_ROOT', `${what}: resolves outside the media directory`);
  }
  return real;
}

/** Resolve the media directory itself once, so every later check compares real paths. */
export function realMediaRoot(mediaDir: string): string {
  try {
    return realpathSync.native(path.resolve(mediaDir));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new TonearmError(
      'LIBRARY_UNAVAILABLE',
      `media directory ${mediaDir} cannot be opened (${code})`,
    );
  }
}
