import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Token material. A token is 256 random bits, shown once and stored only as its SHA-256, so a
 * copy of the data directory lets nobody in. The prefix makes a leaked token easy to spot.
 */
const PREFIX = 'tnrm_';
const TOKEN_SHAPE = /^tnrm_[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** A public, non-secret identifier for a credential or a pairing request. */
export function newId(bytes = 8): string {
  return randomBytes(bytes).toString('hex');
}

export function looksLikeToken(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Compare two digests without an early exit; both are always 32 bytes. */
export function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
