import test from 'ava';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SystemdNotifier } from '../../../hardware/systemd/notify.ts';
import { memoryLog, sleep, tempDir, waitFor } from '../helpers.ts';

// A real unix datagram socket stands where systemd's would: it is bound with unix-dgram itself
// and every message is asserted byte for byte.

interface Receiver {
  on(event: 'message', fn: (buf: Buffer) => void): void;
  bind(path: string): void;
  close(): void;
}
const dgram = createRequire(import.meta.url)('unix-dgram') as {
  createSocket(type: 'unix_dgram'): Receiver;
};

async function listen(t: Parameters<typeof tempDir>[0]) {
  const dir = await tempDir(t);
  const socketPath = path.join(dir, 'notify');
  const messages: string[] = [];
  const receiver = dgram.createSocket('unix_dgram');
  receiver.on('message', (buf) => messages.push(buf.toString('utf8')));
  receiver.bind(socketPath);
  t.teardown(async () => receiver.close());
  return { socketPath, messages };
}

test('ready, status and stopping arrive as the exact sd_notify messages', async (t) => {
  const { socketPath, messages } = await listen(t);
  const notifier = new SystemdNotifier({
    log: memoryLog().log,
    env: { NOTIFY_SOCKET: socketPath },
  });
  t.teardown(() => notifier.close());
  t.true(notifier.enabled);

  await notifier.ready('Playing from 1,204 tracks; web on 0.0.0.0:6680');
  await notifier.status('Scanning library\n(12 new)');
  await notifier.stopping();
  await waitFor('three messages', () => messages.length === 3);
  t.deepEqual(messages, [
    'READY=1\nSTATUS=Playing from 1,204 tracks; web on 0.0.0.0:6680',
    'STATUS=Scanning library (12 new)',
    'STOPPING=1\nSTATUS=Stopping',
  ]);
});

test('the watchdog is fed only while the loop keeps up and the audio probe answers', async (t) => {
  const { socketPath, messages } = await listen(t);
  let audioOk = true;
  const { log, lines } = memoryLog();
  const notifier = new SystemdNotifier({
    log,
    env: { NOTIFY_SOCKET: socketPath, WATCHDOG_USEC: '100000' },
    audioProbe: () => audioOk,
    // Well above what a busy CI machine's scheduling adds, well below the stall made below.
    maxLoopLagMs: 400,
  });
  t.teardown(() => notifier.close());

  await notifier.ready('Ready');
  await waitFor('pings', () => messages.filter((m) => m === 'WATCHDOG=1').length >= 3);

  audioOk = false;
  await waitFor('unhealthy status', () =>
    messages.includes('STATUS=Unhealthy: audio pipeline does not answer'),
  );
  const sickFrom = messages.length;
  await sleep(250);
  t.false(messages.slice(sickFrom).includes('WATCHDOG=1'), 'no pings while the probe fails');

  audioOk = true;
  await waitFor(
    'recovery',
    () => messages.at(-1) === 'WATCHDOG=1\nSTATUS=Ready' || messages.at(-1) === 'WATCHDOG=1',
  );
  t.true(messages.includes('WATCHDOG=1\nSTATUS=Ready'), 'the status line is restored');

  // Block the event loop for longer than the limit: the next check withholds the ping.
  const before = messages.length;
  const end = Date.now() + 1000;
  while (Date.now() < end) {
    // deliberately stall the loop
  }
  await waitFor('stall noticed', () =>
    messages.slice(before).some((m) => /^STATUS=Unhealthy: event loop stalled \d+ ms$/.test(m)),
  );
  t.false(messages.slice(before, before + 1).includes('WATCHDOG=1'));
  t.true(lines.some((l) => l.msg === 'health check failed; withholding watchdog ping'));
});

test('a probe that hangs counts as a failure', async (t) => {
  const notifier = new SystemdNotifier({
    log: memoryLog().log,
    env: {},
    audioProbe: () => new Promise<boolean>(() => {}),
    probeTimeoutMs: 50,
  });
  t.deepEqual(await notifier.checkHealth(), {
    healthy: false,
    reason: 'audio pipeline does not answer',
  });
});

test('outside systemd nothing is sent and nothing fails', async (t) => {
  const notifier = new SystemdNotifier({ log: memoryLog().log, env: {} });
  t.false(notifier.enabled);
  await notifier.ready();
  await notifier.status('x');
  await notifier.stopping();
  notifier.close();
  t.pass();
});

test('a watchdog meant for another process is left alone', async (t) => {
  const { socketPath, messages } = await listen(t);
  const notifier = new SystemdNotifier({
    log: memoryLog().log,
    env: { NOTIFY_SOCKET: socketPath, WATCHDOG_USEC: '50000', WATCHDOG_PID: '1' },
  });
  t.teardown(() => notifier.close());
  await notifier.ready('Ready');
  await sleep(150);
  t.deepEqual(messages, ['READY=1\nSTATUS=Ready']);
});

test('an abstract socket address is reported, not crashed on', (t) => {
  const { log, lines } = memoryLog();
  const notifier = new SystemdNotifier({ log, env: { NOTIFY_SOCKET: '@/org/freedesktop/x' } });
  t.false(notifier.enabled);
  t.true(lines.some((l) => /abstract NOTIFY_SOCKET/.test(String(l.msg))));
});
