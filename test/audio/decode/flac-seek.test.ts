import test from 'ava';
import path from 'node:path';
import { decodeFile } from '../../../app/audio/decode/decode.ts';
import { flacSeekStart } from '../../../app/audio/decode/flac-seek.ts';
import { generateTone } from '../../../app/demo/media.ts';
import { noiseFlac, run, tempDir } from '../helpers.ts';

async function decodeFrom(file: string, startMs: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  const signal = new AbortController().signal;
  for await (const block of decodeFile(file, { startMs, signal })) parts.push(block.pcm);
  return Buffer.concat(parts);
}

/** A FLAC with a seek point every half second, as the reference `flac` tool writes them. */
async function flacWithSeekTable(dir: string): Promise<string> {
  const spec = { file: path.join(dir, 'src.wav'), format: 'wav', seconds: 4 } as const;
  const wav = await generateTone({ ...spec, frequency: 523 });
  const file = path.join(dir, 'table.flac');
  await run('flac', ['-s', '-f', '-S', '0.5s', '-o', file, wav]);
  return file;
}

test('a seek in a FLAC with a seek table starts at the nearest earlier frame', async (t) => {
  const dir = await tempDir(t);
  const file = await flacWithSeekTable(dir);

  const start = await flacSeekStart(file, 2600);

  t.truthy(start);
  t.true(start!.sample > 44100 && start!.sample <= 2.6 * 44100, `sample ${start!.sample}`);
  t.true(start!.frameOffset > start!.metadataEnd);
});

test('audio after a seek through the table is exactly the audio from that point', async (t) => {
  const dir = await tempDir(t);
  const file = await flacWithSeekTable(dir);
  const whole = await decodeFrom(file, 0);

  for (const ms of [700, 2600, 3990]) {
    const tail = await decodeFrom(file, ms);
    t.true(tail.equals(whole.subarray(Math.round(ms * 44.1) * 4)), `seek to ${ms} ms`);
  }
});

test('a seek before the first seek point has no start: decode from the top', async (t) => {
  const dir = await tempDir(t);
  t.is(await flacSeekStart(await flacWithSeekTable(dir), 100), null);
});

test('a FLAC without a seek table is bisected on frame headers; the audio is exact', async (t) => {
  const dir = await tempDir(t);
  // Noise: frames are large and full of random bytes, so false sync codes are plentiful and
  // only the header checks tell real frames apart.
  const file = await noiseFlac(path.join(dir, 'plain.flac'), 44100, 16, 60);
  const whole = await decodeFrom(file, 0);

  for (const ms of [1500, 31_000, 59_500]) {
    // Near the top the bisection may settle on the first frame: decoding from there is cheap.
    const start = await flacSeekStart(file, ms);
    const target = Math.round(ms * 44.1);
    if (ms > 10_000) {
      t.truthy(start, `a start for ${ms} ms`);
      t.true(start!.sample <= target, `frame at sample ${start!.sample} is past ${target}`);
      t.true(target - start!.sample < 5 * 44100, `${ms} ms: start far behind`);
    }
    const tail = await decodeFrom(file, ms);
    t.true(tail.equals(whole.subarray(target * 4)), `seek to ${ms} ms`);
  }
});

test('a 24-bit 96 kHz FLAC without a seek table seeks exactly too', async (t) => {
  const dir = await tempDir(t);
  const file = await noiseFlac(path.join(dir, 'hires.flac'), 96000, 24, 20);
  const whole = await decodeFrom(file, 0);
  const start = await flacSeekStart(file, 15_000);
  t.truthy(start);
  t.true(start!.sample > 0 && start!.sample <= 15 * 96000);
  const tail = await decodeFrom(file, 15_000);
  t.true(tail.equals(whole.subarray(15 * 96000 * 6)));
});
