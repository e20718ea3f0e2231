/**
 * The queue: tap an entry to play it, move it with the arrow buttons (buttons rather than drag
 * and drop, so it works with one thumb, a keyboard and a screen reader alike), remove it.
 */
import * as api from '../api.ts';
import { button, h, replace, replaceKeepingFocus } from '../dom.ts';
import { clock, trackTitle } from '../format.ts';
import { icon } from '../icons.ts';
import { setQueue, state, subscribe } from '../store.ts';
import { attempt } from '../toast.ts';
import type { QueueEntry } from '../wire.ts';
import { modesPanel } from './modes.ts';

export function renderQueue(root: HTMLElement, canControl: boolean): void {
  const list = h('ol', { class: 'list', attrs: { 'aria-label': 'Queue' } });
  const summary = h('p', { class: 'muted', attrs: { role: 'status' } });
  let confirmTimer: number | undefined;

  const clear = button('Clear queue', () => {
    if (clear.dataset.armed !== 'yes') {
      clear.dataset.armed = 'yes';
      clear.textContent = 'Tap again to clear';
      confirmTimer = window.setTimeout(disarm, 4000);
      return;
    }
    disarm();
    void attempt(api.queue.clear);
  });
  clear.className = 'text-button danger';
  const disarm = (): void => {
    clearTimeout(confirmTimer);
    delete clear.dataset.armed;
    clear.textContent = 'Clear queue';
  };

  replace(
    root,
    h('div', { class: 'view-head' }, h('h2', {}, 'Queue'), canControl ? clear : null),
    summary,
    list,
    canControl ? modesPanel() : null,
  );

  function row(entry: QueueEntry, index: number, count: number): HTMLLIElement {
    const name = trackTitle(entry.track, entry.uri);
    const isCurrent = state.status?.current?.id === entry.id;
    const main = button(
      [
        h('span', { class: 'row-title' }, name),
        h('span', { class: 'row-sub' }, entry.track?.artist ?? ''),
      ],
      () => void attempt(() => api.player.play(entry.id)),
      {
        class: 'row-main',
        attrs: { 'aria-label': `Play ${name}`, disabled: !canControl, 'data-key': `p${entry.id}` },
      },
    );
    const moveBy = (delta: number) => () =>
      void attempt(() => api.queue.move(entry.id, index + delta));

    const tools = canControl
      ? h(
          'div',
          { class: 'row-tools' },
          entry.track?.durationMs
            ? h('span', { class: 'row-time' }, clock(entry.track.durationMs))
            : null,
          button(icon('up'), moveBy(-1), {
            class: 'icon-button',
            attrs: {
              'aria-label': `Move ${name} up`,
              disabled: index === 0,
              'data-key': `u${entry.id}`,
            },
          }),
          button(icon('down'), moveBy(1), {
            class: 'icon-button',
            attrs: {
              'aria-label': `Move ${name} down`,
              disabled: index === count - 1,
              'data-key': `d${entry.id}`,
            },
          }),
          button(icon('remove'), () => void attempt(() => api.queue.remove(entry.id)), {
            class: 'icon-button',
            attrs: { 'aria-label': `Remove ${name}` },
          }),
        )
      : null;

    return h(
      'li',
      {
        class: isCurrent ? 'row current' : 'row',
        attrs: { 'aria-current': isCurrent || undefined },
      },
      main,
      tools,
    );
  }

  function show(): void {
    const entries = state.queue?.entries ?? [];
    summary.textContent =
      entries.length === 0
        ? 'The queue is empty. Add music from the library.'
        : `${entries.length} ${entries.length === 1 ? 'track' : 'tracks'}`;
    clear.hidden = entries.length === 0;
    replaceKeepingFocus(list, ...entries.map((e, i) => row(e, i, entries.length)));
  }

  subscribe('queue', show);
  subscribe('status', show);
  show();
}

/** Fetch the queue again (after a queue.changed event, or on reconnect). */
export async function refreshQueue(): Promise<void> {
  setQueue(await api.queue.list());
}
