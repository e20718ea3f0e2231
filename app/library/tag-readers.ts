import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { TonearmError, describeError } from '../errors.ts';
import { startSiblingWorker } from '../util/worker-url.ts';
import type { TagAnswer, TagRequest } from './tag-reader-worker.ts';
import type { TrackTags } from './tags.ts';

interface Waiter {
  resolve(tags: TrackTags): void;
  reject(err: Error): void;
}

interface Reader {
  worker: Worker;
  waiting: Map<number, Waiter>;
  /** Why the thread ended, when it did so on its own. */
  died: string | null;
  /** Whether it ever answered: a reader that dies before that cannot start at all. */
  answered: boolean;
}

/** Readers replaced in one pool's life before it gives up: deaths are meant to be rare. */
const MAX_REPLACEMENTS = 3;

/**
 * A file whose tags make the parser allocate without end stops its reader at this heap size
 * (the file is counted as failed and a new reader takes over) instead of the whole service.
 */
const READER_HEAP_MB = 192;

/**
 * Tag reading spread over a few worker threads. Reading is the scan's main cost (mostly
 * music-metadata's own per-file setup, ~0.3 ms), so on a multi-core Pi the readers share it
 * while the scan process walks folders and writes the index. Requests go to the least busy
 * reader; answers come back by id. Readers start on the first read, so a rescan that finds
 * nothing changed starts none.
 *
 * A reader that dies fails the files it held (they count as unreadable) and is replaced. A
 * reader that cannot start, or too many deaths, break the pool: every read then rejects with
 * LIBRARY_UNAVAILABLE, which ends the scan instead of marking every file unreadable.
 */
export class TagReaderPool {
  private readers: Reader[] = [];
  private nextId = 1;
  private closing = false;
  private replacements = 0;
  private broken: TonearmError | null = null;

  constructor(
    private readonly size = defaultPoolSize(),
    private readonly heapMb = READER_HEAP_MB,
  ) {}

  read(file: string): Promise<TrackTags> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.readers.length === 0) {
      this.readers = Array.from({ length: this.size }, () => this.startReader());
    }
    const reader = this.readers.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      reader.waiting.set(id, { resolve, reject });
      reader.worker.postMessage({ id, file } satisfies TagRequest);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.readers.map((r) => r.worker.terminate()));
  }

  private startReader(): Reader {
    const worker = startSiblingWorker(import.meta.url, 'tag-reader-worker', {
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    const reader: Reader = { worker, waiting: new Map(), died: null, answered: false };
    worker.on('message', (answer: TagAnswer) => {
      reader.answered = true;
      const waiter = reader.waiting.get(answer.id);
      reader.waiting.delete(answer.id);
      if ('tags' in answer) waiter?.resolve(answer.tags);
      else waiter?.reject(new Error(answer.error));
    });
    worker.on('error', (err) => {
      reader.died = describeError(err);
    });
    worker.on('exit', (code) => this.replace(reader, reader.died ?? `exit code ${code}`));
    return reader;
  }

  /** A reader ended: fail what it held and, unless the pool is closing, start another. */
  private replace(reader: Reader, why: string): void {
    if (!this.closing && (!reader.answered || this.replacements >= MAX_REPLACEMENTS)) {
      const what = reader.answered ? 'kept stopping' : 'could not start';
      this.broken = new TonearmError('LIBRARY_UNAVAILABLE', `tag reader ${what}: ${why}`);
    }
    for (const waiter of reader.waiting.values()) {
      waiter.reject(this.broken ?? new Error(`tag reader stopped while reading this (${why})`));
    }
    reader.waiting.clear();
    if (this.closing || this.broken) return;

    this.replacements += 1;
    const index = this.readers.indexOf(reader);
    if (index >= 0) this.readers[index] = this.startReader();
  }
}

/** One reader per core, at most four: more only adds memory on a Raspberry Pi. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}
