import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// These run the CLI as a separate process, the way a person does, from the TypeScript sources
// through tsx so the test does not depend on a fresh `npm run build`.
const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');

async function tonearm(args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import=tsx', path.join(repo, 'app/cli/index.ts'), ...args],
      { cwd: repo },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir = '';
test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-cli-'));
});
test.after.always(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('config check accepts a valid file', async (t) => {
  const file = path.join(dir, 'ok.toml');
  await writeFile(file, '[audio]\noutput = "null"\n');
  const result = await tonearm(['config', 'check', file]);
  t.is(result.code, 0);
  t.is(result.stdout, `${file}: valid\n`);
});

test('config check lists every problem and exits non-zero', async (t) => {
  const file = path.join(dir, 'bad.toml');
  await writeFile(file, '[audio]\noutput = "cd"\n[web]\nlisten = "nowhere"\n');
  const result = await tonearm(['config', 'check', file]);
  t.is(result.code, 1);
  t.regex(result.stderr, /audio\.output: /);
  t.regex(result.stderr, /web\.listen: must be HOST:PORT/);
  t.notRegex(result.stderr, /at \w+ \(/, 'no stack trace');
});

test('token create prints only the token, and stores only its hash', async (t) => {
  const file = path.join(dir, 'token.toml');
  const dataDir = path.join(dir, 'data');
  await writeFile(file, `[storage]\ndata_dir = "${dataDir}"\n`);
  const result = await tonearm(['token', 'create', '--role', 'owner', '--name', 'ci', '-c', file]);
  t.is(result.code, 0);
  const token = result.stdout.trim();
  t.regex(token, /^[A-Za-z0-9_-]{40,}$/);
  t.is(result.stdout, `${token}\n`);
  const stored = await readFile(path.join(dataDir, 'tokens.json'), 'utf8');
  t.false(stored.includes(token));
  t.true(stored.includes('"ci"'));
});

test('an unknown role is refused before anything is written', async (t) => {
  const result = await tonearm(['token', 'create', '--role', 'root', '--name', 'x']);
  t.not(result.code, 0);
  t.regex(result.stderr, /root/);
});
