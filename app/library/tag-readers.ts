import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { describeError } from '../errors.ts';
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
}

/**
 * A file whose tags make the parser allocate without end stops its reader at this heap size
 * (the file is counted as failed and a new reader takes over) instead of the whole service.
 */
const READER_HEAP_MB = 192;

/**
 * Tag reading spread over a few worker threads. Reading is the scan's main cost (mostly
 * music-metadata's own per-file setup, ~0.3 ms), so on a multi-core Pi the readers share it
 * while the scan worker walks folders and writes the index. Requests go to the least busy
 * reader; answers come back by id. Readers start on the first read, so a rescan that finds
 * nothing changed starts none.
 */
export class TagReaderPool {
  private readers: Reader[] = [];
  private nextId = 1;
  private closing = false;

  constructor(private readonly size = defaultPoolSize()) {}

  read(file: string): Promise<TrackTags> {
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
      resourceLimits: { maxOldGenerationSizeMb: READER_HEAP_MB },
    });
    const reader: Reader = { worker, waiting: new Map(), died: null };
    worker.on('message', (answer: TagAnswer) => {
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
    for (const waiter of reader.waiting.values()) {
      waiter.reject(new Error(`tag reader stopped while reading this file (${why})`));
    }
    reader.waiting.clear();
    if (this.closing) return;
    const index = this.readers.indexOf(reader);
    if (index >= 0) this.readers[index] = this.startReader();
  }
}

/** One reader per core, at most four: more only adds memory on a Raspberry Pi. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}
