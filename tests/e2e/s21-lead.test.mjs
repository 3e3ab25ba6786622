// s21-lead: what a new user (QA, session 20) found on the canvas, in Chromium.
//  1. A key zoom (or a pan) during a drag left the dragged copy where the old view had it, away
//     from the pointer, until the pointer moved: the copy is moved under the pointer again.
//  2. Cost → By component listed the components that cost nothing as nameless $0.00 rows
//     (the sentence under the list already counts them): only the priced ones are listed.
// Screenshots at 1440×900 and 1024×768.
// E2E_DIST: another build's dist (main's, to see the tests fail on the old code).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, assertClean, shot, clickableLeaves, importDesign } from './harness.mjs';

const app = await start(process.env.E2E_DIST ?? 'dist');
after(() => app.stop());

const VIEWPORTS = [{ width: 1440, height: 900 }, { width: 1024, height: 768 }];
const dir = mkdtempSync(join(tmpdir(), 's21-lead-'));

/** The dragged copy's box (page px) and its width in world units. */
const copy = (page) => page.evaluate(() => {
  const g = document.querySelector('.drag-layer g.node');
  const r = g.querySelector('.hit').getBoundingClientRect();
  return { x: r.x, y: r.y, w: r.width, h: r.height };
});

for (const viewport of VIEWPORTS) {
  test(`a key zoom during a drag keeps the dragged copy under the pointer (${viewport.width}×${viewport.height})`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await page.locator('.canvas-svg g.node.leaf').first().waitFor();
    await page.waitForTimeout(800);
    // The leaf farthest from the canvas's centre: a zoom about the centre moves the world
    // point under the pointer the most there.
    const c = await page.evaluate(() => { const r = document.querySelector('.canvas').getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; });
    const leaf = (await clickableLeaves(page, { margin: 120 })).sort((a, b) => Math.hypot(b.x - c.x, b.y - c.y) - Math.hypot(a.x - c.x, a.y - c.y))[0];
    assert.ok(leaf, 'a component in view');
    await page.mouse.move(leaf.x, leaf.y);
    await page.mouse.down();
    const p = { x: leaf.x + 40, y: leaf.y + 25 };
    for (let i = 1; i <= 5; i++) { await page.mouse.move(leaf.x + i * 8, leaf.y + i * 5); await page.waitForTimeout(20); }
    await page.locator('.drag-layer g.node').first().waitFor();
    await page.waitForTimeout(100);
    const before = await copy(page);
    // Where the pointer holds the copy, as a fraction of its size (a zoom scales both).
    const f = { x: (p.x - before.x) / before.w, y: (p.y - before.y) / before.h };
    await page.keyboard.press('+');
    await page.waitForTimeout(300);
    const now = await copy(page);
    assert.ok(now.w > before.w * 1.1, `the view zoomed in (${before.w} → ${now.w} px)`);
    // The same point of the copy under the pointer, within a grid step (10 world units; the
    // copy follows by whole steps): its width is 120 world units or more.
    const step = (10 / 120) * now.w;
    const held = { x: now.x + f.x * now.w, y: now.y + f.y * now.h };
    assert.ok(Math.abs(held.x - p.x) <= step && Math.abs(held.y - p.y) <= step,
      `the copy under the pointer after the zoom: held at (${held.x.toFixed(1)}, ${held.y.toFixed(1)}), pointer (${p.x}, ${p.y}), step ${step.toFixed(1)} px`);
    await shot(page, `s21-drag-zoom-${viewport.width}`);
    await page.keyboard.press('Escape');
    await page.mouse.up();
    assertClean(log);
    await context.close();
  });
}

for (const viewport of VIEWPORTS) {
  test(`Cost → By component lists the priced components only (${viewport.width}×${viewport.height})`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    const design = {
      schema_version: 5, name: 'One NAT', region: 'us-east-1', connections: {},
      nodes: {
        vpc: { id: 'vpc', kind: 'vpc', label: 'VPC' },
        'az-a': { id: 'az-a', kind: 'az', parent: 'vpc', props: { zone: 'a' } },
        'pub-a': { id: 'pub-a', kind: 'subnet', parent: 'az-a', props: { tier: 'public' } },
        igw: { id: 'igw', kind: 'internet-gateway', parent: 'vpc' },
        nat: { id: 'nat', kind: 'nat-gateway', label: 'NAT a', parent: 'pub-a' },
      },
    };
    await importDesign(page, design, join(dir, 'nat.json'), { drawn: false });
    await page.click('#tab-cost');
    const list = page.locator('h4:text-is("By component") + ul.hidden-costs li');
    await list.first().waitFor();
    // The NAT gateway alone: 0.045 $/h × 730 h = 32.85 $ and its public IPv4 address
    // 0.005 $/h × 730 h = 3.65 $: 36.50 $. The VPC, the AZ, the subnet and the gateway cost
    // nothing by themselves (before: four nameless $0.00 rows).
    const rows = await list.evaluateAll((li) => li.map((l) => l.innerText.replace(/\s+/g, ' ').trim()));
    assert.deepEqual(rows, ['NAT a $36.50']);
    assert.match(await page.locator('h4:text-is("By component") ~ p').first().innerText(), /^4 components cost nothing by themselves/);
    await page.locator('h4:text-is("By component")').scrollIntoViewIfNeeded();
    await shot(page, `s21-by-component-${viewport.width}`);
    assertClean(log);
    await context.close();
  });
}
