import test from 'ava';
import { spawn } from 'node:child_process';
import { access, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Container } from './harness/container.ts';
import { blockLoopModule, buildTestRoot, type TestRoot } from './harness/root.ts';
import { run, runOk, waitFor } from './harness/run.ts';

/*
 * The image test: stage-tonearm applied to a Debian 12 root, booted by systemd-nspawn with
 * systemd as PID 1 and the root read-only, and the appliance checked from outside. The tests
 * run in order against one booted container; the last one pulls the power and boots again.
 *
 * Not enforced here (see docs/image.md): cgroups are v1 on this machine, so DeviceAllow= is not
 * enforced inside nspawn; the data "partition" is a host directory, so the first-boot
 * partitioning and a power cut's effect on the card are not exercised.
 */

const unit = 'tonearm.service';
const webPort = 6680;

let root: TestRoot;
let box: Container;
const figures: Record<string, string> = {};

test.before(async () => {
  const started = Date.now();
  root = await buildTestRoot();
  figures.build = `${((Date.now() - started) / 1000).toFixed(1)} s`;
});

test.after.always(async (t) => {
  if (box) await box.powerOff().catch(() => box.hardKill());
  t.log(`figures: ${JSON.stringify(figures)}`);
  if (root) await root.remove();
});

async function boot(): Promise<number> {
  const started = Date.now();
  box = await Container.boot({ ...root });
  await box.waitActive(unit, 90_000);
  return Date.now() - started;
}

async function http(
  method: string,
  urlPath: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; type: string; body: string }> {
  const args = ['curl', '-sS', '-o', '-', '-w', '\n%{http_code} %{content_type}', '-X', method];
  if (options.token) args.push('-H', `Authorization: Bearer ${options.token}`);
  if (options.body !== undefined) {
    args.push('-H', 'Content-Type: application/json', '--data', JSON.stringify(options.body));
  }
  const result = await box.inNetwork([...args, `http://127.0.0.1:${webPort}${urlPath}`]);
  const cut = result.stdout.lastIndexOf('\n');
  const [status = '0', type = ''] = result.stdout.slice(cut + 1).split(' ');
  return { status: Number(status), type, body: result.stdout.slice(0, cut) };
}

function volumeOf(body: string): number | undefined {
  const parsed = JSON.parse(body) as { volume?: number; mixer?: { volume?: number } };
  return parsed.volume ?? parsed.mixer?.volume;
}

test.serial('the service reaches active through READY=1 on a read-only root', async (t) => {
  const ms = await boot();
  figures.bootToActive = `${ms} ms`;

  const props = await box.unitProperties(unit);
  t.is(props.ActiveState, 'active');
  const status = await box.exec(['systemctl', 'show', '--property=StatusText', '--value', unit]);
  t.not(status.stdout.trim(), '', 'the service sends STATUS= lines over the notify socket');

  const failed = await box.exec(['systemctl', '--failed', '--plain', '--no-legend']);
  // systemd-remount-fs looks for the root's PARTUUID, which only exists on a real card.
  const units = failed.stdout
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name && name !== 'systemd-remount-fs.service');
  t.deepEqual(units, [], 'no unit failed on the read-only root');
});

test.serial('the web UI and the API answer on the web port', async (t) => {
  const page = await http('GET', '/');
  t.is(page.status, 200);
  t.regex(page.type, /text\/html/);

  const player = await http('GET', '/api/v1/player');
  t.true([200, 401].includes(player.status), `API answered ${player.status}`);
});

test.serial('Avahi announces the box as tonearm.local', async (t) => {
  const show = ['systemctl', 'show', '--property=MainPID', '--value', 'avahi-daemon.service'];
  const pid = (await box.exec(show)).stdout.trim();
  // Avahi writes the name it holds into its process title ("registering" while it probes the
  // network for a clash, "running" after).
  const title = await box.exec(['cat', `/proc/${pid}/cmdline`]);
  t.regex(title.stdout, /(registering|running) \[tonearm\.local\]/);
});

