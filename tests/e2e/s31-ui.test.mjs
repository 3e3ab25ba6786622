// s31-ui: five things today's new-user QA (s16) found in the real app, in Chromium (the sixth,
// emoji label widths, is an engine test: diagram::geometry, text_metrics).
//  1. The Compare tab's tables ran past the side panel (12 px at 1440, 28 px at 1024; the
//     Switch buttons read "Swit"), and the API table's prices were whole dollars ($92 − $30
//     listed where the bill moves $62.50). Both tables fit at 1024 and 1440, and show cents.
//  2. A component dragged out of its container onto empty canvas, where it may not sit, showed
//     no reason before the drop; it now shows the drop's reason by the pointer.
//  3. A component released over the side panel was placed under it (x = 1162, out of sight),
//     with an undo step and no message. A release outside the canvas now cancels the move, and
//     says so (while over the panel, and after).
//  4. The latency panel mixed "12,000/s", "1.9k req/s" and "1890 req/s": one rate writer
//     (`units::rate_natural`) for the header, the component lines and the findings.
//  5. Presentation mode cut the design's name ("Three-tier web appli…") at 1440 and 1920 px.
// Screenshots at 1440×900 and 1024×768 (and 1920×1080 for presentation mode).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, openTemplate, barSettled, visiblePoint } from './harness.mjs';

// E2E_DIST: another build's dist (main's, to see the tests fail on the old code).
const app = await start(process.env.E2E_DIST ?? 'dist');
after(() => app.stop());

const VIEWPORTS = [{ width: 1440, height: 900 }, { width: 1024, height: 768 }];

/** A world point (design units) in page pixels, read from the canvas's world transform. */
const toPage = (page, x, y) => page.evaluate(({ x, y }) => {
  const c = document.querySelector('.canvas').getBoundingClientRect();
  const [, tx, ty, z] = document.querySelector('.canvas g.world').getAttribute('transform').match(/translate\(([-\d.e]+) ([-\d.e]+)\) scale\(([-\d.e]+)\)/).map(Number);
  return { x: c.left + tx + x * z, y: c.top + ty + y * z };
}, { x, y });
const placement = (d) => JSON.stringify({ layout: d.layout, parents: Object.fromEntries(Object.entries(d.nodes).map(([id, n]) => [id, n.parent ?? null])) });
/** Collects every toast text shown from now on (`window.__t`). */
const watchToasts = (page) => page.evaluate(() => {
  window.__t = [];
  new MutationObserver(() => { for (const t of document.querySelectorAll('.toast')) if (!window.__t.includes(t.textContent)) window.__t.push(t.textContent); })
    .observe(document.body, { childList: true, subtree: true, characterData: true });
});

/** Sets the design's traffic to 12,000/s with the traffic editor and waits for the totals. */
async function traffic12k(page) {
  await page.click('#total-traffic');
  await page.locator('#traffic-editor').waitFor();
  await page.fill('#traffic-rate', '12,000/s');
  await page.press('#traffic-rate', 'Enter');
  await page.waitForFunction(() => document.querySelector('#total-traffic-value')?.textContent === '12,000/s');
  await barSettled(page);
}

/** What of a Compare table sticks out of the side panel: `[text, right]` of each cell past it. */
const pastPanel = (page) => page.evaluate(() => {
  const panel = document.querySelector('.sidepanel').getBoundingClientRect();
  return [...document.querySelectorAll('.compare table.options td, .compare table.options th, .compare table.options button, .compare table.options .in-use')]
    .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > panel.right - 0.5)
    .map((e) => [e.textContent.trim(), Math.round(e.getBoundingClientRect().right), Math.round(panel.right)]);
});
/** The Switch buttons and "in use" marks whose text is cut (wider inside than their box). */
const cutActions = (page) => page.evaluate(() => [...document.querySelectorAll('.compare table.options button, .compare table.options .in-use')]
  .filter((e) => e.scrollWidth > e.clientWidth + 0.5).map((e) => e.textContent));
const money = (s) => Number(s.replace(/[^\d.-]/g, ''));
const monthly = (page) => page.textContent('#total-monthly-value');

