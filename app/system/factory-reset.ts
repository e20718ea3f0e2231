import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-file.ts';

/**
 * The factory reset an owner asks for from the web UI. The service may write only its own data
 * directory, so it cannot wipe the data partition or reboot; it leaves this marker there. On the
 * image, tonearm-reset.path sees the marker and reboots the box, and on the way up
 * image/scripts/data-prepare wipes the partition (marker included) before anything uses it.
 * Anywhere else (a development checkout) the marker only waits for someone to act on it.
 */
export const FACTORY_RESET_MARKER = '.factory-reset';

export interface FactoryResetRequest {
  /** Who asked, for the log and the marker. */
  by: string;
}

export async function requestFactoryReset(
  dataDir: string,
  request: FactoryResetRequest,
): Promise<void> {
  const body = `${JSON.stringify({ requestedAt: new Date().toISOString(), by: request.by })}\n`;
  await writeFileAtomic(path.join(dataDir, FACTORY_RESET_MARKER), body, 0o600);
}
