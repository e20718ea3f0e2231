import { chmod, lstat, mkdir, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../../log.ts';
import { TonearmError } from '../../errors.ts';
import type { ApprovalResult } from './pairing.ts';

/**
 * The local stand-in for the play button's long press: a unix socket at
 * `<data_dir>/control/pair.sock`, inside a directory only the service user may enter (0700),
 * the socket itself 0600. `npx tonearm pair approve` connects, writes `approve`, and reads one
 * JSON line back: the ApprovalResult. Only someone logged in to the box as the service user (or
 * root) can reach it, which is as physical as presence gets without a button.
 */
export function approvalSocketPath(dataDir: string): string {
  return path.join(dataDir, 'control', 'pair.sock');
}

export async function listenForApprovals(
  dataDir: string,
  approve: () => ApprovalResult,
  log: Logger,
): Promise<() => Promise<void>> {
  const file = approvalSocketPath(dataDir);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await chmod(path.dirname(file), 0o700);
  const old = await lstat(file).catch(() => null);
  if (old?.isSocket()) await rm(file);

  const server = net.createServer((socket) => {
    let input = '';
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      input += chunk.toString('utf8');
      if (input.length > 64) return socket.destroy();
      if (!input.includes('\n')) return;
      const command = input.trim();
      const answer = command === 'approve' ? approve() : { error: 'unknown command' };
      log.info({ command }, 'approval socket command');
      socket.end(`${JSON.stringify(answer)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, () => resolve());
  });
  await chmod(file, 0o600);

  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(file, { force: true });
  };
}

/** The client side, for the CLI: approve the one pending request on the running service. */
export function requestApproval(dataDir: string): Promise<ApprovalResult> {
  const file = approvalSocketPath(dataDir);
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(file);
    let output = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('connect', () => socket.write('approve\n'));
    socket.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    socket.on('error', (err) =>
      reject(
        new TonearmError(
          'INTERNAL',
          `cannot reach the running service at ${file} (is it running?): ${err.message}`,
        ),
      ),
    );
    socket.on('end', () => {
      try {
        resolve(JSON.parse(output) as ApprovalResult);
      } catch {
        reject(new TonearmError('INTERNAL', `unexpected answer from ${file}`));
      }
    });
  });
}
