// Findings of a tester on the integrated main's release build (qa23, /work/notes/qa/qa23.md), as a user meets them:
// 1. A label pasted by mistake into the inspector (100,000 characters, one word) was shown whole
//    in the latency panel's hops: a hop 627,000 px wide, the panel's content pushed out of view;
//    the bill's rows showed it whole too. Now the panels name a component as the diagram does
//    (`text::shown_label`: 160 characters, then "…"), and a cut that is one unbroken word
//    breaks inside the panel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot } from './harness.mjs';

let app;
// QA23_DIST=dist-main runs it on another build (the before-run of the fix).
before(async () => { app = await start(process.env.QA23_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [{ width: 1440, height: 900 }, { width: 1024, height: 768 }];
/** A label as the diagram draws it: at most 160 characters, then "…" (engine text::shown_label). */
const asDrawn = (s) => { const cs = [...s]; return cs.length > 160 ? `${cs.slice(0, 160).join('').trimEnd()}\u2026` : s; };
/** Two animation frames: what an edit changed is drawn. */
const frames = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
/** What of the side panel's content reaches past its right edge. */
const overflow = (page) => page.evaluate(() => {
  const panel = document.querySelector('.sidepanel');
  const right = panel.getBoundingClientRect().right;
  return {
    scroll: panel.scrollWidth - panel.clientWidth,
    past: [...panel.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > right + 1).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
  };
});

for (const viewport of VIEWPORTS) {
  test(`a 100,000-character label pasted in the inspector: the latency and cost panels stay inside the side panel (${viewport.width}×${viewport.height})`, async () => {
    const { page, context, log } = await app.open('/', { viewport });
    // The starter's load balancer: on every request path (a latency hop) and in the bill.
    const b = await page.locator('g.node.kind-alb .hit').first().boundingBox();
    await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
    await page.waitForSelector('g.node.kind-alb.selected');
    await page.click('#tab-inspect');
    const input = page.locator('.inspector .field input[type="text"]').first();
    const huge = 'abcdefghij'.repeat(10_000); // 100,000 characters, no space
    await input.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(huge); // one paste
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#undo')?.title.startsWith('Undo: Rename'));
    await page.waitForFunction(() => document.querySelector('.totals-bar')?.dataset.updating === 'false');

    await page.click('#tab-latency');
    await page.waitForSelector('.latency .hop');
    await frames(page);
    const hops = await page.$$eval('.latency .hop', (hs) => hs.map((h) => h.firstChild.textContent.trim()));
    assert.ok(hops.includes(asDrawn(huge)), 'the hop names the load balancer cut at 160 characters');
    assert.ok(hops.every((h) => h.length <= 161), 'no hop holds the whole label');
    assert.deepEqual(await overflow(page), { scroll: 0, past: [] }, 'nothing in the latency panel reaches past the side panel');
    await shot(page, `qa23-long-label-latency-${viewport.width}`);

    await page.click('#tab-cost');
    await page.waitForSelector('.bill td.user-text');
    await frames(page);
    const rows = await page.$$eval('.bill td.user-text', (ts) => ts.map((t) => t.textContent));
    assert.ok(rows.includes(asDrawn(huge)), 'the bill row names the load balancer cut at 160 characters');
    assert.deepEqual(await overflow(page), { scroll: 0, past: [] }, 'nothing in the cost panel reaches past the side panel');
    // The monthly figures stay in view.
    const num = await page.$eval('.bill td.num', (t) => { const r = t.getBoundingClientRect(); return { right: r.right, panel: document.querySelector('.sidepanel').getBoundingClientRect().right }; });
    assert.ok(num.right <= num.panel + 1, `the Monthly column inside the panel: ${JSON.stringify(num)}`);
    await shot(page, `qa23-long-label-cost-${viewport.width}`);
    // The inspector keeps the whole label (the design holds what was typed).
    await page.click('#tab-inspect');
    assert.equal((await input.inputValue()).length, 100_000);
    assertClean(log);
    await context.close();
  });
}
