// Issue 20 follow-ups, session 43: what QA s59's second round left.
// - The designs list was not keyed: a rename re-sorts it (by last change), and every row's
//   elements stayed at their place in the list, so the keyboard focus, on the Rename just
//   pressed, was now on another design's Rename — Enter renamed (or, on Delete, deleted) the
//   wrong design. Keyed by the design's id now. On 7b3884c's build the focus is on another
//   design's row after the rename.
// - The traffic editor open, a click on its text (not a field) put the focus on the page:
//   Escape then cleared the canvas's selection behind the editor and left the editor open.
//   The editor takes the focus of a click in it now. On 7b3884c's build the editor stays open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, clickableLeaf } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

test('the designs list: a rename re-sorts it, and the focus never lands on another design\'s button', { timeout: 120_000 }, async () => {
  const { page, context, log } = await app.open('/');
  await page.click('#designs');
  const rows = page.locator('.design-list li');
  await rows.first().waitFor({ timeout: 20_000 });
  // Two more designs (copies of the open one), so the open one is the oldest, last in the list.
  for (let i = 0; i < 2; i++) {
    const n = await rows.count();
    await rows.first().locator('button', { hasText: 'Duplicate' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('.design-list li').length === n + 1, n, { timeout: 20_000 });
  }
  const last = rows.last();
  const id = await last.getAttribute('data-design');
  page.once('dialog', (d) => d.accept('Renamed design'));
  await last.locator('button', { hasText: 'Rename' }).click();
  // Renamed, it is the latest change: first in the list, under its new name.
  await page.waitForFunction((id) => document.querySelector('.design-list li')?.dataset.design === id, id, { timeout: 20_000 });
  assert.equal(await rows.first().locator('.design-title').textContent(), 'Renamed design');
  const focused = await page.evaluate(() => document.activeElement?.closest('.design-list li')?.dataset.design ?? null);
  assert.ok(focused === null || focused === id, `the focus is on the row of ${focused}, not of the renamed ${id}`);
  // The other rows still show their own designs' names.
  const names = await rows.locator('.design-title').allTextContents();
  assert.deepEqual(names.slice(1).map((n) => n.endsWith('(copy)')), [true, true], `the copies keep their names: ${names}`);
  assertClean(log);
  await context.close();
});

test('the traffic editor: after a click on its text, Escape closes it and leaves the selection alone', { timeout: 120_000 }, async () => {
  const { page, context, log } = await app.open('/');
  const leaf = await clickableLeaf(page, 0);
  await page.mouse.click(leaf.x, leaf.y);
  await page.locator('g.node.selected').first().waitFor({ timeout: 10_000 });
  await page.click('#total-traffic');
  await page.locator('#traffic-editor').waitFor({ timeout: 10_000 });
  await page.locator('#traffic-editor').getByText('Sent by').first().click();
  await page.keyboard.press('Escape');
  await page.locator('#traffic-editor').waitFor({ state: 'detached', timeout: 5_000 });
  assert.equal(await page.locator('g.node.selected').count(), 1, 'the selection is kept');
  // Enter after a click on its text applies it (here: nothing changed, so it just closes).
  await page.click('#total-traffic');
  await page.locator('#traffic-editor h3').click();
  await page.keyboard.press('Enter');
  await page.locator('#traffic-editor').waitFor({ state: 'detached', timeout: 5_000 });
  assertClean(log);
  await context.close();
});
