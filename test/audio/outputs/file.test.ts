import test from 'ava';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createAudioPlayer } from '../../../app/audio/index.ts';
import {
  Recorder,
  ffmpegDecode,
  fileItem,
  flacDecode,
  memoryLog,
  noiseFlac,
  tempDir,
} from '../helpers.ts';

async function playToFile(target: string, files: string[]): Promise<Recorder> {
  const { log } = memoryLog();
  const player = createAudioPlayer({ output: 'file', device: target, bufferMs: 200, log });
  const recorder = new Recorder();
  player.setListener(recorder);
  await player.play(fileItem(1, files[0] as string));
  if (files[1]) player.setNext(fileItem(2, files[1]));
  await recorder.waitFor('drained');
  await player.close();
  return recorder;
}

test('the file output writes a WAV file that holds exactly the decoded audio', async (t) => {
  const dir = await tempDir(t);
  const a = await noiseFlac(path.join(dir, 'a.flac'), 48000, 24);
  const b = await noiseFlac(path.join(dir, 'b.flac'), 48000, 24, 0.5);
  const target = path.join(dir, 'out.wav');

  await playToFile(target, [a, b]);

  const wav = await readFile(target);
  const ref = Buffer.concat([await flacDecode(a), await flacDecode(b)]);
  t.is(wav.toString('latin1', 0, 4), 'RIFF');
  t.is(wav.readUInt32LE(4), wav.length - 8);
  t.is(wav.readUInt16LE(22), 2);
  t.is(wav.readUInt32LE(24), 48000);
  t.is(wav.readUInt16LE(34), 24);
  t.is(wav.readUInt32LE(40), ref.length);
  // ffmpeg reading it back is the independent check that the file is valid WAV.
  t.true((await ffmpegDecode(target, 's24le')).equals(ref));
  t.deepEqual((await readdir(dir)).sort(), ['a.flac', 'b.flac', 'out.wav']);
});

test('a file output in a missing directory fails with OUTPUT_OPEN_FAILED naming it', async (t) => {
  const dir = await tempDir(t);
  const a = await noiseFlac(path.join(dir, 'a.flac'), 44100, 16, 0.2);
  const target = path.join(dir, 'nowhere', 'out.wav');

  const recorder = await playToFile(target, [a]);

  const failed = recorder.events.find((e) => e.type === 'failed');
  t.is(failed?.type === 'failed' ? failed.error.code : 'none', 'OUTPUT_OPEN_FAILED');
  t.true(failed?.type === 'failed' && failed.error.message.includes(target));
});
