import test from 'ava';
import { mkdtemp, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repo } from './harness/root.ts';
import { run, runOk } from './harness/run.ts';

/*
 * The first-boot script that creates the data partition, run against a loop device laid out
 * like a freshly flashed card: pi-gen's boot and root partitions, then free space. Needs root
 * and loop devices (the image test's machine has both).
 */

const script = path.join(repo, 'image/scripts/data-partition');
const MiB = 1024 * 1024;

interface Card {
  loop: string;
  boot: string;
  remove(): Promise<void>;
}

async function flashedCard(): Promise<Card> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tonearm-card-'));
  const image = path.join(dir, 'card.img');
  const boot = path.join(dir, 'boot');
  let loop = '';
  const remove = async (): Promise<void> => {
    await run('umount', [boot]);
    if (loop) await run('losetup', ['--detach', loop]);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await runOk('truncate', ['-s', `${96 * MiB}`, image]);
    // Boot (FAT, 8 MiB) and root (16 MiB) as pi-gen lays them out, the rest unpartitioned.
    const layout = 'label: dos\nstart=8192, size=16384, type=c\nstart=24576, size=32768, type=83\n';
    await runOk('bash', ['-c', 'printf "%s" "$1" | sfdisk --quiet "$2"', '_', layout, image]);
    loop = (await runOk('losetup', ['--find', '--show', '--partscan', image])).trim();
    // This machine's kernel reads no partition tables itself; on a Pi the kernel does this.
    await runOk('partx', ['--add', loop]);

    // The boot partition's stand-in: mounted read-only, as in the image's fstab.
    await runOk('mkdir', [boot]);
    await runOk('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tonearm-boot', boot]);
    await runOk('mount', ['-o', 'remount,ro', boot]);
  } catch (err) {
    await remove();
    throw err;
  }

  return { loop, boot, remove };
}

function runScript(card: Card): Promise<string> {
  const env = { ...process.env, TONEARM_ROOT_PART: `${card.loop}p2`, TONEARM_BOOT_DIR: card.boot };
  return runOk(script, [], { env });
}

async function partitions(loop: string): Promise<Array<{ start: number; size: number }>> {
  const dump = JSON.parse(await runOk('sfdisk', ['--json', loop])) as {
    partitiontable: { partitions: Array<{ start: number; size: number }> };
  };
  return dump.partitiontable.partitions;
}

async function probe(device: string, tag: string): Promise<string> {
  return (await run('blkid', ['-p', '-o', 'value', '-s', tag, device])).stdout.trim();
}

test.serial('first boot adds an ext4 data partition over the rest of the card, once', async (t) => {
  const card = await flashedCard();
  try {
    await runScript(card);

    const parts = await partitions(card.loop);
    t.is(parts.length, 3);
    const [, root, data] = parts;
    t.true(data!.start >= root!.start + root!.size, 'after the root partition');
    t.true((data!.start + data!.size) * 512 > 95 * MiB, 'up to the end of the card');
    const device = `${card.loop}p3`;
    t.is(await probe(device, 'LABEL'), 'TONEARM-DATA');
    t.is(await probe(device, 'TYPE'), 'ext4');

    // The next boot finds it and leaves it alone.
    const uuid = await probe(device, 'UUID');
    await runScript(card);
    t.is((await partitions(card.loop)).length, 3);
    t.is(await probe(device, 'UUID'), uuid);
  } finally {
    await card.remove();
  }
});

test.serial('a reset marker on the boot partition formats the data partition again', async (t) => {
  const card = await flashedCard();
  try {
    await runScript(card);
    const device = `${card.loop}p3`;
    const before = await probe(device, 'UUID');

    await runOk('mount', ['-o', 'remount,rw', card.boot]);
    await writeFile(path.join(card.boot, 'tonearm-factory-reset'), '');
    await runOk('mount', ['-o', 'remount,ro', card.boot]);
    await runScript(card);

    t.not(await probe(device, 'UUID'), before, 'a new file system');
    t.is(await probe(device, 'LABEL'), 'TONEARM-DATA');
    await t.throwsAsync(access(path.join(card.boot, 'tonearm-factory-reset')));
    const options = await runOk('findmnt', ['-no', 'OPTIONS', card.boot]);
    t.regex(options, /^ro,/, 'the boot partition is read-only again');
  } finally {
    await card.remove();
  }
});
