/** What was played, newest first. Fetched when the view opens and when a track is added. */
import * as api from '../api.ts';
import { button, h, replace } from '../dom.ts';
import { ago } from '../format.ts';
import { icon } from '../icons.ts';
import { subscribe } from '../store.ts';
import { attempt, toast } from '../toast.ts';
import type { HistoryEntry } from '../wire.ts';

export function renderHistory(root: HTMLElement): () => void {
  const list = h('ol', { class: 'list', attrs: { 'aria-label': 'Played tracks' } });
  const status = h('p', { class: 'muted', attrs: { role: 'status' } });
  replace(root, h('h2', {}, 'History'), status, list);

  function row(entry: HistoryEntry): HTMLLIElement {
    const when = new Date(entry.playedAt);
    const time = h(
      'time',
      { class: 'row-time', attrs: { datetime: entry.playedAt, title: when.toLocaleString() } },
      ago(entry.playedAt),
    );
    const add = button(
      icon('add'),
      () =>
        void attempt(async () => {
          await api.queue.add([entry.uri]);
          toast(`Added ${entry.title} to the queue`);
        }),
      {
        class: 'icon-button',
        attrs: { 'aria-label': `Add ${entry.title} to the queue` },
      },
    );
    return h(
      'li',
      { class: 'row' },
      h(
        'div',
        { class: 'row-main' },
        h('span', { class: 'row-title' }, entry.title),
        h('span', { class: 'row-sub' }, entry.artist ?? ''),
      ),
      h('div', { class: 'row-tools' }, time, add),
    );
  }

  async function load(): Promise<void> {
    const entries = await api.history.list();
    status.textContent = entries.length === 0 ? 'Nothing has been played yet.' : '';
    replace(list, ...entries.map(row));
  }

  const refresh = (): void => {
    if (!root.hidden) void attempt(load);
  };
  subscribe('history', refresh);
  return refresh;
}
