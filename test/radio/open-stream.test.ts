import test from 'ava';
import { Egress } from '../../app/net/egress.ts';
import { openStream } from '../../app/radio/open-stream.ts';
import { loopbackServer, memoryLogger } from '../net/loopback.ts';

const AUDIO = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(200, 1)]);

async function setup(
  t: { teardown(fn: () => Promise<void>): void },
  routes: Record<string, [string, string | Buffer]>,
) {
  const server = await loopbackServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (!route) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': route[0] }).end(route[1]);
  });
  t.teardown(() => server.close());
  const { log } = memoryLogger();
  const base = `http://127.0.0.1:${server.port}`;
  return {
    base,
    options: { egress: new Egress({ log, allowHosts: [`127.0.0.1:${server.port}`] }), log },
  };
}

test('a PLS and an M3U are followed to the stream they name', async (t) => {
  const { base, options } = await setup(t, {
    '/live': ['audio/mpeg', AUDIO],
    '/a.pls': ['audio/x-scpls', '[playlist]\nNumberOfEntries=1\nFile1=/live\n'],
    '/b.m3u': ['audio/x-mpegurl', '#EXTM3U\ngopher://x/\n/a.pls\n'],
  });
  const opened = await openStream(`${base}/b.m3u`, options);
  t.is(opened.contentType, 'audio/mpeg');
  t.true(opened.url.endsWith('/live'));
  const chunks: Buffer[] = [];
  for await (const c of opened.body) chunks.push(c as Buffer);
  t.deepEqual(Buffer.concat(chunks), AUDIO);
});

test('a playlist naming file:///etc/passwd is refused and the file is never read', async (t) => {
  const { base, options } = await setup(t, {
    '/evil.m3u': ['audio/x-mpegurl', 'file:///etc/passwd\n'],
    '/evil.pls': [
      'audio/x-scpls',
      '[playlist]\nFile1=file:///etc/passwd\nFile2=http://10.0.0.1/\n',
    ],
  });
  for (const name of ['/evil.m3u', '/evil.pls']) {
    const err = await t.throwsAsync(openStream(`${base}${name}`, options));
    t.is((err as { code?: string }).code, 'PLAYLIST_INVALID');
    t.regex(err!.message, /file: is refused/);
    t.notRegex(err!.message, /root:/);
  }
});

test('a 10^6-line playlist is refused at the size cap', async (t) => {
  const { base, options } = await setup(t, {
    '/huge.m3u': ['audio/x-mpegurl', 'http://a.example/x\n'.repeat(1_000_000)],
  });
  await t.throwsAsync(openStream(`${base}/huge.m3u`, options), {
    code: 'EGRESS_TOO_LARGE',
  } as never);
});

test('playlists nested too deep are refused', async (t) => {
  const { base, options } = await setup(t, {
    '/1.m3u': ['audio/x-mpegurl', '/2.m3u\n'],
    '/2.m3u': ['audio/x-mpegurl', '/3.m3u\n'],
    '/3.m3u': ['audio/x-mpegurl', '/4.m3u\n'],
    '/4.m3u': ['audio/x-mpegurl', '/live\n'],
    '/live': ['audio/mpeg', AUDIO],
  });
  await t.throwsAsync(openStream(`${base}/1.m3u`, options), {
    code: 'PLAYLIST_INVALID',
    message: /nested/,
  } as never);
});

test('a missing stream is reported as dead, an HLS playlist as unsupported', async (t) => {
  const { base, options } = await setup(t, {
    '/hls.m3u8': ['application/vnd.apple.mpegurl', '#EXTM3U\n#EXT-X-TARGETDURATION:6\nseg.ts\n'],
  });
  await t.throwsAsync(openStream(`${base}/gone`, options), { code: 'STREAM_DEAD' } as never);
  await t.throwsAsync(openStream(`${base}/hls.m3u8`, options), {
    code: 'PLAYLIST_INVALID',
    message: /HLS/,
  } as never);
});
