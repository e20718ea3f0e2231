import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { z } from 'zod';
import { TonearmError } from '../errors.ts';
import { configSchema, type Config } from './schema.ts';

export const DEFAULT_CONFIG_PATH = '/etc/tonearm/tonearm.toml';

/** Render every schema problem as `key: what is wrong`, one per line. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    return `${key}: ${issue.message}`;
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validate a parsed document. Relative directories are resolved against `baseDir` (the config
 * file's folder), so a config file means the same thing whatever the working directory.
 */
export function validateConfig(raw: unknown, baseDir = process.cwd()): Config {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = formatIssues(result.error.issues);
    throw new TonearmError('CONFIG_INVALID', `invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const config = result.data;
  config.library.media_dir = path.resolve(baseDir, config.library.media_dir);
  config.storage.data_dir = path.resolve(baseDir, config.storage.data_dir);
  if (config.audio.output === 'file') {
    config.audio.device = path.resolve(baseDir, config.audio.device);
  }
  if (config.mixer.startup_volume > config.mixer.max_volume) {
    throw new TonearmError(
      'CONFIG_INVALID',
      'invalid configuration:\n  mixer.startup_volume: must not exceed mixer.max_volume',
    );
  }
  return deepFreeze(config);
}

export function parseConfigText(text: string, source: string, baseDir: string): Config {
  let raw: unknown;
  try {
    raw = parseToml(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new TonearmError('CONFIG_INVALID', `${source}: not valid TOML: ${reason}`);
  }
  return validateConfig(raw, baseDir);
}

export function loadConfigFile(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new TonearmError('CONFIG_UNREADABLE', `cannot read config file ${file}: ${code}`);
  }
  return parseConfigText(text, file, path.dirname(path.resolve(file)));
}
