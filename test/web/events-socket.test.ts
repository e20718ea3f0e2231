import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import anyTest, { type TestFn } from 'ava';
import WebSocket from 'ws';
import { createLogger } from '../../app/log.ts';
import { TokenStore } from '../../app/web/auth/token-store.ts';
import { ensureTlsIdentity } from '../../app/web/tls.ts';
import { call, pair, bearer, type Device } from './_http.ts';
import { startWorld, type World } from './_world.ts';

const test = anyTest as TestFn<{ world: World; owner: Device }>;

test.before(async (t) => {
  const world = await startWorld({ media: false, web: { ws_connections_per_address: 3 } });
  t.context = { world, owner: await pair(world, 'owner') };
});
test.after.always((t) => t.context.world?.close());

interface Opened {
  ws: WebSocket;
  messages: Array<{ event: string; data: unknown }>;
  raw: string[];
}

/** Open the event socket; resolves with the socket, or rejects with the refusal's status. */
function connect(world: World, headers: Record<string, string>): Promise<Opened> {
  const ws = new WebSocket(`ws://127.0.0.1:${world.port}/api/v1/events`, {
    headers: { host: world.host, ...headers },
  });
  const messages: Opened['messages'] = [];
  const raw: string[] = [];
  ws.on('message', (data: Buffer) => {
    raw.push(data.toString());
    messages.push(JSON.parse(data.toString()));
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages, raw }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(String(res.statusCode))));
    ws.once('error', reject);
  });
}

