import { parentPort } from 'node:worker_threads';
import { describeError } from '../../errors.ts';
import type { DecodedBlock } from './codec.ts';
import { decodeBytes, decodeFile } from './decode.ts';
import { WINDOW, type FromWorker, type ToWorker } from './protocol.ts';

/**
 * The decode worker: runs any number of decode jobs (usually the current track and the next),
 * each paced by acknowledgements from the player so it never runs far ahead.
 */

interface Job {
  abort: AbortController;
  inFlight: number;
  wake: (() => void) | null;
  /** Encoded bytes of a stream job, waiting for the decoder. */
  input?: ByteQueue;
}

/** An async iterable fed by `bytes` messages: the worker side of the stream seam. */
class ByteQueue implements AsyncIterable<Uint8Array> {
  private chunks: Uint8Array[] = [];
  private ended = false;
  private wake: (() => void) | null = null;

  push(chunk: Uint8Array | null): void {
    if (chunk) this.chunks.push(chunk);
    else this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) yield chunk;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

const port = parentPort;
if (!port) throw new Error('decode worker started outside a worker thread');
const jobs = new Map<number, Job>();

// The WASM decoders print every damaged frame to stderr themselves, and also return it with
// their results, which reach the log through `warning` messages. Keep stderr for pino alone.
// eslint-disable-next-line no-console -- silencing the decoders' own printing, not logging
console.error = () => {};

/** Damaged frames reported one by one per job; after that only their count, at the end. */
const WARNINGS_PER_JOB = 3;

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

async function run(
  id: number,
  job: Job,
  blocks: AsyncGenerator<DecodedBlock>,
  onEnd: () => void,
): Promise<void> {
  try {
    for await (const block of blocks) {
      while (job.inFlight >= WINDOW && !job.abort.signal.aborted) {
        await new Promise<void>((resolve) => (job.wake = resolve));
      }
      if (job.abort.signal.aborted) break;

      // A copy of its own, so the buffer can be moved to the main thread without copying again.
      const pcm = new Uint8Array(block.pcm);
      job.inFlight++;
      send({ type: 'block', id, format: block.format, pcm }, [pcm.buffer as ArrayBuffer]);
    }
    if (!job.abort.signal.aborted) send({ type: 'end', id });
  } catch (err) {
    if (!job.abort.signal.aborted) send({ type: 'error', id, message: describeError(err) });
  } finally {
    onEnd();
    jobs.delete(id);
  }
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'ping') return send({ type: 'pong', id: msg.id });
  const job = jobs.get(msg.id);
  if (msg.type === 'file' || msg.type === 'stream') {
    const created: Job = { abort: new AbortController(), inFlight: 0, wake: null };
    let warnings = 0;
    const options = {
      startMs: msg.startMs,
      signal: created.abort.signal,
      onWarning: (message: string) => {
        if (++warnings <= WARNINGS_PER_JOB) send({ type: 'warning', id: msg.id, message });
      },
      onEnd: () => {
        const more = warnings - WARNINGS_PER_JOB;
        if (more > 0) send({ type: 'warning', id: msg.id, message: `${more} more damaged frames` });
      },
    };
    jobs.set(msg.id, created);
    if (msg.type === 'file') {
      void run(msg.id, created, decodeFile(msg.path, options), options.onEnd);
    } else {
      created.input = new ByteQueue();
      void run(msg.id, created, decodeBytes(msg.codec, created.input, options), options.onEnd);
    }
    return;
  }
  if (!job) return;

  if (msg.type === 'ack') job.inFlight--;
  else if (msg.type === 'cancel') {
    job.abort.abort();
    job.input?.push(null);
  } else if (msg.type === 'bytes') job.input?.push(msg.chunk);
  else if (msg.type === 'bytes-end') job.input?.push(null);
  job.wake?.();
  job.wake = null;
});

// Loaded. Decoders are made per job: a cold one takes 6-13 ms (V8 compiles WebAssembly lazily),
// and making all four up front held ~4 MiB more for the life of the service.
send({ type: 'ready', id: 0 });
