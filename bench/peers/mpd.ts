import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { percentile, rssMiB, timeEach } from '../stats.ts';
import { MpdClient, mpdQuote, waitForPort } from './mpd-client.ts';
import { firstBytes, medianStartMs, startDaemon, stopDaemon } from './process.ts';
import type { PlayerFigures, Workload } from './types.ts';

/** Waits until the server's `status` no longer reports a database update in progress. */
export async function waitForUpdate(client: MpdClient): Promise<void> {
  for (;;) {
    const status = await client.command('status');
    if (!status.includes('updating_db:')) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function queryLatencies(client: MpdClient, work: Workload) {
  const search = await timeEach(work.searchWords, (w) =>
    client.command(`search any ${mpdQuote(w)}`),
  );
  const browse = await timeEach(work.browseArtists, (a) =>
    client.command(`list album artist ${mpdQuote(a)}`),
  );
  return {
    searchP50: percentile(search, 50),
    searchP99: percentile(search, 99),
    browseP50: percentile(browse, 50),
    browseP99: percentile(browse, 99),
  };
}

/** Time from `add` + `play` to the first PCM bytes at a FIFO output. */
export async function playToPcm(client: MpdClient, work: Workload, fifo: string) {
  await client.command('clear');
  await client.command(`add ${mpdQuote(work.playPath)}`);
  let sent = 0;
  const arrival = firstBytes(fifo, () => sent);
  sent = performance.now();
  await client.command('play');
  const figure = await arrival;
  await client.command('stop');
  return figure;
}

export async function benchMpd(work: Workload, port = 16600): Promise<PlayerFigures> {
  const dir = path.join(work.workDir, 'mpd');
  await mkdir(dir, { recursive: true });
  const fifo = path.join(dir, 'pcm.fifo');
  const conf = path.join(dir, 'mpd.conf');
  await writeFile(
    conf,
    [
      `music_directory "${work.musicDir}"`,
      `db_file "${path.join(dir, 'database')}"`,
      `log_file "${path.join(dir, 'log')}"`,
      `bind_to_address "127.0.0.1"`,
      `port "${port}"`,
      'auto_update "no"',
      'audio_output {',
      '  type "fifo"',
      '  name "bench"',
      `  path "${fifo}"`,
      '  format "44100:16:2"',
      '}',
      '',
    ].join('\n'),
  );

  let daemon = startDaemon('mpd', ['--no-daemon', conf]);
  await waitForPort(port, 10_000);
  let client = await MpdClient.connect(port);
  let start = performance.now();
  await client.command('update');
  await waitForUpdate(client);
  const fullScanMs = performance.now() - start;
  const songs = Number(/songs: (\d+)/.exec(await client.command('stats'))?.[1]);
  if (songs !== work.expectedTracks) {
    throw new Error(`MPD indexed ${songs} songs, expected ${work.expectedTracks}`);
  }
  start = performance.now();
  await client.command('update');
  await waitForUpdate(client);
  const rescanMs = performance.now() - start;
  client.close();
  await stopDaemon(daemon);

  const startMs = await medianStartMs(
    () => startDaemon('mpd', ['--no-daemon', conf]),
    () => waitForPort(port, 10_000),
  );
  daemon = startDaemon('mpd', ['--no-daemon', conf]);
  await waitForPort(port, 10_000);
  client = await MpdClient.connect(port);
  const latencies = await queryLatencies(client, work);
  const rss = rssMiB(daemon.pid as number);
  const playToPcmMs = await playToPcm(client, work, fifo);
  client.close();
  await stopDaemon(daemon);

  return { name: 'MPD', fullScanMs, rescanMs, startMs, ...latencies, rssMiB: rss, playToPcmMs };
}
