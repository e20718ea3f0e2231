/** Repeat, random, single and consume, with MPD's meanings, as switches under the queue. */
import * as api from '../api.ts';
import { h } from '../dom.ts';
import { state, subscribe } from '../store.ts';
import { attempt } from '../toast.ts';
import type { Modes } from '../wire.ts';

const MODES: { key: keyof Modes; label: string; hint: string }[] = [
  { key: 'repeat', label: 'Repeat', hint: 'Start the queue again after the last track' },
  { key: 'random', label: 'Random', hint: 'Play the queue in random order' },
  { key: 'single', label: 'Single', hint: 'Stop after the current track' },
  { key: 'consume', label: 'Consume', hint: 'Remove each track from the queue once played' },
];

export function modesPanel(): HTMLElement {
  const switches = MODES.map(({ key, label, hint }) => {
    const input = h('input', {
      class: 'switch',
      attrs: { type: 'checkbox', id: `mode-${key}`, 'aria-describedby': `mode-${key}-hint` },
    });
    input.addEventListener('change', () => {
      void attempt(() => api.player.setModes({ [key]: input.checked }));
    });
    const row = h(
      'div',
      { class: 'setting' },
      h('label', { attrs: { for: `mode-${key}` } }, label),
      input,
      h('p', { class: 'muted setting-hint', attrs: { id: `mode-${key}-hint` } }, hint),
    );
    return { key, input, row };
  });

  const show = (): void => {
    const modes = state.status?.modes;
    if (!modes) return;
    // 'oneshot' counts as on: it is on until it fires once.
    for (const { key, input } of switches) input.checked = modes[key] !== false;
  };
  subscribe('status', show);
  show();

  return h(
    'section',
    { class: 'panel', attrs: { 'aria-labelledby': 'modes-heading' } },
    h('h3', { attrs: { id: 'modes-heading' } }, 'Playback modes'),
    ...switches.map((s) => s.row),
  );
}
