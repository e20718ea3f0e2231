import test from 'ava';
import path from 'node:path';
import { decodeFile } from '../../../app/audio/decode/decode.ts';
import { flacSeekStart } from '../../../app/audio/decode/flac-seek.ts';
import { generateTone } from '../../../app/demo/media.ts';
import { run, tempDir } from '../helpers.ts';

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

test('a FLAC without a seek table, or a seek before its first point, has no start', async (t) => {
  const dir = await tempDir(t);
  const spec = { file: path.join(dir, 'plain.flac'), format: 'flac', seconds: 2 } as const;
  const plain = await generateTone(spec);
  const table = await flacWithSeekTable(dir);

  t.is(await flacSeekStart(plain, 1500), null);
  t.is(await flacSeekStart(table, 100), null);
});
