import test from 'ava';
import { parseM3u, parsePls, playlistKind } from '../../app/radio/playlist-parse.ts';

test('an M3U with titles and comments gives its locations in order', (t) => {
  const text =
    '#EXTM3U\r\n#EXTINF:-1,Main\r\nhttp://a.example/live\r\n\r\n# mirror\nhttp://b.example/\n';
  t.deepEqual(parseM3u(text), [
    { location: 'http://a.example/live', title: 'Main' },
    { location: 'http://b.example/', title: null },
  ]);
});

test('a PLS gives its files in numeric order with their titles', (t) => {
  const text =
    '[playlist]\nFile2=http://b.example/\nFile1=http://a.example/\nTitle1=One\n' +
    'NumberOfEntries=2\nVersion=2\n';
  t.deepEqual(parsePls(text), [
    { location: 'http://a.example/', title: 'One' },
    { location: 'http://b.example/', title: null },
  ]);
});

test('a 10^6-line playlist is refused without being walked', (t) => {
  const text = 'http://a.example/x\n'.repeat(1_000_000);
  const started = process.hrtime.bigint();
  t.throws(() => parseM3u(text), { code: 'EGRESS_TOO_LARGE' } as never);
  t.throws(() => parsePls(text), { code: 'EGRESS_TOO_LARGE' } as never);
  t.log(`refused in ${Number(process.hrtime.bigint() - started) / 1e6} ms`);
});

test('entries past the cap are ignored', (t) => {
  const text = Array.from({ length: 100 }, (_, i) => `http://a.example/${i}`).join('\n');
  t.is(parseM3u(text).length, 32);
});

test('an HLS playlist is refused with a message saying HLS is not supported', (t) => {
  const hls = '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\nseg1.ts\n';
  const err = t.throws(() => parseM3u(hls));
  t.is((err as { code?: string }).code, 'PLAYLIST_INVALID');
  t.regex(err!.message, /HLS/);
});

test('the kind comes from the content type, the name or the first line', (t) => {
  t.is(playlistKind('audio/x-scpls', 'x'), 'pls');
  t.is(playlistKind('audio/x-mpegurl; charset=utf-8', 'x'), 'm3u');
  t.is(playlistKind('application/octet-stream', 'live.pls'), 'pls');
  t.is(playlistKind('text/plain', 'x', '#EXTM3U\n'), 'm3u');
  t.is(playlistKind('audio/mpeg', '/stream'), null);
});
