// Findings of a tester on the integrated main's release build (qa23, /work/notes/qa/qa23.md), as a user meets them:
// 1. A label pasted by mistake into the inspector (100,000 characters, one word) was shown whole
//    in the latency panel's hops: a hop 627,000 px wide, the panel's content pushed out of view;
//    the bill's rows showed it whole too. Now the panels name a component as the diagram does
//    (`text::shown_label`: 160 characters, then "…"), and a cut that is one unbroken word
//    breaks inside the panel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, inView, visiblePoint } from './harness.mjs';

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

// The same label on the design's entry point: the totals bar names it in "p95 · …" (and the
// presentation, the comparison and the scenarios' drivers name components the same way:
// `files::shown_label`, one function for every place a component is named).
test('a 100,000-character label on the entry point: the totals bar names it cut, and stays one row (1024×768)', async () => {
  const { page, context, log } = await app.open('/', { viewport: { width: 1024, height: 768 } });
  // At 1024×768 the starter's entry point sits under the side panel (its hit box's centre
  // selects nothing): bring it into view, then click a point of it nothing covers.
  await inView(page, 'users');
  const p = await visiblePoint(page, 'users');
  assert.ok(p, 'the entry point shows on the canvas');
  await page.mouse.click(p.x, p.y);
  await page.waitForSelector('g[data-node="users"].selected');
  await page.click('#tab-inspect');
  const before = await page.$eval('.totals-bar', (e) => e.getBoundingClientRect().height);
  const input = page.locator('.inspector .field input[type="text"]').first();
  const huge = 'abcdefghij'.repeat(10_000);
  await input.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(huge);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#undo')?.title.startsWith('Undo: Rename'));
  await page.waitForFunction(() => document.querySelector('.totals-bar')?.dataset.updating === 'false');
  await frames(page);
  const labels = await page.$$eval('.totals-bar .total-label', (es) => es.map((e) => e.textContent));
  assert.ok(labels.includes(`p95 · ${asDrawn(huge)}`), `the p95 box names the entry cut at 160 characters: ${labels.map((l) => l.slice(0, 30))}`);
  const bar = await page.$eval('.totals-bar', (e) => ({ height: e.getBoundingClientRect().height, scroll: e.scrollWidth - e.clientWidth, page: document.documentElement.scrollWidth - document.documentElement.clientWidth }));
  assert.equal(bar.page, 0, 'the page does not scroll sideways');
  assert.ok(bar.height <= before + 1, `the totals bar keeps its height: ${before} → ${bar.height}`);
  await shot(page, 'qa23-long-label-totals-1024');
  assertClean(log);
  await context.close();
});

// qa23 #2: the canvas drew a long label over its neighbours (a 209-character label on 7 lines,
// the 100,000-character word as one ~900 px line). Now a component's label is at most three
// lines no wider than its cell (geometry::label_lines wraps at 140 world units; the cell is 176), the last ending "…".
for (const viewport of VIEWPORTS) {
  test(`long labels stay in their cell on the canvas: three lines at most (${viewport.width}×${viewport.height})`, async () => {
    const { page, context, log } = await app.open('/', { viewport });
    const long = 'Payments API gateway for the EU region with PCI scope, owned by team Falcon, on-call rota in PagerDuty '
      + 'service P-2231, see the runbook in Confluence page 4411 v2 and the threat model in Confluence page 4412 v2';
    const huge = 'abcdefghij'.repeat(10_000);
    for (const [kind, label] of [['alb', long], ['ecs-service', huge]]) {
      const g = page.locator(`g.node.kind-${kind}`).first();
      const id = await g.getAttribute('data-node');
      await inView(page, id);
      const p = await visiblePoint(page, id);
      assert.ok(p, `${kind} shows on the canvas`);
      await page.mouse.click(p.x, p.y);
      await page.waitForSelector(`g[data-node="${id}"].selected`);
      await page.click('#tab-inspect');
      const input = page.locator('.inspector .field input[type="text"]').first();
      await input.click();
      await page.keyboard.press('Control+a');
      await page.keyboard.insertText(label);
      await page.keyboard.press('Enter');
      await page.waitForFunction((id) => document.querySelector(`g[data-node="${id}"] text.label`)?.textContent.includes('…'), id);
      await frames(page);
      const drawn = await page.$eval(`g[data-node="${id}"] text.label`, (t) => ({ lines: t.querySelectorAll('tspan').length, w: t.getBBox().width, text: t.textContent }));
      assert.ok(drawn.lines <= 3, `${kind}: ${drawn.lines} lines`);
      // Wrapped at 140 world units by the engine's width estimate; the browser's font (DejaVu
      // Sans here) draws a line up to ~8% wider. Its cell (tidy::CELL_W) is 176 wide.
      assert.ok(drawn.w <= 176, `${kind}: the label is ${drawn.w} wide, its cell 176`);
      assert.ok(drawn.text.trimEnd().endsWith('…'), drawn.text.slice(-20));
    }
    await page.keyboard.press('Escape');
    await shot(page, `qa23-long-label-canvas-${viewport.width}`);
    assertClean(log);
    await context.close();
  });
}
