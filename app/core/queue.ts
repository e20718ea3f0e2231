/**
 * The play queue: an ordered list of entries, each with an id that stays with it for its life
 * and is never handed out again while this queue exists (a frontend can hold an id and be sure
 * it still means the same entry, or nothing). Every change bumps `version` and is published as
 * 'queue.changed'. The queue knows nothing of playback; the Player listens to its changes.
 */
import { TonearmError } from '../errors.ts';
import type { EventBus } from './events.ts';
import { shuffleIds, type RandomSource } from './order.ts';
import type { Backend } from './ports.ts';
import type { QueueEntry } from './types.ts';

export const DEFAULT_QUEUE_LIMIT = 10_000;
const MAX_URI_LENGTH = 4096;

/** What changed, for listeners that must know which entries left and what the order was. */
export interface QueueChange {
  /** Entry ids in queue order before the change. */
  before: readonly number[];
  removed: readonly number[];
}

export interface QueueOptions {
  bus: EventBus;
  backend: Backend;
  limit?: number;
  random?: RandomSource;
}

function invalid(message: string): TonearmError {
  return new TonearmError('REQUEST_INVALID', message);
}

export class Queue {
  private entries: QueueEntry[] = [];
  private byId = new Map<number, QueueEntry>();
  private nextId = 1;
  private versionNo = 0;
  private listeners: ((change: QueueChange) => void)[] = [];
  readonly limit: number;

  constructor(private readonly options: QueueOptions) {
    this.limit = options.limit ?? DEFAULT_QUEUE_LIMIT;
  }

  /** Called after every change, before 'queue.changed' is published. */
  onChange(listener: (change: QueueChange) => void): void {
    this.listeners.push(listener);
  }

  get version(): number {
    return this.versionNo;
  }

  get length(): number {
    return this.entries.length;
  }

  list(): { version: number; entries: QueueEntry[] } {
    return { version: this.versionNo, entries: [...this.entries] };
  }

  ids(): number[] {
    return this.entries.map((e) => e.id);
  }

  get(id: number): QueueEntry | undefined {
    return this.byId.get(id);
  }

  has(id: number): boolean {
    return this.byId.has(id);
  }

  /** The id the next added entry will get; saved so ids are not reused across a restart. */
  get idCounter(): number {
    return this.nextId;
  }

  /**
   * Look every URI up through the backend, then insert them all at `position` (default: the
   * end). All or nothing: if one URI is unknown, nothing is added and the error names it.
   */
  async add(uris: string[], position?: number): Promise<QueueEntry[]> {
    if (!Array.isArray(uris) || uris.length === 0) throw invalid('no URIs to add');
    for (const uri of uris) {
      if (typeof uri !== 'string' || uri.length === 0 || uri.length > MAX_URI_LENGTH) {
        throw invalid(`not a URI: ${String(uri).slice(0, 80)}`);
      }
    }
    this.checkRoom(uris.length);
    this.checkPosition(position);

    const tracks = await Promise.all(uris.map((uri) => this.options.backend.lookup(uri)));
    const missing = tracks.findIndex((t) => t === null);
    if (missing >= 0) {
      throw new TonearmError('TRACK_NOT_FOUND', `nothing known at ${uris[missing]}`);
    }

    // The lookups took time: another add may have run meanwhile, so check again.
    this.checkRoom(uris.length);
    this.checkPosition(position);
    const added = uris.map((uri, i) => ({ id: this.nextId++, uri, track: tracks[i] ?? null }));
    return this.insert(added, position ?? this.entries.length);
  }

  /** Remove entries by id; all or nothing, an unknown id removes none and is named. */
  remove(entryIds: number[]): void {
    for (const id of entryIds) this.require(id);
    if (entryIds.length === 0) return;
    const gone = new Set(entryIds);
    const before = this.ids();
    this.entries = this.entries.filter((e) => !gone.has(e.id));
    for (const id of gone) this.byId.delete(id);
    this.changed({ before, removed: [...gone] });
  }

  move(entryId: number, toPosition: number): void {
    const entry = this.require(entryId);
    if (!Number.isInteger(toPosition) || toPosition < 0 || toPosition >= this.entries.length) {
      throw invalid(`position ${toPosition} is outside the queue (0-${this.entries.length - 1})`);
    }

    const before = this.ids();
    this.entries.splice(this.entries.indexOf(entry), 1);
    this.entries.splice(toPosition, 0, entry);
    this.changed({ before, removed: [] });
  }

  clear(): void {
    if (this.entries.length === 0) return;
    const before = this.ids();
    this.entries = [];
    this.byId.clear();
    this.changed({ before, removed: before });
  }

  /** Shuffle the queue's own order; `keepFirst` (the playing entry) is moved to the top. */
  shuffle(keepFirst: number | null = null): void {
    const before = this.ids();
    const order = shuffleIds(before, this.options.random ?? Math.random, keepFirst);
    this.entries = order.map((id) => this.byId.get(id) as QueueEntry);
    this.changed({ before, removed: [] });
  }

  /** Put back entries saved before a restart, keeping their ids. Replaces the whole queue. */
  restore(entries: QueueEntry[], nextId: number): void {
    const before = this.ids();
    this.entries = entries.slice(0, this.limit);
    this.byId = new Map(this.entries.map((e) => [e.id, e]));
    const highest = this.entries.reduce((max, e) => Math.max(max, e.id), 0);
    this.nextId = Math.max(nextId, highest + 1, this.nextId);
    this.changed({ before, removed: before.filter((id) => !this.byId.has(id)) });
  }

  private insert(added: QueueEntry[], position: number): QueueEntry[] {
    const before = this.ids();
    this.entries.splice(position, 0, ...added);
    for (const e of added) this.byId.set(e.id, e);
    this.changed({ before, removed: [] });
    return added;
  }

  private require(id: number): QueueEntry {
    const entry = this.byId.get(id);
    if (!entry) throw new TonearmError('QUEUE_ENTRY_NOT_FOUND', `no queue entry with id ${id}`);
    return entry;
  }

  private checkRoom(count: number): void {
    if (this.entries.length + count > this.limit) {
      throw new TonearmError(
        'QUEUE_FULL',
        `the queue holds at most ${this.limit} entries; it has ${this.entries.length} ` +
          `and ${count} more were asked for`,
      );
    }
  }

  private checkPosition(position: number | undefined): void {
    if (position === undefined) return;
    if (!Number.isInteger(position) || position < 0 || position > this.entries.length) {
      throw invalid(`position ${position} is outside the queue (0-${this.entries.length})`);
    }
  }

  private changed(change: QueueChange): void {
    this.versionNo++;
    for (const listener of this.listeners) listener(change);
    this.options.bus.emit('queue.changed', {
      version: this.versionNo,
      length: this.entries.length,
    });
  }
}