test.serial('nothing but the web port and mDNS listens', async (t) => {
  const result = await box.inNetwork(['ss', '-H', '-l', '-t', '-u', '-n', '-p']);
  const listening = result.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const fields = line.trim().split(/\s+/);
      const local = fields[4] ?? '';
      const owner = /users:\(\("([^"]+)"/.exec(line)?.[1] ?? 'unknown';
      return { proto: fields[0], port: local.slice(local.lastIndexOf(':') + 1), owner };
    });
  t.true(
    listening.some((s) => s.proto === 'tcp' && s.port === String(webPort) && s.owner === 'node'),
    JSON.stringify(listening),
  );
  // Avahi answers mDNS on 5353 and keeps unbound-port UDP sockets for its own queries; the
  // firewall drops anything sent to those. No other program, and no other TCP port.
  const others = listening.filter(
    (s) =>
      !(s.proto === 'tcp' && s.port === String(webPort) && s.owner === 'node') &&
      !(s.proto === 'udp' && s.owner === 'avahi-daemon'),
  );
  t.deepEqual(others, []);
});

test.serial('the root file system refuses writes, the data directory takes them', async (t) => {
  const onRoot = await box.exec(['touch', '/tonearm-write-probe']);
  t.not(onRoot.code, 0);
  t.regex(onRoot.stderr, /Read-only file system/);

  const inEtc = await box.exec(['touch', '/etc/tonearm/write-probe']);
  t.regex(inEtc.stderr, /Read-only file system/);

  const inData = await box.exec(['touch', '/var/lib/tonearm/.write-probe']);
  t.is(inData.code, 0, inData.stderr);
  await box.exec(['rm', '-f', '/var/lib/tonearm/.write-probe']);
});

test.serial('the firewall is loaded and drops inbound traffic by default', async (t) => {
  const result = await box.exec(['nft', 'list', 'chain', 'inet', 'tonearm', 'input']);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /policy drop;/);
  t.regex(result.stdout, new RegExp(`tcp dport ${webPort} ip saddr @lan4 accept`));
});

/** An HTTP request from the host through the veth pair, from `source`: the code, 0 if none. */
async function fromOutside(source: string, url: string): Promise<number> {
  const args = ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--connect-timeout', '2'];
  const result = await run('curl', [
    ...args,
    '--interface',
    source,
    '-H',
    'Host: tonearm.local',
    url,
  ]);
  return Number(result.stdout.trim() || '0');
}

test.serial('the firewall lets the LAN reach the web UI and nothing else in', async (t) => {
  await box.wireNetwork();
  const lan = '192.168.213.1';
  const outsider = '198.51.100.1';

  t.not(await fromOutside(lan, 'http://192.168.213.2/'), 0, 'port 80 is redirected to 6680');
  t.not(await fromOutside(lan, `http://192.168.213.2:${webPort}/`), 0);
  t.is(await fromOutside(outsider, `http://198.51.100.2:${webPort}/`), 0, 'not from outside');

  // Something else listening on the box is still unreachable from the LAN.
  const script =
    "require('net').createServer((s) => s.end('HTTP/1.0 204 x\\r\\n\\r\\n'))" + '.listen(7000)';
  const stray = spawn('nsenter', ['-t', String(box.pid1), '-n', '--', 'node', '-e', script]);
  try {
    const inside = await waitFor(
      'the stray listener',
      async () => {
        const result = await box.inNetwork([
          'curl',
          '-s',
          '-o',
          '/dev/null',
          '-w',
          '%{http_code}',
          'http://127.0.0.1:7000/',
        ]);
        return result.stdout.trim() === '204' ? true : undefined;
      },
      10_000,
    );
    t.true(inside, 'the stray listener answers on the box itself');
    t.is(await fromOutside(lan, 'http://192.168.213.2:7000/'), 0);
  } finally {
    stray.kill();
  }

  // Control: with the rules flushed the outsider gets through, so the firewall did the dropping.
  await box.exec(['nft', 'flush', 'ruleset']);
  t.not(await fromOutside(outsider, `http://198.51.100.2:${webPort}/`), 0, 'rules flushed');
  await box.exec(['systemctl', 'restart', 'nftables.service']);
  t.is(await fromOutside(outsider, `http://198.51.100.2:${webPort}/`), 0, 'rules reloaded');
});

