import test from 'ava';
import { ButtonDebouncer, QuadratureDecoder } from '../../../hardware/input/gpio-decoder.ts';
import type { InputEvent } from '../../../hardware/input/types.ts';
import { sleep } from '../helpers.ts';

const edge = (line: number, rising: boolean, timeMs: number) => ({ line, rising, timeMs });

test('the first edge of a press counts at once and its bounces are ignored', (t) => {
  const events: InputEvent[] = [];
  const button = new ButtonDebouncer(164, true, 5, (e) => events.push(e));
  button.edge(edge(22, false, 100));
  button.edge(edge(22, true, 101));
  button.edge(edge(22, false, 102));
  t.deepEqual(events, [{ type: 'key', code: 164, value: 1, timeMs: 100 }]);
  button.dispose();
});

test('a bounce that ends on the other level is reported when the window closes', async (t) => {
  const events: InputEvent[] = [];
  const button = new ButtonDebouncer(164, true, 5, (e) => events.push(e));
  button.edge(edge(22, false, 100)); // pressed
  button.edge(edge(22, true, 102)); // released within the window: a short tap
  t.is(events.length, 1);
  await sleep(20);
  t.deepEqual(
    events.map((e) => e.value),
    [1, 0],
  );
  button.dispose();
});

test('an active-high button is pressed on a rising edge', (t) => {
  const events: InputEvent[] = [];
  const button = new ButtonDebouncer(1, false, 0, (e) => events.push(e));
  button.edge(edge(5, true, 10));
  button.edge(edge(5, false, 20));
  t.deepEqual(
    events.map((e) => e.value),
    [1, 0],
  );
});

test('quadrature steps make a detent only after a full cycle, in either direction', (t) => {
  const events: InputEvent[] = [];
  const knob = new QuadratureDecoder(17, 27, 0, 4, (e) => events.push(e));
  // b leads: 11 -> 10 -> 00 -> 01 -> 11
  knob.edge(edge(27, false, 1));
  knob.edge(edge(17, false, 2));
  knob.edge(edge(27, true, 3));
  t.is(events.length, 0, 'three quarters is not a detent');
  knob.edge(edge(17, true, 4));
  // a leads: 11 -> 01 -> 00 -> 10 -> 11
  knob.edge(edge(17, false, 5));
  knob.edge(edge(27, false, 6));
  knob.edge(edge(17, true, 7));
  knob.edge(edge(27, true, 8));
  t.deepEqual(
    events.map((e) => e.value),
    [1, -1],
  );
});

test('half-cycle encoders give a detent per two steps', (t) => {
  const events: InputEvent[] = [];
  const knob = new QuadratureDecoder(17, 27, 0, 2, (e) => events.push(e));
  knob.edge(edge(27, false, 1));
  knob.edge(edge(17, false, 2));
  knob.edge(edge(27, true, 3));
  knob.edge(edge(17, true, 4));
  t.deepEqual(
    events.map((e) => e.value),
    [1, 1],
  );
});
