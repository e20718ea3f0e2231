import path from 'node:path';

/**
 * Config files for the players under test, in one place so every benchmark runs them the same
 * way. Mopidy's search limit is raised from its default of 100 to compare like with like, and
 * the frontends and backends a run does not use are switched off.
 */
export function mopidyConfig(options: {
  dir: string;
  musicDir: string;
  /** A GStreamer sink description for [audio] output. */
  output: string;
  frontend: { kind: 'mpd' | 'http'; port: number };
}): string {
  const { dir, frontend } = options;
  const other = frontend.kind === 'mpd' ? 'http' : 'mpd';
  return [
    '[core]',
    `cache_dir = ${path.join(dir, 'cache')}`,
    `config_dir = ${path.join(dir, 'config')}`,
    `data_dir = ${path.join(dir, 'data')}`,
    '[logging]',
    'verbosity = -1',
    '[audio]',
    `output = ${options.output}`,
    'mixer = software',
    '[local]',
    `media_dir = ${options.musicDir}`,
    'max_search_results = 100000',
    `[${frontend.kind}]`,
    'hostname = 127.0.0.1',
    `port = ${frontend.port}`,
    'zeroconf =',
    `[${other}]`,
    'enabled = false',
    '[file]',
    'enabled = false',
    '[m3u]',
    'enabled = false',
    '[stream]',
    'enabled = false',
    '',
  ].join('\n');
}

/**
 * Tonearm's config for a benchmark. The search budget is raised: the default 600 a minute per
 * address would turn most of a benchmark's searches into 429s, which measures the limiter.
 */
export function tonearmConfig(options: {
  musicDir: string;
  dataDir: string;
  port: number;
  output: 'null' | 'alsa';
  device?: string;
  webConnections?: number;
}): string {
  return [
    '[library]',
    `media_dir = ${JSON.stringify(options.musicDir)}`,
    '[storage]',
    `data_dir = ${JSON.stringify(options.dataDir)}`,
    '[audio]',
    `output = "${options.output}"`,
    ...(options.device ? [`device = ${JSON.stringify(options.device)}`] : []),
    '[web]',
    `listen = "127.0.0.1:${options.port}"`,
    ...(options.webConnections ? [`ws_connections_per_address = ${options.webConnections}`] : []),
    '[web.rate_limits]',
    'search_per_address = 100000',
    '[log]',
    'level = "warn"',
    '',
  ].join('\n');
}
