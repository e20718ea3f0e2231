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

export function renderPairing(root: HTMLElement, notice: string, onPaired: () => void): void {
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
    const countdown = h('p', { class: 'muted' });
    say(
      h('p', {}, 'Code shown on the box:'),
      h('p', { class: 'pair-code', attrs: { id: 'pair-code' } }, request.code),
      h('p', {}, 'Press and hold the play button on the box now.'),
      request.fingerprint ? fingerprint(request.fingerprint) : null,
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
        outcome === 'refused'
          ? 'The box refused the request (two requests at once are both refused). Try again.'
          : 'Nobody pressed the button in time. Try again.',
      ),
    );
  }

  function say(...nodes: (Node | null)[]): void {
    replace(progress, ...nodes);
  }
}

async function wait(request: PairingRequest, countdown: HTMLElement): Promise<string> {
  const deadline = request.expiresAt ? Date.parse(request.expiresAt) : Date.now() + 60_000;
  for (;;) {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    countdown.textContent = `Waiting for the button: ${left} s left`;
    try {
      const outcome = await api.pairing.status(request.id);
      if (outcome !== 'pending') return outcome;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return 'expired';
      // Anything else (a flaky Wi-Fi moment) is retried until the deadline.
    }
    if (Date.now() > deadline + 2000) return 'expired';
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
