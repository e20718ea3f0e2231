/**
 * Start-up: ask the box who we are. Unpaired browsers get the pairing screen; paired ones get
 * the player, kept live by the event socket. Losing access at any point (revoked, expired)
 * drops back to pairing with a notice saying why.
 */
import * as api from './api.ts';
import { byId, h, replace } from './dom.ts';
import { ApiError, setUnauthorizedHandler } from './http.ts';
import * as live from './live.ts';
import { setSession, setStatus, state } from './store.ts';
import { attempt, toast } from './toast.ts';
import { renderHistory } from './views/history.ts';
import { renderLibrary } from './views/library.ts';
import { renderMini } from './views/mini.ts';
import { onShow, renderTabs } from './views/nav.ts';
import { renderNowPlaying } from './views/now-playing.ts';
import { renderPairing } from './views/pairing.ts';
import { refreshQueue, renderQueue } from './views/queue.ts';
import { renderSettings } from './views/settings.ts';
import type { Session } from './wire.ts';

const REVOKED = 'This device is no longer paired with the box. Pair it again to continue.';

let started = false;

async function boot(): Promise<void> {
  setUnauthorizedHandler(() => lockOut(REVOKED));
  let session: Session;
  try {
    session = await api.session.me();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      showPairing('');
      return;
    }
    showFailure(err);
    return;
  }
  startApp(session);
}

function startApp(session: Session): void {
  setSession(session);
  byId('loading').hidden = true;
  byId('pairing').hidden = true;
  byId('app').hidden = false;

  if (!started) {
    started = true;
    const owner = session.role === 'owner';
    const canControl = session.role !== 'guest';
    renderNowPlaying(byId('view-now'), canControl);
    renderQueue(byId('view-queue'), canControl);
    renderLibrary(byId('view-library'), canControl);
    const refreshHistory = renderHistory(byId('view-history'), canControl);
    const refreshSettings = owner ? renderSettings(byId('view-settings')) : () => {};
    renderMini(canControl);
    onShow((view) => {
      if (view === 'history') refreshHistory();
      if (view === 'settings') refreshSettings();
    });
    renderTabs(owner);
  }

  live.connect({
    resync: () => void attempt(resync),
    denied: () => lockOut(REVOKED),
    queueChanged: () => void attempt(refreshQueue),
    error: toast,
    connection: (up) => {
      byId('connection').textContent = up ? '' : 'Reconnecting…';
    },
  });
}

async function resync(): Promise<void> {
  const [status] = await Promise.all([api.player.status(), refreshQueue()]);
  setStatus(status);
}

function lockOut(notice: string): void {
  live.disconnect();
  if (state.session === null && !byId('pairing').hidden) return;
  setSession(null);
  showPairing(notice);
}

function showPairing(notice: string): void {
  byId('loading').hidden = true;
  byId('app').hidden = true;
  const screen = byId('pairing');
  screen.hidden = false;
  // A fresh page after pairing: the views are built for one role, and the role may differ now.
  renderPairing(screen, notice, () => location.reload());
  screen.querySelector('input')?.focus();
}

function showFailure(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  const retry = h('button', { class: 'primary', attrs: { type: 'button' } }, 'Try again');
  retry.addEventListener('click', () => location.reload());
  replace(byId('loading'), h('p', {}, `Cannot reach the box: ${message}`), retry);
}

void boot();