test.serial('no account can log in', async (t) => {
  const shadow = await readFile(path.join(root.root, 'etc/shadow'), 'utf8');
  const withPassword = shadow
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(':'))
    .filter(([, hash]) => hash === '' || hash!.includes('$'))
    .map(([name]) => name);
  t.deepEqual(withPassword, [], 'accounts with a password hash or an empty password');

  const ssh = await box.exec(['systemctl', 'is-enabled', 'ssh.service']);
  t.not(ssh.stdout.trim(), 'enabled');
});

test.serial(
  "the image carries its SBOM and no secret; the data directory is tonearm's",
  async (t) => {
    const sbomFile = path.join(root.root, 'usr/share/doc/tonearm/sbom.cdx.json');
    const sbom = JSON.parse(await readFile(sbomFile, 'utf8')) as { components: { name: string }[] };
    t.true(sbom.components.some((c) => c.name === 'better-sqlite3'));
    t.false(
      sbom.components.some((c) => c.name === 'ava'),
      'production dependencies only',
    );

    const shipped = ['etc', 'opt', 'usr/share/tonearm'].map((dir) => path.join(root.root, dir));
    const found = await run('grep', ['-rlE', 'PRIVATE KEY-----', ...shipped]);
    t.is(found.stdout, '', 'no private key is shipped');

    const passwd = await readFile(path.join(root.root, 'etc/passwd'), 'utf8');
    const uid = Number(/^tonearm:x:(\d+):/m.exec(passwd)?.[1]);
    const info = await stat(path.join(root.data, 'tonearm'));
    t.is(info.uid, uid);
    t.is(info.mode & 0o777, 0o700);
  },
);

test.serial(
  'settings on the boot partition are checked before they replace the defaults',
  async (t) => {
    const imported = path.join(root.data, 'config/tonearm.toml');
    const defaults = await readFile(imported, 'utf8');
    t.regex(defaults, /listen = "\[::\]:6680"/, 'seeded from the image on first boot');

    // The boot partition is read-only like on a card; a computer writes to it, here the host.
    const offer = async (text: string): Promise<void> => {
      await runOk('mount', ['-o', 'remount,rw', root.boot]);
      await writeFile(path.join(root.boot, 'tonearm.toml'), text);
      const result = await box.exec(['/usr/lib/tonearm/data-prepare']);
      t.is(result.code, 0, result.stderr);
    };

    await offer(defaults.replace('[mixer]', '[mixer]\nstartup_volume = 25'));
    t.regex(await readFile(imported, 'utf8'), /startup_volume = 25/);
    await t.throwsAsync(access(path.join(root.boot, 'tonearm.toml')), undefined, 'moved off');

    await offer(defaults.replace('[mixer]', '[mixer]\nstartup_volume = 250'));
    t.regex(await readFile(imported, 'utf8'), /startup_volume = 25\n/, 'the old settings stay');
    const why = await readFile(path.join(root.boot, 'tonearm-rejected.txt'), 'utf8');
    t.regex(why, /mixer\.startup_volume/);
    await access(path.join(root.boot, 'tonearm-rejected.toml'));
  },
);

test.serial('the music drive is scanned in a child process under the hardened unit', async (t) => {
  const tonearm = ['runuser', '-u', 'tonearm', '--', 'node', '/opt/tonearm/bin/tonearm.js'];
  const created = await box.exec([...tonearm, 'token', 'create', '--name', 'scan-check']);
  t.is(created.code, 0, created.stderr);
  const token = created.stdout.trim();

  // The start-up scan of /srv/music (the demo library, nine tracks in six formats).
  const found = await waitFor(
    'the start-up scan to index the music drive',
    async () => {
      const res = await http('GET', '/api/v1/library/search?q=concert', { token });
      const tracks = (JSON.parse(res.body) as { tracks?: { title: string }[] }).tracks ?? [];
      return tracks.length > 0 ? tracks : undefined;
    },
    60_000,
    500,
  );
  t.deepEqual(
    found.map((x) => x.title),
    ['Concert A'],
  );
  t.regex(await box.journal(unit, 400), /"added":9,.*"failed":0,.*library scan finished/);
});