for (const viewport of VIEWPORTS) {
  test(`${viewport.width}: the API and container Compare tables fit the side panel, with prices to the cent that a Switch moves the bill by`, { timeout: 120_000 }, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    // The container table: the starter's ECS service.
    await barSettled(page);
    const a = await visiblePoint(page, 'app-a');
    assert.ok(a, 'Web app (a) shows');
    await page.mouse.click(a.x, a.y);
    await page.click('#tab-compare');
    await page.locator('#containers-recommendation').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.compare table.options tr[data-option]').length >= 4);
    await shot(page, `s31-ui-compare-containers-${viewport.width}`);
    assert.deepEqual(await pastPanel(page), [], 'no cell of the container table runs past the panel');
    assert.deepEqual(await cutActions(page), [], 'no Switch cut');
    const cprices = await page.$$eval('.compare table.options tr[data-option] td.num', (tds) => tds.map((t) => t.textContent));
    assert.ok(cprices.length >= 4 && cprices.every((p) => /^≈?\$[\d,]+\.\d\d$/.test(p)), `container prices to the cent: ${cprices}`);

    // The API table: ML inference's "Inference API" (HTTP), REST can do its job.
    await openTemplate(page, 'ml-inference.json', { renamed: true });
    await barSettled(page, { timeout: 60_000 });
    const p = await visiblePoint(page, 'api');
    assert.ok(p, 'the Inference API shows');
    await page.mouse.click(p.x, p.y);
    await page.click('#tab-compare');
    await page.locator('#api-recommendation').waitFor();
    await page.waitForFunction(() => document.querySelector('.compare table.options tr[data-option="rest"] button'));
    await shot(page, `s31-ui-compare-api-${viewport.width}`);
    assert.deepEqual(await pastPanel(page), [], 'no cell of the API table runs past the panel');
    assert.deepEqual(await cutActions(page), [], 'no Switch or "in use" cut');
    const row = (id) => page.$eval(`.compare table.options tr[data-option="${id}"] td.num`, (t) => t.textContent);
    const [http, rest] = [await row('http'), await row('rest')];
    assert.match(http, /^≈?\$[\d,]+\.\d\d$/, 'HTTP API to the cent');
    assert.match(rest, /^≈?\$[\d,]+\.\d\d$/, 'REST API to the cent');
    // The Switch moves the bill by exactly the difference the table lists.
    const before = money(await monthly(page));
    await page.click('.compare table.options tr[data-option="rest"] button');
    await page.waitForFunction((b) => {
      const t = document.querySelector('#total-monthly-value')?.textContent ?? '';
      return Number(t.replace(/[^\d.-]/g, '')) !== b;
    }, before);
    await barSettled(page);
    const afterSwitch = money(await monthly(page));
    assert.equal(Math.round((afterSwitch - before) * 100), Math.round((money(rest) - money(http)) * 100), `the bill moved ${before} → ${afterSwitch}, the table lists ${http} → ${rest}`);
    assertClean(log);
    await context.close();
  });

  test(`${viewport.width}: a component dragged out of its VPC onto empty canvas shows why it may not go there before the drop; the drop changes nothing`, { timeout: 120_000 }, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await barSettled(page);
    let d = await savedDesign(page);
    const r = d.layout['app-a'];
    const vpc = d.layout[d.nodes['app-a'].parent ? Object.keys(d.nodes).find((id) => d.nodes[id].kind === 'vpc') : 'app-a'];
    // To the left of the VPC, on empty canvas (the 10-unit grid).
    const by = -Math.ceil((r.x + r.w / 2 - vpc.x + 60) / 10) * 10;
    const from = await toPage(page, r.x + r.w / 2, r.y + r.h / 2 - 8);
    const to = await toPage(page, r.x + r.w / 2 + by, r.y + r.h / 2 - 8);
    assert.ok(to.x > (await page.locator('.canvas').boundingBox()).x + 20, 'the drop point is on the canvas');
    const before = placement(d);
    const undo = await page.getAttribute('#undo', 'title');
    await watchToasts(page);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) { await page.mouse.move(from.x + (to.x - from.x) * i / 12, to.y); await page.waitForTimeout(20); }
    await page.waitForFunction(() => document.querySelector('.drop-why'), null, { timeout: 5000 });
    const why = await page.textContent('.drop-why');
    assert.match(why, /ECS service cannot sit at the top level/);
    assert.ok(await page.$('.drag-layer.refused'), 'the moving copy is shown refused');
    await shot(page, `s31-ui-drag-out-of-vpc-${viewport.width}`);
    await page.mouse.up();
    await page.waitForFunction(() => window.__t.length > 0 && !document.querySelector('.drop-why'), null, { timeout: 5000 });
    assert.match(await page.evaluate(() => window.__t.join('\n')), /ECS service cannot sit at the top level/);
    assert.equal(await page.getAttribute('#undo', 'title'), undo, 'no undo step');
    d = await savedDesign(page);
    assert.equal(placement(d), before, 'the design is as it was');
    assertClean(log);
    await context.close();
  });

  // At 1024 px the press is 5 px from the canvas's right edge and the first move is over the
  // panel: the press becomes a drag as the pointer leaves the canvas (s32-panel; it was skipped
  // at 1024, the drag never starting, blamed on the panel lying over the canvas, which it does not).
  test(`${viewport.width}: a component released over the side panel is not moved (no undo step), and the user is told, before and after`, { timeout: 120_000 }, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await barSettled(page);
    let d = await savedDesign(page);
    const p = await visiblePoint(page, 'logs');
    assert.ok(p, 'Logs & metrics shows');
    const panel = await page.locator('.sidepanel').boundingBox();
    const to = { x: panel.x + panel.width / 2, y: p.y };
    const before = placement(d);
    const undo = await page.getAttribute('#undo', 'title');
    await watchToasts(page);
    await page.mouse.move(p.x, p.y);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) { await page.mouse.move(p.x + (to.x - p.x) * i / 12, p.y); await page.waitForTimeout(20); }
    // Before the release, the hint by the pointer says a release here cancels.
    await page.waitForFunction(() => /Outside the canvas/.test(document.querySelector('.drop-why')?.textContent ?? ''), null, { timeout: 5000 });
    await shot(page, `s31-ui-drag-over-panel-${viewport.width}`);
    await page.mouse.up();
    await page.waitForFunction(() => window.__t.some((t) => /Not moved: released outside the canvas/.test(t)) && !document.querySelector('.drop-why'), null, { timeout: 5000 });
    await shot(page, `s31-ui-drag-over-panel-after-${viewport.width}`);
    assert.equal(await page.getAttribute('#undo', 'title'), undo, 'no undo step');
    d = await savedDesign(page);
    assert.equal(placement(d), before, 'the design is as it was');
    // Back over the canvas, the same drag still moves it.
    const q = await visiblePoint(page, 'logs');
    await page.mouse.move(q.x, q.y);
    await page.mouse.down();
    for (let i = 1; i <= 6; i++) { await page.mouse.move(q.x, q.y + 20 * i); await page.waitForTimeout(20); }
    await page.mouse.up();
    await page.waitForFunction((u) => document.querySelector('#undo').getAttribute('title') !== u, undo);
    assertClean(log);
    await context.close();
  });

  test(`${viewport.width}: at 12,000/s the latency panel and the findings write every request rate as the totals bar does`, { timeout: 120_000 }, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await traffic12k(page);
    const texts = {};
    for (const tab of ['latency', 'findings']) {
      await page.click(`#tab-${tab}`);
      if (tab === 'latency') await page.locator('.capacity-list li').first().waitFor();
      else await page.waitForFunction(() => /at peak/.test(document.querySelector('.sidepanel').innerText));
      texts[tab] = await page.evaluate(() => document.querySelector('.sidepanel').innerText);
      if (tab === 'latency') await shot(page, `s31-ui-latency-rates-${viewport.width}`);
    }
    for (const [tab, t] of Object.entries(texts)) {
      assert.doesNotMatch(t, /req\/s/, `${tab}: no "req/s" (the bar writes "12,000/s")`);
      assert.doesNotMatch(t, /\b\d{4,}(\.\d+)?\s*\/s/, `${tab}: thousands grouped`);
      assert.doesNotMatch(t, /\d(\.\d)?k\/s/, `${tab}: no "1.9k/s"`);
    }
    assert.match(texts.latency, /12,000\/s/, 'the entry at 12,000/s');
    assert.match(texts.latency, /\d,\d{3}\/s · \d+ tasks/, 'a component line: "1,890/s · 10 tasks"');
    assert.match(texts.findings, /\d,\d{3}\/s at peak against [\d,]+\/s at 100%/, 'a finding: "1,890/s at peak against 1,286/s at 100%"');
    assertClean(log);
    await context.close();
  });
}

