/**
 * The UI under the box's other modes, each a real Tonearm of its own: HTTPS, where the pairing
 * screen shows the certificate's fingerprint, and guest mode, where unpaired visitors may watch
 * what plays but touch nothing.
 */
import test from 'ava';
import type { Browser } from 'playwright-core';
import { launchChromium, openPhone, screenshot } from './helpers/browser.ts';
import { pairPage, startBox, type Box } from './helpers/box.ts';
import { servedFingerprint } from './helpers/checks.ts';

let secure: Box;
let browser: Browser;

test.before(async () => {
  [secure, browser] = await Promise.all([startBox({ https: true }), launchChromium()]);
});

test.after.always(async () => {
  await browser?.close();
  await secure?.close();
});

test.serial('in HTTPS mode the pairing screen shows the served certificate', async (t) => {
  const visitor = await openPhone(browser, secure.url);
  await visitor.page.goto(secure.url);
  const shown = await visitor.page.locator('.fingerprint code').textContent();
  t.is(shown, await servedFingerprint(secure.url));

  await pairPage(visitor.page, 'Secure phone', secure);
  t.true(await visitor.page.getByRole('link', { name: 'Settings' }).isVisible());
  t.is(await visitor.page.locator('#view-now output').textContent(), '30');
  await screenshot(visitor.page, 'now-empty-dark');
  t.deepEqual(visitor.problems, { errors: [], foreignRequests: [] });
  await visitor.context.close();
});

test.serial('in guest mode a visitor sees what plays, without controls', async (t) => {
  const open = await startBox({ guestMode: true, reuse: secure });
  try {
    const [entry] = await open.core.queue.add([
      'local:track:The%20Sine%20Waves/Pure%20Tones/02%20Middle%20C.flac',
    ]);
    await open.core.player.play(entry?.id);

    const visitor = await openPhone(browser, open.url);
    await visitor.page.goto(open.url);
    await t.notThrowsAsync(visitor.page.locator('#np-title', { hasText: 'Middle C' }).waitFor());
    t.is(await visitor.page.getByRole('button', { name: /^(Play|Pause)$/ }).count(), 0);
    t.is(await visitor.page.getByRole('link', { name: 'Library' }).count(), 0);
    t.true(await visitor.page.locator('#volume').isDisabled());
    await screenshot(visitor.page, 'guest-dark');

    await visitor.page.getByRole('button', { name: 'Pair' }).click();
    await t.notThrowsAsync(
      visitor.page.getByRole('heading', { name: 'Pair this device' }).waitFor(),
    );
    t.deepEqual(visitor.problems, { errors: [], foreignRequests: [] });
    await visitor.context.close();
  } finally {
    await open.close();
  }
});
