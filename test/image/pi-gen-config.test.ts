import test from 'ava';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isExecutable, repo } from './helpers.ts';
import { run } from './harness/run.ts';

const stage = 'pi-gen-config/stage-tonearm';

/** What pi-gen's build.sh sees after sourcing the config, in an empty environment. */
async function piGenSettings(): Promise<Map<string, string>> {
  const file = path.join(repo, 'pi-gen-config/config');
  const result = await run('env', ['-i', 'bash', '-c', 'set -a; . "$1"; env -0', '_', file]);
  const settings = new Map<string, string>();
  for (const entry of result.stdout.split('\0').filter(Boolean)) {
    const at = entry.indexOf('=');
    settings.set(entry.slice(0, at), entry.slice(at + 1));
  }
  return settings;
}

test('the pi-gen config turns SSH off and sets no password', async (t) => {
  const settings = await piGenSettings();
  t.is(settings.get('ENABLE_SSH'), '0');
  t.false(settings.has('FIRST_USER_PASS'), 'a password in the config would ship in every image');
  t.false(settings.has('PUBKEY_SSH_FIRST_USER'));
  t.is(settings.get('DISABLE_FIRST_BOOT_USER_RENAME'), '1');
  t.is(settings.get('TARGET_HOSTNAME'), 'tonearm');
});

test('the pi-gen config builds Lite stages and then the Tonearm stage, no desktop', async (t) => {
  const stages = (await piGenSettings()).get('STAGE_LIST')?.split(/\s+/) ?? [];
  t.deepEqual(stages, ['stage0', 'stage1', 'stage2', 'stage-tonearm']);
});

test('the Tonearm stage has what pi-gen runs, and exports the image', async (t) => {
  await t.notThrowsAsync(access(path.join(repo, stage, 'EXPORT_IMAGE')));
  t.true(await isExecutable(`${stage}/prerun.sh`));
  for (const step of ['01-node', '02-app', '03-system', '04-lockdown']) {
    t.true(await isExecutable(`${stage}/${step}/00-run.sh`), `${step}/00-run.sh`);
  }
  const packages = await readFile(path.join(repo, stage, '00-packages/00-packages-nr'), 'utf8');
  for (const name of ['alsa-utils', 'avahi-daemon', 'nftables'])
    t.regex(packages, new RegExp(name));
});

test('build-image.sh pins pi-gen to one commit', async (t) => {
  const script = await readFile(path.join(repo, 'scripts/build-image.sh'), 'utf8');
  t.regex(script, /^PI_GEN_COMMIT='[0-9a-f]{40}'$/m);
  // The read-only root's resolv.conf must follow NetworkManager (pi-gen-config/export-network.sh).
  t.regex(script, /export-network\.sh/);
  t.regex(script, /export EXPORT_CONFIG_DIR=/);
});

test('the Node runtime and npm the stage downloads are pinned by checksum', async (t) => {
  const node = await readFile(path.join(repo, stage, '01-node/00-run.sh'), 'utf8');
  t.regex(node, /^NODE_VERSION='\d+\.\d+\.\d+'$/m);
  t.regex(node, /^NODE_SUM='[A-Za-z0-9+/]{86}=='$/m);
  const app = await readFile(path.join(repo, stage, '02-app/00-run.sh'), 'utf8');
  t.regex(app, /^NPM_SUM='[A-Za-z0-9+/]{86}=='$/m);
});
