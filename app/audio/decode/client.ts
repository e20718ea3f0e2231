import type { Worker } from 'node:worker_threads';
import type { PlayableSource } from '../../core/types.ts';
import { TonearmError, describeError, isTonearmError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { startSiblingWorker } from '../../util/worker-url.ts';
import type { Codec, DecodedBlock } from './codec.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

/**
 * The main thread's side of the decode worker. One worker lives as long as the player, started
 * up front so that pressing play does not wait for a thread (and, under tsx, a compiler) to
 * start. A job is read block by block; each read acknowledges a block so the worker decodes on.
 */
export class DecodeJob {
  private blocks: DecodedBlock[] = [];
  private done = false;
  private error: TonearmError | null = null;
  private wake: (() => void) | null = null;

  constructor(
    readonly id: number,
    readonly label: string,
    private readonly post: (msg: ToWorker) => void,
  ) {}

  /** The next block, or null at the end. Throws TonearmError DECODE_FAILED. */
  async read(): Promise<DecodedBlock | null> {
    for (;;) {
      const block = this.blocks.shift();
      if (block) {
        this.post({ type: 'ack', id: this.id });
        return block;
      }
      if (this.error) throw this.error;
      if (this.done) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** The first block's format without consuming it; null when the job ends empty. */
  async peek(): Promise<DecodedBlock | null> {
    while (!this.blocks[0] && !this.done && !this.error) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.blocks[0]) return this.blocks[0];
    if (this.error) throw this.error;
    return null;
  }

  /** @internal set for stream jobs, whose connection lives on this thread */
  onCancel: (() => void) | null = null;

  cancel(): void {
    this.onCancel?.();
    if (this.done) return;
    this.post({ type: 'cancel', id: this.id });
    this.finish(null);
  }

  /** Bytes of an encoded stream job (see DecodeWorker.startStream); null ends the stream. */
  feed(chunk: Uint8Array | null): void {
    if (chunk) this.post({ type: 'bytes', id: this.id, chunk });
    else this.post({ type: 'bytes-end', id: this.id });
  }

  /** @internal called by DecodeWorker */
  deliver(block: DecodedBlock): void {
    this.blocks.push(block);
    this.poke();
  }

  /** @internal called by DecodeWorker */
  finish(error: TonearmError | null): void {
    this.done = true;
    this.error ??= error;
    this.poke();
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

export type StreamOpen = (
  signal: AbortSignal,
) => Promise<{ codec: Codec; body: AsyncIterable<Uint8Array> }>;

export class DecodeWorker {
  private worker: Worker | null = null;
  private jobs = new Map<number, DecodeJob>();
  private nextId = 1;
  private loaded: Promise<void> = Promise.resolve();
  private markLoaded = () => {};
  private pings = new Map<number, () => void>();
  private nextPing = 1;

  constructor(private readonly log: Logger) {}

  /** Start the thread now rather than on the first play; resolves once it has loaded. */
  warm(): Promise<void> {
    this.ensure();
    return this.loaded;
  }

  startFile(source: Extract<PlayableSource, { kind: 'file' }>, startMs: number): DecodeJob {
    const job = this.create(source.path);
    this.post({ type: 'file', id: job.id, path: source.path, startMs });
    return job;
  }

  /**
   * A job decoding a network stream: the seam the radio backend plugs into. `open` connects
   * (on the main thread) and says which codec the bytes are; they are then fed to the worker.
   * Known shortcoming: bytes are not flow-controlled, so a stream left open while paused
   * piles up in the worker; the stream backend should close the connection on pause.
   */
  startStream(label: string, open: StreamOpen): DecodeJob {
    const job = this.create(label);
    const abort = new AbortController();
    job.onCancel = () => abort.abort();

    const run = async () => {
      const { codec, body } = await open(abort.signal);
      if (abort.signal.aborted) return;
      this.post({ type: 'stream', id: job.id, codec, startMs: 0 });
      for await (const chunk of body) {
        if (abort.signal.aborted) return;
        // A copy of its own, because its memory moves to the worker.
        job.feed(new Uint8Array(chunk));
      }
      job.feed(null);
    };
    run().catch((err: unknown) => {
      if (abort.signal.aborted) return;
      this.forget(job.id);
      const error = isTonearmError(err)
        ? err
        : new TonearmError('DECODE_FAILED', `cannot play ${label}: ${describeError(err)}`);
      job.finish(error);
    });
    return job;
  }

  /**
   * Resolves true when the decode thread answers within `timeoutMs`: the watchdog's evidence
   * that decoding is not wedged. A thread not started yet counts as healthy (it starts on
   * demand), so an idle box is not restarted for having nothing to decode.
   */
  ping(timeoutMs: number): Promise<boolean> {
    const worker = this.worker;
    if (!worker) return Promise.resolve(true);
    const id = this.nextPing++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pings.delete(id);
        resolve(false);
      }, timeoutMs);
      this.pings.set(id, () => {
        clearTimeout(timer);
        resolve(true);
      });
      worker.postMessage({ type: 'ping', id } satisfies ToWorker);
    });
  }

  async close(): Promise<void> {
    for (const job of this.jobs.values()) job.cancel();
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private create(label: string): DecodeJob {
    const job = new DecodeJob(this.nextId++, label, (msg) => this.post(msg));
    this.jobs.set(job.id, job);
    this.ensure().ref();
    return job;
  }

  private post(msg: ToWorker): void {
    const transfer = msg.type === 'bytes' ? [msg.chunk.buffer as ArrayBuffer] : [];
    this.ensure().postMessage(msg, transfer);
    if (msg.type === 'cancel') this.forget(msg.id);
  }

  /** An idle worker must not keep the process alive; a busy one must. */
  private forget(id: number): void {
    this.jobs.delete(id);
    if (this.jobs.size === 0) this.worker?.unref();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;

    const worker = startSiblingWorker(import.meta.url, 'worker');
    this.loaded = new Promise((resolve) => (this.markLoaded = resolve));
    worker.on('message', (msg: FromWorker) => this.onMessage(msg));
    worker.on('error', (err) => this.log.error({ err }, 'decode worker failed'));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      // Jobs in flight die with the thread; the next job starts a fresh one.
      this.worker = null;
      this.markLoaded();
      for (const job of this.jobs.values()) {
        job.finish(new TonearmError('DECODE_FAILED', `${job.label}: decoder stopped (${code})`));
      }
      this.jobs.clear();
    });
    // Referenced while it loads and while jobs run; an idle worker lets the process exit.
    this.worker = worker;
    return worker;
  }

  private onMessage(msg: FromWorker): void {
    if (msg.type === 'pong') {
      this.pings.get(msg.id)?.();
      this.pings.delete(msg.id);
      return;
    }
    if (msg.type === 'ready') {
      if (this.jobs.size === 0) this.worker?.unref();
      return this.markLoaded();
    }
    const job = this.jobs.get(msg.id);
    if (!job) return;

    if (msg.type === 'block') {
      job.deliver({ format: msg.format, pcm: Buffer.from(msg.pcm.buffer, 0, msg.pcm.byteLength) });
    } else if (msg.type === 'warning') {
      this.log.warn({ file: job.label, problem: msg.message }, 'damaged audio skipped');
    } else if (msg.type === 'end') {
      this.forget(msg.id);
      job.finish(null);
    } else {
      this.forget(msg.id);
      job.finish(new TonearmError('DECODE_FAILED', `cannot decode ${job.label}: ${msg.message}`));
    }
  }
}
