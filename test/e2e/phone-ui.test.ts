/**
 * The phone UI in real headless Chromium against a real Tonearm: pairing by the approval call
 * the button and CLI use, playing from the library, live updates over the WebSocket, volume,
 * and revocation from an owner's page. The steps build on each other, so they run in order.
 */
import test from 'ava';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { FACTORY_RESET_MARKER } from '../../app/system/factory-reset.ts';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPhone, screenshot, type Phone } from './helpers/browser.ts';
import { HOSTILE_TITLE, pairPage, startBox, type Box } from './helpers/box.ts';
import { OUTLINE_OF_FOCUSED, PAGE_WIDTH, unnamedControls, until } from './helpers/checks.ts';

let box: Box;
let browser: Browser;
/** Paired first, so it is the owner. */
let owner: Phone;
/** Paired second: a listener, revoked at the end. */
let phone: Phone;

test.before(async () => {
  [box, browser] = await Promise.all([startBox(), launchChromium()]);
  owner = await openPhone(browser, box.url);
  phone = await openPhone(browser, box.url);
});

test.after.always(async () => {
  await browser?.close();
  await box?.close();
});

const pair = (page: Page, name: string) => pairPage(page, name, box);

test.serial('an unpaired page gets the pairing screen, and a press lets it in', async (t) => {
  await owner.page.goto(box.url);
  await owner.page.getByRole('heading', { name: 'Pair this device' }).waitFor();
  t.true(await owner.page.locator('#app').isHidden());

  const code = await pair(owner.page, 'Owner phone');
  t.regex(code, /^\d{6}$/);
  t.true(await owner.page.getByRole('link', { name: 'Settings' }).isVisible());
});

test.serial('a second device pairs as a listener, without the settings view', async (t) => {
  await pair(phone.page, 'Kitchen phone');
  t.true(await phone.page.getByRole('link', { name: 'Library' }).isVisible());
  t.is(await phone.page.getByRole('link', { name: 'Settings' }).count(), 0);
});

test.serial('a track found by search-as-you-type plays, and both pages show it', async (t) => {
  const { page } = phone;
  await page.getByRole('link', { name: 'Library' }).click();
  await page.getByLabel('Search the library').pressSequentially('concert', { delay: 40 });
  const play = page.getByRole('button', { name: 'Play Concert A' });
  await play.waitFor();
  await screenshot(page, 'library-search-dark');
  await play.click();

  await page.getByRole('link', { name: 'Playing', exact: true }).click();
  await t.notThrowsAsync(page.locator('#np-title', { hasText: 'Concert A' }).waitFor());
  t.is(await page.locator('.np-artist').textContent(), 'The Sine Waves');
  await page.getByRole('button', { name: 'Pause' }).waitFor();

  // The owner's page did nothing: only the WebSocket can have told it.
  await owner.page.getByRole('link', { name: 'Playing', exact: true }).click();
  await t.notThrowsAsync(owner.page.locator('#np-title', { hasText: 'Concert A' }).waitFor());
  t.is(box.core.player.status().state, 'playing');
});

test.serial('the now-playing view follows changes made elsewhere, live', async (t) => {
  const { page } = phone;
  const elapsed = page.locator('.progress .time').first();
  const before = await elapsed.textContent();
  await page.waitForTimeout(2200);
  t.not(await elapsed.textContent(), before, 'the position moves while playing');

  await box.core.player.pause();
  await t.notThrowsAsync(page.getByRole('button', { name: 'Play', exact: true }).waitFor());
  await box.core.player.play();
  await t.notThrowsAsync(page.getByRole('button', { name: 'Pause' }).waitFor());
  await screenshot(page, 'now-playing-dark');
});

test.serial('the volume slider sets the box volume and the other page follows', async (t) => {
  await phone.page.locator('#volume').fill('42');
  await t.notThrowsAsync(until(() => box.core.mixer.state().volume === 42));
  await t.notThrowsAsync(owner.page.locator('#view-now output', { hasText: '42' }).waitFor());

  await phone.page.getByRole('button', { name: 'Mute' }).click();
  await t.notThrowsAsync(until(() => box.core.mixer.state().mute));
  t.is(await owner.page.locator('#mute').getAttribute('aria-pressed'), 'true');
  await phone.page.getByRole('button', { name: 'Unmute' }).click();
  await t.notThrowsAsync(until(() => !box.core.mixer.state().mute));
});

test.serial('tag text shows as text and never becomes markup', async (t) => {
  const { page } = phone;
  await page.getByRole('link', { name: 'Library' }).click();
  await page.getByLabel('Search the library').fill('Bold Move');
  const row = page.locator('.row-title', { hasText: HOSTILE_TITLE });
  await t.notThrowsAsync(row.waitFor());
  t.is(await page.locator('#pwned').count(), 0);
  t.is(await page.locator('#view-library .list b').count(), 0);
});

