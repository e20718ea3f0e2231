import test from 'ava';
import { openNotifySocket } from '../../../hardware/systemd/notify-socket.ts';
import { memoryLog } from '../helpers.ts';

test('a missing addon is one warning and no socket, not a crash', (t) => {
  const { log, lines } = memoryLog();
  const socket = openNotifySocket('/run/systemd/notify', log, () => {
    throw new Error("Cannot find module 'unix_dgram.node'");
  });
  t.is(socket, null);
  const warnings = lines.filter((l) => l.level === 40);
  t.is(warnings.length, 1);
  t.regex(String(warnings[0]?.msg), /unix-dgram is not built \(run scripts\/setup\.sh\)/);
  t.regex(String(warnings[0]?.err), /unix_dgram\.node/);
});

test('sending to a socket nobody listens on rejects, for the notifier to log', async (t) => {
  const socket = openNotifySocket('/nonexistent/tonearm-notify', memoryLog().log);
  t.truthy(socket);
  await t.throwsAsync(socket?.send('READY=1') ?? Promise.resolve());
  socket?.close();
});
