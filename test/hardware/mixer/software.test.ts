import test from 'ava';
import { createMixerDriver } from '../../../hardware/mixer/index.ts';
import { decibelsForVolume, gainForVolume } from '../../../hardware/mixer/curve.ts';
import { SoftwareMixer } from '../../../hardware/mixer/software.ts';
import { memoryLog } from '../helpers.ts';

test('the perceptual curve is cubic: half volume is -18 dB', (t) => {
  t.is(gainForVolume(0), 0);
  t.is(gainForVolume(100), 1);
  t.is(gainForVolume(50), 0.125);
  t.is(Math.round(decibelsForVolume(50) * 10) / 10, -18.1);
  t.is(Math.round(decibelsForVolume(10)), -60);
  t.is(decibelsForVolume(0), -Infinity);
});

test('equal knob steps make roughly equal loudness steps across the range', (t) => {
  const stepDb = (v: number) => decibelsForVolume(v + 10) - decibelsForVolume(v);
  // Linear gain would give 6 dB for 50->60 but 0.8 dB for 90->100; cubic stays within 3x.
  t.true(stepDb(50) / stepDb(90) < 2);
  t.true(stepDb(30) / stepDb(80) < 3);
});

test('the software mixer applies the curve, mutes to silence and caps the volume', async (t) => {
  const gains: number[] = [];
  const mixer = new SoftwareMixer({
    setGain: (g) => gains.push(g),
    maxVolume: 70,
    log: memoryLog().log,
  });
  mixer.apply({ volume: 50, mute: false });
  mixer.apply({ volume: 50, mute: true });
  mixer.apply({ volume: 100, mute: false });
  t.deepEqual(
    gains.map((g) => Math.round(g * 1000) / 1000),
    [0.125, 0, 0.343],
  );
  t.deepEqual(await mixer.read(), { volume: 70, mute: false });
});

test('the config chooses the driver, and none changes nothing', async (t) => {
  const gains: number[] = [];
  const deps = { log: memoryLog().log, setSoftwareGain: (g: number) => gains.push(g) };
  const base = { card: '0', control: 'PCM', max_volume: 100, startup_volume: 30 };
  const none = await createMixerDriver({ ...base, type: 'none' }, deps);
  t.is(none.name, 'none');
  none.apply({ volume: 90, mute: false });
  t.is(await none.read(), null);
  const soft = await createMixerDriver({ ...base, type: 'software' }, deps);
  soft.apply({ volume: 100, mute: false });
  t.deepEqual(gains, [1]);
});
