import { createRequire } from 'node:module';
import { describeError } from '../../app/errors.ts';
import type { Logger } from '../../app/log.ts';

/**
 * The one module that opens the systemd notify socket. Node has no unix datagram sockets, so
 * this uses the small native addon `unix-dgram` (2.0.7, built from source by scripts/setup.sh).
 *
 * Why not spawn the `systemd-notify` CLI instead: its messages come from a short-lived child,
 * so systemd only accepts them with NotifyAccess=all, which lets any process in the unit's
 * cgroup (a decoder, an amixer) claim readiness or feed the watchdog. With the addon the
 * messages come from the main process and the unit keeps NotifyAccess=main. A process start per
 * watchdog ping would also cost more than the ping.
 *
 * The addon is loaded on first use, so a machine where it failed to build still runs: it logs
 * one warning and the service behaves as outside systemd (no readiness, no watchdog).
 *
 * Shortcoming: unix-dgram copies the path with strncpy, so abstract sockets (NOTIFY_SOCKET
 * starting with '@', used by some containers) cannot be reached; that is logged and skipped.
 */

interface UnixDgramSocket {
  send(buf: Buffer, offset: number, length: number, path: string, cb: (err?: Error) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  close(): void;
}

export interface UnixDgramModule {
  createSocket(type: 'unix_dgram'): UnixDgramSocket;
}

export interface NotifySocket {
  send(message: string): Promise<void>;
  close(): void;
}

export type AddonLoader = () => UnixDgramModule;

const requireAddon: AddonLoader = () =>
  createRequire(import.meta.url)('unix-dgram') as UnixDgramModule;

// Loaded once per process: a warning about a missing addon is worth one line, not one per call.
let cached: UnixDgramModule | null | undefined;

function loadAddon(log: Logger, load: AddonLoader): UnixDgramModule | null {
  if (load === requireAddon && cached !== undefined) return cached;
  let addon: UnixDgramModule | null;
  try {
    addon = load();
  } catch (err) {
    log.warn(
      { err: describeError(err) },
      'unix-dgram is not built (run scripts/setup.sh); systemd will not hear from Tonearm',
    );
    addon = null;
  }
  if (load === requireAddon) cached = addon;
  return addon;
}

/**
 * A sender for `path`, or null when it cannot be had (the reason is logged). `load` is only
 * for the test that shows a missing addon degrades to a warning.
 */
export function openNotifySocket(
  path: string,
  log: Logger,
  load: AddonLoader = requireAddon,
): NotifySocket | null {
  if (path.startsWith('@')) {
    log.warn({ socket: path }, 'abstract NOTIFY_SOCKET is not supported; not notifying systemd');
    return null;
  }
  const addon = loadAddon(log, load);
  if (addon === null) return null;

  const socket = addon.createSocket('unix_dgram');
  socket.on('error', (err) => log.warn({ err: describeError(err) }, 'notify socket error'));
  return {
    send(message) {
      const buf = Buffer.from(message, 'utf8');
      return new Promise((resolve, reject) => {
        socket.send(buf, 0, buf.length, path, (err) => (err ? reject(err) : resolve()));
      });
    },
    close() {
      socket.close();
    },
  };
}