for (const viewport of [{ width: 1440, height: 900 }, { width: 1920, height: 1080 }, { width: 1024, height: 768 }]) {
  test(`${viewport.width}: presentation mode at 12,000/s reads the design's name whole`, { timeout: 120_000 }, async () => {
    // The starter design, "Three-tier web application".
    const { page, log, context } = await app.open('/', { viewport });
    const title = await page.textContent('.design-name');
    await traffic12k(page);
    await page.keyboard.press('p');
    await page.locator('.present #present-headroom').waitFor();
    await page.waitForFunction(() => document.querySelector('#present-headroom .pval')?.textContent === 'overloaded');
    await shot(page, `s31-ui-present-${viewport.width}`);
    const name = await page.evaluate(() => {
      const n = document.querySelector('.present-name');
      const r = n.getBoundingClientRect();
      return { text: n.textContent, cut: n.scrollWidth > n.clientWidth + 0.5, right: r.right, lines: Math.round(r.height / parseFloat(getComputedStyle(n).lineHeight || '1')) };
    });
    assert.equal(name.text, title);
    assert.ok(title.length >= 24, `a long name: ${title}`);
    assert.equal(name.cut, false, 'the name is not cut');
    assert.ok(name.right <= viewport.width, 'inside the window');
    // With room for it (1440 px and up), on one line.
    const oneLine = await page.evaluate(() => { const n = document.querySelector('.present-name'); const range = document.createRange(); range.selectNodeContents(n); return range.getClientRects().length; });
    if (viewport.width >= 1440) assert.equal(oneLine, 1, 'on one line');
    assertClean(log);
    await context.close();
  });
}
