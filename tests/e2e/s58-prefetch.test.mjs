// Issue 20 (code fetched on first use), session 41, review s56 R14: the idle prefetch (the
// forms, the Cost and Latency tabs, paste, Tidy up, one after the other) lets what the user
// waits for go first. It counted only views and dialogs: an action waiting in the queue (T,
// Ctrl+V) shared a slow link with the prefetch's next files. Now any use's wait counts (at most
// 10 s). On 8ec0ff5's build the paste's chunk is requested while Tidy up's is held back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, splitFiles, openHeld, fileName as file, withoutFailedFetches as unexpected } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

test('T pressed at the start with Tidy up\'s code held back: the idle prefetch fetches nothing more until it is in', { timeout: 120_000 }, async () => {
  const paste = splitFiles('paste_code')[0];
  const pasteAsked = [];
  const { page, context, log, release } = await openHeld(app, 'tidy_code', {
    before: ({ page }) => page.on('request', (r) => { if (file(r.url()) === paste) pasteAsked.push(Date.now()); }),
  });
  // Before the idle prefetch has reached paste (it starts after the first figures, when idle).
  assert.equal(pasteAsked.length, 0, 'the prefetch has not reached paste yet');
  await page.keyboard.press('t');
  const pressed = Date.now();
  // The prefetch comes within ~2 s of the start; held 4 s, it would have fetched paste by now.
  await page.waitForTimeout(4000);
  assert.equal(pasteAsked.filter((t) => t > pressed).length, 0, 'nothing of the prefetch\'s next items fetched while T waits');
  assert.equal(await page.evaluate(() => window.cloudwrightPrefetched === true), false, 'the prefetch is not done');
  release();
  await page.waitForFunction(() => /Tidy up/.test(document.querySelector('#undo')?.getAttribute('title') ?? ''), null, { timeout: 30_000 });
  // Then the prefetch goes on and ends.
  await page.waitForFunction(() => window.cloudwrightPrefetched === true, null, { timeout: 30_000 });
  assert.ok(pasteAsked.length >= 1, 'paste fetched after the tidy-up');
  assertClean(unexpected(log));
  await context.close();
});
