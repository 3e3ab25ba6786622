// A message closed with its × no longer takes the next one away early (QA s28 F3). Each
// message is numbered and its timer takes it away only while it is still the one shown; the
// number was counted from the message shown, so after a close the next message got the
// closed one's number, and the closed one's timer (3 s) took the new one away — a refusal
// shown for under 200 ms looked like a drop silently refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, shot, assertClean } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

/** Waits for a message whose text matches `re`; its time on the page's clock (ms). */
const shownAt = (page, re) => page.waitForFunction((src) => {
  const t = document.querySelector('.toast .toast-text')?.textContent ?? '';
  return new RegExp(src).test(t) && performance.now();
}, re.source, { timeout: 10_000 }).then((h) => h.jsonValue());

/** Whether a message matching `re` is shown when the page's clock reads `at` (ms). */
const shownWhen = (page, re, at) => page.evaluate(([src, at]) => new Promise((ok) => {
  setTimeout(() => ok(new RegExp(src).test(document.querySelector('.toast .toast-text')?.textContent ?? '')), Math.max(0, at - performance.now()));
}), [re.source, at]);

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`${w}×${h}: a message closed with × leaves the next one its full time`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await page.locator('g.node').first().waitFor();
    // The first message (3 s), closed at once.
    await page.keyboard.press('Control+v');
    const first = await shownAt(page, /Nothing to paste/);
    await page.click('.toast .toast-close');
    assert.equal(await page.locator('.toast').count(), 0, 'closed');
    // The next one, 1.5 s later: it is shown for its own 3 s, to 4.5 s after the first.
    await page.evaluate((at) => new Promise((ok) => setTimeout(ok, Math.max(0, at - performance.now()))), first + 1500);
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+c');
    const second = await shownAt(page, /Copied 25 components/);
    assert.ok(second < first + 2600, `the second message came before the first's timer (${(second - first).toFixed(0)} ms)`);
    // 3.75 s after the first: its timer (3 s) has fired; the second's (to 4.5 s) has not.
    const still = await shownWhen(page, /Copied 25 components/, Math.max(first + 3750, second + 500));
    await shot(page, `s43-toast-${w}`);
    assert.ok(still, 'the closed message\'s timer did not take the next one away');
    assertClean(log);
    await context.close();
  });
}
