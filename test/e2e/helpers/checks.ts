/** Checks the end-to-end tests make of pages and of the server, beyond Playwright's own. */
import tls from 'node:tls';
import type { Page } from 'playwright-core';

/** The SHA-256 fingerprint of the certificate the server really presents. */
export function servedFingerprint(url: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port: Number(port),
      rejectUnauthorized: false,
    });
    socket.once('secureConnect', () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.once('error', reject);
  });
}

// Code run inside the page is passed as text: the test runner's compiler would otherwise add
// helpers to the functions that do not exist in the browser, and Node's types lack the DOM.
export const PAGE_WIDTH = 'document.documentElement.scrollWidth';
export const OUTLINE_OF_FOCUSED = 'getComputedStyle(document.activeElement).outlineStyle';

/** Buttons, links and fields on screen that a screen reader could not name. */
export function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const unnamed = [];
    for (const el of document.querySelectorAll('button, a, input')) {
      if (el.getClientRects().length === 0) continue;
      const named =
        el.getAttribute('aria-label') ||
        el.getAttribute('aria-labelledby') ||
        (el instanceof HTMLInputElement ? el.labels.length : el.textContent.trim());
      if (!named) unnamed.push(el.outerHTML.slice(0, 80));
    }
    return unnamed;
  })()`);
}

/** Poll a condition on the server side. */
export async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
