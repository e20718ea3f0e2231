import test from 'ava';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfigFile, parseConfigText } from '../../app/config/load.ts';
import { maskSecrets } from '../../app/config/show.ts';
import { TonearmError } from '../../app/errors.ts';

const base = '/etc/tonearm';

test('an empty file gives every default', (t) => {
  const config = parseConfigText('', 'empty.toml', base);
  t.is(config.web.listen, '127.0.0.1:6680');
  t.is(config.audio.output, 'alsa');
  t.is(config.storage.data_dir, '/var/lib/tonearm');
  t.is(config.mixer.startup_volume, 30);
});

test('relative directories are resolved against the config file folder', (t) => {
  const config = parseConfigText(
    '[library]\nmedia_dir = "music"\n[storage]\ndata_dir = "../state"\n',
    'x.toml',
    '/opt/box/etc',
  );
  t.is(config.library.media_dir, '/opt/box/etc/music');
  t.is(config.storage.data_dir, '/opt/box/state');
});

test('every problem is reported as key: what is wrong', (t) => {
  const text = [
    '[audio]',
    'output = "speakers"',
    '[web]',
    'listen = "everywhere"',
    '[mixer]',
    'max_volume = 150',
    'card = "0; rm -rf /"',
    '[libary]',
    'media_dir = "/x"',
  ].join('\n');
  const err = t.throws(() => parseConfigText(text, 'bad.toml', base), {
    instanceOf: TonearmError,
  });
  t.is(err?.code, 'CONFIG_INVALID');
  const message = err?.message ?? '';
  t.regex(message, /audio\.output: /);
  t.regex(message, /web\.listen: must be HOST:PORT/);
  t.regex(message, /mixer\.max_volume: /);
  t.regex(message, /mixer\.card: must be an ALSA card/);
  t.regex(message, /libary/);
});

test('a start-up volume above the maximum is refused', (t) => {
  const err = t.throws(
    () => parseConfigText('[mixer]\nmax_volume = 40\nstartup_volume = 60\n', 'v.toml', base),
    { instanceOf: TonearmError },
  );
  t.regex(err?.message ?? '', /mixer\.startup_volume: must not exceed mixer\.max_volume/);
});

test('a port out of range is refused', (t) => {
  const err = t.throws(() => parseConfigText('[web]\nlisten = "0.0.0.0:70000"\n', 'p', base));
  t.regex(err?.message ?? '', /web\.listen: port must be 0-65535/);
});

test('broken TOML names the file and the problem', (t) => {
  const err = t.throws(() => parseConfigText('[audio\noutput=', 'broken.toml', base), {
    instanceOf: TonearmError,
  });
  t.regex(err?.message ?? '', /^broken\.toml: not valid TOML/);
});

test('a missing file is a clear CONFIG_UNREADABLE error', (t) => {
  const err = t.throws(() => loadConfigFile('/nonexistent/tonearm.toml'), {
    instanceOf: TonearmError,
  });
  t.is(err?.code, 'CONFIG_UNREADABLE');
  t.regex(err?.message ?? '', /\/nonexistent\/tonearm\.toml: ENOENT/);
});

test('the loaded config is frozen', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-config-'));
  const file = path.join(dir, 'tonearm.toml');
  await writeFile(file, '[audio]\noutput = "null"\n');
  const config = loadConfigFile(file);
  t.is(config.audio.output, 'null');
  t.throws(() => {
    (config.audio as { output: string }).output = 'alsa';
  });
});

test('secrets are masked when the config is shown', (t) => {
  const shown = maskSecrets({ radio: { token: 'abc', name: 'x' }, api_key: 'k', n: 1 });
  t.deepEqual(shown, { radio: { token: '********', name: 'x' }, api_key: '********', n: 1 });
});
