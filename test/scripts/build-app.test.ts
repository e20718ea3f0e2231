import test from 'ava';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { generateDemoLibrary } from '../../app/demo/library.ts';
import { buildApp } from '../../scripts/build-app.ts';
import { buildUi } from '../../scripts/build-ui.ts';

// Every other test runs the TypeScript sources through tsx. The appliance runs the esbuild
// bundle instead, so this one builds it and drives it as a separate process: the CLI, the
// scan and tag-reader threads, the decode thread and the UI files must all be found from the
// flat output folder. It is built inside the checkout so the native addons it leaves outside
// resolve from node_modules, as they do on the image.
const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');

let root = '';
let cli = '';
let config = '';
let wav = '';

test.before(async () => {
  await mkdir(path.join(repo, '.tmp'), { recursive: true });
  root = await mkdtemp(path.join(repo, '.tmp', 'bundle-test-'));
  const appDir = await buildApp(path.join(root, 'app'));
  await buildUi(path.join(appDir, 'ui'));
  cli = path.join(appDir, 'tonearm.js');

  const music = path.join(root, 'music');
  await generateDemoLibrary(music, { seconds: 1 });
  wav = path.join(root, 'out.wav');
  config = path.join(root, 'tonearm.toml');
  await writeFile(
    config,
    [
      `[library]\nmedia_dir = ${JSON.stringify(music)}`,
      `[storage]\ndata_dir = ${JSON.stringify(path.join(root, 'data'))}`,
      `[audio]\noutput = "file"\ndevice = ${JSON.stringify(wav)}`,
      `[mixer]\ntype = "software"`,
      `[web]\nlisten = "127.0.0.1:0"`,
      `[input]\ndevices = []`,
      '',
    ].join('\n'),
  );
});

test.after.always(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

function tonearm(args: string[]) {
  return run(process.execPath, [cli, ...args], { cwd: root });
}

/** Starts `serve` and resolves with the port from its start-up log line. */
function serve(): Promise<{ child: ChildProcess; port: number; log: string[] }> {
  const child = spawn(process.execPath, [cli, 'serve', '--config', config], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    let rest = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        log.push(line);
        const entry = JSON.parse(line) as { msg: string; web?: string };
        if (entry.msg === 'tonearm started') {
          resolve({ child, port: Number(entry.web?.split(':').pop()), log });
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${log.join('\n')}`)));
  });
}

test('the bundled CLI scans, serves the UI, and plays through its decode thread', async (t) => {
  const scan = await tonearm(['scan', '--config', config]);
  t.regex(scan.stdout + scan.stderr, /scanned 9 files/);
  const created = await tonearm([
    'token',
    'create',
    '--role',
    'owner',
    '--name',
    'bundle',
    '-c',
    config,
  ]);
  const token = created.stdout.trim();

  const { child, port } = await serve();
  t.teardown(() => child.kill('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  const api = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const page = await fetch(`${base}/`);
  t.is(page.status, 200);
  t.regex(await page.text(), /<html/i);

  const found = await api('GET', '/library/search?q=concert');
  const tracks = found.body.tracks as { uri: string; duration: number }[];
  t.is(tracks.length, 1);
  t.is((await api('POST', '/queue', { uris: [tracks[0]?.uri] })).status, 201);
  t.is((await api('POST', '/player/play', {})).status, 200);

  // The file output renames a whole WAV into place once the track has drained.
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && !(await stat(wav).catch(() => null))) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const bytes = await readFile(wav);
  t.is(bytes.toString('latin1', 0, 4), 'RIFF');
  // One second of 16-bit stereo at 44.1 kHz, give or take the decoder's last partial block.
  t.true(Math.abs(bytes.length - 44 - 44_100 * 4) < 44_100 * 4 * 0.05, `${bytes.length} bytes`);

  child.kill('SIGTERM');
  const code = await new Promise((r) => child.on('exit', r));
  t.is(code, 0);
});
