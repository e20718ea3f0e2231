import test from 'ava';
import { EventBus, type TonearmEvents } from '../../app/core/events.ts';
import { Mixer } from '../../app/core/mixer.ts';
import type { MixerDriver, MixerLevel } from '../../app/core/ports.ts';
import { TonearmError } from '../../app/errors.ts';
import { WARN, memoryLog } from './_support.ts';

/**
 * A fake mixer device (the hardware edge): records every level applied and reports whatever
 * level the test gives it, including ones a broken device might send.
 */
class FakeMixerDevice implements MixerDriver {
  readonly name = 'fake-dac';
  applied: MixerLevel[] = [];
  reports: unknown = null;
  fault: ((error: TonearmError) => void) | null = null;

  apply(level: MixerLevel): void {
    this.applied.push({ ...level });
  }

  async read(): Promise<MixerLevel | null> {
    return this.reports as MixerLevel | null;
  }

  setFaultListener(listener: (error: TonearmError) => void): void {
    this.fault = listener;
  }

  async close(): Promise<void> {}
}

function setup(maxVolume = 80, startupVolume = 30) {
  const device = new FakeMixerDevice();
  const bus = new EventBus();
  const changes: TonearmEvents['mixer.changed'][] = [];
  const errors: TonearmEvents['audio.error'][] = [];
  bus.on('test', 'mixer.changed', (e) => changes.push(e));
  bus.on('test', 'audio.error', (e) => errors.push(e));
  const { log, records } = memoryLog();
  const mixer = new Mixer({ driver: device, bus, log, maxVolume, startupVolume });
  return { mixer, device, changes, errors, records };
}

test('the mixer starts at the start-up volume, unmuted', (t) => {
  const { mixer, device } = setup();
  t.deepEqual(mixer.state(), { volume: 30, mute: false, maxVolume: 80 });
  mixer.applyToDevice();
  t.deepEqual(device.applied, [{ volume: 30, mute: false }]);
});

test('setVolume clamps to 0..max, rounds, drives the device and publishes', (t) => {
  const { mixer, device, changes } = setup();
  t.is(mixer.setVolume(55.4), 55);
  t.is(mixer.setVolume(100), 80);
  t.is(mixer.setVolume(-5), 0);
  t.deepEqual(
    device.applied.map((l) => l.volume),
    [55, 80, 0],
  );
  t.deepEqual(
    changes.map((c) => c.volume),
    [55, 80, 0],
  );
  t.true(changes.every((c) => c.maxVolume === 80));
});

test('setting the volume it already has writes nothing and publishes nothing', (t) => {
  const { mixer, device, changes } = setup();
  mixer.setVolume(30);
  t.is(device.applied.length, 0);
  t.is(changes.length, 0);
});

test('bad volumes from a frontend are refused with REQUEST_INVALID', (t) => {
  const { mixer } = setup();
  for (const bad of [NaN, Infinity, '50' as unknown as number]) {
    const err = t.throws(() => mixer.setVolume(bad), { instanceOf: TonearmError });
    t.is(err.code, 'REQUEST_INVALID');
  }
  t.throws(() => mixer.step(NaN), { instanceOf: TonearmError });
  t.throws(() => mixer.setMute('yes' as unknown as boolean), { instanceOf: TonearmError });
  t.is(mixer.state().volume, 30);
});

test('knob steps move the volume and stop at the maximum and at zero', (t) => {
  const { mixer, device } = setup(40, 30);
  t.is(mixer.step(5), 35);
  t.is(mixer.step(0.3), 36, 'a small turn still moves one point');
  t.is(mixer.step(-0.3), 35);
  for (let i = 0; i < 20; i++) mixer.step(2);
  t.is(mixer.state().volume, 40);
  t.true(device.applied.every((l) => l.volume <= 40));
  for (let i = 0; i < 50; i++) mixer.step(-3);
  t.is(mixer.state().volume, 0);
  t.is(mixer.step(0), 0);
});

test('mute is kept apart from the volume and reaches the device', (t) => {
  const { mixer, device, changes } = setup();
  mixer.setMute(true);
  t.deepEqual(device.applied.at(-1), { volume: 30, mute: true });
  mixer.setVolume(50);
  t.deepEqual(mixer.state(), { volume: 50, mute: true, maxVolume: 80 });
  mixer.setMute(false);
  t.deepEqual(
    changes.map((c) => c.mute),
    [true, true, false],
  );
});

test('a restored volume is capped to the start-up volume and to the maximum', (t) => {
  const loud = setup(80, 30);
  t.is(loud.mixer.restoreVolume(75), 30);
  const quiet = setup(80, 30);
  t.is(quiet.mixer.restoreVolume(12), 12);
  const low = setup(20, 20);
  t.is(low.mixer.restoreVolume(100), 20);
  t.is(low.mixer.restoreVolume(NaN), 20);
});

test('a level read from the device is adopted without being written back', async (t) => {
  const { mixer, device, changes } = setup();
  device.reports = { volume: 44, mute: true };
  await mixer.syncFromDevice();
  t.deepEqual(mixer.state(), { volume: 44, mute: true, maxVolume: 80 });
  t.is(device.applied.length, 0);
  t.is(changes.length, 1);
});

test('a device level above the maximum is pulled down and corrected on the device', async (t) => {
  const { mixer, device } = setup(60, 30);
  device.reports = { volume: 95, mute: false };
  await mixer.syncFromDevice();
  t.is(mixer.state().volume, 60);
  t.deepEqual(device.applied, [{ volume: 60, mute: false }]);

  mixer.setVolume(60);
  await mixer.syncFromDevice();
  t.is(device.applied.length, 2, 'corrected again even though the model did not change');
});

test('impossible levels from the device are logged and dropped', async (t) => {
  const bad = [
    { volume: 150, mute: false },
    { volume: NaN, mute: false },
    { volume: -1, mute: false },
    { volume: '50', mute: false },
    { volume: 50 },
    'loud',
  ];
  for (const report of bad) {
    const { mixer, device, changes, records } = setup();
    device.reports = report;
    await mixer.syncFromDevice();
    t.deepEqual(mixer.state(), { volume: 30, mute: false, maxVolume: 80 }, JSON.stringify(report));
    t.is(changes.length, 0);
    const warning = records().find((r) => r.level === WARN);
    t.truthy(warning, 'a warning is logged');
    t.is(warning?.device, 'fake-dac');
    t.regex(String(warning?.msg), /impossible level/);
  }
});

test('a device that cannot be read leaves the model as it was', async (t) => {
  const { mixer, device, records } = setup();
  device.read = async () => {
    throw new Error('EIO');
  };
  await mixer.syncFromDevice();
  t.is(mixer.state().volume, 30);
  t.true(records().some((r) => r.level === WARN && /cannot read/.test(r.msg)));
});

test('a device fault is published as an audio error naming the device', (t) => {
  const { device, errors } = setup();
  device.fault?.(new TonearmError('MIXER_FAILED', 'amixer exited'));
  t.deepEqual(errors, [{ code: 'MIXER_FAILED', message: 'amixer exited', device: 'fake-dac' }]);
});

test('limits outside 0-100 are refused when the mixer is built', (t) => {
  t.throws(() => setup(101, 30), { message: /max_volume/ });
  t.throws(() => setup(80, -1), { message: /startup_volume/ });
  t.is(setup(20, 50).mixer.state().volume, 20, 'start-up volume never exceeds the maximum');
});
