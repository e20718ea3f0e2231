/**
 * What survives a restart: the queue (URIs and their ids), the current entry, the position in
 * it, the modes, the volume and the play history. One JSON file in the data directory,
 * replaced atomically, so a power cut leaves the old state or the new one, never a mix.
 *
 * Writes are debounced: a burst of changes (a knob turned through twenty steps) is one write,
 * and close() flushes whatever is pending.
 *
 * Known shortcoming: the position is saved when something changes (pause, seek, a new track,
 * close) and every two minutes while playing (createCore), not continuously, so after a power
 * cut playback resumes up to two minutes before where it was. Saving more often would wear the
 * SD card for little gain.
 */
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { describeError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { writeFileAtomic } from '../util/atomic-file.ts';
import { DEFAULT_HISTORY_LIMIT } from './history.ts';
import { DEFAULT_QUEUE_LIMIT } from './queue.ts';

export const STATE_FILE = 'state.json';
export const DEFAULT_DEBOUNCE_MS = 1000;
const MAX_STATE_BYTES = 48 * 1024 * 1024;

const mode = z.union([z.boolean(), z.literal('oneshot')]);
const entryId = z.number().int().min(1);

const savedStateSchema = z
  .strictObject({
    version: z.literal(1),
    queue: z.strictObject({
      nextId: entryId,
      entries: z
        .array(z.strictObject({ id: entryId, uri: z.string().min(1).max(4096) }))
        .max(DEFAULT_QUEUE_LIMIT),
    }),
    current: entryId.nullable(),
    positionMs: z.number().finite().min(0),
    modes: z.strictObject({
      repeat: z.boolean(),
      random: z.boolean(),
      single: mode,
      consume: mode,
    }),
    volume: z.number().int().min(0).max(100),
    // Added after version 1 first shipped: a file without it still loads.
    history: z
      .array(
        z.strictObject({
          uri: z.string().min(1).max(4096),
          title: z.string().max(4096),
          artist: z.string().max(4096).nullable(),
          playedAt: z.iso.datetime(),
        }),
      )
      .max(DEFAULT_HISTORY_LIMIT)
      .optional(),
  })
  .refine((s) => new Set(s.queue.entries.map((e) => e.id)).size === s.queue.entries.length, {
    message: 'queue entry ids must be unique',
  });

export type SavedState = z.infer<typeof savedStateSchema>;

export interface StateStoreOptions {
  dataDir: string;
  log: Logger;
  /** Builds the state to save, called when a write actually happens. */
  snapshot: () => SavedState;
  debounceMs?: number;
  now?: () => Date;
}

export class StateStore {
  readonly file: string;
  private readonly log: Logger;
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: StateStoreOptions) {
    this.file = path.join(options.dataDir, STATE_FILE);
    this.log = options.log.child({ module: 'state' });
  }

  /**
   * The saved state, or null when there is none or it cannot be trusted. A file that is torn,
   * not JSON, or not the expected shape is reported, renamed aside (nothing is deleted) and
   * ignored: a damaged state file must never stop the box from starting.
   */
  async load(): Promise<SavedState | null> {
    let text: string;
    try {
      // Larger than any real state (10,000 entries of 4 KiB URIs is 40 MiB): not ours to parse.
      const size = (await stat(this.file)).size;
      text = size > MAX_STATE_BYTES ? '' : await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      this.log.warn({ file: this.file, err }, 'cannot read the state file; starting fresh');
      return null;
    }

    let problem: string;
    try {
      const parsed = savedStateSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      problem = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`)
        .join('; ');
    } catch (err) {
      problem = `not valid JSON (${describeError(err)})`;
    }
    if (text === '') problem = 'empty, or too large to be a state file';

    const aside = `${this.file}.corrupt-${this.stamp()}`;
    this.log.warn(
      { file: this.file, movedTo: aside, problem, code: 'STATE_CORRUPT' },
      'the state file is damaged; ignoring it and starting with an empty queue',
    );
    await rename(this.file, aside).catch((err: unknown) =>
      this.log.warn({ file: this.file, err }, 'cannot move the damaged state file aside'),
    );
    return null;
  }

  /** Note that the state changed; it is written once things have been quiet for a moment. */
  schedule(): void {
    if (this.closed) return;
    this.dirty = true;
    if (this.timer) return;

    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  }

  /** Write now if anything changed since the last write. Never throws: failures are logged. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    // Chained so that at most one write is in flight and they land in order.
    this.writing = this.writing.then(() => this.writeIfDirty());
    return this.writing;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private async writeIfDirty(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;

    try {
      const state = this.options.snapshot();
      await mkdir(this.options.dataDir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.file, `${JSON.stringify(state)}\n`);
    } catch (err) {
      this.dirty = true;
      this.log.error({ file: this.file, err }, 'cannot save the player state');
    }
  }

  private stamp(): string {
    return (this.options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
  }
}
