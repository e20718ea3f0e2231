import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TonearmError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { writeFileAtomic } from '../../util/atomic-file.ts';

/**
 * Per-listener tokens for the phone stream. Audio players cannot send cookies or headers, so
 * the token travels in the stream URL; it is 256 random bits, shown once, stored only as its
 * SHA-256, compared in constant time, and never written to a log.
 */

const entrySchema = z.strictObject({
  id: z.string().regex(/^[a-f0-9]{12}$/),
  name: z.string().min(1).max(100),
  hash: z.string().regex(/^[a-f0-9]{64}$/),
  createdAt: z.string(),
});
const fileSchema = z.strictObject({ version: z.literal(1), tokens: z.array(entrySchema) });
type Entry = z.infer<typeof entrySchema>;

export interface ListenTokenInfo {
  id: string;
  name: string;
  createdAt: string;
}

const MAX_TOKENS = 50;

function hashOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export class ListenTokenStore {
  private entries: Entry[] = [];
  private readonly file: string;
  private readonly log: Logger;

  constructor(dataDir: string, log: Logger) {
    this.file = path.join(dataDir, 'listen', 'tokens.json');
    this.log = log;
  }

  async load(): Promise<void> {
    try {
      this.entries = fileSchema.parse(JSON.parse(await fs.readFile(this.file, 'utf8'))).tokens;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.log.error({ code: 'STATE_CORRUPT' }, 'listen tokens unreadable; none are valid');
      }
      this.entries = [];
    }
  }

  list(): ListenTokenInfo[] {
    return this.entries.map(({ id, name, createdAt }) => ({ id, name, createdAt }));
  }

  async create(name: string): Promise<ListenTokenInfo & { token: string }> {
    // eslint-disable-next-line no-control-regex -- names are shown to owners: no controls
    const clean = name.replace(/[\u0000-\u001f\u007f]+/g, ' ');
    const shown = clean.trim().slice(0, 100);
    if (!shown) throw new TonearmError('REQUEST_INVALID', 'a listener needs a name');
    if (this.entries.length >= MAX_TOKENS) {
      throw new TonearmError('REQUEST_INVALID', `at most ${MAX_TOKENS} listen tokens`);
    }
    const token = randomBytes(32).toString('base64url');
    const entry: Entry = {
      id: randomBytes(6).toString('hex'),
      name: shown,
      hash: hashOf(token).toString('hex'),
      createdAt: new Date().toISOString(),
    };
    this.entries.push(entry);
    await this.save();
    this.log.info({ listenerId: entry.id, name: shown }, 'listen token created');
    return { id: entry.id, name: shown, createdAt: entry.createdAt, token };
  }

  async revoke(id: string): Promise<void> {
    if (!this.entries.some((e) => e.id === id)) {
      throw new TonearmError('LISTENER_NOT_FOUND', 'no listen token with that id');
    }
    // Forgotten in memory before the file is written, so the token stops working at once.
    this.entries = this.entries.filter((e) => e.id !== id);
    await this.save();
    this.log.info({ listenerId: id }, 'listen token revoked');
  }

  /** The id of the token's entry, or null. Every entry is compared, matching or not. */
  verify(token: string): string | null {
    const presented = hashOf(token);
    let found: string | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(presented, Buffer.from(entry.hash, 'hex'))) found = entry.id;
    }
    return found;
  }

  private async save(): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const body = JSON.stringify({ version: 1, tokens: this.entries }, null, 2);
    await writeFileAtomic(this.file, `${body}\n`);
  }
}
