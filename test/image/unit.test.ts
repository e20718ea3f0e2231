import test from 'ava';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repo } from './helpers.ts';
import { run } from './harness/run.ts';

const unitFile = path.join(repo, 'systemd/tonearm.service');
const imageUnits = [
  'tonearm-data-partition.service',
  'tonearm-data.service',
  'tonearm-reset.path',
  'tonearm-reset.service',
].map((name) => path.join(repo, 'image/units', name));

/**
 * `systemd-analyze verify` exits 0 even on typos, so any line it prints is a finding, except
 * that a program the unit runs is missing on the build host (it exists only in the image).
 */
async function verifyFindings(files: string[]): Promise<string[]> {
  const result = await run('systemd-analyze', ['verify', ...files]);
  return (result.stdout + result.stderr)
    .split('\n')
    .filter(Boolean)
    .filter((line) => !/Command \S+ is not executable: No such file or directory/.test(line));
}

test('the service unit scores 1.5 or lower in systemd-analyze security', async (t) => {
  const result = await run('systemd-analyze', ['security', '--offline=true', unitFile]);
  const score = /Overall exposure level for tonearm\.service: (\d+\.\d+)/.exec(result.stdout);
  t.truthy(score, result.stdout + result.stderr);
  t.log(`exposure ${score![1]}`);
  t.true(Number(score![1]) <= 1.5, `exposure ${score![1]}`);
});

test('systemd-analyze verify finds nothing in the service and first-boot units', async (t) => {
  t.deepEqual(await verifyFindings([unitFile, ...imageUnits]), []);
});

test('the verify check does catch a misspelt option', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tonearm-unit-'));
  const broken = path.join(dir, 'tonearm.service');
  const text = await readFile(unitFile, 'utf8');
  await writeFile(broken, text.replace('ProtectSystem=strict', 'ProtectSytem=strict'));
  const findings = await verifyFindings([broken]);
  await rm(dir, { recursive: true });
  t.true(
    findings.some((line) => line.includes('ProtectSytem')),
    findings.join('\n'),
  );
});

test('the unit is a notify service with a watchdog, without MemoryDenyWriteExecute', async (t) => {
  const text = await readFile(unitFile, 'utf8');
  const settings = text.split('\n').filter((line) => /^[A-Z]\w+=/.test(line));
  for (const wanted of ['Type=notify', 'NotifyAccess=main', 'Restart=on-failure']) {
    t.true(settings.includes(wanted), wanted);
  }
  t.true(settings.some((line) => /^WatchdogSec=\d+$/.test(line)));
  t.true(settings.includes('CapabilityBoundingSet='), 'the capability set is empty');
  t.true(settings.includes('User=tonearm'));
  // V8's JIT needs writable code pages; the option would kill Node at start.
  t.false(settings.some((line) => line.startsWith('MemoryDenyWriteExecute=')));
});
