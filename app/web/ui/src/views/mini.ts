/**
 * A one-line player above the tab bar on every view but now-playing, so play/pause is always
 * under the thumb.
 */
import { button, byId, h, replace } from '../dom.ts';
import { trackTitle } from '../format.ts';
import { icon } from '../icons.ts';
import { state, subscribe } from '../store.ts';
import { attempt } from '../toast.ts';
import { currentView, onShow } from './nav.ts';
import { togglePlay } from './now-playing.ts';

export function renderMini(canControl: boolean): void {
  const root = byId('mini');
  const title = h('a', { class: 'mini-title', attrs: { href: '#now' } });
  const toggle = button(icon('play'), () => void attempt(togglePlay), {
    class: 'icon-button',
    attrs: { 'aria-label': 'Play' },
  });
  replace(root, title, canControl ? toggle : null);

  function show(): void {
    const current = state.status?.current;
    root.hidden = currentView() === 'now' || !current;
    if (!current) return;

    const name = state.streamTitle ?? trackTitle(current.track, current.uri);
    const artist = current.track?.artist;
    title.textContent = artist ? `${name} · ${artist}` : name;
    title.setAttribute('aria-label', `Now playing: ${title.textContent}. Open the player.`);

    const playing = state.status?.state === 'playing';
    toggle.replaceChildren(icon(playing ? 'pause' : 'play'));
    toggle.setAttribute('aria-label', playing ? 'Pause' : 'Play');
  }

  subscribe('status', show);
  onShow(show);
  show();
}
