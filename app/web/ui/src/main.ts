/**
 * Start-up: ask the box who we are. Unpaired browsers get the pairing screen; paired ones get
 * the player, kept live by the event socket. Losing access at any point (revoked, expired)
 * drops back to pairing with a notice saying why.
 */
import * as api from './api.ts';
import { byId, h, replace } from './dom.ts';
import { setUnauthorizedHandler } from './http.ts';
import * as live from './live.ts';
import { setSession, setStatus, state } from './store.ts';
import { alertError, attempt } from './toast.ts';
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
    showFailure(err);
    return;
  }
  if (session.role === null) showPairing('', session);
  else await startApp(session);
}

async function startApp(session: Session): Promise<void> {
  setSession(session);
  if (!started) {
    started = true;
    const owner = session.role === 'owner';
    const canControl = session.role === 'owner' || session.role === 'listener';
    renderNowPlaying(byId('view-now'), canControl);
    renderQueue(byId('view-queue'), canControl);
    if (canControl) renderLibrary(byId('view-library'));
    const refreshHistory = canControl ? renderHistory(byId('view-history')) : () => {};
    const refreshSettings = owner ? renderSettings(byId('view-settings')) : () => {};
    renderMini(canControl);
    if (!canControl) offerPairing(session);
    onShow((view) => {
      if (view === 'history') refreshHistory();
      if (view === 'settings') refreshSettings();
    });
    renderTabs(session.role ?? 'guest');
  }

  // The first paint shows the box's real state rather than an empty player.
  await attempt(resync);
  if (state.session === null) return; // locked out meanwhile (a 401): pairing is on screen
  byId('loading').hidden = true;
  byId('pairing').hidden = true;
  byId('app').hidden = false;

  live.connect({
    resync: () => void attempt(resync),
    denied: () => lockOut(REVOKED),
    lost: () => void checkStillPaired(),
    queueChanged: () => void attempt(refreshQueue),
    error: alertError,
    connection: (up) => {
      byId('connection').textContent = up ? '' : 'Reconnecting…';
    },
  });
}

async function checkStillPaired(): Promise<void> {
  let session: Session;
  try {
    session = await api.session.me();
  } catch {
    // The box is unreachable (restarting, Wi-Fi gone): "Reconnecting…" already says so.
    return;
  }
  if (session.role === null) lockOut(REVOKED);
}

async function resync(): Promise<void> {
  const [status] = await Promise.all([api.player.status(), refreshQueue()]);
  setStatus(status);
}

function lockOut(notice: string): void {
  live.disconnect();
  if (!byId('pairing').hidden) return;
  const fingerprint = state.session?.fingerprint ?? null;
  setSession(null);
  showPairing(notice, { fingerprint });
}

function showPairing(notice: string, session: Pick<Session, 'fingerprint'>): void {
  byId('loading').hidden = true;
  byId('app').hidden = true;
  const screen = byId('pairing');
  screen.hidden = false;
  // A fresh page after pairing: the views are built for one role, and the role may differ now.
  renderPairing(screen, notice, session.fingerprint, () => location.reload());
  screen.querySelector('input')?.focus();
}

/** Guests (guest mode) watch what plays; a button in the top bar leads to pairing. */
function offerPairing(session: Session): void {
  const pair = h('button', { class: 'text-button', attrs: { type: 'button' } }, 'Pair');
  pair.addEventListener('click', () => {
    live.disconnect();
    showPairing('', session);
  });
  byId('connection').after(pair);
}

function showFailure(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  const retry = h('button', { class: 'primary', attrs: { type: 'button' } }, 'Try again');
  retry.addEventListener('click', () => location.reload());
  replace(byId('loading'), h('p', {}, `Cannot reach the box: ${message}`), retry);
}

void boot();
