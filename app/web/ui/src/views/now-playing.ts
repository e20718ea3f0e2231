/**
 * The now-playing view: art, title, artist, the position slider and the transport buttons.
 * Title and artist sit in a polite live region, so a screen reader announces a new track
 * without being told about every second of progress.
 */
import * as api from '../api.ts';
import { button, h, replace } from '../dom.ts';
import { clock, spokenDuration, trackTitle } from '../format.ts';
import { icon } from '../icons.ts';
import { livePosition, state, subscribe } from '../store.ts';
import { attempt } from '../toast.ts';
import { volumeControl } from './volume.ts';

export function renderNowPlaying(root: HTMLElement, canControl: boolean): void {
  const art = h('img', { class: 'art', attrs: { alt: '', width: 320, height: 320 } });
  const artBox = h('div', { class: 'art-box art-empty' }, art);
  art.addEventListener('load', () => artBox.classList.remove('art-empty'));
  art.addEventListener('error', () => artBox.classList.add('art-empty'));

  const title = h('p', { class: 'np-title', attrs: { id: 'np-title' } });
  const artist = h('p', { class: 'np-artist' });
  const album = h('p', { class: 'np-album' });
  const live = h(
    'div',
    { class: 'np-text', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true' } },
    title,
    artist,
    album,
  );

  const seek = h('input', {
    class: 'seek',
    attrs: { type: 'range', min: 0, max: 0, step: 1, value: 0, 'aria-label': 'Position' },
  });
  const elapsed = h('span', { class: 'time', attrs: { 'aria-hidden': 'true' } });
  const total = h('span', { class: 'time', attrs: { 'aria-hidden': 'true' } });
  let dragging = false;
  seek.disabled = !canControl;
  seek.addEventListener('input', () => {
    dragging = true;
    elapsed.textContent = clock(Number(seek.value) * 1000);
  });
  seek.addEventListener('change', () => {
    dragging = false;
    void attempt(() => api.player.seek(Number(seek.value) * 1000));
  });

  const playPause = button(icon('play'), () => void attempt(togglePlay), {
    class: 'round primary',
    attrs: { 'aria-label': 'Play', id: 'play-pause' },
  });
  const transport = h(
    'div',
    { class: 'transport', attrs: { role: 'group', 'aria-label': 'Playback' } },
    button(icon('previous'), () => void attempt(api.player.previous), {
      class: 'round',
      attrs: { 'aria-label': 'Previous track' },
    }),
    playPause,
    button(icon('next'), () => void attempt(api.player.next), {
      class: 'round',
      attrs: { 'aria-label': 'Next track' },
    }),
  );

  replace(
    root,
    h('h2', { class: 'visually-hidden' }, 'Now playing'),
    artBox,
    live,
    h('div', { class: 'progress' }, elapsed, seek, total),
    canControl ? transport : null,
    volumeControl(canControl),
  );

  function showTrack(): void {
    const current = state.status?.current ?? null;
    const track = current?.track ?? null;
    const newTitle = current
      ? (state.streamTitle ?? trackTitle(track, current.uri))
      : 'Nothing playing';
    setText(title, newTitle);
    setText(artist, track?.artist ?? '');
    setText(album, track?.album ?? '');

    const src = current ? api.library.artUrl(current.uri) : '';
    if (art.getAttribute('src') !== src) {
      if (src) art.src = src;
      else art.removeAttribute('src');
      artBox.classList.add('art-empty');
    }
    art.alt = track?.album ? `Cover of ${track.album}` : '';

    const durationMs = track?.durationMs ?? 0;
    seek.max = String(Math.round(durationMs / 1000));
    total.textContent = clock(durationMs || null);
    seek.disabled = !canControl || !current || !durationMs;

    const playing = state.status?.state === 'playing';
    replace(playPause, icon(playing ? 'pause' : 'play'));
    playPause.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    document.title = current ? `${newTitle} · Tonearm` : 'Tonearm';
    showPosition();
  }

  function showPosition(): void {
    if (dragging) return;
    const position = livePosition();
    seek.value = String(Math.floor(position / 1000));
    elapsed.textContent = clock(state.status?.current ? position : null);
    const durationMs = state.status?.current?.track?.durationMs ?? 0;
    seek.setAttribute(
      'aria-valuetext',
      `${spokenDuration(position)} of ${spokenDuration(durationMs)}`,
    );
  }

  subscribe('status', showTrack);
  subscribe('position', showPosition);
  window.setInterval(() => {
    if (state.status?.state === 'playing' && !root.hidden) showPosition();
  }, 500);
  showTrack();
}

export function togglePlay(): Promise<unknown> {
  return api.player.toggle();
}

/** Only touch the live region when the words change, so nothing is announced twice. */
function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
