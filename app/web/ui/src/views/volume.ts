/**
 * Volume slider and mute button. While a finger is on the slider, levels are sent at most every
 * 120 ms and the box's echoes are not allowed to pull the slider back under the finger.
 */
import * as api from '../api.ts';
import { button, h } from '../dom.ts';
import { icon } from '../icons.ts';
import { state, subscribe } from '../store.ts';
import { attempt } from '../toast.ts';

const SEND_EVERY_MS = 120;
const HOLD_ECHOES_MS = 600;

export function volumeControl(canControl: boolean): HTMLElement {
  const slider = h('input', {
    class: 'volume-slider',
    attrs: { type: 'range', min: 0, max: 100, step: 1, value: 0, id: 'volume' },
  });
  const label = h('label', { class: 'visually-hidden', attrs: { for: 'volume' } }, 'Volume');
  const readout = h('output', { class: 'volume-readout', attrs: { for: 'volume' } });
  const mute = button(icon('volume'), () => void attempt(toggleMute), {
    class: 'icon-button',
    attrs: { 'aria-label': 'Mute', 'aria-pressed': 'false', id: 'mute' },
  });
  slider.disabled = !canControl;
  mute.disabled = !canControl;

  let lastInput = -Infinity;
  let lastSent = 0;
  let pending: number | undefined;

  const send = (): void => {
    pending = undefined;
    lastSent = performance.now();
    const volume = Number(slider.value);
    void attempt(() => api.mixer.set({ volume }));
  };

  slider.addEventListener('input', () => {
    lastInput = performance.now();
    readout.textContent = slider.value;
    if (pending !== undefined) return;
    const wait = Math.max(0, SEND_EVERY_MS - (lastInput - lastSent));
    pending = window.setTimeout(send, wait);
  });

  async function toggleMute(): Promise<void> {
    const muted = state.status?.mixer.mute ?? false;
    await api.mixer.set({ mute: !muted });
  }

  function show(): void {
    const mixer = state.status?.mixer;
    if (!mixer) return;
    slider.max = String(mixer.maxVolume);
    mute.setAttribute('aria-pressed', String(mixer.mute));
    mute.setAttribute('aria-label', mixer.mute ? 'Unmute' : 'Mute');
    mute.replaceChildren(icon(mixer.mute ? 'muted' : 'volume'));
    if (performance.now() - lastInput < HOLD_ECHOES_MS || pending !== undefined) return;
    slider.value = String(mixer.volume);
    readout.textContent = String(mixer.volume);
  }

  subscribe('mixer', show);
  show();
  return h(
    'div',
    { class: 'volume', attrs: { role: 'group', 'aria-label': 'Volume' } },
    mute,
    label,
    slider,
    readout,
  );
}
