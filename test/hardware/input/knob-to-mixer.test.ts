import test from 'ava';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { inputSchema } from '../../../app/config/input-schema.ts';
import type { PlayerApi } from '../../../app/core/api.ts';
import { EventBus } from '../../../app/core/events.ts';
import { Mixer } from '../../../app/core/mixer.ts';
import { createCoreActionHandler } from '../../../hardware/input/actions.ts';
import { KEY_CODES, REL_CODES } from '../../../hardware/input/codes.ts';
import type { RecordSize } from '../../../hardware/input/event-record.ts';
import { InputService } from '../../../hardware/input/index.ts';
import { AlsaMixer } from '../../../hardware/mixer/alsa.ts';
import {
  installFakeAmixer,
  keyRecords,
  makeFifo,
  memoryLog,
  relRecords,
  sleep,
  tempDir,
  waitFor,
} from '../helpers.ts';

// The whole knob path: records written to a FIFO, the real reader and mapper, Core's real
// mixer model, the real ALSA driver, and a fake amixer standing in for the card. These tests
// share PATH and the fake's environment, so they run one at a time.

const PLAY = KEY_CODES.KEY_PLAYPAUSE ?? 0;
const REL_X = REL_CODES.REL_X ?? 0;

/** Only records what the handler asked of the player; the real Player is Core's to test. */
class RecordingPlayer implements Pick<PlayerApi, 'toggle' | 'next' | 'previous'> {
  calls: string[] = [];
  async toggle(): Promise<void> {
    this.calls.push('toggle');
  }
  async next(): Promise<void> {
    this.calls.push('next');
  }
  async previous(): Promise<void> {
    this.calls.push('previous');
  }
}

async function rig(t: Parameters<typeof tempDir>[0], size: RecordSize, input = {}) {
  const dir = await tempDir(t);
  await installFakeAmixer(dir);
  const writes = path.join(dir, 'writes.log');
  process.env.FAKE_AMIXER_LOG = writes;
  process.env.FAKE_AMIXER_CARD = '0';
  const fifo = makeFifo(path.join(dir, 'event0'));
  const { log } = memoryLog();

  const driver = new AlsaMixer({ card: '0', control: 'PCM', maxVolume: 80, log });
  await driver.open();
  const bus = new EventBus();
  const mixer = new Mixer({ driver, bus, log, maxVolume: 80, startupVolume: 30 });
  const player = new RecordingPlayer();
  let approvals = 0;
  const handler = createCoreActionHandler(
    { player, mixer },
    () => {
      approvals += 1;
      return true;
    },
    log,
  );
  const config = inputSchema.parse({
    devices: [{ path: fifo, record_size: size }],
    long_press_ms: 300,
    ...input,
  });
  const service = new InputService({ config, handler, log });
  service.start();
  const writer = await open(fifo, 'w');
  t.teardown(async () => {
    await writer.close().catch(() => undefined);
    await service.stop();
    await driver.close();
  });
  const sent = async () =>
    (await readFile(writes, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
  return { writer, mixer, player, sent, approvals: () => approvals };
}

for (const size of [24, 16] as const) {
  test.serial(`a turn changes the volume on the card (${size}-byte records)`, async (t) => {
    const { writer, mixer, sent } = await rig(t, size);
    for (let i = 0; i < 3; i++) await writer.write(relRecords(size, REL_X, 1, 1000 + i * 400));
    await waitFor('volume 33', () => mixer.state().volume === 33);
    await waitFor('the write', async () => (await sent()).at(-1) === "sset 'PCM' 33% unmute");
    t.is(mixer.state().volume, 33);
  });
}

test.serial('a fast spin stops at the configured maximum on the card', async (t) => {
  const { writer, mixer, sent } = await rig(t, 24);
  for (let i = 0; i < 40; i++) await writer.write(relRecords(24, REL_X, 1, 5000 + i * 20));
  await waitFor('volume 80', () => mixer.state().volume === 80);
  await waitFor('the write', async () => (await sent()).at(-1) === "sset 'PCM' 80% unmute");
  await sleep(100);
  const lines = await sent();
  t.is(lines.at(-1), "sset 'PCM' 80% unmute");
  t.false(lines.some((l) => /sset 'PCM' (8[1-9]|9\d|100)%/.test(l)));
});

test.serial('a press toggles playback and a long press approves pairing', async (t) => {
  const { writer, player, approvals } = await rig(t, 16);
  await writer.write(keyRecords(16, PLAY, 1, 100));
  await writer.write(keyRecords(16, PLAY, 0, 180));
  await waitFor('toggle', () => player.calls.length === 1);
  t.deepEqual(player.calls, ['toggle']);

  await writer.write(keyRecords(16, PLAY, 1, 1000));
  // No release has been written yet, so an approval now happened while the key was held.
  await waitFor('approval', () => approvals() === 1);
  await writer.write(keyRecords(16, PLAY, 0, 1450));
  await sleep(50);
  t.deepEqual(player.calls, ['toggle'], 'a long press does not also toggle');
});

test.serial('a double press is told apart from a single press', async (t) => {
  const { writer, player } = await rig(t, 24, {
    double_press: { KEY_PLAYPAUSE: 'next' },
    double_press_ms: 200,
  });
  const both = Buffer.concat([
    keyRecords(24, PLAY, 1, 0),
    keyRecords(24, PLAY, 0, 60),
    keyRecords(24, PLAY, 1, 120),
    keyRecords(24, PLAY, 0, 180),
  ]);
  await writer.write(both);
  await sleep(300);
  t.deepEqual(player.calls, ['next']);

  await writer.write(Buffer.concat([keyRecords(24, PLAY, 1, 900), keyRecords(24, PLAY, 0, 950)]));
  await waitFor('single', () => player.calls.length === 2);
  t.deepEqual(player.calls, ['next', 'toggle']);
});

test.serial('mute toggles through the mixer model', async (t) => {
  const { writer, mixer, sent } = await rig(t, 24);
  await writer.write(keyRecords(24, KEY_CODES.KEY_MUTE ?? 0, 1, 10));
  await waitFor('muted', () => mixer.state().mute);
  await waitFor('mute write', async () => (await sent()).at(-1) === "sset 'PCM' 30% mute");
  t.true(mixer.state().mute);
});
