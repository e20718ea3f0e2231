import test from 'ava';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateTone } from '../../app/demo/media.ts';
import { createAudioPlayer, type TonearmAudioPlayer } from '../../app/audio/index.ts';
import { Recorder, fileItem, flacDecode, memoryLog, tempDir } from './helpers.ts';

/** The pipeline through the null output, the one Core's tests use: events and transport. */

function nullPlayer(t: { teardown(fn: () => Promise<void>): void }, speed = 20) {
  const { log } = memoryLog();
  const player = createAudioPlayer({ output: 'null', device: 'null', bufferMs: 200, log, speed });
  t.teardown(() => player.close());
  const recorder = new Recorder();
  player.setListener(recorder);
  return { player, recorder };
}

function collect(player: TonearmAudioPlayer): Buffer[] {
  const chunks: Buffer[] = [];
  player.addPcmTap((_format, pcm) => {
    chunks.push(Buffer.from(pcm));
  });
  return chunks;
}

test('a track starts, plays to its end and drains', async (t) => {
  const dir = await tempDir(t);
  const file = await generateTone({ file: path.join(dir, 'a.flac'), format: 'flac', seconds: 1 });
  const { player, recorder } = nullPlayer(t);
  const heard = collect(player);

  await player.play(fileItem(7, file));
  await recorder.waitFor('drained');

  t.deepEqual(
    recorder.events.map((e) => [e.type, e.entryId]),
    [
      ['started', 7],
      ['drained', 7],
    ],
  );
  await new Promise((r) => setImmediate(r));
  t.true(Buffer.concat(heard).equals(await flacDecode(file)));
});

test('the next item follows without a gap and only the last one drains', async (t) => {
  const dir = await tempDir(t);
  const a = await generateTone({ file: path.join(dir, 'a.flac'), format: 'flac', seconds: 1 });
  const b = await generateTone({
    file: path.join(dir, 'b.flac'),
    format: 'flac',
    seconds: 1,
    frequency: 660,
  });
  const { player, recorder } = nullPlayer(t);
  const heard = collect(player);

  await player.play(fileItem(1, a));
  player.setNext(fileItem(2, b));
  await recorder.waitFor('drained');

  t.deepEqual(
    recorder.events.map((e) => [e.type, e.entryId]),
    [
      ['started', 1],
      ['started', 2],
      ['drained', 2],
    ],
  );
  await new Promise((r) => setImmediate(r));
  const expected = Buffer.concat([await flacDecode(a), await flacDecode(b)]);
  t.true(Buffer.concat(heard).equals(expected));
});

test('stop ends playback without a drained event and forgets the next item', async (t) => {
  const dir = await tempDir(t);
  const a = await generateTone({ file: path.join(dir, 'a.mp3'), format: 'mp3', seconds: 3 });
  const { player, recorder } = nullPlayer(t, 1);

  await player.play(fileItem(1, a));
  player.setNext(fileItem(2, a));
  await recorder.waitFor('started');
  await player.stop();
  await new Promise((r) => setTimeout(r, 300));

  t.deepEqual(
    recorder.events.map((e) => e.type),
    ['started'],
  );
  t.is(player.positionMs(), 0);
});

test('pause holds the position and resume moves it on', async (t) => {
  const dir = await tempDir(t);
  const a = await generateTone({ file: path.join(dir, 'a.ogg'), format: 'ogg', seconds: 3 });
  const { player, recorder } = nullPlayer(t, 1);

  await player.play(fileItem(1, a));
  await recorder.waitFor('started');
  await new Promise((r) => setTimeout(r, 400));
  player.pause();
  const paused = player.positionMs();
  await new Promise((r) => setTimeout(r, 300));
  t.is(player.positionMs(), paused);
  t.true(paused > 100, `position ${paused} ms after 400 ms of play`);

  player.resume();
  await new Promise((r) => setTimeout(r, 300));
  t.true(player.positionMs() > paused);
});

test('seek restarts the current item at the asked position', async (t) => {
  const dir = await tempDir(t);
  const a = await generateTone({ file: path.join(dir, 'a.wav'), format: 'wav', seconds: 2 });
  const { player, recorder } = nullPlayer(t);
  const heard = collect(player);

  await player.play(fileItem(1, a), 1500);
  await recorder.waitFor('drained');
  await new Promise((r) => setImmediate(r));

  // Half a second of 44.1 kHz stereo 16-bit audio is left after 1.5 s.
  t.is(Buffer.concat(heard).length, 22050 * 4);
  t.true(recorder.events.some((e) => e.type === 'started'));
});

test('a corrupt file fails with DECODE_FAILED naming the file', async (t) => {
  const dir = await tempDir(t);
  const bad = path.join(dir, 'broken.flac');
  await writeFile(bad, Buffer.concat([Buffer.from('fLaC'), Buffer.alloc(5000, 0x5a)]));
  const { player, recorder } = nullPlayer(t);

  await player.play(fileItem(3, bad));
  const event = await recorder.waitFor('failed');

  t.is(event.type, 'failed');
  if (event.type !== 'failed') return;
  t.is(event.entryId, 3);
  t.is(event.error.code, 'DECODE_FAILED');
  t.true(event.error.message.includes(bad), event.error.message);
});

test('a file that is not audio at all fails with DECODE_FAILED', async (t) => {
  const dir = await tempDir(t);
  const bad = path.join(dir, 'notes.mp3');
  await writeFile(bad, 'these are not the samples you are looking for\n'.repeat(20));
  const { player, recorder } = nullPlayer(t);

  await player.play(fileItem(4, bad));
  const event = await recorder.waitFor('failed');

  t.is(event.type === 'failed' ? event.error.code : event.type, 'DECODE_FAILED');
});
