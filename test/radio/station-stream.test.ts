import test from 'ava';
import { spawn } from 'node:child_process';
import { Egress } from '../../app/net/egress.ts';
import { stationBytes, openStation } from '../../app/radio/station-stream.ts';
import { loopbackServer, memoryLogger } from '../net/loopback.ts';

const FAST = { initialMs: 20, maxMs: 100, maxFailures: 3 };

async function serve(
  t: { teardown(fn: () => Promise<void>): void },
  handler: Parameters<typeof loopbackServer>[0],
) {
  const server = await loopbackServer(handler);
  t.teardown(() => server.close());
  const { log, lines } = memoryLogger();
  const egress = new Egress({ log, allowHosts: [`127.0.0.1:${server.port}`] });
  return { url: `http://127.0.0.1:${server.port}/live`, egress, log, lines };
}

test('a stream that keeps dropping is reconnected and its bytes keep coming', async (t) => {
  let connections = 0;
  const { url, egress, log, lines } = await serve(t, (_req, res) => {
    connections++;
    res.writeHead(200, { 'content-type': 'audio/mpeg', 'icy-metaint': '100' });
    const meta = Buffer.alloc(33);
    meta[0] = 2;
    meta.write(`StreamTitle='n${connections}';`, 1);
    res.end(Buffer.concat([Buffer.alloc(100, connections), meta, Buffer.alloc(50, connections)]));
  });
  const titles: string[] = [];
  const abort = new AbortController();
  let total = 0;
  for await (const chunk of stationBytes(url, {
    egress,
    log,
    signal: abort.signal,
    retry: FAST,
    onTitle: (x) => titles.push(x),
  })) {
    total += chunk.length;
    if (total >= 450) abort.abort();
  }
  t.is(total, 450);
  t.true(connections >= 3);
  t.deepEqual(titles.slice(0, 3), ['n1', 'n2', 'n3']);
  t.regex(lines(), /stream dropped; reconnecting/);
});

test('a station that answers 404 at once is reported dead without retrying', async (t) => {
  let requests = 0;
  const { url, egress, log } = await serve(t, (_req, res) => {
    requests++;
    res.writeHead(404).end();
  });
  const signal = new AbortController().signal;
  await t.throwsAsync(openStation(url, { egress, log, signal, retry: FAST }), {
    code: 'STREAM_DEAD',
  } as never);
  t.is(requests, 1);
});

test('a station that fails again and again is given up, not retried forever', async (t) => {
  let requests = 0;
  const { url, egress, log } = await serve(t, (_req, res) => {
    requests++;
    res.writeHead(503).end();
  });
  const signal = new AbortController().signal;
  const err = await t.throwsAsync(openStation(url, { egress, log, signal, retry: FAST }));
  t.is((err as { code?: string }).code, 'STREAM_DEAD');
  t.regex(err!.message, /failed 3 times/);
  t.is(requests, 3);
});

test('the codec comes from the bytes and content type; other formats are refused', async (t) => {
  const { url, egress, log } = await serve(t, (req, res) => {
    res.writeHead(200, { 'content-type': 'video/mp4' });
    res.end(
      Buffer.concat([Buffer.from([0, 0, 0, 32]), Buffer.from('ftypisom'), Buffer.alloc(100)]),
    );
  });
  const abort = new AbortController();
  t.teardown(() => abort.abort());
  await t.throwsAsync(openStation(url, { egress, log, signal: abort.signal, retry: FAST }), {
    code: 'FORMAT_UNSUPPORTED',
  } as never);
});

test('a stream that stalls mid-way is timed out and reconnected', async (t) => {
  let connections = 0;
  const server = await loopbackServer((_req, res) => {
    connections++;
    res.writeHead(200, { 'content-type': 'audio/mpeg', 'icy-metaint': '1000' });
    res.write(Buffer.alloc(100, connections)); // then nothing: the line has gone quiet
  });
  t.teardown(() => server.close());
  const { log } = memoryLogger();
  const allowHosts = [`127.0.0.1:${server.port}`];
  const egress = new Egress({ log, allowHosts, idleTimeoutMs: 200 });
  const abort = new AbortController();
  const url = `http://127.0.0.1:${server.port}/live`;
  let total = 0;
  for await (const chunk of stationBytes(url, { egress, log, signal: abort.signal, retry: FAST })) {
    total += chunk.length;
    if (total >= 300) abort.abort();
  }
  t.true(connections >= 3);
});

test('an AAC station that dies reports STREAM_DEAD through the ffmpeg stage', async (t) => {
  // One ADTS stream made by ffmpeg, sent once; every later connection is refused with 503.
  const adts = await new Promise<Buffer>((resolve, reject) => {
    const args = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=d=1'];
    const ff = spawn('ffmpeg', [...args, '-c:a', 'aac', '-f', 'adts', 'pipe:1']);
    const parts: Buffer[] = [];
    ff.stdout.on('data', (c: Buffer) => parts.push(c));
    ff.on('close', (code) => (code === 0 ? resolve(Buffer.concat(parts)) : reject(new Error())));
  });
  let connections = 0;
  const { url, egress, log } = await serve(t, (_req, res) => {
    if (connections++ > 0) return void res.writeHead(503).end();
    res.writeHead(200, { 'content-type': 'audio/aac' }).end(adts);
  });
  const signal = new AbortController().signal;
  const station = await openStation(url, { egress, log, signal, retry: FAST });
  t.is(station.codec, 'wav');
  let wav = 0;
  const drain = async () => {
    for await (const chunk of station.bytes) wav += chunk.length;
  };
  await t.throwsAsync(drain(), { code: 'STREAM_DEAD' } as never);
  t.true(wav > 44100 * 2, `ffmpeg decoded ${wav} bytes before the station died`);
});
