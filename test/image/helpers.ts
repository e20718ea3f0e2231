import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { repo } from './harness/root.ts';

export { repo };

/** Every shell script the image work owns: *.sh files and the extension-less helpers. */
export async function imageScripts(): Promise<string[]> {
  const found: string[] = ['scripts/build-image.sh'];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(path.join(repo, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(rel);
      else if (entry.name.endsWith('.sh')) found.push(rel);
    }
  };
  await walk('pi-gen-config');
  await walk('scripts/image');
  for (const entry of await readdir(path.join(repo, 'image/scripts'))) {
    found.push(path.join('image/scripts', entry));
  }
  return found.sort();
}

export async function isExecutable(rel: string): Promise<boolean> {
  return ((await stat(path.join(repo, rel))).mode & 0o111) !== 0;
}
