import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { rssMiB } from '../stats.ts';
import { mopidyConfig } from './configs.ts';
import { MpdClient, waitForPort } from './mpd-client.ts';
import { playToPcm, queryLatencies } from './mpd.ts';
import { medianStartMs, runToEnd, startDaemon, stopDaemon } from './process.ts';
import type { PlayerFigures, Workload } from './types.ts';

/**
 * Mopidy 3 with Mopidy-Local, driven through Mopidy-MPD so the same client and queries serve
 * all players.
 */
export async function benchMopidy(work: Workload, port = 16601): Promise<PlayerFigures> {
  const dir = path.join(work.workDir, 'mopidy');
  await mkdir(dir, { recursive: true });
  const fifo = path.join(dir, 'pcm.fifo');
  execFileSync('mkfifo', [fifo]);
  const conf = path.join(dir, 'mopidy.conf');
  await writeFile(
    conf,
    mopidyConfig({
      dir,
      musicDir: work.musicDir,
      output: `audioconvert ! audio/x-raw,format=S16LE ! filesink location=${fifo}`,
      frontend: { kind: 'mpd', port },
    }),
  );

  const fullScanMs = await runToEnd('mopidy', ['--config', conf, 'local', 'scan']);
  const rescanMs = await runToEnd('mopidy', ['--config', conf, 'local', 'scan']);

  const startMs = await medianStartMs(
    () => startDaemon('mopidy', ['--config', conf]),
    () => waitForPort(port, 60_000),
  );
  const daemon = startDaemon('mopidy', ['--config', conf]);
  await waitForPort(port, 60_000);
  const client = await MpdClient.connect(port);
  const latencies = await queryLatencies(client, { ...work });
  const rss = rssMiB(daemon.pid as number);
  const playToPcmMs = await playToPcm(
    client,
    { ...work, playPath: `local:track:${encodeURI(work.playPath)}` },
    fifo,
  );
  client.close();
  await stopDaemon(daemon);

  return { name: 'Mopidy', fullScanMs, rescanMs, startMs, ...latencies, rssMiB: rss, playToPcmMs };
}
