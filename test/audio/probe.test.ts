import test from 'ava';
import { createAudioPlayer } from '../../app/audio/index.ts';
import { createLogger } from '../../app/log.ts';

test('the decode thread answers the watchdog probe once it runs', async (t) => {
  const player = createAudioPlayer({
    output: 'null',
    device: 'null',
    bufferMs: 100,
    log: createLogger({ level: 'silent' }),
  });
  await player.ready();
  t.true(await player.probe(2000));
  await player.close();
});
