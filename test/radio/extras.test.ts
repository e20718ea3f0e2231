import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { configSchema } from '../../app/config/schema.ts';
import { createRadioExtras } from '../../app/radio/extras.ts';
import { memoryLogger } from '../net/loopback.ts';

async function configIn(t: { teardown(fn: () => Promise<void>): void }, extra: object = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-extras-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return configSchema.parse({ storage: { data_dir: dir }, library: { media_dir: dir }, ...extra });
}

test('radio and playlists are built from the config; listening stays off by default', async (t) => {
  const extras = await createRadioExtras(await configIn(t), memoryLogger().log);
  t.true(extras.web.radio.list().length > 0);
  t.deepEqual(await extras.web.playlists.list(), []);
  t.is(extras.web.listen, undefined);
  t.is(extras.backends[0]!.scheme, 'stream');
  t.is(extras.summary.listen, 'off');
});

test('allow-listed LAN hosts from the config reach the egress guard', async (t) => {
  const config = await configIn(t, {
    egress: { allow_hosts: ['nas.local:8000'] },
    listen: { enabled: true },
  });
  const extras = await createRadioExtras(config, memoryLogger().log);
  t.true(extras.egress.check('http://nas.local:8000/live').lanAllowed);
  t.false(extras.egress.check('http://nas.local:8001/live').lanAllowed);
  t.truthy(extras.web.listen);
  await extras.close();
});
