/**
 * Debian's Chromium (scripts/system-packages.txt, group dev), driven by playwright-core, which
 * never downloads a browser of its own. Each "phone" is a separate browser context: its own
 * cookie jar, like two different devices. Playwright starts Chromium with a fresh temporary
 * --user-data-dir and removes it on close.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const PHONE = { width: 360, height: 800 };
export const SCREENSHOTS = path.resolve('test-results/screenshots');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run scripts/setup.sh --dev (it installs Debian's chromium)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a page did that it should not: console errors, CSP reports, requests elsewhere. */
export interface PageProblems {
  errors: string[];
  foreignRequests: string[];
}

export interface Phone {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
}

/** A 360x800 touch screen with its own cookies, watched for errors and outside requests. */
export async function openPhone(browser: Browser, baseUrl: string): Promise<Phone> {
  const context = await browser.newContext({
    // HTTPS mode uses the box's own self-signed certificate; the test checks its fingerprint.
    ignoreHTTPSErrors: baseUrl.startsWith('https:'),
    viewport: PHONE,
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    colorScheme: 'dark',
  });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [], foreignRequests: [] };
  const origin = new URL(baseUrl).origin;

  // A 404 for missing album art is logged by Chromium as an error too; only script failures
  // and CSP refusals count as problems here.
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(text)) {
      problems.errors.push(text);
    }
  });
  page.on('pageerror', (err) => problems.errors.push(err.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) problems.foreignRequests.push(url);
  });
  return { context, page, problems };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
