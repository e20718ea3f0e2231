import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TokenStore } from '../../app/web/index.ts';
import { tonearmConfig } from './configs.ts';
import { runToEnd, startDaemon, stopDaemon } from './process.ts';
import { fanOut, latency, send, type Latency } from './web-load.ts';

export interface WebFigures {
  name: string;
  state1: Latency;
  state50: Latency;
  search1: Latency;
  search50: Latency;
  fanOut50: Latency;
}

const repo = path.resolve(import.meta.dirname, '../..');
const built = path.join(repo, 'dist/app/tonearm.js');

/**
 * The CLI as built by `npm run build` (run it first: a stale dist/ measures old code), or from
 * the sources under tsx when there is no build or TONEARM_BENCH_SOURCES=1.
 */
function cli(args: string[]): [string, string[]] {
  const sources = process.env.TONEARM_BENCH_SOURCES === '1';
  if (existsSync(built) && !sources) return [process.execPath, [built, ...args]];
  return [process.execPath, ['--import', 'tsx', path.join(repo, 'app/cli/index.ts'), ...args]];
}

/**
 * Tonearm as a separate process (`tonearm serve`), null audio output, searched with a bearer
 * token.
 */
export async function webTonearm(
  musicDir: string,
  workDir: string,
  words: string[],
  port = 16681,
): Promise<WebFigures> {
  const dataDir = path.join(workDir, 'tonearm-web');
  await mkdir(dataDir, { recursive: true });
  const conf = path.join(workDir, 'tonearm-web.toml');
  await writeFile(
    conf,
    tonearmConfig({ musicDir, dataDir, port, output: 'null', webConnections: 64 }),
  );
  const [node, scanArgs] = cli(['scan', '--config', conf]);
  await runToEnd(node, scanArgs);
  const store = await TokenStore.open(dataDir);
  const { token } = await store.create({ kind: 'script', role: 'owner', name: 'bench' });
  await store.close();

  const [, serveArgs] = cli(['serve', '--config', conf]);
  const daemon = startDaemon(node, serveArgs);
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${token}` };
  try {
    await waitFor(() => send(`${base}/api/v1/session`));
    const state = () => send(`${base}/api/v1/player`, { headers });
    const search = (i: number) =>
      send(`${base}/api/v1/library/search?q=${encodeURIComponent(words[i % words.length]!)}`, {
        headers,
      });
    const volume = (i: number) =>
      send(`${base}/api/v1/mixer`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ volume: 10 + (i % 50) }),
      });
    return {
      name: 'Tonearm',
      state1: await latency(1, 500, state),
      state50: await latency(50, 2000, state),
      search1: await latency(1, 200, search),
      search50: await latency(50, 1000, search),
      fanOut50: await fanOut(
        `ws://127.0.0.1:${port}/api/v1/events`,
        { ...headers, origin: base },
        50,
        50,
        volume,
        (m, i) => {
          const msg = m as { event: string; data: { volume: number } };
          return msg.event === 'mixer.changed' && msg.data.volume === 10 + (i % 50);
        },
      ),
    };
  } finally {
    await stopDaemon(daemon);
  }
}

export async function waitFor(fn: () => Promise<unknown>, timeoutMs = 60_000): Promise<void> {
  const start = performance.now();
  for (;;) {
    try {
      await fn();
      return;
    } catch (err) {
      if (performance.now() - start > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
