import test from 'ava';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TonearmError } from '../../app/errors.ts';
import {
  confine,
  directoryPathFromUri,
  isInside,
  realMediaRoot,
  trackPathFromUri,
  trackUri,
} from '../../app/library/uri.ts';
import { sandbox } from './fixtures.ts';

test('a track URI round-trips a path with spaces, unicode and a percent sign', (t) => {
  const rel = 'Björk/Homogenic (1997)/01 100% Jóga.flac';
  const uri = trackUri(rel);
  t.is(uri, 'local:track:Bj%C3%B6rk/Homogenic%20(1997)/01%20100%25%20J%C3%B3ga.flac');
  t.is(trackPathFromUri(uri), rel);
});

const rejected: Array<[string, string, RegExp]> = [
  ['dot-dot segment', 'local:track:a/../../etc/passwd', /"\.\." segment/],
  ['leading dot-dot', 'local:track:../secret.mp3', /"\.\." segment/],
  ['encoded dot-dot', 'local:track:%2e%2e/%2e%2e/etc/passwd', /"\.\." segment/],
  ['encoded slash', 'local:track:a%2f..%2f..%2fetc', /"\.\." segment/],
  ['double-encoded dot-dot', 'local:track:%252e%252e/etc/passwd', /encoded more than once/],
  ['double-encoded slash', 'local:track:a%252f..%252fb.mp3', /encoded more than once/],
  ['absolute path', 'local:track:/etc/passwd', /absolute path/],
  ['encoded absolute path', 'local:track:%2Fetc%2Fpasswd', /absolute path/],
  ['NUL byte', 'local:track:a.mp3%00.jpg', /NUL/],
  ['backslash', 'local:track:..%5c..%5cwindows', /backslash/],
  ['empty segment', 'local:track:a//b.mp3', /empty path segment/],
  ['single dot', 'local:track:./a.mp3', /"\." segment/],
  ['invalid percent-encoding', 'local:track:a%zzb.mp3', /invalid percent-encoding/],
  ['truncated percent-encoding', 'local:track:a%e', /invalid percent-encoding/],
  ['empty path', 'local:track:', /empty path/],
  ['another scheme', 'file:///etc/passwd', /not a local track URI/],
];

for (const [name, uri, message] of rejected) {
  test(`a track URI with ${name} is rejected as URI_INVALID`, (t) => {
    const err = t.throws(() => trackPathFromUri(uri), { instanceOf: TonearmError });
    t.is(err?.code, 'URI_INVALID');
    t.regex(err?.message ?? '', message);
  });
}

test('a directory URI may name the media root but nothing outside it', (t) => {
  t.is(directoryPathFromUri('local:directory:'), '');
  t.is(directoryPathFromUri('local:directory:A%20B/C'), 'A B/C');
  t.throws(() => directoryPathFromUri('local:directory:..'), { message: /"\.\." segment/ });
  t.throws(() => directoryPathFromUri('local:directory:%2e%2e'), { message: /"\.\." segment/ });
});

test('the root check knows its separators: /music-evil is not inside /music', (t) => {
  t.true(isInside('/music', '/music'));
  t.true(isInside('/music', '/music/a.mp3'));
  t.false(isInside('/music', '/music-evil/a.mp3'));
  t.false(isInside('/music', '/musicx'));
  t.false(isInside('/music', '/'));
  t.true(isInside('/', '/etc'));
});

test('confine follows links and rejects those that leave the root', async (t) => {
  const box = await sandbox();
  t.teardown(box.cleanup);
  const evil = `${box.media}-evil`;
  await mkdir(path.join(box.media, 'a'), { recursive: true });
  await mkdir(evil, { recursive: true });
  await writeFile(path.join(box.media, 'a', 'x.mp3'), 'x');
  await writeFile(path.join(evil, 'y.mp3'), 'y');
  await symlink(evil, path.join(box.media, 'sibling'));
  await symlink(path.join(box.media, 'a'), path.join(box.media, 'inside'));
  const root = realMediaRoot(box.media);

  t.is(confine(root, 'a/x.mp3'), path.join(root, 'a', 'x.mp3'));
  t.is(confine(root, 'inside/x.mp3'), path.join(root, 'a', 'x.mp3'));

  const out = t.throws(() => confine(root, 'sibling/y.mp3'), { instanceOf: TonearmError });
  t.is(out?.code, 'URI_OUTSIDE_ROOT');
  t.regex(out?.message ?? '', /outside the media directory/);

  const missing = t.throws(() => confine(root, 'a/nope.mp3'), { instanceOf: TonearmError });
  t.is(missing?.code, 'TRACK_NOT_FOUND');
  t.throws(() => confine(root, '../music-evil/y.mp3'), { message: /"\.\." segment/ });
});

test('a media directory that does not exist is reported, not crashed on', (t) => {
  const err = t.throws(() => realMediaRoot('/nonexistent/tonearm-music'), {
    instanceOf: TonearmError,
  });
  t.is(err?.code, 'LIBRARY_UNAVAILABLE');
  t.regex(err?.message ?? '', /\/nonexistent\/tonearm-music.*ENOENT/);
});
