import test from 'ava';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createAudioPlayer, type StreamOpener } from '../../app/audio/index.ts';
import { generateTone } from '../../app/demo/media.ts';
import { Recorder, ffmpegDecode, fileItem, memoryLog, tempDir } from './helpers.ts';

/** The factory's extras: the stream seam, PCM taps, and transport calls that overlap. */

function player(t: { teardown(fn: () => Promise<void>): void }, openStream?: StreamOpener) {
  const { log } = memoryLog();
  const created = createAudioPlayer({
    output: 'null',
    device: 'null',
    bufferMs: 200,
    log,
    speed: 20,
    openStream,
  });
  t.teardown(() => created.close());
  const recorder = new Recorder();
  created.setListener(recorder);
  return { player: created, recorder };
}

const streamItem = (entryId: number) => ({
  entryId,
  source: { kind: 'stream' as const, uri: 'stream:test', url: 'http://127.0.0.1:9/radio' },
});

test('a stream source plays the bytes its opener returns, in the codec it names', async (t) => {
  const dir = await tempDir(t);
  const file = await generateTone({ file: path.join(dir, 's.mp3'), format: 'mp3', seconds: 1 });
  const opened: string[] = [];
  const { player: p, recorder } = player(t, async (source) => {
    opened.push(source.url);
    return { codec: 'mp3', body: createReadStream(file, { highWaterMark: 4096 }) };
  });
  const heard: Buffer[] = [];
  p.addPcmTap((_f, pcm) => {
    heard.push(pcm);
  });

  await p.play(streamItem(5));
  await recorder.waitFor('drained');
  await new Promise((r) => setImmediate(r));

  t.deepEqual(opened, ['http://127.0.0.1:9/radio']);
  t.is(Buffer.concat(heard).length, (await ffmpegDecode(file, 's16le')).length);
});

test('a stream source without an opener fails with FORMAT_UNSUPPORTED', async (t) => {
  const { player: p, recorder } = player(t);

  await p.play(streamItem(6));
  const event = await recorder.waitFor('failed');

  t.is(event.type === 'failed' ? event.error.code : event.type, 'FORMAT_UNSUPPORTED');
});

test('a tap that never finishes does not hold playback up', async (t) => {
  const dir = await tempDir(t);
  const file = await generateTone({ file: path.join(dir, 'a.wav'), format: 'wav', seconds: 2 });
  const { player: p, recorder } = player(t);
  let calls = 0;
  p.addPcmTap(() => {
    calls++;
    return new Promise(() => {});
  });
  const seen: number[] = [];
  const unsubscribe = p.addPcmTap((_f, pcm) => {
    seen.push(pcm.length);
  });
  unsubscribe();

  await p.play(fileItem(1, file));
  await recorder.waitFor('drained');

  t.is(calls, 1);
  t.deepEqual(seen, []);
});

test('plays issued back to back leave only the last one playing', async (t) => {
  const dir = await tempDir(t);
  const a = await generateTone({ file: path.join(dir, 'a.flac'), format: 'flac', seconds: 1 });
  const { player: p, recorder } = player(t);

  await Promise.all([p.play(fileItem(1, a)), p.play(fileItem(2, a)), p.play(fileItem(3, a))]);
  await recorder.waitFor('drained');
  await new Promise((r) => setTimeout(r, 200));

  t.deepEqual(
    recorder.events.map((e) => `${e.type} ${e.entryId}`),
    ['started 3', 'drained 3'],
  );
});

test('a live stream refuses to seek and keeps playing', async (t) => {
  const dir = await tempDir(t);
  const file = await generateTone({ file: path.join(dir, 's.mp3'), format: 'mp3', seconds: 1 });
  const { player: p, recorder } = player(t, async () => ({
    codec: 'mp3',
    body: createReadStream(file),
  }));

  await p.play(streamItem(8));
  await recorder.waitFor('started');
  const err = await t.throwsAsync(p.seek(500));

  t.is((err as { code?: string }).code, 'REQUEST_INVALID');
  t.is((await recorder.waitFor('drained')).entryId, 8);
});

test('options that make no sense are a config error naming the key', (t) => {
  const { log } = memoryLog();
  const make =
    (bufferMs: number, device = 'default') =>
    () =>
      createAudioPlayer({ output: 'alsa', device, bufferMs, log });

  const short = t.throws(make(5));
  const device = t.throws(make(500, '--help'));

  t.is((short as { code?: string }).code, 'CONFIG_INVALID');
  t.regex(short?.message ?? '', /audio\.bufferMs/);
  t.regex(device?.message ?? '', /"--help" is not an ALSA device name/);
});