async function refusal(world: World, headers: Record<string, string>): Promise<string> {
  const err = await connect(world, headers).then(
    (o) => {
      o.ws.terminate();
      return new Error('opened');
    },
    (e: Error) => e,
  );
  return err.message;
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('a WebSocket from a foreign origin is refused during the handshake', async (t) => {
  const { world, owner } = t.context;
  t.is(await refusal(world, { cookie: owner.cookie, origin: 'http://evil.example' }), '403');
  t.is(await refusal(world, { cookie: owner.cookie, origin: 'null' }), '403');
});

test('a WebSocket without Origin is refused, even with a valid credential', async (t) => {
  const { world, owner } = t.context;
  t.is(await refusal(world, { cookie: owner.cookie }), '403');
  const script = await bearer(world, 'owner');
  t.is(await refusal(world, script.headers), '403');
});

test('a WebSocket without a cookie or token is refused with 401', async (t) => {
  const { world } = t.context;
  t.is(await refusal(world, { origin: world.origin }), '401');
  t.is(await refusal(world, { origin: world.origin, cookie: 'tonearm_device=tnrm_x' }), '401');
});

test('a WebSocket to a foreign Host is refused with 421', async (t) => {
  const { world, owner } = t.context;
  const host = `evil.example:${world.port}`;
  t.is(await refusal(world, { ...owner.headers, host, origin: `http://${host}` }), '421');
});

test.serial(
  'a paired device gets the core events, and its listeners go when it does',
  async (t) => {
    const { world, owner } = t.context;
    const before = world.core.bus.listenerCount();
    const { ws, messages } = await connect(world, owner.headers);
    await until(() => messages.some((m) => m.event === 'hello'));
    t.true(world.core.bus.listenerCount() > before);

    await call(world, {
      method: 'PUT',
      path: '/api/v1/mixer',
      headers: owner.headers,
      body: { volume: 42 },
    });
    await until(() => messages.some((m) => m.event === 'mixer.changed'));
    t.like(messages.find((m) => m.event === 'mixer.changed')?.data, { volume: 42 });

    ws.close();
    await once(ws, 'close');
    await until(() => world.core.bus.listenerCount() === before);
    t.pass();
  },
);

test.serial('markup in an event travels as escaped text', async (t) => {
  const { world, owner } = t.context;
  const { ws, messages, raw } = await connect(world, owner.headers);
  t.teardown(() => ws.terminate());
  const title = '<img src=x onerror=alert(1)> & more';
  world.core.bus.emit('stream.title', { uri: 'stream:x', title });
  await until(() => messages.some((m) => m.event === 'stream.title'));
  t.like(messages.find((m) => m.event === 'stream.title')?.data, { title });
  t.false(raw.some((text) => /[<>&]/.test(text)));
});

test.serial('revoking a device closes its WebSocket within a second', async (t) => {
  const { world, owner } = t.context;
  const phone = await pair(world, 'phone to revoke');
  const { ws } = await connect(world, phone.headers);
  const closed = once(ws, 'close');

  const started = Date.now();
  const res = await call(world, {
    method: 'DELETE',
    path: `/api/v1/devices/${phone.credentialId}`,
    headers: owner.headers,
    body: {},
  });
  t.is(res.status, 204);
  const [code] = (await closed) as [number];
  const took = Date.now() - started;
  t.is(code, 4401);
  t.true(took < 1000, `closed after ${took} ms`);
});

test.serial(
  'a revocation written by another process (the CLI) closes the socket too',
  async (t) => {
    const { world } = t.context;
    const phone = await pair(world, 'phone revoked from the shell');
    const { ws } = await connect(world, phone.headers);
    const closed = once(ws, 'close');

    const cli = await TokenStore.open(world.dataDir);
    await cli.revoke(phone.credentialId);
    await cli.close();
    const [code] = (await closed) as [number];
    t.is(code, 4401);
  },
);

test.serial('one address may hold only a few sockets', async (t) => {
  const { world, owner } = t.context;
  const open: WebSocket[] = [];
  for (let i = 0; i < 3; i++) open.push((await connect(world, owner.headers)).ws);
  t.is(await refusal(world, owner.headers), '429');

  // Once one goes, the slot is free again.
  const listeners = world.core.bus.listenerCount();
  open.pop()!.terminate();
  await until(() => world.core.bus.listenerCount() < listeners);
  const again = await connect(world, owner.headers);
  for (const ws of [...open, again.ws]) ws.terminate();
  t.pass();
});

test.serial("broken handshakes do not use up the address's socket slots", async (t) => {
  const { world, owner } = t.context;
  for (let i = 0; i < 5; i++) {
    const raw = net.connect(world.port, '127.0.0.1');
    let answer = '';
    raw.on('data', (d: Buffer) => (answer += d.toString()));
    raw.write(
      'GET /api/v1/events HTTP/1.1\r\n' +
        `Host: ${world.host}\r\nOrigin: ${world.origin}\r\nCookie: ${owner.cookie}\r\n` +
        'Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n', // no Sec-WebSocket-Key
    );
    await once(raw, 'close');
    t.regex(answer, /^HTTP\/1\.1 400/);
  }
  const { ws } = await connect(world, owner.headers);
  ws.terminate();
  t.pass();
});

test.serial('refused clients that never hang up do not hold socket slots', async (t) => {
  const { world, owner } = t.context;
  const raws: net.Socket[] = [];
  for (let i = 0; i < 4; i++) {
    const raw = net.connect({ port: world.port, host: '127.0.0.1', allowHalfOpen: true });
    raw.on('error', () => undefined);
    raw.write(
      'GET /api/v1/events HTTP/1.1\r\n' +
        `Host: ${world.host}\r\nOrigin: ${world.origin}\r\n` + // no credential: 401
        'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    raw.resume(); // read the 401, so its end is seen
    await once(raw, 'end');
    raws.push(raw);
  }
  const opened = await connect(world, owner.headers);
  opened.ws.terminate();
  for (const raw of raws) raw.destroy();
  t.pass();
});

test.serial('a message larger than the small maxPayload closes the socket', async (t) => {
  const { world, owner } = t.context;
  const { ws } = await connect(world, owner.headers);
  ws.on('error', () => undefined);
  ws.send('x'.repeat(4096));
  const [code] = (await once(ws, 'close')) as [number];
  t.is(code, 1009);
});

test('in guest mode a socket without a credential carries what plays, nothing else', async (t) => {
  const world = await startWorld({ media: false, web: { guest_mode: true } });
  t.teardown(() => world.close());
  const before = world.core.bus.listenerCount();
  const { ws, messages } = await connect(world, { origin: world.origin });
  t.teardown(() => ws.terminate());
  await until(() => messages.length > 0);
  t.like(messages[0], { event: 'hello', data: { role: 'guest' } });

  const events = world.core.bus.listenerCount() - before;
  world.core.bus.emit('library.scan', {
    phase: 'started',
    seen: 0,
    total: null,
    added: 0,
    updated: 0,
    removed: 0,
    failed: 0,
  });
  world.core.mixer.setVolume(33);
  await until(() => messages.some((m) => m.event === 'mixer.changed'));
  t.false(messages.some((m) => m.event === 'library.scan'));
  t.is(events, 6, 'player, queue, mixer and stream-title events only');
});

test('in HTTPS mode the socket is wss, with the same handshake checks', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-tls-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const tls = await ensureTlsIdentity(dir, ['localhost'], createLogger({ level: 'silent' }));
  const world = await startWorld({ media: false, web: { https: true }, tls });
  t.teardown(() => world.close());
  const device = await pair(world);

  const open = (headers: Record<string, string>) =>
    new Promise<string>((resolve) => {
      const ws = new WebSocket(`wss://127.0.0.1:${world.port}/api/v1/events`, {
        headers: { host: world.host, ...headers },
        rejectUnauthorized: false,
      });
      ws.once('message', (data: Buffer) => {
        ws.terminate();
        resolve(String(JSON.parse(data.toString()).event));
      });
      ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.once('error', (err) => resolve(err.message));
    });
  t.is(await open(device.headers), 'hello');
  const plainOrigin = world.origin.replace('https:', 'http:');
  t.is(await open({ ...device.headers, origin: plainOrigin }), '403');
});
