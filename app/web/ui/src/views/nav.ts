/**
 * The tab bar at the bottom of the screen, where a thumb reaches. The view lives in the URL
 * fragment (#queue), so the phone's back button goes to the previous view.
 */
import { byId, h, replace } from '../dom.ts';
import { icon, type IconName } from '../icons.ts';
import type { Role } from '../wire.ts';

export type ViewName = 'now' | 'queue' | 'library' | 'history' | 'settings';

interface Tab {
  view: ViewName;
  label: string;
  icon: IconName;
  /** The least role that sees this tab; guests (guest mode) see only what is playing. */
  least: Role;
}

const TABS: Tab[] = [
  { view: 'now', label: 'Playing', icon: 'nowPlaying', least: 'guest' },
  { view: 'queue', label: 'Queue', icon: 'queue', least: 'guest' },
  { view: 'library', label: 'Library', icon: 'library', least: 'listener' },
  { view: 'history', label: 'History', icon: 'history', least: 'listener' },
  { view: 'settings', label: 'Settings', icon: 'settings', least: 'owner' },
];

type ShowListener = (view: ViewName) => void;
const showListeners: ShowListener[] = [];
let current: ViewName = 'now';
let allowed = new Set<ViewName>(TABS.map((t) => t.view));

/** Called with the view's name each time a view comes on screen. */
export function onShow(fn: ShowListener): void {
  showListeners.push(fn);
}

export function currentView(): ViewName {
  return current;
}

const RANK: Record<Role, number> = { guest: 0, listener: 1, owner: 2 };

export function renderTabs(role: Role): void {
  const tabs = TABS.filter((t) => RANK[role] >= RANK[t.least]);
  allowed = new Set(tabs.map((t) => t.view));

  const buttons = tabs.map((tab) =>
    h(
      'a',
      {
        class: 'tab',
        attrs: { id: `tab-${tab.view}`, href: `#${tab.view}`, 'aria-controls': `view-${tab.view}` },
      },
      icon(tab.icon),
      h('span', { class: 'tab-label' }, tab.label),
    ),
  );
  replace(byId('tabs'), ...buttons);
  showFromLocation();
}

export function showFromLocation(): void {
  const wanted = location.hash.slice(1) as ViewName;
  show(allowed.has(wanted) ? wanted : 'now');
}

function show(view: ViewName): void {
  current = view;
  for (const tab of TABS) {
    const section = byId(`view-${tab.view}`);
    section.hidden = tab.view !== view;
    const link = document.getElementById(`tab-${tab.view}`);
    if (tab.view === view) link?.setAttribute('aria-current', 'page');
    else link?.removeAttribute('aria-current');
  }
  for (const fn of showListeners) fn(view);
}

window.addEventListener('hashchange', showFromLocation);