test.serial('the queue reorders and removes entries with its buttons', async (t) => {
  const { page } = phone;
  await page.getByLabel('Search the library').fill('sine');
  await page.getByRole('button', { name: 'Add Middle C to the queue' }).click();
  await until(() => box.core.queue.list().entries.length === 2);
  await page.getByRole('button', { name: 'Add High E to the queue' }).click();
  await until(() => box.core.queue.list().entries.length === 3);

  await page.getByRole('link', { name: 'Queue' }).click();
  await page.getByRole('button', { name: 'Move High E up' }).click();
  await t.notThrowsAsync(until(() => titles().join() === 'Concert A,High E,Middle C'));
  await t.notThrowsAsync(
    page.locator('#view-queue .row-title').nth(1).filter({ hasText: 'High E' }).waitFor(),
  );

  await page.getByRole('button', { name: 'Remove Middle C' }).click();
  await t.notThrowsAsync(until(() => titles().join() === 'Concert A,High E'));
  // The box's queue changes first; the page redraws when the event reaches it.
  await t.notThrowsAsync(
    page.locator('#view-queue .list li').nth(2).waitFor({ state: 'detached' }),
  );
  t.is(await page.locator('#view-queue .list li').count(), 2);
  t.is(
    await page.locator('#view-queue li[aria-current="true"] .row-title').textContent(),
    'Concert A',
  );
});

test.serial('the seek slider moves playback to where it is let go', async (t) => {
  const { page } = phone;
  await page.getByRole('link', { name: 'Playing', exact: true }).click();
  await page.getByLabel('Position').fill('20');
  await t.notThrowsAsync(until(() => box.core.player.status().positionMs >= 19_500));
  await t.notThrowsAsync(
    page.locator('.progress .time').first().filter({ hasText: '0:2' }).waitFor(),
  );
});

test.serial('browsing albums reaches the tracks of an album, and back again', async (t) => {
  const { page } = phone;
  await page.getByRole('link', { name: 'Library' }).click();
  await page.getByLabel('Search the library').fill('');
  await page.getByRole('button', { name: /^Albums/ }).click();
  await page.getByRole('button', { name: /^Café Frequencies/ }).click();
  await t.notThrowsAsync(page.getByRole('button', { name: 'Play Crème Brûlée' }).waitFor());
  t.is(await page.locator('#view-library .list li').count(), 3);
  await screenshot(page, 'library-album-dark');

  await page
    .getByRole('navigation', { name: 'Library location' })
    .getByRole('button', {
      name: 'Library',
    })
    .click();
  await t.notThrowsAsync(page.getByRole('button', { name: /^Artists/ }).waitFor());
});

test.serial('the history lists what played', async (t) => {
  const { page } = phone;
  await page.getByRole('link', { name: 'History' }).click();
  await t.notThrowsAsync(
    page.locator('#view-history .row-title', { hasText: 'Concert A' }).waitFor(),
  );
});

test.serial('the play button works from the keyboard and shows where focus is', async (t) => {
  const { page } = phone;
  await page.getByRole('link', { name: 'Playing', exact: true }).click();
  const playing = box.core.player.status().state === 'playing';
  await page.locator('#play-pause').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  const outline = await page.evaluate(OUTLINE_OF_FOCUSED);
  t.is(outline, 'solid');

  await page.keyboard.press('Space');
  await t.notThrowsAsync(until(() => (box.core.player.status().state === 'playing') !== playing));
  const label = playing ? 'Play' : 'Pause';
  await t.notThrowsAsync(page.locator(`#play-pause[aria-label="${label}"]:focus`).waitFor());
  await page.keyboard.press('Enter');
  await t.notThrowsAsync(until(() => (box.core.player.status().state === 'playing') === playing));
});

const VIEWS = ['now', 'queue', 'library', 'history', 'settings'] as const;

test.serial('every view fits 360 px, names every control, in dark and light', async (t) => {
  const { page } = owner;
  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const view of VIEWS) {
      await page.goto(`${box.url}#${view}`);
      await page.locator(`#view-${view}`).waitFor();
      await page.waitForTimeout(300); // lists arrive by fetch
      await screenshot(page, `${view}-${scheme}`);

      const width = await page.evaluate<number>(PAGE_WIDTH);
      t.true(width <= 360, `${view} is ${width} px wide`);
      t.deepEqual(await unnamedControls(page), [], `${view}: controls without a name`);
    }
  }

  const stranger = await openPhone(browser, box.url);
  await stranger.page.emulateMedia({ colorScheme: 'light' });
  await stranger.page.goto(box.url);
  await stranger.page.getByRole('heading', { name: 'Pair this device' }).waitFor();
  await screenshot(stranger.page, 'pairing-light');
  await stranger.context.close();
});

