/**
 * The library: a search box whose results follow the typing, and browsing by artist, album and
 * folder, starting from whatever the box lists at `local:`. Tracks can be played at once
 * (appended, then played) or just added to the queue.
 */
import * as api from '../api.ts';
import { button, h, replace } from '../dom.ts';
import { clock } from '../format.ts';
import { icon } from '../icons.ts';
import { attempt, toast } from '../toast.ts';
import type { BrowseRef, Track } from '../wire.ts';

const TYPE_DELAY_MS = 180;
const ROOT: BrowseRef = { type: 'directory', uri: 'local:', name: 'Library' };

export function renderLibrary(root: HTMLElement): void {
  const search = h('input', {
    class: 'search',
    attrs: {
      type: 'search',
      id: 'library-search',
      autocomplete: 'off',
      enterkeyhint: 'search',
      placeholder: 'Artist, album, title…',
    },
  });
  const searchLabel = h('label', { attrs: { for: 'library-search' } }, 'Search the library');
  const status = h('p', { class: 'muted', attrs: { role: 'status', 'aria-live': 'polite' } });
  const crumbs = h('nav', { class: 'crumbs', attrs: { 'aria-label': 'Library location' } });
  const list = h('ul', { class: 'list', attrs: { 'aria-label': 'Library' } });
  const trail: BrowseRef[] = [ROOT];
  let inFlight: AbortController | null = null;
  let typing: number | undefined;

  replace(
    root,
    h('h2', { class: 'visually-hidden' }, 'Library'),
    h('form', { class: 'search-form', attrs: { role: 'search' } }, searchLabel, search),
    crumbs,
    status,
    list,
  );
  search.form?.addEventListener('submit', (event) => {
    event.preventDefault();
    runSearch();
  });
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = window.setTimeout(runSearch, TYPE_DELAY_MS);
  });

  function runSearch(): void {
    clearTimeout(typing);
    inFlight?.abort();
    const text = search.value.trim();
    if (!text) {
      void browse();
      return;
    }

    const controller = new AbortController();
    inFlight = controller;
    crumbs.hidden = true;
    void attempt(async () => {
      const tracks = await api.library.search(text, controller.signal);
      if (controller.signal.aborted) return;
      status.textContent =
        tracks.length === 0 ? `Nothing matches “${text}”.` : `${tracks.length} found`;
      replace(list, ...tracks.map((track) => trackRow(track)));
    });
  }

  async function browse(): Promise<void> {
    const here = trail[trail.length - 1] ?? ROOT;
    crumbs.hidden = false;
    replace(
      crumbs,
      ...trail.map((ref, i) =>
        i === trail.length - 1
          ? h('span', { attrs: { 'aria-current': 'location' } }, ref.name)
          : button(ref.name, () => goTo(i), { class: 'crumb' }),
      ),
    );
    await attempt(async () => {
      const refs = await api.library.browse(here.uri);
      status.textContent = refs.length === 0 ? 'Nothing here.' : '';
      replace(list, ...refs.map(refRow));
    });
  }

  function goTo(index: number): void {
    trail.length = index + 1;
    void browse();
  }

  function refRow(ref: BrowseRef): HTMLLIElement {
    if (ref.type === 'track') return trackRow({ uri: ref.uri, title: ref.name }, ref.name);
    const open = button(
      [h('span', { class: 'row-title' }, ref.name), h('span', { class: 'row-sub' }, kind(ref))],
      () => {
        trail.push(ref);
        void browse().then(() => list.querySelector('button')?.focus());
      },
      { class: 'row-main' },
    );
    return h('li', { class: 'row' }, open);
  }

  function trackRow(track: Partial<Track> & { uri: string; title: string }, name = track.title) {
    const sub = [track.artist, track.album].filter(Boolean).join(' · ');
    const play = button(
      [h('span', { class: 'row-title' }, name), h('span', { class: 'row-sub' }, sub)],
      () => void attempt(() => playNow(track.uri, name)),
      { class: 'row-main', attrs: { 'aria-label': `Play ${name}` } },
    );
    const add = button(icon('add'), () => void attempt(() => addToQueue(track.uri, name)), {
      class: 'icon-button',
      attrs: { 'aria-label': `Add ${name} to the queue` },
    });
    // Browse answers carry names only; searched tracks also have their length.
    const time = track.durationMs
      ? h('span', { class: 'row-time' }, clock(track.durationMs))
      : null;
    return h('li', { class: 'row' }, play, h('div', { class: 'row-tools' }, time, add));
  }

  void browse();
}

async function playNow(uri: string, name: string): Promise<void> {
  const [entry] = await api.queue.add([uri]);
  if (entry) await api.player.play(entry.id);
  toast(`Playing ${name}`);
}

async function addToQueue(uri: string, name: string): Promise<void> {
  await api.queue.add([uri]);
  toast(`Added ${name} to the queue`);
}

function kind(ref: BrowseRef): string {
  const names: Record<BrowseRef['type'], string> = {
    directory: 'Folder',
    artist: 'Artist',
    albumartist: 'Album artist',
    album: 'Album',
    genre: 'Genre',
    track: 'Track',
  };
  return names[ref.type];
}
