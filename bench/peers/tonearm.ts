import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TokenStore } from '../../app/web/index.ts';
import { percentile, rssMiB, timeEach } from '../stats.ts';
import { tonearmConfig } from './configs.ts';
import { firstBytes, medianStartMs, runToEnd, startDaemon, stopDaemon } from './process.ts';
import type { PlayerFigures, Workload } from './types.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'dist/app/tonearm.js');

async function waitForHttp(base: string, timeoutMs: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    try {
      await fetch(`${base}/api/v1/session`);
      return performance.now() - start;
    } catch {
      if (performance.now() - start > timeoutMs) throw new Error(`${base} never answered`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/**
 * The built service (`npm run build` first), as the appliance runs it: a separate process,
 * scanned by the `tonearm scan` command, queried over HTTP with a bearer token, playing through
 * `aplay` into alsa-lib's `file` plugin, which writes to a FIFO the benchmark reads.
 */
export async function benchTonearm(work: Workload, port = 16680): Promise<PlayerFigures> {
  const dir = path.join(work.workDir, 'tonearm');
  const dataDir = path.join(dir, 'data');
  await mkdir(dir, { recursive: true });
  const fifo = path.join(dir, 'pcm.fifo');
  execFileSync('mkfifo', [fifo]);
  const asound = path.join(dir, 'asound.conf');
  await writeFile(
    asound,
    `pcm.bench {\n  type file\n  slave.pcm { type null }\n  file "${fifo}"\n  format "raw"\n}\n`,
  );
  const conf = path.join(dir, 'tonearm.toml');
  await writeFile(
    conf,
    tonearmConfig({ musicDir: work.musicDir, dataDir, port, output: 'alsa', device: 'bench' }),
  );

  const scan = [
    process.execPath,
    ['--max-semi-space-size=2', cli, 'scan', '--config', conf],
  ] as const;
  const fullScanMs = await runToEnd(scan[0], [...scan[1]]);
  const rescanMs = await runToEnd(scan[0], [...scan[1]]);

  const store = await TokenStore.open(dataDir);
  const { token } = await store.create({ kind: 'script', role: 'owner', name: 'bench' });
  await store.close();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const base = `http://127.0.0.1:${port}`;
  const get = (route: string) =>
    fetch(`${base}/api/v1${route}`, { headers }).then(async (r) => {
      if (!r.ok) throw new Error(`${route}: ${r.status}`);
      return r.json();
    });
  const post = (route: string, body: unknown) =>
    fetch(`${base}/api/v1${route}`, { method: 'POST', headers, body: JSON.stringify(body) });

  // The same V8 flag the systemd unit runs the service with.
  const serve = () =>
    startDaemon(process.execPath, ['--max-semi-space-size=2', cli, 'serve', '--config', conf], {
      ...process.env,
      ALSA_CONFIG_PATH: asound,
    });
  const startMs = await medianStartMs(serve, () => waitForHttp(base, 10_000));
  const daemon = serve();
  await waitForHttp(base, 10_000);

  const search = await timeEach(work.searchWords, (w) =>
    get(`/library/search?q=${encodeURIComponent(w)}&limit=500`),
  );
  const browse = await timeEach(work.browseArtists, (a) =>
    get(`/library/browse?uri=${encodeURIComponent(`local:artist:${encodeURIComponent(a)}`)}`),
  );
  const rss = rssMiB(daemon.pid as number);

  const uri = `local:track:${work.playPath.split('/').map(encodeURIComponent).join('/')}`;
  await post('/queue', { uris: [uri] });
  let sent = 0;
  const arrival = firstBytes(fifo, () => sent);
  sent = performance.now();
  await post('/player/play', {});
  const playToPcmMs = await arrival;
  await post('/player/stop', {});
  await stopDaemon(daemon);

  return {
    name: 'Tonearm',
    fullScanMs,
    rescanMs,
    startMs,
    searchP50: percentile(search, 50),
    searchP99: percentile(search, 99),
    browseP50: percentile(browse, 50),
    browseP99: percentile(browse, 99),
    rssMiB: rss,
    playToPcmMs,
  };
}