test.serial('an owner sees script tokens and revokes one, which then gets 401', async (t) => {
  const { token } = await box.tokens.create({ kind: 'script', role: 'listener', name: 'Lights' });
  const asScript = () =>
    fetch(`${box.url}api/v1/player`, { headers: { authorization: `Bearer ${token}` } });
  t.is((await asScript()).status, 200);

  await owner.page.getByRole('link', { name: 'Queue' }).click();
  await owner.page.getByRole('link', { name: 'Settings' }).click();
  await owner.page.getByRole('button', { name: 'Revoke Lights' }).click();
  await owner.page.getByRole('button', { name: 'Tap again to revoke Lights' }).click();
  await t.notThrowsAsync(
    owner.page.locator('.row-title', { hasText: 'Lights' }).waitFor({ state: 'detached' }),
  );
  t.is((await asScript()).status, 401);
});

test.serial(
  'an owner creates a script token in settings; it is shown once and works',
  async (t) => {
    await owner.page.getByRole('link', { name: 'Queue' }).click();
    await owner.page.getByRole('link', { name: 'Settings' }).click();
    await owner.page.getByLabel('New token for').fill('Thermostat');
    await owner.page.getByLabel('It may').selectOption('listener');
    await owner.page.getByRole('button', { name: 'Create token' }).click();

    const field = owner.page.getByLabel(/Token for Thermostat/);
    await field.waitFor();
    const token = await field.inputValue();
    t.regex(token, /^[A-Za-z0-9_-]{40,}$/);
    const asScript = (method: string, route: string) =>
      fetch(`${box.url}api/v1${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : '{}',
      });
    t.is((await asScript('GET', '/player')).status, 200);
    t.is((await asScript('GET', '/tokens')).status, 403, 'a listener token manages nothing');

    await t.notThrowsAsync(owner.page.locator('.row-title', { hasText: 'Thermostat' }).waitFor());
    const listed = await owner.page.locator('ul[aria-label="Script tokens"]').innerText();
    t.false(listed.includes(token), 'the list never shows the secret');
    await screenshot(owner.page, 'token-created-dark');
  },
);

test.serial('a factory reset asks for the exact words, then leaves the marker', async (t) => {
  const { page } = owner;
  await page.getByRole('link', { name: 'Queue' }).click();
  await page.getByRole('link', { name: 'Settings' }).click();
  const go = page.getByRole('button', { name: 'Reset this box' });
  const words = page.getByLabel('To confirm, type: erase this box');
  t.true(await go.isDisabled());
  await words.fill('erase this');
  t.true(await go.isDisabled(), 'almost the words is not the words');
  await words.fill('erase this box');
  await go.click();
  await t.notThrowsAsync(page.getByText('The box is restarting').waitFor());

  const marker = path.join(box.dataDir, FACTORY_RESET_MARKER);
  t.regex(await readFile(marker, 'utf8'), /"by":"Owner phone"/);
  // Outside the image nothing acts on it; withdraw it so the box carries on as before.
  await rm(marker);
});

test.serial(
  'an owner revokes the phone from another page and the phone is locked out',
  async (t) => {
    await owner.page.getByRole('link', { name: 'Queue' }).click();
    await owner.page.getByRole('link', { name: 'Settings' }).click();
    const revoke = owner.page.getByRole('button', { name: 'Revoke Kitchen phone' });
    await revoke.click();
    const started = Date.now();
    await owner.page.getByRole('button', { name: 'Tap again to revoke Kitchen phone' }).click();

    await t.notThrowsAsync(
      phone.page.getByRole('heading', { name: 'Pair this device' }).waitFor({ timeout: 5000 }),
    );
    t.log(`phone locked out ${Date.now() - started} ms after the second tap`);
    t.true(await phone.page.getByText('no longer paired').isVisible());
    const status = await phone.page.evaluate("fetch('/api/v1/player').then((r) => r.status)");
    t.is(status, 401);
    await t.notThrowsAsync(
      owner.page.locator('.row-title', { hasText: 'Kitchen phone' }).waitFor({ state: 'detached' }),
    );
    await screenshot(phone.page, 'revoked-dark');
  },
);

test.serial('no page broke the CSP, threw, or asked anything of another host', (t) => {
  for (const { problems } of [owner, phone]) {
    t.deepEqual(problems.errors, []);
    t.deepEqual(problems.foreignRequests, []);
  }
});

function titles(): string[] {
  return box.core.queue.list().entries.map((e) => e.track?.title ?? e.uri);
}
