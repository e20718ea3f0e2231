import test from 'ava';
import { inputSchema } from '../../../app/config/input-schema.ts';
import { TonearmError } from '../../../app/errors.ts';
import { gainForRate } from '../../../hardware/input/acceleration.ts';
import type { HardwareAction } from '../../../hardware/input/actions.ts';
import { KEY_CODES, REL_CODES } from '../../../hardware/input/codes.ts';
import { InputMapper, resolveInputMap } from '../../../hardware/input/mapper.ts';
import { memoryLog, sleep } from '../helpers.ts';

const PLAY = KEY_CODES.KEY_PLAYPAUSE ?? 0;
const NEXT = KEY_CODES.KEY_NEXTSONG ?? 0;
const VOLUP = KEY_CODES.KEY_VOLUMEUP ?? 0;
const REL_X = REL_CODES.REL_X ?? 0;
const REL_WHEEL = REL_CODES.REL_WHEEL ?? 0;

function mapper(input: Record<string, unknown> = {}) {
  const config = inputSchema.parse({ long_press_ms: 200, double_press_ms: 150, ...input });
  const actions: HardwareAction[] = [];
  const m = new InputMapper(resolveInputMap(config), (a) => void actions.push(a), memoryLog().log);
  return { m, actions };
}

const key = (code: number, value: 0 | 1 | 2, timeMs: number) =>
  ({ type: 'key', code, value, timeMs }) as const;
const rel = (code: number, value: number, timeMs: number) =>
  ({ type: 'rel', code, value, timeMs }) as const;

test('a key with only a short action acts as it goes down, and volume keys repeat', (t) => {
  const { m, actions } = mapper();
  m.handle(key(NEXT, 1, 0));
  t.deepEqual(actions, [{ type: 'next' }]);
  m.handle(key(VOLUP, 1, 10));
  m.handle(key(VOLUP, 2, 260));
  m.handle(key(NEXT, 2, 270));
  t.deepEqual(actions.slice(1), [
    { type: 'volume', delta: 2 },
    { type: 'volume', delta: 2 },
  ]);
});

test('play acts on release when short and approves pairing when held', async (t) => {
  const { m, actions } = mapper();
  m.handle(key(PLAY, 1, 0));
  t.deepEqual(actions, []);
  m.handle(key(PLAY, 0, 80));
  t.deepEqual(actions, [{ type: 'toggle' }]);

  m.handle(key(PLAY, 1, 1000));
  await sleep(260);
  t.deepEqual(actions.at(-1), { type: 'approve_pairing' }, 'fires while still held');
  m.handle(key(PLAY, 0, 1300));
  t.is(actions.length, 2, 'the release after a long press does nothing more');
  m.close();
});

test('a long hold seen only in the timestamps still counts as long', (t) => {
  const { m, actions } = mapper();
  m.handle(key(PLAY, 1, 0));
  m.handle(key(PLAY, 0, 900));
  t.deepEqual(actions, [{ type: 'approve_pairing' }]);
  m.close();
});

test('a double press is told apart from two single presses', async (t) => {
  const { m, actions } = mapper({ double_press: { KEY_PLAYPAUSE: 'next' } });
  m.handle(key(PLAY, 1, 0));
  m.handle(key(PLAY, 0, 50));
  m.handle(key(PLAY, 1, 100));
  m.handle(key(PLAY, 0, 150));
  await sleep(200);
  t.deepEqual(actions, [{ type: 'next' }]);

  m.handle(key(PLAY, 1, 1000));
  m.handle(key(PLAY, 0, 1050));
  await sleep(200);
  t.deepEqual(actions, [{ type: 'next' }, { type: 'toggle' }], 'single after the window');
  m.close();
});

test('a slow turn moves one point per detent and a fast spin crosses the range in a turn', (t) => {
  const { m, actions } = mapper();
  for (let i = 0; i < 5; i++) m.handle(rel(REL_X, 1, i * 500));
  t.deepEqual(
    actions.map((a) => (a.type === 'volume' ? a.delta : 0)),
    [1, 1, 1, 1, 1],
  );

  actions.length = 0;
  // A 20-detent knob spun once in 0.6 s (33 detents/s), after a pause.
  for (let i = 0; i < 20; i++) m.handle(rel(REL_X, -1, 10_000 + i * 30));
  const total = actions.reduce((sum, a) => sum + (a.type === 'volume' ? a.delta : 0), 0);
  t.true(total <= -90 && total >= -100, `one fast turn moved ${total}`);
});

test('the acceleration curve is flat, then linear, then capped', (t) => {
  t.is(gainForRate(2), 1);
  t.is(gainForRate(5), 1);
  t.is(gainForRate(15), 3);
  t.is(gainForRate(25), 5);
  t.is(gainForRate(100), 5);
});

test('an axis can skip tracks instead, and unmapped axes are ignored', (t) => {
  const { m, actions } = mapper({ axes: { REL_X: 'track' } });
  m.handle(rel(REL_X, 1, 0));
  m.handle(rel(REL_X, -2, 10));
  m.handle(rel(REL_WHEEL, 5, 20));
  t.deepEqual(actions, [{ type: 'next' }, { type: 'previous' }, { type: 'previous' }]);
});

test('unknown key and axis names are reported together', (t) => {
  const config = inputSchema.parse({ keys: { KEY_BANANA: 'toggle' }, axes: { REL_Q: 'volume' } });
  const err = t.throws(() => resolveInputMap(config), { instanceOf: TonearmError });
  t.regex(err?.message ?? '', /input\.keys\.KEY_BANANA: unknown key name/);
  t.regex(err?.message ?? '', /input\.axes\.REL_Q: unknown axis name/);
});

test('a handler that fails is logged and the next action still goes through', async (t) => {
  const config = inputSchema.parse({});
  const { log, lines } = memoryLog();
  const seen: string[] = [];
  const m = new InputMapper(
    resolveInputMap(config),
    async (a) => {
      seen.push(a.type);
      if (a.type === 'next') throw new Error('queue is empty');
    },
    log,
  );
  m.handle(key(NEXT, 1, 0));
  m.handle(key(KEY_CODES.KEY_MUTE ?? 0, 1, 5));
  await sleep(10);
  t.deepEqual(seen, ['next', 'mute']);
  t.true(lines.some((l) => l.msg === 'input action failed' && l.err === 'queue is empty'));
});
