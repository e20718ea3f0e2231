import test from 'ava';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeFile } from '../../../app/audio/decode/decode.ts';
import { ffmpegInput } from '../../../app/audio/decode/ffmpeg.ts';
import type { PcmFormat } from '../../../app/audio/format.ts';
import { readSamples } from '../../../app/audio/pcm.ts';
import { wavHeader } from '../../../app/audio/outputs/file.ts';
import { generateTone, type MediaFormat } from '../../../app/demo/media.ts';
import { ffmpegDecode, run, tempDir } from '../helpers.ts';

/** Decoding without the worker: every codec, compared with ffmpeg's own decode. */

async function decodeAll(file: string, startMs = 0) {
  const parts: Buffer[] = [];
  let format: PcmFormat | null = null;
  const signal = new AbortController().signal;
  for await (const block of decodeFile(file, { startMs, signal })) {
    parts.push(block.pcm);
    format = block.format;
  }
  return { format, pcm: Buffer.concat(parts) };
}

function worstDifference(a: Int32Array, b: Int32Array): number {
  let worst = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  }
  return worst;
}

/**
 * Format, its rate, the largest difference from ffmpeg in 16-bit LSB, and whether the length
 * must equal ffmpeg's. For a 1 s Vorbis file ffmpeg's own decoder stops 128 frames short of the
 * length the stream's last granule position gives; ours gives that whole second.
 */
const cases: [MediaFormat, number, number, 'ffmpeg' | 'one second'][] = [
  ['ogg', 44100, 1, 'one second'],
  ['opus', 48000, 1, 'ffmpeg'],
  ['m4a', 44100, 0, 'ffmpeg'],
  ['wav', 22050, 0, 'ffmpeg'],
];

for (const [format, rate, tolerance, length] of cases) {
  test(`${format} decodes to ffmpeg's samples within ${tolerance} LSB`, async (t) => {
    const dir = await tempDir(t);
    const spec = { file: path.join(dir, `t.${format}`), format, seconds: 1, sampleRate: rate };
    const file = await generateTone({ ...spec, frequency: 1000 });

    const { format: got, pcm } = await decodeAll(file);

    t.deepEqual(got, { rate, channels: 2, sample: 'S16_LE' });
    const ref = readSamples(await ffmpegDecode(file, 's16le'), 'S16_LE');
    const ours = readSamples(pcm, 'S16_LE');
    t.true(worstDifference(ours, ref) <= tolerance);
    t.is(ours.length, length === 'ffmpeg' ? ref.length : rate * 2);
  });
}

test('Opus always decodes at 48 kHz', async (t) => {
  const dir = await tempDir(t);
  const spec = { file: path.join(dir, 't.opus'), format: 'opus', seconds: 1 } as const;
  const file = await generateTone({ ...spec, sampleRate: 24000 });

  const { format } = await decodeAll(file);

  t.is(format?.rate, 48000);
});

test('a file whose name starts with a dash is read as a file, not an option', async (t) => {
  const dir = await tempDir(t);
  const made = await generateTone({ file: path.join(dir, 'x.m4a'), format: 'm4a', seconds: 1 });
  const file = path.join(dir, '-y.m4a');
  await rename(made, file);

  const { pcm } = await decodeAll(file);

  t.true(pcm.equals(await ffmpegDecode(ffmpegInput(file), 's16le')));
  t.throws(() => ffmpegInput('relative.m4a'));
});

test('a WAV file with chunks before and after the samples yields only the samples', async (t) => {
  const dir = await tempDir(t);
  const format: PcmFormat = { rate: 8000, channels: 1, sample: 'S24_3LE' };
  const samples = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const header = wavHeader(format, samples.length);
  const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([4, 0, 0, 0]), Buffer.from('INFO')]);
  // Move the fmt chunk behind a junk chunk, and put a LIST chunk after the data.
  const junk = Buffer.concat([Buffer.from('junk'), Buffer.from([3, 0, 0, 0, 9, 9, 9, 0])]);
  const body = Buffer.concat([header.subarray(12), samples, list]);
  const riff = Buffer.concat([header.subarray(0, 12), junk, body]);
  riff.writeUInt32LE(riff.length - 8, 4);
  const file = path.join(dir, 'odd.wav');
  await writeFile(file, riff);

  const { format: got, pcm } = await decodeAll(file);
  // 0.25 ms at 8 kHz is two frames: a seek reads on from the third, and not into the LIST chunk.
  const after = await decodeAll(file, 0.25);

  t.deepEqual(got, format);
  t.deepEqual([...pcm], [...samples]);
  t.deepEqual([...after.pcm], [7, 8, 9]);
});

test('decoding from a start position skips exactly the frames before it', async (t) => {
  const dir = await tempDir(t);
  const spec = { file: path.join(dir, 't.flac'), format: 'flac', seconds: 1 } as const;
  const file = await generateTone({ ...spec, sampleRate: 48000 });

  const whole = await decodeAll(file);
  const tail = await decodeAll(file, 250);

  t.true(tail.pcm.equals(whole.pcm.subarray(12000 * 4)));
});

test('a mono MP3 comes out as two identical channels of the right samples', async (t) => {
  const dir = await tempDir(t);
  const spec = { file: path.join(dir, 'm.mp3'), format: 'mp3', seconds: 1, channels: 1 } as const;
  const file = await generateTone(spec);

  const { format, pcm } = await decodeAll(file);

  t.is(format?.channels, 2);
  const ours = readSamples(pcm, 'S16_LE');
  const ref = readSamples(await ffmpegDecode(file, 's16le'), 'S16_LE');
  t.is(ours.length, ref.length * 2);
  const left = ours.filter((_v, i) => i % 2 === 0);
  const right = ours.filter((_v, i) => i % 2 === 1);
  t.deepEqual(left, right);
  t.true(worstDifference(left, ref) <= 1);
});

test('24-bit ALAC comes out as 24-bit samples, as ffmpeg decodes it alone', async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, 'a.m4a');
  const source = 'anoisesrc=sample_rate=48000:amplitude=1:duration=1';
  const args = ['-loglevel', 'error', '-nostdin', '-f', 'lavfi', '-i', source, '-ac', '2'];
  await run('ffmpeg', [...args, '-c:a', 'alac', '-sample_fmt', 's32p', file]);

  const { format, pcm } = await decodeAll(file);

  t.deepEqual(format, { rate: 48000, channels: 2, sample: 'S24_3LE' });
  t.true(pcm.equals(await ffmpegDecode(file, 's24le')));
  t.true(readSamples(pcm, 'S24_3LE').some((v) => Math.abs(v) > 1 << 22));
});
