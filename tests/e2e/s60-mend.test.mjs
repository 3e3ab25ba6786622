// Issue 20 follow-ups, session 43: what QA s59's second round left.
// - The designs list was not keyed: a rename re-sorts it (by last change), and every row's
//   elements stayed at their place in the list, so the keyboard focus, on the Rename just
//   pressed, was now on another design's Rename — Enter renamed (or, on Delete, deleted) the
//   wrong design. Keyed by the design's id now. On 7b3884c's build the focus is on another
//   design's row after the rename; and the focus comes back to the renamed row's Rename
//   (QA s60 #1: a moved row loses it, to the page).
// - The traffic editor open, a click on its text (not a field) put the focus on the page:
//   Escape then cleared the canvas's selection behind the editor and left the editor open.
//   The editor takes the focus of a click in it now. On 7b3884c's build the editor stays open.
// - QA s60 #3: a copy of a copy was "… (copy) (copy)", cut with "…" in the list to look like
//   the first copy. Copies are numbered now: "… (copy 2)".
// - QA s60 (this session's new-user round): Tab left the traffic editor with the focus behind
//   it (#5), a field's error stayed under a valid value typed over it (#6), and closing it left
//   the focus on the page (#7).
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
  const base = await last.locator('.design-title').textContent();
  page.once('dialog', (d) => d.accept('Renamed design'));
  await last.locator('button', { hasText: 'Rename' }).click();
  // Renamed, it is the latest change: first in the list, under its new name.
  await page.waitForFunction((id) => document.querySelector('.design-list li')?.dataset.design === id, id, { timeout: 20_000 });
  assert.equal(await rows.first().locator('.design-title').textContent(), 'Renamed design');
  // The focus is back on the renamed design's Rename (a moved row loses it: QA s60 #1).
  await page.waitForFunction((id) => document.activeElement?.matches(`.design-list li[data-design="${id}"] button.rename`), id, { timeout: 5_000 })
    .catch(async () => assert.fail(`the focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}, not on the renamed ${id}'s Rename`));
  // The other rows still show their own designs' names; a copy of a copy is numbered, not
  // "(copy) (copy)" (QA s60 #3).
  const names = await rows.locator('.design-title').allTextContents();
  assert.deepEqual(names.slice(1).sort(), [`${base} (copy 2)`, `${base} (copy)`], `the copies keep their names: ${names}`);
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

test('the traffic editor keeps the focus in it, drops a field\'s error as it is typed over, and gives the focus back', { timeout: 120_000 }, async () => {
  const { page, context, log } = await app.open('/');
  await page.click('#total-traffic');
  await page.locator('#traffic-rate').waitFor({ timeout: 10_000 });
  await page.waitForFunction(() => document.activeElement?.id === 'traffic-rate', null, { timeout: 5_000 });
  // Shift+Tab from the first field goes to Cancel; Tab from Cancel back to the first field.
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'traffic-cancel');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'traffic-rate');
  // A wrong rate is refused under its field; typing over it clears the error at once.
  await page.fill('#traffic-rate', 'abc');
  await page.keyboard.press('Enter');
  const error = page.locator('#traffic-editor .field-error');
  await error.first().waitFor({ timeout: 5_000 });
  assert.equal(await page.getAttribute('#traffic-rate', 'aria-invalid'), 'true');
  await page.fill('#traffic-rate', '25/s');
  assert.equal(await error.count(), 0, 'the old error is gone');
  assert.equal(await page.getAttribute('#traffic-rate', 'aria-invalid'), null);
  // Escape closes it and the focus is back on the traffic figure.
  await page.keyboard.press('Escape');
  await page.locator('#traffic-editor').waitFor({ state: 'detached', timeout: 5_000 });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'total-traffic');
  assertClean(log);
  await context.close();
});
