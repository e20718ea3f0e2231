import { loadConfigFile } from '../config/load.ts';
import { TokenStore } from '../web/index.ts';

/** Prints only the token, so `TOKEN=$(tonearm token create ...)` works. */
export async function tokenCreateCommand(
  configPath: string,
  role: 'owner' | 'listener',
  name: string,
): Promise<void> {
  const config = loadConfigFile(configPath);
  const store = await TokenStore.open(config.storage.data_dir);
  try {
    const { token } = await store.create({ kind: 'script', role, name });
    process.stdout.write(`${token}\n`);
  } finally {
    await store.close();
  }
}

export async function tokenListCommand(configPath: string): Promise<void> {
  const config = loadConfigFile(configPath);
  const store = await TokenStore.open(config.storage.data_dir);
  try {
    for (const t of store.list()) {
      const state = t.revoked ? `revoked ${t.revoked}` : `last used ${t.lastUsed ?? 'never'}`;
      process.stdout.write(`${t.id}  ${t.kind}  ${t.role}  ${t.name}  (${state})\n`);
    }
  } finally {
    await store.close();
  }
}
