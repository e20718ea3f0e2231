import test from 'ava';
import net, { type AddressInfo } from 'node:net';
import { Egress, readText } from '../../app/net/egress.ts';
import { memoryLogger } from './loopback.ts';

/**
 * A SHOUTcast v1 server as such servers answer: `ICY 200 OK`, ICY header lines, a blank line,
 * then the stream. `pieces` are written with a pause between them, so a status line can be
 * split across TCP packets the way a slow server splits it.
 */
async function shoutcastV1(pieces: string[]): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((socket) => {
    socket.once('data', async () => {
      for (const piece of pieces) {
        socket.write(piece);
        await new Promise((r) => setTimeout(r, 20));
      }
      socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const HEAD = 'ICY 200 OK\r\nicy-name: Old Radio\r\ncontent-type: audio/mpeg\r\nicy-br: 128\r\n\r\n';

for (const [name, pieces] of [
  ['in one packet', [HEAD + 'MP3BYTES']],
  ['with the status line split inside "ICY"', ['IC', HEAD.slice(2), 'MP3', 'BYTES']],
] as const) {
  test(`a SHOUTcast v1 answer (ICY 200 OK) is read as HTTP, ${name}`, async (t) => {
    const server = await shoutcastV1([...pieces]);
    t.teardown(() => server.close());
    const egress = new Egress({
      log: memoryLogger().log,
      allowHosts: [`127.0.0.1:${server.port}`],
    });

    const res = await egress.open(`http://127.0.0.1:${server.port}/;stream.mp3`);
    t.is(res.status, 200);
    t.is(res.headers['icy-name'], 'Old Radio');
    t.is(res.headers['content-type'], 'audio/mpeg');
    t.is(await readText(res.body, 1000), 'MP3BYTES');
  });
}

test('an answer that only looks like ICY further in is passed through unchanged', async (t) => {
  const server = await shoutcastV1(['HTTP/1.0 200 OK\r\nx-note: ICY \r\n\r\n', 'ICY body']);
  t.teardown(() => server.close());
  const egress = new Egress({ log: memoryLogger().log, allowHosts: [`127.0.0.1:${server.port}`] });
  const res = await egress.open(`http://127.0.0.1:${server.port}/`);
  t.is(res.headers['x-note'], 'ICY');
  t.is(await readText(res.body, 1000), 'ICY body');
});

test('a server that closes after two bytes is an error, not a hang', async (t) => {
  const server = await shoutcastV1(['IC']);
  t.teardown(() => server.close());
  const egress = new Egress({ log: memoryLogger().log, allowHosts: [`127.0.0.1:${server.port}`] });
  await t.throwsAsync(egress.open(`http://127.0.0.1:${server.port}/`), {
    code: 'EGRESS_FAILED',
  } as never);
});
