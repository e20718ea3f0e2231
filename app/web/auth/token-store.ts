import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../log.ts';
import { writeFileAtomic } from '../../util/atomic-file.ts';
import type { Role } from '../context.ts';
import { looksLikeToken, newId, newToken, sameDigest, sha256 } from './secrets.ts';

export type CredentialKind = 'device' | 'script';

/** A credential as owners see it: never the token, never its hash. */
export interface TokenInfo {
  id: string;
  kind: CredentialKind;
  role: Role;
  name: string;
  created: string;
  lastUsed: string | null;
  revoked: string | null;
}

const record = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  kind: z.enum(['device', 'script']),
  role: z.enum(['owner', 'listener']),
  name: z.string().min(1).max(100),
  created: z.string(),
  lastUsed: z.string().nullable(),
  revoked: z.string().nullable(),
});
type StoredToken = z.infer<typeof record>;
const fileSchema = z.strictObject({ version: z.literal(1), tokens: z.array(record) });

export const TOKENS_FILE = 'tokens.json';
/** Last-use times are written at most this often; they are a hint for owners, not a log. */
const LAST_USED_RESOLUTION_MS = 60_000;

function publicInfo(r: StoredToken): TokenInfo {
  return {
    id: r.id,
    kind: r.kind,
    role: r.role,
    name: r.name,
    created: r.created,
    lastUsed: r.lastUsed,
    revoked: r.revoked,
  };
}

/**
 * Tokens and paired devices, in `<data_dir>/tokens.json` (mode 0600, atomic writes). The CLI
 * may add or revoke a token while the service runs: the store re-reads the file when it
 * changed (on a miss, and before each write) and merges by id, so neither side loses the
 * other's change. Known shortcoming: two writers in the same instant can still lose one
 * write, because there is no file lock; both are rare human actions.
 */
export class TokenStore {
  private records = new Map<string, StoredToken>();
  private mtimeMs = 0;
  private checkedAt = 0;
  private writing: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly revokeListeners = new Set<(id: string) => void>();

  private constructor(
    private readonly file: string,
    private readonly log: Logger | null,
  ) {}

  static async open(dataDir: string, log: Logger | null = null): Promise<TokenStore> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const store = new TokenStore(path.join(dataDir, TOKENS_FILE), log);
    await store.reload();
    return store;
  }

  /** Create a credential; the token is returned here and never again. */
  async create(spec: { kind: CredentialKind; role: Role; name: string }) {
    const token = newToken();
    const stored: StoredToken = {
      id: newId(),
      hash: sha256(token).toString('hex'),
      ...spec,
      created: new Date().toISOString(),
      lastUsed: null,
      revoked: null,
    };
    record.parse(stored);
    this.records.set(stored.id, stored);
    await this.persist();
    return { token, info: publicInfo(stored) };
  }

  /** The credential a token belongs to, or null. Every active hash is compared, in full. */
  async verify(token: string): Promise<TokenInfo | null> {
    if (!looksLikeToken(token)) return null;
    const digest = sha256(token);
    await this.sync();
    const found = this.match(digest);
    if (!found) return null;
    this.touch(found);
    return publicInfo(found);
  }

  /** Look a credential up by id (already authenticated elsewhere), e.g. for revocation. */
  get(id: string): TokenInfo | null {
    const r = this.records.get(id);
    return r ? publicInfo(r) : null;
  }

  list(): TokenInfo[] {
    return [...this.records.values()].map(publicInfo);
  }

  hasActiveDevice(): boolean {
    return [...this.records.values()].some((r) => r.kind === 'device' && r.revoked === null);
  }

  async revoke(id: string): Promise<TokenInfo | null> {
    if (await this.changedOnDisk()) await this.reload();
    const r = this.records.get(id);
    if (!r || r.revoked !== null) return null;
    // In force at once, in memory (sockets close now); the file follows.
    r.revoked = new Date().toISOString();
    for (const fn of this.revokeListeners) fn(id);
    await this.persist();
    return publicInfo(r);
  }

  /** Called with a credential's id when it is revoked (to close its WebSockets). */
  onRevoke(fn: (id: string) => void): () => void {
    this.revokeListeners.add(fn);
    return () => this.revokeListeners.delete(fn);
  }

  async close(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
      await this.persist();
    }
    await this.writing;
  }

  private match(digest: Buffer): StoredToken | null {
    let found: StoredToken | null = null;
    for (const r of this.records.values()) {
      const same = sameDigest(Buffer.from(r.hash, 'hex'), digest);
      if (same && r.revoked === null) found = r;
    }
    return found;
  }

  private touch(r: StoredToken): void {
    const now = Date.now();
    const last = r.lastUsed ? Date.parse(r.lastUsed) : 0;
    if (now - last < LAST_USED_RESOLUTION_MS) return;
    r.lastUsed = new Date(now).toISOString();
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      this.persist().catch((err: unknown) => this.log?.error({ err }, 'cannot save tokens'));
    }, LAST_USED_RESOLUTION_MS);
    this.flushTimer.unref();
  }

  /** Pick up the CLI's changes (a new token, a revocation); looks at most once a second. */
  async sync(): Promise<void> {
    const now = Date.now();
    if (now - this.checkedAt < 1000) return;
    this.checkedAt = now;
    if (await this.changedOnDisk()) await this.reload();
  }

  private async changedOnDisk(): Promise<boolean> {
    try {
      return (await stat(this.file)).mtimeMs !== this.mtimeMs;
    } catch {
      return this.mtimeMs !== 0;
    }
  }

  /** Read the file and merge it with what is in memory (union by id, newest facts win). */
  private async reload(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
      this.mtimeMs = (await stat(this.file)).mtimeMs;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const parsed = fileSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      await rename(this.file, aside);
      this.mtimeMs = 0;
      this.log?.error({ file: this.file, aside }, 'token file unreadable; set aside, none loaded');
      return;
    }
    for (const disk of parsed.data.tokens) {
      const mine = this.records.get(disk.id);
      if (!mine) {
        this.records.set(disk.id, disk);
        continue;
      }
      if (mine.revoked === null && disk.revoked !== null) {
        mine.revoked = disk.revoked;
        for (const fn of this.revokeListeners) fn(disk.id);
      }
      if (disk.lastUsed && (!mine.lastUsed || disk.lastUsed > mine.lastUsed)) {
        mine.lastUsed = disk.lastUsed;
      }
    }
  }

  private persist(): Promise<void> {
    const next = this.writing.then(async () => {
      if (await this.changedOnDisk()) await this.reload();
      const doc = { version: 1 as const, tokens: [...this.records.values()] };
      await writeFileAtomic(this.file, `${JSON.stringify(doc, null, 2)}\n`, 0o600);
      this.mtimeMs = (await stat(this.file)).mtimeMs;
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
