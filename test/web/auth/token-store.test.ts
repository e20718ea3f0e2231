import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import test, { type ExecutionContext } from 'ava';
import { createLogger } from '../../../app/log.ts';
import { sha256 } from '../../../app/web/auth/secrets.ts';
import { TokenStore, TOKENS_FILE } from '../../../app/web/auth/token-store.ts';

const log = createLogger({ level: 'silent' });

async function dataDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-tokens-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('a token is 256 random bits, shown once and stored only as its SHA-256', async (t) => {
  const dir = await dataDir(t);
  const store = await TokenStore.open(dir, log);
  const { token, info } = await store.create({ kind: 'script', role: 'owner', name: 'backup' });
  await store.close();

  t.regex(token, /^tnrm_[A-Za-z0-9_-]{43}$/);
  t.is(Buffer.from(token.slice(5), 'base64url').length, 32);
  const text = await readFile(path.join(dir, TOKENS_FILE), 'utf8');
  t.false(text.includes(token));
  t.false(text.includes(token.slice(5, 20)));
  t.true(text.includes(sha256(token).toString('hex')));
  t.is((await stat(path.join(dir, TOKENS_FILE))).mode & 0o777, 0o600);
  t.deepEqual(Object.keys(info).sort(), [
    'created',
    'id',
    'kind',
    'lastUsed',
    'name',
    'revoked',
    'role',
  ]);
  t.deepEqual(
    (await readdir(dir)).filter((f) => f.endsWith('.tmp')),
    [],
    'no temporary file left behind',
  );
});

test('verify finds the token, refuses near misses and revoked tokens', async (t) => {
  const store = await TokenStore.open(await dataDir(t), log);
  t.teardown(() => store.close());
  const { token, info } = await store.create({ kind: 'device', role: 'listener', name: 'phone' });

  t.is((await store.verify(token))?.id, info.id);
  const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
  t.is(await store.verify(flipped), null);
  t.is(await store.verify(''), null);
  t.is(await store.verify(`${token} `), null);
  t.is(await store.verify('x'.repeat(100_000)), null);

  const revoked: string[] = [];
  store.onRevoke((id) => revoked.push(id));
  await store.revoke(info.id);
  t.is(await store.verify(token), null);
  t.deepEqual(revoked, [info.id]);
  t.truthy(store.get(info.id)?.revoked);
});

test('a token the CLI makes while the service runs works, and nothing is lost', async (t) => {
  const dir = await dataDir(t);
  const service = await TokenStore.open(dir, log);
  t.teardown(() => service.close());
  const mine = await service.create({ kind: 'device', role: 'owner', name: 'phone' });

  const cli = await TokenStore.open(dir, log);
  const theirs = await cli.create({ kind: 'script', role: 'listener', name: 'cron' });
  await cli.close();
  await sleep(1100); // the service looks at the file at most once a second

  t.truthy(await service.verify(theirs.token));
  await service.create({ kind: 'script', role: 'owner', name: 'later' });
  const reread = await TokenStore.open(dir, log);
  t.deepEqual(
    reread
      .list()
      .map((i) => i.name)
      .sort(),
    ['cron', 'later', 'phone'],
  );
  t.truthy(await reread.verify(mine.token));
  await reread.close();
});

test('last use is recorded and survives a restart', async (t) => {
  const dir = await dataDir(t);
  const store = await TokenStore.open(dir, log);
  const { token, info } = await store.create({ kind: 'script', role: 'owner', name: 'x' });
  t.is(store.get(info.id)?.lastUsed, null);
  await store.verify(token);
  await store.close();
  const again = await TokenStore.open(dir, log);
  t.truthy(again.get(info.id)?.lastUsed);
  await again.close();
});

test('an unreadable token file is set aside, reported, and nobody is let in by it', async (t) => {
  const dir = await dataDir(t);
  await writeFile(path.join(dir, TOKENS_FILE), '{"version": 1, "tokens": [ {"id": ');
  const lines: string[] = [];
  const memLog = createLogger({
    level: 'info',
    destination: { write: (l: string) => lines.push(l) } as never,
  });
  const store = await TokenStore.open(dir, memLog);
  t.deepEqual(store.list(), []);
  t.false(store.hasActiveDevice());
  t.true((await readdir(dir)).some((f) => f.startsWith(`${TOKENS_FILE}.corrupt-`)));
  t.regex(lines.join(''), /set aside/);
  await store.close();
});
