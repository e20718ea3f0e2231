import { loadConfigFile } from '../config/load.ts';
import { showConfig } from '../config/show.ts';

export function configCheckCommand(file: string): void {
  loadConfigFile(file);
  process.stdout.write(`${file}: valid\n`);
}

export function configShowCommand(file: string): void {
  process.stdout.write(`${showConfig(loadConfigFile(file))}\n`);
}
