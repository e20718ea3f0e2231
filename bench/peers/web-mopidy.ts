import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mopidyConfig } from './configs.ts';
import { runToEnd, startDaemon, stopDaemon } from './process.ts';
import { fanOut, latency, send } from './web-load.ts';
import { waitFor, type WebFigures } from './web-tonearm.ts';

/**
 * Mopidy 3 with Mopidy-Local and its own HTTP frontend: the same operations through its
 * JSON-RPC endpoint (/mopidy/rpc) and its event WebSocket (/mopidy/ws). Mopidy asks for no
 * credential at all, so its requests carry none. "Player state" is core.playback.get_state,
 * which returns less than Tonearm's GET /player (state, track, position, modes, mixer).
 */
export async function webMopidy(
  musicDir: string,
  workDir: string,
  words: string[],
  port = 16682,
): Promise<WebFigures> {
  const dir = path.join(workDir, 'mopidy-web');
  await mkdir(dir, { recursive: true });
  const conf = path.join(dir, 'mopidy.conf');
  await writeFile(
    conf,
    mopidyConfig({ dir, musicDir, output: 'fakesink', frontend: { kind: 'http', port } }),
  );
  await runToEnd('mopidy', ['--config', conf, 'local', 'scan']);

  const daemon = startDaemon('mopidy', ['--config', conf]);
  const base = `http://127.0.0.1:${port}`;
  let id = 0;
  const rpc = (method: string, params: object = {}) =>
    send(`${base}/mopidy/rpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    });
  try {
    await waitFor(() => rpc('core.get_version'));
    const state = () => rpc('core.playback.get_state');
    const search = (i: number) =>
      rpc('core.library.search', { query: { any: [words[i % words.length]!] } });
    return {
      name: 'Mopidy',
      state1: await latency(1, 500, state),
      state50: await latency(50, 2000, state),
      search1: await latency(1, 200, search),
      search50: await latency(50, 1000, search),
      fanOut50: await fanOut(
        `ws://127.0.0.1:${port}/mopidy/ws`,
        { origin: base },
        50,
        50,
        (i) => rpc('core.mixer.set_volume', { volume: 10 + (i % 50) }),
        (m, i) => {
          const msg = m as { event?: string; volume?: number };
          return msg.event === 'volume_changed' && msg.volume === 10 + (i % 50);
        },
      ),
    };
  } finally {
    await stopDaemon(daemon);
  }
}
