import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { run, runOk, waitFor, type RunResult } from './run.ts';

export interface BootOptions {
  root: string;
  /** Host directory bind-mounted as /data, standing in for the data partition. */
  data: string;
  /** Host tmpfs bind-mounted as /boot/firmware, standing in for the boot partition. */
  boot: string;
  /** Host directory bind-mounted read-only as /srv/music, standing in for the music drive. */
  music: string;
  /** Where the container's console output goes, for reading after a failure. */
  consoleLog: string;
}

async function childrenOf(parent: number): Promise<Array<{ pid: number; comm: string }>> {
  const found: Array<{ pid: number; comm: string }> = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // comm is in parentheses and may hold spaces; the fields after it are space-separated.
    const match = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
    if (match && Number(match[2]) === parent) found.push({ pid: Number(entry), comm: match[1]! });
  }
  return found;
}

/**
 * A root file system booted by systemd-nspawn with systemd as PID 1 and the root read-only.
 * Here (no host systemd) nspawn needs --register=no --keep-unit; commands run inside through
 * nsenter on the container's PID 1, and stopping is a signal to that PID 1.
 */
export class Container {
  private constructor(
    private readonly nspawn: ChildProcess,
    readonly pid1: number,
    private readonly exited: Promise<void>,
  ) {}

  static async boot(options: BootOptions): Promise<Container> {
    const args = [
      '--register=no',
      '--keep-unit',
      '--quiet',
      `--directory=${options.root}`,
      '--read-only',
      // Its own network namespace, so "what listens" is the box's own list and nftables rules
      // load into the container, not the host; a veth pair (ve-tonearm on the host, host0
      // inside) lets the test send packets through the box's firewall like a LAN would.
      '--network-veth',
      '--machine=tonearm',
      `--bind=${options.data}:/data`,
      `--bind=${options.boot}:/boot/firmware`,
      `--bind-ro=${options.music}:/srv/music`,
      '--hostname=tonearm',
      '--console=read-only',
      '--boot',
    ];
    const nspawn = spawn('systemd-nspawn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(options.consoleLog, { flags: 'a' });
    nspawn.stdout.pipe(log);
    nspawn.stderr.pipe(log);
    const exited = new Promise<void>((resolve) => nspawn.once('exit', () => resolve()));

    const pid1 = await waitFor(
      'the container to start systemd',
      async () => {
        if (nspawn.exitCode !== null)
          throw new Error(`systemd-nspawn exited, see ${options.consoleLog}`);
        const init = (await childrenOf(nspawn.pid!)).find((child) => child.comm === 'systemd');
        return init?.pid;
      },
      20_000,
      50,
    );
    const container = new Container(nspawn, pid1, exited);
    await waitFor(
      'the container manager to answer',
      async () => {
        const result = await container.exec(['systemctl', 'is-system-running']);
        return result.stdout.trim() === '' ? undefined : true;
      },
      20_000,
    );
    return container;
  }

  /** Run a command inside the container: all its namespaces, its root, as its root user. */
  exec(command: readonly string[], timeoutMs = 60_000): Promise<RunResult> {
    const target = String(this.pid1);
    const namespaces = ['-m', '-u', '-i', '-n', '-p', '-r', '-w'];
    return run('nsenter', ['-t', target, ...namespaces, '--', ...command], { timeoutMs });
  }

  /**
   * Give the veth pair addresses: a LAN subnet and a public-looking one (TEST-NET-2) on both
   * ends, so the host can reach the box from either and the box can answer both.
   */
  async wireNetwork(): Promise<void> {
    for (const cidr of ['192.168.213.1/24', '198.51.100.1/24']) {
      await runOk('ip', ['addr', 'add', cidr, 'dev', Container.hostInterface]);
    }
    await runOk('ip', ['link', 'set', Container.hostInterface, 'up']);
    for (const cidr of ['192.168.213.2/24', '198.51.100.2/24']) {
      const result = await this.inNetwork(['ip', 'addr', 'add', cidr, 'dev', 'host0']);
      if (result.code !== 0) throw new Error(result.stderr);
    }
    await this.inNetwork(['ip', 'link', 'set', 'host0', 'up']);
  }

  static readonly hostInterface = 've-tonearm';

  /** Run a host program in the container's network namespace only (curl, ss). */
  inNetwork(command: readonly string[], timeoutMs = 30_000): Promise<RunResult> {
    return run('nsenter', ['-t', String(this.pid1), '-n', '--', ...command], { timeoutMs });
  }

  async unitProperties(unit: string): Promise<Record<string, string>> {
    const props = 'ActiveState,SubState,Result,MainPID,NRestarts';
    const result = await this.exec(['systemctl', 'show', `--property=${props}`, unit]);
    const entries = result.stdout
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
    return Object.fromEntries(entries) as Record<string, string>;
  }

  /** Wait until the unit is active, failing early with its journal when it gives up. */
  async waitActive(unit: string, timeoutMs: number): Promise<Record<string, string>> {
    return waitFor(
      `${unit} to become active`,
      async () => {
        const props = await this.unitProperties(unit);
        if (props.ActiveState === 'active') return props;
        if (props.ActiveState === 'failed') {
          throw new Error(`${unit} failed (${props.Result}):\n${await this.journal(unit)}`);
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  async journal(unit: string, lines = 40): Promise<string> {
    const args = ['journalctl', '--no-pager', '-o', 'short-monotonic', '-n', String(lines)];
    const result = await this.exec([...args, '-u', unit]);
    return result.stdout;
  }

  /** A clean shutdown: SIGRTMIN+4 asks systemd to power off. */
  async powerOff(timeoutMs = 30_000): Promise<void> {
    // Node knows no real-time signal names; glibc's SIGRTMIN is 34, so SIGRTMIN+4 is 38.
    process.kill(this.pid1, 38);
    await this.waitExit(timeoutMs);
  }

  /** Pulling the power: SIGKILL to PID 1 ends every process in the container at once. */
  async hardKill(timeoutMs = 10_000): Promise<void> {
    process.kill(this.pid1, 'SIGKILL');
    await this.waitExit(timeoutMs);
  }

  /**
   * Waits for the container to end by itself (systemd inside rebooted or powered off, which
   * ends systemd-nspawn); false when it is still running after `timeoutMs`.
   */
  async endsWithin(timeoutMs: number): Promise<boolean> {
    const timer = new Promise<'timeout'>((resolve) => setTimeout(resolve, timeoutMs, 'timeout'));
    return (await Promise.race([this.exited, timer])) !== 'timeout';
  }

  private async waitExit(timeoutMs: number): Promise<void> {
    const timer = new Promise<'timeout'>((resolve) => setTimeout(resolve, timeoutMs, 'timeout'));
    if ((await Promise.race([this.exited, timer])) === 'timeout') {
      this.nspawn.kill('SIGKILL');
      await this.exited;
    }
  }
}
