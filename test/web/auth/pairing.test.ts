import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import { createLogger } from '../../../app/log.ts';
import { Pairing } from '../../../app/web/auth/pairing.ts';
import { approvalSocketPath, requestApproval, TokenStore } from '../../../app/web/index.ts';
import { call, pair } from '../_http.ts';
import { startWorld, type World } from '../_world.ts';

async function ask(world: World, name: string, from?: string) {
  return call(world, {
    method: 'POST',
    path: '/api/v1/pairing',
    headers: { origin: world.origin },
    body: { name },
    ...(from ? { from } : {}),
  });
}

async function claim(world: World, id: string, from?: string) {
  return call(world, {
    method: 'POST',
    path: '/api/v1/pairing/claim',
    headers: { origin: world.origin },
    body: { id },
    ...(from ? { from } : {}),
  });
}

test.serial('without a press a request stays pending, then closes with no cookie', async (t) => {
  const world = await startWorld({ media: false, pairingWindowMs: 3000 });
  t.teardown(() => world.close());
  const asked = await ask(world, 'phone');
  t.is(asked.status, 201);
  const { id } = asked.json as { id: string };

  const waiting = await claim(world, id);
  t.is(waiting.status, 200);
  t.is((waiting.json as { state: string }).state, 'pending');
  t.is(waiting.headers['set-cookie'], undefined);

  await sleep(3100);
  const late = await claim(world, id);
  t.is(late.status, 410);
  t.is(late.code, 'PAIRING_CLOSED');
  t.is(late.headers['set-cookie'], undefined);
  t.deepEqual(world.auth.tokens.list(), []);
  t.is(world.auth.approvePairing().outcome, 'none', 'an expired request cannot be approved');
});

test('with two requests pending one press refuses both', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const a = (await ask(world, 'my phone')).json as { id: string };
  const b = (await ask(world, 'intruder')).json as { id: string };

  t.deepEqual(world.auth.approvePairing(), { outcome: 'ambiguous', refused: 2 });
  for (const { id } of [a, b]) {
    const res = await claim(world, id);
    t.is(res.status, 410);
    t.is(res.headers['set-cookie'], undefined);
  }
  t.deepEqual(world.auth.tokens.list(), []);
  t.is(world.auth.approvePairing().outcome, 'none', 'a second press approves nothing');
});

test('phone and box show one code; the first device is owner, the next listener', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());

  const asked = (await ask(world, 'kitchen')).json as { id: string; code: string };
  t.regex(asked.code, /^\d{6}$/);
  t.is(world.shown.at(-1)?.code, asked.code);
  t.is(world.shown.at(-1)?.name, 'kitchen');
  t.like(world.auth.approvePairing(), { outcome: 'approved', code: asked.code });
  const first = await claim(world, asked.id);
  t.is((first.json as { role: string }).role, 'owner');
  t.is((await claim(world, asked.id)).status, 410, 'a request is collected only once');

  const second = await pair(world, 'bedroom');
  t.is(second.role, 'listener');
  const devices = await call(world, { path: '/api/v1/devices', headers: second.headers });
  t.is(devices.status, 403);
});

test('the CLI approves through a unix socket only the service user can reach', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const file = approvalSocketPath(world.dataDir);
  t.is((await stat(file)).mode & 0o777, 0o600);
  t.is((await stat(path.dirname(file))).mode & 0o777, 0o700);

  t.deepEqual(await requestApproval(world.dataDir), { outcome: 'none' });
  const asked = (await ask(world, 'laptop')).json as { id: string; code: string };
  t.deepEqual(await requestApproval(world.dataDir), {
    outcome: 'approved',
    name: 'laptop',
    code: asked.code,
  });
  t.is((await claim(world, asked.id)).status, 200);
});

test('guessing request ids gets 410s, then 429 for that address', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const budget = world.config.web.rate_limits.auth_failures_per_address;
  const statuses: number[] = [];
  for (let i = 0; i < budget + 2; i++) {
    statuses.push((await claim(world, randomBytes(16).toString('hex'))).status);
  }
  t.deepEqual(statuses.slice(0, budget), Array(budget).fill(410));
  t.deepEqual(statuses.slice(budget), [429, 429]);
});

test('guessing request ids from many addresses spends the box-wide budget', async (t) => {
  const world = await startWorld({
    media: false,
    web: { rate_limits: { auth_failures_per_address: 2, auth_failures_global: 3 } },
  });
  t.teardown(() => world.close());
  const guess = () => randomBytes(16).toString('hex');
  for (const from of ['127.0.0.1', '127.0.0.1', '127.0.0.2']) {
    t.is((await claim(world, guess(), from)).status, 410);
  }
  t.is((await claim(world, guess(), '127.0.0.3')).status, 429);
});

test('pairing requests are limited per address and for the whole box', async (t) => {
  const world = await startWorld({
    media: false,
    web: { rate_limits: { pairing_per_address: 1, pairing_global: 2 } },
  });
  t.teardown(() => world.close());
  t.is((await ask(world, 'a', '127.0.0.1')).status, 201);
  t.is((await ask(world, 'a again', '127.0.0.1')).status, 429);
  t.is((await ask(world, 'b', '127.0.0.2')).status, 201);
  t.is((await ask(world, 'c', '127.0.0.3')).status, 429, 'the box-wide budget is spent');
});

test('a device name must be printable text', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  t.is((await ask(world, 'evil\u0000name')).status, 400);
  t.is((await ask(world, 'x'.repeat(65))).status, 400);
});

test('a broken display does not stop pairing', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-pair-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const tokens = await TokenStore.open(dir);
  t.teardown(() => tokens.close());
  const broken = {
    show: () => {
      throw new Error('display unplugged');
    },
    clear: () => {
      throw new Error('display unplugged');
    },
  };
  const pairing = new Pairing(tokens, broken, createLogger({ level: 'silent' }));
  const { id } = pairing.request('phone');
  t.is(pairing.approve().outcome, 'approved');
  t.like(await pairing.claim(id), { state: 'approved', role: 'owner' });
});
