import test from 'ava';
import { parseConfigText } from '../../app/config/load.ts';
import { TonearmError } from '../../app/errors.ts';

test('the input section defaults to the usual media keys and REL_X for volume', (t) => {
  const config = parseConfigText('', 'empty.toml', '/etc/tonearm');
  t.deepEqual(config.input.devices, []);
  t.is(config.input.keys.KEY_PLAYPAUSE, 'toggle');
  t.is(config.input.keys.KEY_NEXTSONG, 'next');
  t.is(config.input.keys.KEY_PREVIOUSSONG, 'previous');
  t.is(config.input.keys.KEY_MUTE, 'mute');
  t.is(config.input.long_press.KEY_PLAYPAUSE, 'approve_pairing');
  t.is(config.input.axes.REL_X, 'volume');
  t.is(config.input.long_press_ms, 800);
});

test('devices, maps and a GPIO fallback can be configured', (t) => {
  const text = [
    '[input]',
    'devices = [{ name = "rotary@11" }, { path = "/dev/input/by-path/x-event", record_size = 16 }]',
    'double_press = { KEY_PLAYPAUSE = "next" }',
    '[input.gpio]',
    'encoder = { a = 17, b = 27 }',
    'buttons = [{ line = 22, key = "KEY_PLAYPAUSE" }]',
  ].join('\n');
  const config = parseConfigText(text, 'x.toml', '/etc/tonearm');
  t.is(config.input.devices.length, 2);
  t.is(config.input.devices[1]?.record_size, 16);
  t.is(config.input.gpio?.encoder?.steps_per_detent, 4);
  t.is(config.input.gpio?.buttons[0]?.active_low, true);
  t.is(config.input.double_press.KEY_PLAYPAUSE, 'next');
});

test('an action outside the fixed set, or a device with no name or path, is refused', (t) => {
  const bad = [
    '[input]',
    'keys = { KEY_PLAYPAUSE = "/bin/sh -c reboot" }',
    'devices = [{ record_size = 24 }]',
  ].join('\n');
  const err = t.throws(() => parseConfigText(bad, 'x.toml', '/etc/tonearm'), {
    instanceOf: TonearmError,
  });
  t.regex(err?.message ?? '', /input\.keys\.KEY_PLAYPAUSE/);
  t.regex(err?.message ?? '', /input\.devices\.0: give exactly one of name and path/);
});
