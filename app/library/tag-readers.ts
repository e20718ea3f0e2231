import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startSiblingWorker } from '../util/worker-url.ts';
import type { TagAnswer, TagRequest } from './tag-reader-worker.ts';
import type { TrackTags } from './tags.ts';

interface Reader {
  worker: Worker;
  pending: number;
}

/**
 * Tag reading spread over a few worker threads. Reading is the scan's main cost (mostly
 * music-metadata's own per-file setup, ~0.3 ms), so on a multi-core Pi the readers share it
 * while the scan worker walks folders and writes the index. Requests go to the least busy
 * reader; answers come back by id.
 */
export class TagReaderPool {
  private readers: Reader[] = [];
  private readonly waiting = new Map<
    number,
    { resolve(t: TrackTags): void; reject(e: Error): void }
  >();
  private nextId = 1;

  constructor(private readonly size = defaultPoolSize()) {}

  /** Readers start on the first read, so a rescan that finds nothing changed starts none. */
  private start(): void {
    this.readers = Array.from({ length: this.size }, () => {
      const reader: Reader = {
        worker: startSiblingWorker(import.meta.url, 'tag-reader-worker'),
        pending: 0,
      };
      reader.worker.on('message', (answer: TagAnswer) => this.answer(reader, answer));
      reader.worker.on('error', (err) => this.failAll(err));
      return reader;
    });
  }

  read(file: string): Promise<TrackTags> {
    if (this.readers.length === 0) this.start();
    const reader = this.readers.reduce((a, b) => (b.pending < a.pending ? b : a));
    const id = this.nextId++;
    reader.pending += 1;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      reader.worker.postMessage({ id, file } satisfies TagRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.readers.map((r) => r.worker.terminate()));
  }

  private answer(reader: Reader, answer: TagAnswer): void {
    reader.pending -= 1;
    const waiter = this.waiting.get(answer.id);
    this.waiting.delete(answer.id);
    if ('tags' in answer) waiter?.resolve(answer.tags);
    else waiter?.reject(new Error(answer.error));
  }

  private failAll(err: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(err);
    this.waiting.clear();
  }
}

/** One reader per core, at most four: more only adds memory on a Raspberry Pi. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}
