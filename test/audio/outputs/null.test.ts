import test from 'ava';
import { NullOutput } from '../../../app/audio/outputs/null.ts';

const format = { rate: 8000, channels: 1, sample: 'S16_LE' as const };
const second = () => new Uint8Array(8000 * 2);

test('the null output takes audio no faster than real time times its speed', async (t) => {
  const output = new NullOutput(100, 4);
  await output.open(format);

  const start = performance.now();
  for (let i = 0; i < 4; i++) await output.write(second().subarray(0, 4000));
  await output.drain();
  const elapsed = performance.now() - start;

  // One second of audio at 4x is 250 ms at least; the first write fills an empty buffer.
  t.true(elapsed >= 240, `drained after ${elapsed.toFixed(0)} ms`);
  t.is(output.format, null);
});

test('the null output reports what it still holds and stops its clock when paused', async (t) => {
  const output = new NullOutput(2000, 1);
  await output.open(format);
  await output.write(second());

  output.pause();
  const held = output.delayFrames();
  await new Promise((r) => setTimeout(r, 100));

  t.true(held > 7000 && held <= 8000, `holds ${held} frames`);
  t.is(output.delayFrames(), held);
  output.resume();
  await new Promise((r) => setTimeout(r, 100));
  t.true(output.delayFrames() < held);
  await output.close();
  t.is(output.delayFrames(), 0);
});
