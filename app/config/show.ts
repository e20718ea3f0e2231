import type { Config } from './schema.ts';

/** Keys whose values are secret wherever they appear; shown masked. */
const SECRET_KEY = /(token|secret|password|key)$/i;

/** The config as a person may see it: secrets replaced by a mask. */
export function maskSecrets(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, k)]));
  }
  if (typeof value === 'string' && SECRET_KEY.test(key) && value.length > 0) return '********';
  return value;
}

export function showConfig(config: Config): string {
  return JSON.stringify(maskSecrets(config), null, 2);
}
