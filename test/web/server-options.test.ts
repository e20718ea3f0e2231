import net from 'node:net';
import test from 'ava';
import { listenOptions } from '../../app/web/server-options.ts';
import { startWorld } from './_world.ts';

test('a client that dribbles its headers is cut off after the headers timeout', async (t) => {
  const world = await startWorld({ media: false });
  t.teardown(() => world.close());
  const limit = listenOptions().headersTimeout!;

  const socket = net.connect(world.port, '127.0.0.1');
  let answer = '';
  socket.on('data', (d: Buffer) => (answer += d.toString()));
  socket.write(`GET /api/v1/session HTTP/1.1\r\nHost: ${world.host}\r\n`);
  const dribble = setInterval(() => socket.write(`X-Slow-${Date.now()}: 1\r\n`), 1000);
  const started = Date.now();
  await new Promise((resolve) => socket.on('close', resolve));
  clearInterval(dribble);

  const took = Date.now() - started;
  t.true(took >= limit - 500, `closed after ${took} ms`);
  t.true(took < limit + 5000, `closed after ${took} ms`);
  t.regex(answer, /^HTTP\/1\.1 408/);
});
