/**
 * Pairing: the phone asks, shows a short code, and waits while the person presses and holds
 * the box's play button. The code lets them check that the request the box shows is theirs.
 * In HTTPS mode the certificate's fingerprint is shown too, to compare with the browser's.
 */
import * as api from '../api.ts';
import { h, replace } from '../dom.ts';
import { ApiError } from '../http.ts';
import type { PairingRequest } from '../wire.ts';

const POLL_MS = 1000;

export function renderPairing(
  root: HTMLElement,
  notice: string,
  boxFingerprint: string | null,
  onPaired: () => void,
): void {
  const name = h('input', {
    attrs: {
      id: 'device-name',
      type: 'text',
      maxlength: 40,
      autocomplete: 'off',
      required: true,
      value: guessName(),
    },
  });
  const ask = h('button', { class: 'primary wide', attrs: { type: 'submit' } }, 'Ask to pair');
  const form = h(
    'form',
    { class: 'pair-form' },
    h('label', { attrs: { for: 'device-name' } }, 'Name for this device'),
    name,
    ask,
  );
  const progress = h('div', { class: 'pair-progress', attrs: { 'aria-live': 'polite' } });

  replace(
    root,
    h(
      'div',
      { class: 'pair' },
      h('h1', {}, 'Pair this device'),
      notice ? h('p', { class: 'notice', attrs: { role: 'alert' } }, notice) : null,
      h(
        'p',
        {},
        'Tonearm only answers devices it knows. Ask to pair, then press and hold the play ',
        'button on the box within a minute.',
      ),
      boxFingerprint ? fingerprint(boxFingerprint) : null,
      form,
      progress,
    ),
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const wanted = name.value.trim();
    if (!wanted) {
      name.focus();
      return;
    }
    ask.disabled = true;
    void start(wanted).finally(() => {
      ask.disabled = false;
    });
  });

  async function start(deviceName: string): Promise<void> {
    let request: PairingRequest;
    try {
      request = await api.pairing.request(deviceName);
    } catch (err) {
      say(h('p', { class: 'notice' }, describe(err)));
      return;
    }

    form.hidden = true;
    // Ticks every second: kept out of the live region's announcements on purpose.
    const countdown = h('p', { class: 'muted', attrs: { 'aria-live': 'off' } });
    say(
      h('p', {}, 'Code shown on the box:'),
      h('p', { class: 'pair-code', attrs: { id: 'pair-code' } }, request.code),
      h('p', {}, 'Press and hold the play button on the box now.'),
      request.fingerprint && !boxFingerprint ? fingerprint(request.fingerprint) : null,
      countdown,
    );
    const outcome = await wait(request, countdown);
    if (outcome === 'approved') {
      onPaired();
      return;
    }

    form.hidden = false;
    say(
      h(
        'p',
        { class: 'notice' },
        outcome === 'closed'
          ? 'The box did not let this device in: nobody held the button in time, or two ' +
              'devices asked at once (then both are refused). Try again.'
          : outcome,
      ),
    );
  }

  function say(...nodes: (Node | null)[]): void {
    replace(progress, ...nodes);
  }
}

/** Poll until the button is held: 'approved', 'closed' (refused or expired), or a message. */
async function wait(request: PairingRequest, countdown: HTMLElement): Promise<string> {
  const deadline = Date.parse(request.expiresAt) || Date.now() + 60_000;
  for (;;) {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    countdown.textContent = `Waiting for the button: ${left} s left`;
    try {
      const result = await api.pairing.claim(request.id);
      if (result.state === 'approved') return 'approved';
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) return 'closed';
      if (err instanceof ApiError && err.status === 429) return describe(err);
      // Anything else (a flaky Wi-Fi moment) is retried until the deadline.
    }
    if (Date.now() > deadline + 2000) return 'closed';
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function fingerprint(value: string): HTMLElement {
  return h(
    'div',
    { class: 'fingerprint' },
    h('p', {}, "This box's HTTPS certificate fingerprint (SHA-256):"),
    h('code', {}, value),
    h('p', { class: 'muted' }, 'It should match the one your browser shows for this page.'),
  );
}

function describe(err: unknown): string {
  if (err instanceof ApiError && err.status === 429) {
    return 'Too many pairing requests. Wait a minute and try again.';
  }
  return err instanceof Error ? err.message : String(err);
}

function guessName(): string {
  const ua = navigator.userAgent;
  if (/iPhone/.test(ua)) return 'iPhone';
  if (/iPad/.test(ua)) return 'iPad';
  if (/Android/.test(ua)) return /Mobile/.test(ua) ? 'Android phone' : 'Android tablet';
  return 'Browser';
}
