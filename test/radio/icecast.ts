import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A real Icecast server (Debian's icecast2, see scripts/system-packages.txt) on loopback, fed
 * by ffmpeg. Icecast refuses to run as root unless told which user to become, so as root the
 * config names Debian's icecast2 user and the log directory is made writable for it.
 */

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function config(dir: string, port: number, sourcePw: string, adminPw: string): string {
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot
    ? '<changeowner><user>icecast2</user><group>icecast</group></changeowner>'
    : '';
  return `<icecast>
  <location>test</location><admin>test@localhost</admin>
  <limits><clients>20</clients><sources>4</sources><queue-size>524288</queue-size>
    <client-timeout>30</client-timeout><header-timeout>15</header-timeout>
    <source-timeout>10</source-timeout><burst-on-connect>1</burst-on-connect>
    <burst-size>65535</burst-size></limits>
  <authentication><source-password>${sourcePw}</source-password>
    <admin-user>admin</admin-user><admin-password>${adminPw}</admin-password></authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>${port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>0</fileserve>
  <paths><basedir>${dir}</basedir><logdir>${dir}/log</logdir>
    <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot>
  </paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog>
    <loglevel>2</loglevel></logging>
  <security><chroot>0</chroot>${owner}</security>
</icecast>
`;
}

export type FeedCodec = 'mp3' | 'aac' | 'vorbis';

const CODEC_ARGS: Record<FeedCodec, string[]> = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '128k', '-content_type', 'audio/mpeg', '-f', 'mp3'],
  aac: ['-c:a', 'aac', '-b:a', '96k', '-content_type', 'audio/aac', '-f', 'adts'],
  vorbis: ['-c:a', 'libvorbis', '-q:a', '2', '-content_type', 'application/ogg', '-f', 'ogg'],
};

export class Icecast {
  private server: ChildProcess | null = null;
  private sources = new Map<string, ChildProcess>();
  readonly sourcePw = randomBytes(9).toString('hex');
  readonly adminPw = randomBytes(9).toString('hex');

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<Icecast> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-icecast-'));
    await chmod(dir, 0o755);
    await mkdir(path.join(dir, 'log'), { mode: 0o777 });
    await chmod(path.join(dir, 'log'), 0o777);
    const ice = new Icecast(dir, await freePort());
    await writeFile(
      path.join(dir, 'icecast.xml'),
      config(dir, ice.port, ice.sourcePw, ice.adminPw),
    );
    return ice;
  }

  url(mount: string): string {
    return `http://127.0.0.1:${this.port}${mount}`;
  }

  async start(): Promise<void> {
    const child = spawn('icecast2', ['-c', path.join(this.dir, 'icecast.xml')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let failure: Error | null = null;
    child.on('error', (err) => (failure = err));
    this.server = child;
    for (let i = 0; i < 100 && !failure && child.exitCode === null; i++) {
      if (await this.answers()) return;
      await sleep(50);
    }
    const why = failure ? (failure as Error).message : `exit code ${child.exitCode}`;
    throw new Error(`icecast2 did not start (${why}); scripts/setup.sh --dev installs it`);
  }

  /** Feed a sine as MP3, AAC (ADTS) or Ogg Vorbis to `mount`, in real time, with ffmpeg. */
  async feed(
    mount: string,
    options: { frequency?: number; codec?: FeedCodec } = {},
  ): Promise<void> {
    const codec = CODEC_ARGS[options.codec ?? 'mp3'];
    const source = spawn(
      'ffmpeg',
      [
        ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-f', 'lavfi'],
        ...['-i', `sine=frequency=${options.frequency ?? 440}:sample_rate=44100`, '-ac', '2'],
        ...codec,
        `icecast://source:${this.sourcePw}@127.0.0.1:${this.port}${mount}`,
      ],
      { stdio: 'ignore' },
    );
    this.sources.set(mount, source);
    for (let i = 0; i < 100; i++) {
      if (await this.hasMount(mount)) return;
      await sleep(50);
    }
    throw new Error(`ffmpeg did not start feeding ${mount}`);
  }

  /** Set the title Icecast puts into the stream's ICY metadata. */
  async setTitle(mount: string, title: string): Promise<void> {
    const query = new URLSearchParams({ mount, mode: 'updinfo', song: title });
    const status = await this.get(`/admin/metadata?${query}`, true);
    if (status !== 200) throw new Error(`icecast refused the title update (${status})`);
  }

  async stop(): Promise<void> {
    for (const source of this.sources.values()) source.kill('SIGKILL');
    this.sources.clear();
    const server = this.server;
    this.server = null;
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
    }
  }

  async close(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async answers(): Promise<boolean> {
    return (await this.get('/status-json.xsl', false)) > 0;
  }

  private async hasMount(mount: string): Promise<boolean> {
    return (await this.get(`/admin/stats?mount=${encodeURIComponent(mount)}`, true)) === 200;
  }

  private get(pathAndQuery: string, admin: boolean): Promise<number> {
    return new Promise((resolve) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port: this.port,
          path: pathAndQuery,
          ...(admin ? { auth: `admin:${this.adminPw}` } : {}),
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', () => resolve(0));
      req.setTimeout(1000, () => req.destroy());
    });
  }
}
