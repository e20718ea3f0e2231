/**
 * What played, newest first, bounded so a box that plays for months does not grow without end.
 * It is saved with the rest of the state (state-store.ts), so it survives a restart.
 */
import type { HistoryApi } from './api.ts';
import type { EventBus } from './events.ts';
import type { HistoryEntry, QueueEntry } from './types.ts';

export const DEFAULT_HISTORY_LIMIT = 500;

export class History implements HistoryApi {
  private entries: HistoryEntry[] = [];

  constructor(
    private readonly bus: EventBus,
    readonly limit = DEFAULT_HISTORY_LIMIT,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Record that `entry` started playing. */
  add(entry: QueueEntry): HistoryEntry {
    const item: HistoryEntry = {
      uri: entry.uri,
      title: entry.track?.title ?? entry.uri,
      artist: entry.track?.artist ?? null,
      playedAt: this.now().toISOString(),
    };
    this.entries.unshift(item);
    if (this.entries.length > this.limit) this.entries.length = this.limit;

    this.bus.emit('history.added', item);
    return item;
  }

  /** Take back what was saved, newest first; past `limit` the oldest are dropped. */
  restore(entries: readonly HistoryEntry[]): void {
    this.entries = entries.slice(0, this.limit).map((e) => ({ ...e }));
  }

  list(limit?: number): HistoryEntry[] {
    const n = limit === undefined || !Number.isFinite(limit) ? this.limit : Math.max(0, limit);
    return this.entries.slice(0, Math.floor(n));
  }
}
