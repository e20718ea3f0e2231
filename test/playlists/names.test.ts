import test from 'ava';
import { displayName, fileNameFor } from '../../app/playlists/names.ts';

const plain = (file: string) => !/[/\\\0\r\n]/.test(file) && !/^\.+(m3u8)?$/.test(file);

test('dot-dot, slashes and backslashes never leave the playlists directory', (t) => {
  for (const name of ['..', '../..', '../../etc/passwd', '/etc/passwd', 'a/b', '..\\..\\x', '.']) {
    const file = fileNameFor(name);
    t.true(plain(file), `${name} -> ${file}`);
    t.true(file.endsWith('.m3u8'));
    t.false(file.startsWith('.'), file);
  }
});

test('NUL, CR and LF are removed from names and file names', (t) => {
  const name = 'Party\0Mix\r\n#EXTINF:evil';
  t.is(displayName(name), 'PartyMix#EXTINF:evil');
  t.true(plain(fileNameFor(name)));
});

test('very long names are clipped to a safe length without splitting a character', (t) => {
  const file = fileNameFor('é'.repeat(5000));
  t.true(Buffer.byteLength(file) <= 190);
  t.notRegex(file, /\uFFFD/);
  t.is(displayName('x'.repeat(5000)).length, 200);
});

test('reserved device names and names that clean to nothing are made safe', (t) => {
  t.is(fileNameFor('CON'), '_CON.m3u8');
  t.is(fileNameFor('nul.txt'), '_nul.txt.m3u8');
  t.is(fileNameFor('...'), '_.m3u8');
  t.throws(() => displayName('\r\n\0 '), { code: 'PLAYLIST_INVALID' } as never);
});

test('unicode names survive, normalised so look-alikes map to one file', (t) => {
  t.is(fileNameFor('Café'), fileNameFor('Cafe\u0301'));
  t.is(fileNameFor('日本の歌'), '日本の歌.m3u8');
});
