import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Where the kernel describes input devices; tests point these at a directory of their own. */
export interface DeviceRoots {
  /** Usually /sys: input devices are listed under class/input/eventN/device/name. */
  sysRoot: string;
  /** Usually /dev: the character devices are input/eventN. */
  devRoot: string;
  /** Usually /proc/bus/input/devices, read when sysfs is not mounted. */
  procDevices: string;
}

export const SYSTEM_ROOTS: DeviceRoots = {
  sysRoot: '/sys',
  devRoot: '/dev',
  procDevices: '/proc/bus/input/devices',
};

/**
 * The event device whose kernel name is exactly `name` (what `evtest` lists, e.g.
 * "rotary@11" or "button@17"), or null when no such device is present now.
 */
export async function findDeviceByName(
  name: string,
  roots: DeviceRoots = SYSTEM_ROOTS,
): Promise<string | null> {
  const classDir = path.join(roots.sysRoot, 'class', 'input');
  let entries: string[] | null = null;
  try {
    entries = await fs.readdir(classDir);
  } catch {
    entries = null;
  }

  if (entries !== null) {
    for (const entry of entries.filter((e) => /^event\d+$/.test(e)).sort()) {
      const nameFile = path.join(classDir, entry, 'device', 'name');
      const found = await fs.readFile(nameFile, 'utf8').catch(() => null);
      if (found !== null && found.trim() === name) {
        return path.join(roots.devRoot, 'input', entry);
      }
    }
    return null;
  }
  return findInProcDevices(name, roots);
}

/** The same search through /proc/bus/input/devices, for systems without sysfs. */
async function findInProcDevices(name: string, roots: DeviceRoots): Promise<string | null> {
  const text = await fs.readFile(roots.procDevices, 'utf8').catch(() => '');
  for (const block of text.split(/\n\s*\n/)) {
    const nameLine = /^N: Name="(.*)"$/m.exec(block);
    const handlers = /^H: Handlers=(.*)$/m.exec(block);
    if (!nameLine || !handlers || nameLine[1] !== name) continue;
    const event = /\b(event\d+)\b/.exec(handlers[1] ?? '');
    if (event?.[1]) return path.join(roots.devRoot, 'input', event[1]);
  }
  return null;
}