test.serial('the watchdog restarts the service when its event loop is blocked', async (t) => {
  // The preload (test/image/fixtures/block-loop.mjs) spins the main thread on SIGUSR2.
  const env = `NODE_OPTIONS=--import=${blockLoopModule}`;
  await box.exec(['systemctl', 'set-environment', env]);
  await box.exec(['systemctl', 'restart', unit]);
  const before = await box.waitActive(unit, 60_000);

  const blockedAt = Date.now();
  await box.exec(['systemctl', 'kill', '--kill-who=main', '--signal=SIGUSR2', unit]);
  const after = await waitFor(
    'the watchdog to restart the service',
    async () => {
      const props = await box.unitProperties(unit);
      const restarted = Number(props.NRestarts) > Number(before.NRestarts);
      return restarted && props.ActiveState === 'active' ? props : undefined;
    },
    90_000,
    500,
  );
  figures.blockToRestarted = `${Date.now() - blockedAt} ms`;
  await box.exec(['systemctl', 'unset-environment', 'NODE_OPTIONS']);

  t.not(after.MainPID, before.MainPID);
  t.regex(await box.journal(unit, 200), /[Ww]atchdog timeout/);
});

test.serial('state written before the power is pulled is there after the next boot', async (t) => {
  const tonearm = ['runuser', '-u', 'tonearm', '--', 'node', '/opt/tonearm/bin/tonearm.js'];
  const created = await box.exec([
    ...tonearm,
    'token',
    'create',
    '--role',
    'owner',
    '--name',
    'it',
  ]);
  t.is(created.code, 0, created.stderr);
  const token = created.stdout.trim();

  // Below [mixer] startup_volume (30), which caps a restored volume by design.
  const set = await http('PUT', '/api/v1/mixer', { token, body: { volume: 17 } });
  t.is(set.status, 200, set.body);
  // "Loses at most the last few seconds": give the state file those seconds, then pull.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await box.hardKill();

  await boot();
  const mixer = await http('GET', '/api/v1/mixer', { token });
  t.is(mixer.status, 200, 'the token created before the power cut still authenticates');
  t.is(volumeOf(mixer.body), 17);
});

test.serial('a factory reset from the web reboots the box and wipes its data', async (t) => {
  const tonearm = ['runuser', '-u', 'tonearm', '--', 'node', '/opt/tonearm/bin/tonearm.js'];
  const created = await box.exec([...tonearm, 'token', 'create', '--role', 'owner', '--name', 'r']);
  t.is(created.code, 0, created.stderr);
  const token = created.stdout.trim();
  const tokens = path.join(root.data, 'tonearm', 'tokens.json');
  await access(tokens);
  // The service looks for tokens the CLI added at most once a second.
  await waitFor(
    'the service to know the new token',
    async () => ((await http('GET', '/api/v1/mixer', { token })).status === 200 ? true : undefined),
    10_000,
    200,
  );

  const asked = await http('POST', '/api/v1/system/factory-reset', {
    token,
    body: { confirm: 'erase this box' },
  });
  t.is(asked.status, 202, asked.body);
  const started = Date.now();
  t.true(await box.endsWithin(60_000), 'tonearm-reset.path rebooted the box');
  figures.resetToReboot = `${Date.now() - started} ms`;

  await boot();
  await t.throwsAsync(access(tokens), undefined, 'the tokens are gone');
  await t.throwsAsync(access(path.join(root.data, 'tonearm', '.factory-reset')));
  const after = await http('GET', '/api/v1/mixer', { token });
  t.is(after.status, 401, 'the old token no longer opens anything');
  // Booted once more, it stays up: the reset is not repeated.
  const props = await box.unitProperties('tonearm-reset.service');
  t.not(props.ActiveState, 'failed');
  t.is(await box.endsWithin(3000), false, 'no second reboot');
});
