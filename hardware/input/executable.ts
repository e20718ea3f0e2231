import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { recordSizeForArch, type RecordSize } from './event-record.ts';

/** The first match for `command` on PATH, or null. */
export async function findOnPath(
  command: string,
  envPath = process.env.PATH ?? '',
): Promise<string | null> {
  if (command.includes('/')) return command;
  for (const dir of envPath.split(':').filter((d) => d !== '')) {
    const candidate = path.join(dir, command);
    try {
      await fs.access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory; try the next
    }
  }
  return null;
}

/**
 * The kernel sizes `input_event` by the ABI of the process that calls read(), and here that is
 * the reader child, not Node. On a 64-bit kernel with a 32-bit userland (Raspberry Pi OS armhf
 * on a Pi 4) both are usually 32-bit, but a mixed install is possible, so the ELF class of the
 * child's binary decides: byte 4 of the header is 1 for 32-bit, 2 for 64-bit. Anything that is
 * not ELF (a script standing in for the binary) falls back to Node's own architecture.
 */
export async function recordSizeOfExecutable(file: string | null): Promise<RecordSize> {
  if (file === null) return recordSizeForArch();
  const handle = await fs.open(file, 'r').catch(() => null);
  if (handle === null) return recordSizeForArch();
  try {
    const header = Buffer.alloc(5);
    await handle.read(header, 0, 5, 0);
    const isElf = header.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    if (!isElf) return recordSizeForArch();
    return header[4] === 1 ? 16 : 24;
  } finally {
    await handle.close();
  }
}
