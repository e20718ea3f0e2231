import test, { type ExecutionContext } from 'ava';
import http, { type IncomingMessage } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MPEGDecoder } from 'mpg123-decoder';
import { createAudioPlayer } from '../../app/audio/index.ts';
import { ListenTokenStore, PhoneStream } from '../../app/audio/phone-stream/index.ts';
import { generateTone } from '../../app/demo/media.ts';
import { isTonearmError } from '../../app/errors.ts';
import { memoryLogger } from '../net/loopback.ts';

async function rig(t: ExecutionContext, frequency: number, options = { play: true }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-listen-'));
  const { log, lines } = memoryLogger();
  const file = await generateTone({
    file: path.join(dir, 'tone.flac'),
    format: 'flac',
    seconds: 30,
    frequency,
  });
  const player = createAudioPlayer({ output: 'null', device: 'null', bufferMs: 200, log });
  const tokens = new ListenTokenStore(dir, log);
  await tokens.load();
  const phone = new PhoneStream({
    source: player,
    tokens,
    log,
    bitrate: 128,
    maxListeners: 4,
  });

  // A plain server standing in for the web route: the listen service does the token check.
  const server = http.createServer((req, res) => {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? '';
    try {
      phone.attach(token, res);
    } catch (err) {
      res.writeHead(isTonearmError(err) ? err.status : 500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  t.teardown(async () => {
    phone.close();
    server.closeAllConnections();
    server.close();
    await player.close();
    await rm(dir, { recursive: true, force: true });
  });
  if (options.play) {
    await player.play({
      entryId: 1,
      source: { kind: 'file', uri: 'local:track:tone.flac', path: file },
    });
  }
  const open = (token: string) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: `/?token=${token}` }, resolve).on('error', reject);
    });
  return { phone, open, lines };
}

/** Reads a listener's stream until `bytes` arrived (or 20 s passed), then hangs up. */
async function receive(res: IncomingMessage, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve) => {
    res.on('data', (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      if (size >= bytes) resolve();
    });
    setTimeout(resolve, 20_000).unref();
  });
  res.destroy();
  return Buffer.concat(chunks);
}

/** Decodes with a real MP3 decoder (the one the audio thread uses). */
async function decodeMp3(mp3: Buffer) {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  const decoded = decoder.decode(new Uint8Array(mp3));
  decoder.free();
  return decoded;
}

/** Frequency of a (near) pure tone from its rising zero crossings. */
function toneFrequency(samples: Float32Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) {
    if (samples[i - 1]! < 0 && samples[i]! >= 0) crossings++;
  }
  return (crossings * rate) / samples.length;
}

test.serial('the phone stream decodes with a real MP3 decoder and carries the tone', async (t) => {
  const { phone, open, lines } = await rig(t, 1000);
  const { token } = await phone.createToken('Garden');

  const res = await open(token);
  t.is(res.statusCode, 200);
  t.is(res.headers['content-type'], 'audio/mpeg');
  // Two seconds of 128 kbps MP3; a loaded machine may take longer than two seconds to send it.
  const started = Date.now();
  const mp3 = await receive(res, 32_000);
  t.log(`received ${mp3.length} bytes of MP3 in ${Date.now() - started} ms`);
  const decoded = await decodeMp3(mp3);
  t.true(decoded.samplesDecoded > 44100, `decoded ${decoded.samplesDecoded} samples`);
  const left = decoded.channelData[0]!.subarray(4096);
  const freq = toneFrequency(left, decoded.sampleRate);
  t.log(`dominant frequency ${freq.toFixed(1)} Hz`);
  t.true(Math.abs(freq - 1000) < 10);
  t.notRegex(lines(), new RegExp(token));
});

