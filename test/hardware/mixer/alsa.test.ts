import test from 'ava';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TonearmError } from '../../../app/errors.ts';
import { AlsaMixer } from '../../../hardware/mixer/alsa.ts';
import { installFakeAmixer, memoryLog, sleep, tempDir, waitFor } from '../helpers.ts';

// These tests share PATH and the fake amixer's environment, so they run one at a time.

async function setup(t: Parameters<typeof tempDir>[0], env: Record<string, string> = {}) {
  const dir = await tempDir(t);
  await installFakeAmixer(dir);
  const writes = path.join(dir, 'writes.log');
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('FAKE_AMIXER_')) delete process.env[key];
  }
  Object.assign(process.env, { FAKE_AMIXER_LOG: writes, FAKE_AMIXER_CARD: '0' }, env);
  const sent = async (): Promise<string[]> =>
    (await readFile(writes, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
  return { dir, sent };
}

test.serial('a thousand rapid requests coalesce into a few writes, the newest last', async (t) => {
  const { sent } = await setup(t, { FAKE_AMIXER_DELAY_MS: '5' });
  const { log } = memoryLog();
  const mixer = new AlsaMixer({ card: '0', control: 'PCM', maxVolume: 100, log });
  t.teardown(() => mixer.close());
  await mixer.open();

  for (let i = 1; i <= 1000; i++) mixer.apply({ volume: i % 100, mute: false });
  mixer.apply({ volume: 63, mute: false });
  await waitForLast(sent, "sset 'PCM' 63% unmute");

  const lines = await sent();
  t.log(`${lines.length} writes sent for 1001 requests`);
  t.true(lines.length <= 3, `expected at most 3 writes, got ${lines.length}`);
  t.is(lines.at(-1), "sset 'PCM' 63% unmute");
});

test.serial('requests spread over time never put two writes in flight', async (t) => {
  const { dir, sent } = await setup(t, { FAKE_AMIXER_DELAY_MS: '20' });
  const overlap = path.join(dir, 'overlap.log');
  process.env.FAKE_AMIXER_OVERLAP = overlap;
  const { log } = memoryLog();
  const mixer = new AlsaMixer({ card: '0', control: 'PCM', maxVolume: 100, log });
  t.teardown(() => mixer.close());
  await mixer.open();

  for (let i = 0; i < 20; i++) {
    mixer.apply({ volume: 10 + i, mute: false });
    await sleep(3);
  }
  await waitForLast(sent, "sset 'PCM' 29% unmute");
  t.log(`${(await sent()).length} writes for 20 requests`);
  // However the requests and writes interleave, no line reached amixer while one was running.
  t.is(
    await readFile(overlap, 'utf8').catch(() => ''),
    '',
    'a write was sent while one was in flight',
  );
});

test.serial('the maximum volume is enforced by the driver too', async (t) => {
  const { sent } = await setup(t);
  const { log, lines: logLines } = memoryLog();
  const mixer = new AlsaMixer({ card: '0', control: 'PCM', maxVolume: 60, log });
  t.teardown(() => mixer.close());
  await mixer.open();

  mixer.apply({ volume: 100, mute: false });
  await waitForLast(sent, "sset 'PCM' 60% unmute");
  mixer.apply({ volume: 40, mute: true });
  await waitForLast(sent, "sset 'PCM' 40% mute");
  t.false((await sent()).some((l) => /sset 'PCM' (6[1-9]|[7-9]\d|100)%/.test(l)));
  t.true(logLines.some((l) => l.msg === 'volume outside 0..max_volume' && l.applied === 60));
});

test.serial(
  'a missing control is a clear error naming card, control and the choices',
  async (t) => {
    await setup(t, { FAKE_AMIXER_CONTROLS: 'Digital,Analogue' });
    const { log } = memoryLog();
    const mixer = new AlsaMixer({ card: '0', control: 'PCM', maxVolume: 100, log });

    const err = await t.throwsAsync(mixer.open(), { instanceOf: TonearmError });
    t.is(err?.code, 'MIXER_FAILED');
    t.regex(err?.message ?? '', /ALSA card 0, control 'PCM'/);
    t.regex(err?.message ?? '', /it has: 'Digital', 'Analogue'/);
    t.regex(err?.message ?? '', /amixer -c 0 scontrols/);
  },
);

test.serial('a missing card says so and how to find the right one', async (t) => {
  await setup(t);
  const { log } = memoryLog();
  const mixer = new AlsaMixer({ card: '3', control: 'PCM', maxVolume: 100, log });

  const err = await t.throwsAsync(mixer.open(), { instanceOf: TonearmError });
  t.regex(err?.message ?? '', /ALSA card 3, control 'PCM': cannot open the mixer/);
  t.regex(err?.message ?? '', /Invalid card number '3'/);
  t.regex(err?.message ?? '', /aplay -l/);
});

test.serial('a control without playback volume is refused', async (t) => {
  await setup(t, { FAKE_AMIXER_CAPS: 'pswitch' });
  const mixer = new AlsaMixer({ card: '0', control: 'PCM', maxVolume: 100, log: memoryLog().log });
  const err = await t.throwsAsync(mixer.open(), { instanceOf: TonearmError });
  t.regex(err?.message ?? '', /no playback volume \(capabilities: pswitch\)/);
});

test.serial('a control without a switch mutes by going to zero', async (t) => {
  const { sent } = await setup(t, { FAKE_AMIXER_CAPS: 'pvolume' });
  const mixer = new AlsaMixer({ card: '0', control: 'PCM', maxVolume: 100, log: memoryLog().log });
  t.teardown(() => mixer.close());
  await mixer.open();
  mixer.apply({ volume: 50, mute: true });
  await waitForLast(sent, "sset 'PCM' 0%");
  t.pass();
});

test.serial(
  'when the card vanishes the fault is reported once and the level returns with it',
  async (t) => {
    const { dir, sent } = await setup(t);
    const gone = path.join(dir, 'gone');
    process.env.FAKE_AMIXER_GONE = gone;
    const { log } = memoryLog();
    const mixer = new AlsaMixer({
      card: '0',
      control: 'PCM',
      maxVolume: 100,
      log,
      retry: { initialMs: 20, maxMs: 80 },
    });
    const faults: TonearmError[] = [];
    mixer.setFaultListener((e) => faults.push(e));
    t.teardown(() => mixer.close());
    await mixer.open();
    mixer.apply({ volume: 20, mute: false });
    await waitForLast(sent, "sset 'PCM' 20% unmute");

    await writeFile(gone, '');
    mixer.apply({ volume: 30, mute: false });
    mixer.apply({ volume: 35, mute: false });
    await waitFor('a fault', () => faults.length > 0);
    await sleep(300); // several retries while the card is away
    t.is(faults.length, 1);
    t.is(faults[0]?.code, 'MIXER_FAILED');
    t.regex(faults[0]?.message ?? '', /ALSA card 0, control 'PCM'.*No such device/);
    t.regex(faults[0]?.message ?? '', /Playback continues/);

    await rm(gone);
    await waitForLast(sent, "sset 'PCM' 35% unmute");
    t.pass();
  },
);

test.serial('read reports the level the control has', async (t) => {
  await setup(t, { FAKE_AMIXER_LEVEL: '78' });
  const mixer = new AlsaMixer({ card: '0', control: 'PCM', maxVolume: 100, log: memoryLog().log });
  t.deepEqual(await mixer.read(), { volume: 78, mute: false });
});

test('names that could smuggle amixer syntax are refused before anything runs', (t) => {
  const log = memoryLog().log;
  const make = (card: string, control: string) =>
    new AlsaMixer({ card, control, maxVolume: 100, log });
  t.throws(() => make('0', "PCM' 100%"), { message: /mixer.control/ });
  t.throws(() => make('0;reboot', 'PCM'), { message: /mixer.card/ });
});

async function waitForLast(sent: () => Promise<string[]>, line: string): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    if ((await sent()).at(-1) === line) return;
    if (Date.now() > until) throw new Error(`"${line}" never became the last write`);
    await sleep(10);
  }
}
