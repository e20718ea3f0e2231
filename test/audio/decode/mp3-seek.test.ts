import test from 'ava';
import path from 'node:path';
import { decodeFile } from '../../../app/audio/decode/decode.ts';
import { mp3SeekStart } from '../../../app/audio/decode/mp3-seek.ts';
import { readSamples } from '../../../app/audio/pcm.ts';
import { generateTone } from '../../../app/demo/media.ts';
import { run, tempDir } from '../helpers.ts';

async function decodeFrom(file: string, startMs: number): Promise<Int32Array> {
  const parts: Buffer[] = [];
  const signal = new AbortController().signal;
  for await (const block of decodeFile(file, { startMs, signal })) parts.push(block.pcm);
  return readSamples(Buffer.concat(parts), 'S16_LE');
}

for (const [channels, rate] of [
  [2, 44100],
  [1, 48000],
] as const) {
  test(`seeking in a ${channels}-channel ${rate} Hz MP3 gives the audio from there`, async (t) => {
    const dir = await tempDir(t);
    const spec = { file: path.join(dir, 'a.mp3'), format: 'mp3', seconds: 4 } as const;
    const file = await generateTone({ ...spec, channels, sampleRate: rate, frequency: 777 });
    const whole = await decodeFrom(file, 0);

    for (const ms of [100, 1234, 3990]) {
      const start = await mp3SeekStart(file, ms);
      const tail = await decodeFrom(file, ms);

      // Decoded as stereo whatever the file holds (see wasm.ts), so two samples a frame.
      const from = Math.round((ms * rate) / 1000) * 2;
      t.true((start?.frames ?? 0) > 0, `${ms} ms starts mid-file`);
      t.is(tail.length, whole.length - from, `length after ${ms} ms`);
      let worst = 0;
      for (let i = 0; i < tail.length; i++)
        worst = Math.max(worst, Math.abs(tail[i]! - whole[from + i]!));
      t.true(worst <= 1, `worst difference ${worst} LSB after ${ms} ms`);
    }
  });
}

test('an MP3 without a LAME header is not seeked by frame walking', async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, 'bare.mp3');
  const args = ['-loglevel', 'error', '-nostdin', '-f', 'lavfi', '-i', 'sine=duration=2'];
  await run('ffmpeg', [...args, '-c:a', 'libmp3lame', '-write_xing', '0', file]);

  t.is(await mp3SeekStart(file, 1000), null);
  t.true((await decodeFrom(file, 1000)).length > 0);
});
