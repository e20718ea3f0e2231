import test from 'ava';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { realMediaRoot } from '../../app/library/uri.ts';
import { Egress } from '../../app/net/egress.ts';
import { importM3u } from '../../app/playlists/import.ts';
import { memoryLogger } from '../net/loopback.ts';

test('an imported .m3u keeps only entries inside the media directory or public URLs', async (t) => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'tonearm-imp-'));
  t.teardown(() => rm(base, { recursive: true, force: true }));
  const media = path.join(base, 'music');
  await mkdir(path.join(media, 'rock'), { recursive: true });
  await writeFile(path.join(media, 'rock', 'one.mp3'), 'x');
  await writeFile(path.join(media, 'two.flac'), 'x');
  await writeFile(path.join(base, 'secret.mp3'), 'x');
  await symlink(path.join(base, 'secret.mp3'), path.join(media, 'rock', 'link.mp3'));
  await writeFile(
    path.join(media, 'rock', 'mix.m3u'),
    [
      '#EXTM3U',
      '#EXTINF:10,One',
      'one.mp3',
      '../two.flac',
      '../../secret.mp3',
      'link.mp3',
      'file:///etc/passwd',
      '/etc/passwd',
      `file://${path.join(media, 'two.flac')}`,
      'http://127.0.0.1/admin',
      'https://radio.example.com/live.mp3',
      'gopher://example.com/',
      'missing.mp3',
    ].join('\r\n'),
  );

  const egress = new Egress({ log: memoryLogger().log });
  const result = await importM3u(realMediaRoot(media), 'local:track:rock/mix.m3u', egress);

  t.deepEqual(
    result.items.map((i) => i.uri),
    [
      'local:track:rock/one.mp3',
      'local:track:two.flac',
      'local:track:two.flac',
      'stream:url:https%3A%2F%2Fradio.example.com%2Flive.mp3',
    ],
  );
  t.is(result.items[0]!.title, 'One');
  t.is(result.skipped, 7);
});
