import test from 'ava';
import { aplayArgs, aplayFailure, checkDevice } from '../../../app/audio/outputs/alsa.ts';

/** The ALSA output's pure parts; playback through aplay is in test/audio/alsa.test.ts. */

test('ALSA device names are accepted and anything that is not one is refused', (t) => {
  for (const name of ['default', 'hw:1,0', 'plughw:CARD=DAC,DEV=0', 'sysdefault:CARD=Headphones']) {
    t.is(checkDevice(name), name);
  }
  for (const bad of ['-D', 'hw:0;reboot', 'a b', '', 'x'.repeat(200), 'hw:0\n']) {
    const err = t.throws(() => checkDevice(bad));
    t.is((err as { code?: string }).code, 'CONFIG_INVALID');
  }
});

test('aplay gets the native format, rate and channels as separate arguments', (t) => {
  const args = aplayArgs('hw:0', { rate: 96000, channels: 2, sample: 'S24_3LE' }, 300);

  t.deepEqual(args, [
    '-q',
    '-D',
    'hw:0',
    '-t',
    'raw',
    '-f',
    'S24_3LE',
    '-r',
    '96000',
    '-c',
    '2',
    '-B',
    '300000',
  ]);
});

test('a busy device is reported with the device name and what to do', (t) => {
  const stderr = 'aplay: main:831: audio open error: Device or resource busy\n';

  const err = aplayFailure('hw:1,0', stderr, 1);

  t.is(err.code, 'OUTPUT_OPEN_FAILED');
  t.regex(err.message, /"hw:1,0"/);
  t.regex(err.message, /Device or resource busy/);
  t.regex(err.message, /Another program is using it/);
});

test('aplay dying while playing is a write failure naming the device', (t) => {
  const err = aplayFailure('default', 'aplay: pcm_write:2127: write error: Input/output error', 1);

  t.is(err.code, 'OUTPUT_WRITE_FAILED');
  t.is(err.message, 'ALSA device "default": write error: Input/output error');
});

test("of alsa-lib's long explanations, the two lines that say what failed are kept", (t) => {
  const stderr = [
    "ALSA lib confmisc.c:855:(parse_card) cannot find card '0'",
    'ALSA lib conf.c:5703:(snd_config_expand) Evaluate error: No such file or directory',
    'ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default',
    'aplay: main:831: audio open error: No such file or directory',
  ].join('\n');

  const err = aplayFailure('default', stderr, 1);

  t.is(err.code, 'OUTPUT_OPEN_FAILED');
  t.true(
    err.message.startsWith(
      'ALSA device "default" cannot be opened (snd_pcm_open_noupdate: Unknown PCM default; ' +
        'audio open error: No such file or directory).',
    ),
    err.message,
  );
});
