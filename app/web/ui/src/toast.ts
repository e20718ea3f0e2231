/**
 * Short messages at the bottom of the screen. The region is role=alert, so a screen reader
 * reads each one out without the person moving focus.
 */
import { ApiError } from './http.ts';
import { byId } from './dom.ts';

let timer: number | undefined;

export function toast(message: string): void {
  const region = byId('toast');
  region.textContent = message;
  region.hidden = false;
  clearTimeout(timer);
  timer = window.setTimeout(() => {
    region.hidden = true;
    region.textContent = '';
  }, 5000);
}

/** Run an action from a button; show what went wrong instead of failing silently. */
export async function attempt(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (err) {
    // A 401 is handled by the app (back to pairing); saying so twice would only be noise.
    if (err instanceof ApiError && err.status === 401) return;
    if (err instanceof DOMException && err.name === 'AbortError') return;
    toast(err instanceof Error ? err.message : String(err));
  }
}
