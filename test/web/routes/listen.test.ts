import anyTest, { type TestFn } from 'ava';
import http, { type IncomingMessage } from 'node:http';
import { createAudioPlayer } from '../../../app/audio/index.ts';
import { ListenTokenStore, PhoneStream } from '../../../app/audio/phone-stream/index.ts';
import { createLogger } from '../../../app/log.ts';
import { bearer, call } from '../_http.ts';
import { startWorld, type World } from '../_world.ts';

const test = anyTest as TestFn<{ world: World; close: () => Promise<void> }>;

test.before(async (t) => {
  t.context.world = await startWorld({
    media: false,
    services: async ({ dataDir }) => {
      const log = createLogger({ level: 'silent' });
      const player = createAudioPlayer({ output: 'null', device: 'null', bufferMs: 200, log });
      t.context.close = () => player.close();
      const tokens = new ListenTokenStore(dataDir, log);
      await tokens.load();
      const listen = new PhoneStream({
        source: player,
        tokens,
        log,
        bitrate: 128,
        maxListeners: 2,
      });
      return { listen };
    },
  });
});
test.after.always(async (t) => {
  await t.context.world?.close();
  await t.context.close?.();
});

function stream(world: World, path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: world.port, path, headers: { host: world.host } }, resolve)
      .on('error', reject);
  });
}

test('an owner creates a listen token, a player streams with it, revoking cuts it', async (t) => {
  const { world } = t.context;
  const { headers } = await bearer(world, 'owner');
  const owner = { ...headers, origin: world.origin };

  const created = await call(world, {
    method: 'POST',
    path: '/api/v1/listen/tokens',
    headers: owner,
    body: { name: 'Garden' },
  });
  t.is(created.status, 201);
  const { id, token, path } = created.json as { id: string; token: string; path: string };

  const res = await stream(world, path);
  t.is(res.statusCode, 200);
  t.is(res.headers['content-type'], 'audio/mpeg');
  res.resume();
  const closed = new Promise<void>((resolve) => res.on('close', () => resolve()));

  const list = await call(world, { path: '/api/v1/listen/tokens', headers: owner });
  t.notRegex(list.text, new RegExp(token));
  t.regex(list.text, /Garden/);

  const revoked = await call(world, {
    method: 'DELETE',
    path: `/api/v1/listen/tokens/${id}`,
    headers: owner,
    body: {},
  });
  t.is(revoked.status, 204);
  await closed;
  t.is((await stream(world, path)).statusCode, 401);
  t.notRegex(world.logText(), new RegExp(token));
});

test('a listener may not create tokens and a made-up token gets 401', async (t) => {
  const { world } = t.context;
  const { headers } = await bearer(world, 'listener');
  const res = await call(world, {
    method: 'POST',
    path: '/api/v1/listen/tokens',
    headers: { ...headers, origin: world.origin },
    body: { name: 'x' },
  });
  t.is(res.status, 403);
  t.is((await stream(world, `/api/v1/listen/stream?token=${'A'.repeat(43)}`)).statusCode, 401);
});