test.serial('while nothing plays the stream carries silence instead of going quiet', async (t) => {
  const { phone, open } = await rig(t, 1000, { play: false });
  const { token } = await phone.createToken('Bedroom');
  const res = await open(token);
  t.is(res.statusCode, 200);

  // One second of 128 kbps MP3 is 16,000 bytes; with nothing playing, all of it is silence.
  const mp3 = await receive(res, 16_000);
  t.true(mp3.length >= 16_000, `only ${mp3.length} bytes arrived`);
  const decoded = await decodeMp3(mp3);
  t.true(decoded.samplesDecoded > 22_050, `decoded ${decoded.samplesDecoded} samples`);
  const loudest = decoded.channelData[0]!.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  t.true(loudest < 0.001, `loudest sample ${loudest}`);
});

test.serial(
  'an unknown token is refused and revoking a listener ends its connection',
  async (t) => {
    const { phone, open } = await rig(t, 440);
    t.is((await open('x'.repeat(43))).statusCode, 401);

    const kept = await phone.createToken('Kitchen');
    const revoked = await phone.createToken('Former guest');
    const a = await open(kept.token);
    const b = await open(revoked.token);
    let aBytes = 0;
    a.on('data', (c: Buffer) => (aBytes += c.length));
    b.resume();
    const bClosed = new Promise<void>((resolve) => b.on('close', () => resolve()));
    await sleep(500);
    t.is(phone.listenerCount(), 2);

    await phone.revoke(revoked.id);
    const ended = await Promise.race([bClosed.then(() => true), sleep(1000).then(() => false)]);
    t.true(ended, 'the revoked connection ends within a second');
    // A loaded machine may be slow to encode the next frames: wait for them, up to 15 s.
    const before = aBytes;
    for (let i = 0; i < 300 && aBytes <= before; i++) await sleep(50);
    t.true(aBytes > before, 'the other listener keeps receiving');
    t.is(phone.listenerCount(), 1);
    t.is((await open(revoked.token)).statusCode, 401);
    t.deepEqual(
      phone.tokens().map((x) => x.name),
      ['Kitchen'],
    );
    a.destroy();
  },
);

// A Unix socket keeps the kernel's buffering small and fixed (TCP on loopback soaks up about
// 4 MB before a sender notices), so a listener that stops reading falls behind within seconds.
test.serial(
  'a listener that stops reading is dropped while playback and the others carry on',
  async (t) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-slow-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const { log, lines } = memoryLogger();
    const file = path.join(dir, 'tone.flac');
    await generateTone({ file, format: 'flac', seconds: 120, frequency: 500 });
    const player = createAudioPlayer({
      output: 'null',
      device: 'null',
      bufferMs: 200,
      log,
      speed: 4,
    });
    t.teardown(() => player.close());
    const tokens = new ListenTokenStore(dir, log);
    await tokens.load();
    const phone = new PhoneStream({
      source: player,
      tokens,
      log,
      bitrate: 320,
      maxListeners: 4,
      maxBacklogBytes: 64 * 1024,
    });
    t.teardown(() => phone.close());

    const socketPath = path.join(dir, 'listen.sock');
    const server = http.createServer((req, res) => {
      phone.attach(new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? '', res);
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    t.teardown(() => {
      server.closeAllConnections();
      server.close();
    });
    const open = async (name: string) => {
      const { token } = await phone.createToken(name);
      return new Promise<IncomingMessage>((resolve, reject) => {
        http.get({ socketPath, path: `/?token=${token}` }, resolve).on('error', reject);
      });
    };

    await player.play({ entryId: 1, source: { kind: 'file', uri: 'local:track:t', path: file } });
    const reader = await open('Reader');
    let read = 0;
    reader.on('data', (c: Buffer) => (read += c.length));
    const stalled = await open('Stalled');
    stalled.pause();
    stalled.socket.pause();

    for (let i = 0; i < 600 && phone.listenerCount() > 1; i++) await sleep(50);
    t.is(phone.listenerCount(), 1, 'the stalled listener was dropped');
    t.regex(lines(), /too slow/);

    const position = player.positionMs();
    const bytes = read;
    for (let i = 0; i < 300 && (read <= bytes || player.positionMs() <= position); i++) {
      await sleep(50);
    }
    t.true(player.positionMs() > position, 'playback carries on');
    t.true(read > bytes, 'the reading listener carries on');
    reader.destroy();
  },
);
