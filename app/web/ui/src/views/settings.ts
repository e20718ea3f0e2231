/** The owner's view: paired devices and the playback modes. */
import * as api from '../api.ts';
import { h, replace } from '../dom.ts';
import { state, subscribe } from '../store.ts';
import { attempt } from '../toast.ts';
import type { Modes } from '../wire.ts';
import { devicesSection } from './devices.ts';

const MODES: { key: keyof Modes; label: string; hint: string }[] = [
  { key: 'repeat', label: 'Repeat', hint: 'Start the queue again after the last track' },
  { key: 'random', label: 'Random', hint: 'Play the queue in random order' },
  { key: 'single', label: 'Single', hint: 'Stop after the current track' },
  { key: 'consume', label: 'Consume', hint: 'Remove each track from the queue once played' },
];

export function renderSettings(root: HTMLElement): () => void {
  const devices = devicesSection();

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

  replace(
    root,
    h('h2', {}, 'Settings'),
    devices.node,
    h(
      'section',
      { class: 'panel', attrs: { 'aria-labelledby': 'modes-heading' } },
      h('h3', { attrs: { id: 'modes-heading' } }, 'Playback'),
      ...switches.map((s) => s.row),
    ),
  );

  const showModes = (): void => {
    const modes = state.status?.modes;
    if (!modes) return;
    for (const { key, input } of switches) input.checked = modes[key] !== false;
  };
  subscribe('status', showModes);
  showModes();

  return () => {
    if (!root.hidden) devices.refresh();
  };
}
