// s35-panel (QA s19): the side panel is one scrolling box, and every tab opened at the offset
// the last one was left at (the Findings tab opened half-way down, or blank). Each tab now
// keeps its own place, a tab opened first starts at its top. And the counts read as words
// do: "1 error", not "1 errors"; a Findings badge of 0 is not red.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, assertClean, barSettled, savedDesign, importDesign, shot } from './harness.mjs';

let app;
const dir = mkdtempSync(join(tmpdir(), 'cloudwright-s35-'));
before(async () => { app = await start(process.env.S35_DIST); });
after(async () => { await app?.stop(); });

const scrollTop = (page) => page.evaluate(() => document.querySelector('aside.sidepanel').scrollTop);

test('at 1024×768, each tab of the side panel keeps its own scroll offset', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1024, height: 768 } });
  await barSettled(page);
  await page.click('#tab-cost');
  await page.waitForSelector('.sidepanel .bill, .sidepanel table');
  await page.evaluate(() => { document.querySelector('aside.sidepanel').scrollTop = 300; });
  const cost = await scrollTop(page);
  assert.ok(cost > 100, `the bill is taller than the panel (scrolled to ${cost})`);
  await page.click('#tab-findings');
  await page.waitForTimeout(100);
  assert.equal(await scrollTop(page), 0, 'a tab opened for the first time starts at its top');
  await shot(page, 's35-panel-findings-1024');
  await page.click('#tab-cost');
  await page.waitForTimeout(100);
  assert.equal(await scrollTop(page), cost, 'back on Cost, the bill is where it was left');
  // The totals bar opens tabs through the same place: each keeps its own offset too.
  await page.click('#total-p95');
  await page.waitForTimeout(100);
  assert.equal(await scrollTop(page), 0, 'Latency, opened from the totals bar, starts at its top');
  await page.click('#total-monthly');
  await page.waitForTimeout(100);
  assert.equal(await scrollTop(page), cost, 'Cost, opened from the totals bar, is where it was left');
  assertClean(log);
  await context.close();
});

test('a design with nothing to fix shows a grey 0 on the Findings tab, and counts in the singular when one', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1440, height: 900 } });
  const design = await savedDesign(page);
  design.name = 'Only users';
  const keep = Object.keys(design.nodes).find((id) => design.nodes[id].kind === 'users');
  assert.ok(keep, 'the starter has internet users');
  design.nodes = { [keep]: design.nodes[keep] };
  design.connections = {};
  design.layout = { [keep]: design.layout[keep] };
  await importDesign(page, design, join(dir, 'only-users.json'));
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('#tab-findings .badge')?.textContent ?? ''));
  assert.equal(await page.textContent('#tab-findings .badge'), '0');
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector('#tab-findings .badge')).backgroundColor);
  const red = await page.evaluate(() => { const s = document.createElement('span'); s.style.color = getComputedStyle(document.documentElement).getPropertyValue('--error'); document.body.append(s); const c = getComputedStyle(s).color; s.remove(); return c; });
  assert.notEqual(bg, red, 'no red badge when nothing is wrong');
  await page.click('#tab-findings');
  const pills = await page.locator('.findings-summary .pill').allTextContents();
  assert.ok(pills.length >= 3, pills.join(' | '));
  for (const p of pills) assert.doesNotMatch(p, /^1 (errors|warnings)$/, `"${p}" in the singular`);
  assert.equal(pills[0], '0 errors');
  await shot(page, 's35-panel-clean-1440');
  assertClean(log);
  await context.close();
});
