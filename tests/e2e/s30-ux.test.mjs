// s30-ux: four things QA (s15) found, in Chromium.
//  1. Presentation mode at 12,000/s: the big figures ("$76,461.46", "overloaded", "2 / 3",
//     "overloaded") ran into each other and under "Leave (Esc)" at 1152–1920 px (`.pfig`
//     shrank to nothing while its value would not wrap). They now wrap onto another row.
//  2. A component standing off the grid, dropped on a neighbour whose nearest free spot is its
//     own place, came back 2 px aside: a move nobody sees, recorded as an undo step
//     "Move “Logs & metrics”". It now goes back exactly (no edit) and the user is told why.
//  3. The latency panel wrote an entry's rate "12000.0 req/s" where the totals bar says
//     "12,000/s": one formatter (`units::rate_natural` in the engine).
//  4. An 800 px window scrolled sideways (the toolbar ended at 869 px).
// Screenshots of presentation mode at 1440×900, 1024×768 and 1920×1080.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, assertClean, shot, savedDesign, importDesign, barSettled, sideways, centre } from './harness.mjs';

// E2E_DIST: another build's dist (main's, to see the tests fail on the old code).
const app = await start(process.env.E2E_DIST ?? 'dist');
after(() => app.stop());
const dir = mkdtempSync(join(tmpdir(), 's30-ux-'));

/** Sets the design's traffic to 12,000/s with the traffic editor and waits for the totals. */
async function traffic12k(page) {
  await page.click('#total-traffic');
  await page.locator('#traffic-editor').waitFor();
  await page.fill('#traffic-rate', '12,000/s');
  await page.press('#traffic-rate', 'Enter');
  await page.waitForFunction(() => document.querySelector('#total-traffic-value')?.textContent === '12,000/s');
  await barSettled(page);
}

/**
 * The presentation header's parts as page boxes: each figure (its box joined with its value's
 * text, which may run out of it), the design's name and the Leave button.
 */
const presentBoxes = (page) => page.evaluate(() => {
  const box = (r) => ({ l: r.left, r: r.right, t: r.top, b: r.bottom });
  const join = (a, b) => ({ l: Math.min(a.l, b.l), r: Math.max(a.r, b.r), t: Math.min(a.t, b.t), b: Math.max(a.b, b.b) });
  const out = {};
  for (const f of document.querySelectorAll('.present-figures .pfig')) {
    const range = document.createRange();
    range.selectNodeContents(f.querySelector('.pval'));
    out[f.id] = { ...join(box(f.getBoundingClientRect()), box(range.getBoundingClientRect())), text: f.querySelector('.pval').textContent };
  }
  out.leave = box(document.querySelector('#present-leave').getBoundingClientRect());
  out.name = box(document.querySelector('.present-name').getBoundingClientRect());
  return out;
});

const overlap = (a, b) => a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5;

for (const viewport of [{ width: 1152, height: 720 }, { width: 1440, height: 900 }, { width: 1920, height: 1080 }, { width: 1024, height: 768 }, { width: 900, height: 700 }]) {
  const name = `${viewport.width}x${viewport.height}`;
  test(`${name}: presentation mode at 12,000/s — no two figures overlap, none runs under Leave or out of the window`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await traffic12k(page);
    await page.keyboard.press('p');
    await page.locator('.present #present-headroom').waitFor();
    await page.waitForFunction(() => document.querySelector('#present-headroom .pval')?.textContent === 'overloaded');
    const boxes = await presentBoxes(page);
    await shot(page, `s30-ux-present-12k-${name}`);
    const figs = Object.entries(boxes).filter(([id]) => id.startsWith('present-'));
    assert.equal(figs.length, 4, JSON.stringify(boxes));
    const hits = [];
    for (let i = 0; i < figs.length; i++) {
      for (let j = i + 1; j < figs.length; j++) if (overlap(figs[i][1], figs[j][1])) hits.push(`${figs[i][0]} × ${figs[j][0]}`);
      for (const other of ['leave', 'name']) if (overlap(figs[i][1], boxes[other])) hits.push(`${figs[i][0]} × ${other}`);
      if (figs[i][1].r > viewport.width || figs[i][1].l < 0) hits.push(`${figs[i][0]} out of the window`);
    }
    assert.deepEqual(hits, [], JSON.stringify(boxes));
    // Each figure's label is read whole ("errors / warnings", not "errors / w…").
    const cut = await page.evaluate(() => [...document.querySelectorAll('.present-figures .plab')]
      .filter((l) => l.scrollWidth > l.clientWidth + 0.5).map((l) => l.textContent));
    assert.deepEqual(cut, [], 'no label cut');
    assertClean(log);
    await context.close();
  });
}

test('a component off the grid dropped on a neighbour whose nearest free spot is its own place: no undo step, and the user is told why', async () => {
  const { page, log, context } = await app.open('/');
  const design = await savedDesign(page);
  // The starter's column right of the VPC: Static assets, DB credentials, Logs & metrics, one
  // above the other. Logs & metrics 3 units right of the grid, as a hand-made layout has it.
  design.name = 'Off the grid';
  design.layout.logs.x += 3;
  await importDesign(page, design, join(dir, 'off-grid.json'));
  assert.equal(await page.getAttribute('#undo', 'title'), 'Nothing to undo');
  // Dropped straight onto DB credentials: the nearest spot clear of it is where it stood.
  const from = centre(await page.locator('g[data-node="logs"] .hit').first().boundingBox());
  const to = centre(await page.locator('g[data-node="secrets"] .hit').first().boundingBox());
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
  // The answer is the message; then nothing was recorded and the layout is as it was.
  await page.waitForFunction(() => /Not moved: “.+” was released .+, and the nearest free spot was where it stood\./.test(document.querySelector('.toast')?.textContent ?? ''));
  assert.equal(await page.getAttribute('#undo', 'title'), 'Nothing to undo');
  assert.ok(await page.isDisabled('#undo'));
  const saved = await savedDesign(page);
  assert.deepEqual(saved.layout.logs, design.layout.logs);
  assertClean(log);
  await context.close();
});

test('the latency panel writes an entry\'s rate as the totals bar does ("12,000/s", not "12000.0 req/s")', async () => {
  const { page, log, context } = await app.open('/');
  await traffic12k(page);
  await page.click('#tab-latency');
  await page.locator('.latency .entry h3').first().waitFor();
  await page.waitForFunction(() => /12,000\/s/.test(document.querySelector('.latency .entry h3')?.textContent ?? ''));
  const h3 = await page.textContent('.latency .entry h3');
  assert.match(h3, /· 12,000\/s$/);
  for (const h of await page.locator('.latency .entry h3').allTextContents()) assert.doesNotMatch(h, /req\/s/);
  assertClean(log);
  await context.close();
});

test('800×700: the page does not scroll sideways; every toolbar button whole and in view', async () => {
  const viewport = { width: 800, height: 700 };
  const { page, log, context } = await app.open('/', { viewport });
  await barSettled(page);
  const s = await sideways(page, '.topbar *, .totals-bar *, .workspace > *');
  await shot(page, 's30-ux-800x700');
  assert.equal(s.scrollWidth, viewport.width, `no sideways scroll: ${JSON.stringify(s)}`);
  assert.deepEqual(s.out, [], 'nothing past the right edge');
  const cut = await page.evaluate(() => [...document.querySelectorAll('.toolbar .tb')].filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
  assert.deepEqual(cut, []);
  const name = await page.locator('.design-name').boundingBox();
  assert.ok(name.width >= 50, `the design name keeps a few letters: ${name.width}`);
  assertClean(log);
  await context.close();
});
