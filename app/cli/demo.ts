import { existsSync } from 'node:fs';
import { probeAlsaDevice } from '../audio/index.ts';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify as toToml } from 'smol-toml';
import { validateConfig } from '../config/load.ts';
import { generateDemoLibrary } from '../demo/library.ts';
import { trackUri } from '../library/uri.ts';
import { createLogger } from '../log.ts';
import { runUntilSignalled } from './serve.ts';

function demoDir(): string {
  const dataHome = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(dataHome, 'tonearm-demo');
}

export async function demoCommand(opts: {
  dir?: string;
  listen: string;
  output?: string;
}): Promise<void> {
  const dir = path.resolve(opts.dir ?? demoDir());
  const musicDir = path.join(dir, 'music');
  const say = (line: string) => process.stdout.write(`${line}\n`);

  let files: string[] | null = null;
  if (!existsSync(path.join(musicDir, 'README.txt'))) {
    say(`Generating a demo library in ${musicDir} ...`);
    files = await generateDemoLibrary(musicDir, { onTrack: (f) => say(`  ${f}`) });
  }

  let output = opts.output;
  if (!output) {
    const problem = await probeAlsaDevice('default');
    output = problem ? 'null' : 'alsa';
    if (problem) {
      say(problem.message);
      say('So the demo plays to the null output: real time, no sound.');
    }
  }

  const raw = {
    library: { media_dir: musicDir },
    storage: { data_dir: path.join(dir, 'data') },
    audio: { output, device: output === 'file' ? path.join(dir, 'demo.wav') : 'default' },
    mixer: { type: 'software', startup_volume: 30 },
    web: { listen: opts.listen },
  };
  const config = validateConfig(raw, dir);
  await mkdir(dir, { recursive: true });
  const configFile = path.join(dir, 'tonearm.toml');
  await writeFile(configFile, toToml(raw));

  const log = createLogger({ level: process.env.TONEARM_LOG_LEVEL ?? 'warn' });
  const tonearm = await runUntilSignalled(config, log, { scanOnStart: true });
  await tonearm.initialScan;

  const { entries } = tonearm.core.queue.list();
  if (entries.length === 0) {
    const paths = files ?? (await listDemoFiles(musicDir));
    await tonearm.core.queue.add(paths.map((f) => trackUri(path.relative(musicDir, f))));
  }
  await tonearm.core.player.play();

  const { host, port } = tonearm.address;
  say(`Tonearm is playing ${tonearm.core.queue.list().entries.length} demo tracks.`);
  say(`API: http://${host}:${port}/api/v1/player   (Ctrl-C stops)`);
  say(
    `A token for scripts: npx tonearm token create --config ${configFile} --role owner --name me`,
  );
}

async function listDemoFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(flac|mp3|ogg|opus|m4a|wav)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
