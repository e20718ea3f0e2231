/**
 * Short messages near the top of the screen, where they hide no control under the thumb.
 * News ("Added to the queue") goes to a polite status region; failures go to an alert region,
 * which a screen reader reads out at once.
 */
import { ApiError } from './http.ts';
import { byId } from './dom.ts';

const timers = new Map<string, number>();

function show(id: 'toast' | 'alert', message: string, ms: number): void {
  const region = byId(id);
  region.textContent = message;
  region.hidden = false;
  clearTimeout(timers.get(id));
  timers.set(
    id,
    window.setTimeout(() => {
      region.hidden = true;
      region.textContent = '';
    }, ms),
  );
}

export function toast(message: string): void {
  show('toast', message, 2500);
}

export function alertError(message: string): void {
  show('alert', message, 6000);
}

/** Run an action from a button; show what went wrong instead of failing silently. */
export async function attempt(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (err) {
    // A 401 is handled by the app (back to pairing); saying so twice would only be noise.
    if (err instanceof ApiError && err.status === 401) return;
    if (err instanceof DOMException && err.name === 'AbortError') return;
    alertError(err instanceof Error ? err.message : String(err));
  }
}
