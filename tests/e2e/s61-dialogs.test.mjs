// Issue 20's QA rounds (s61-dialogs). A dialog's keyboard focus, one mechanism for all of them
// (src/focus_trap.rs, the WAI-ARIA modal dialog pattern). QA s60 #2: the designs list did not
// take the focus when it opened, Tab went to the page behind its backdrop, and closing it left
// the focus on the page (the next Tab started from the top); the open design's row was not
// marked for a screen reader. On 4c65d1a's build the focus is on the page once the list is
// open, and Tab leaves the shortcuts and the "Loading…" box for the page behind them.
// QA s60 #4: "Design deleted. Undo" covered the designs list's subtitle: over a dialog a
// message shows at the bottom of the window now. On 4c65d1a's build it overlaps the subtitle.
// QA s61 (a new-user round on this work): from the report's frame Tab walked the toolbar hidden
// behind the report (#1), and Escape did nothing once a click had put the focus in that frame
// (#2); deleting a design left the focus on the page (#3); the message's
// Undo was out of the keyboard's reach while the list was open (#4); the Escape that closed a
// dialog also cleared the canvas's selection, so Delete then did nothing (#5).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, clickableLeaf } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const CHUNK = /cloudwright-web-(split|chunk)-[a-z0-9-]+-[0-9a-f]{16}\.wasm$/;
const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return { in: a?.closest('[role="dialog"], [role="alertdialog"]')?.getAttribute('aria-label') ?? null, id: a?.id ?? '', text: a?.textContent?.trim().slice(0, 40) ?? '', tag: a?.tagName };
});

/** Presses Tab (or Shift+Tab) `n` times; where the focus was after each. */
async function tabs(page, n, key = 'Tab') {
  const seen = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press(key);
    seen.push(await focused(page));
  }
  return seen;
}

/** Waits for the focus to be back on the element `#id` (`when`: after what), or fails saying where it is. */
async function focusBackOn(page, id, when = 'closed') {
  await page.waitForFunction((id) => document.activeElement?.id === id, id, { timeout: 5_000 })
    .catch(async () => assert.fail(`${when}, the focus is on ${JSON.stringify(await focused(page))}, not on #${id}`));
}

test('the designs list takes the focus, keeps it while open, and gives it back to Designs', { timeout: 120_000 }, async () => {
  const { page, context, log } = await app.open('/');
  await page.click('#designs');
  await page.locator('.design-list li').first().waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => document.activeElement?.closest('.modal.designs'), null, { timeout: 5_000 })
    .catch(async () => assert.fail(`the list did not take the focus: it is on ${JSON.stringify(await focused(page))}`));
  // The open design's row says so to a screen reader.
  assert.equal(await page.locator('.design-list li[aria-current="true"]').count(), 1, 'one row is the open design');
  assert.equal(await page.locator('.design-list li.current').getAttribute('aria-current'), 'true');
  // Shift+Tab from the box goes to its last control (Close), Tab from there to its first.
  const back = await tabs(page, 1, 'Shift+Tab');
  assert.deepEqual([back[0].in, back[0].text], ['Designs', 'Close'], `Shift+Tab from the box: ${JSON.stringify(back)}`);
  const on = await tabs(page, 1);
  assert.deepEqual([on[0].in, on[0].text], ['Designs', 'Open'], `Tab from Close: ${JSON.stringify(on)}`);
  // Round the whole box and more: never behind the backdrop.
  const round = await tabs(page, 40);
  assert.deepEqual(round.filter((f) => f.in !== 'Designs'), [], 'Tab never leaves the list');
  await shot(page, 's61-dialogs-designs-1440');
  await page.keyboard.press('Escape');
  await page.locator('.modal.designs').waitFor({ state: 'detached', timeout: 5_000 });
  await focusBackOn(page, 'designs');
  assertClean(log);
  await context.close();
});

test('the keyboard shortcuts (1024×768): Tab stays in them, Escape gives the focus back to their button', { timeout: 120_000 }, async () => {
  const { page, context, log } = await app.open('/', { viewport: { width: 1024, height: 768 } });
  const button = page.locator('button[title="Keyboard shortcuts (?)"]');
  await button.click();
  await page.locator('.modal.help').waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => document.activeElement?.closest('.modal.help'), null, { timeout: 5_000 });
  const round = await tabs(page, 12);
  assert.deepEqual(round.filter((f) => f.in !== 'Keyboard shortcuts'), [], `Tab never leaves the shortcuts: ${JSON.stringify(round)}`);
  const back = await tabs(page, 12, 'Shift+Tab');
  assert.deepEqual(back.filter((f) => f.in !== 'Keyboard shortcuts'), [], 'nor Shift+Tab');
  await shot(page, 's61-dialogs-help-1024');
  await page.keyboard.press('Escape');
  await page.locator('.modal.help').waitFor({ state: 'detached', timeout: 5_000 });
  assert.equal(await button.evaluate((b) => b === document.activeElement), true, `the focus is on ${JSON.stringify(await focused(page))}`);
  assertClean(log);
  await context.close();
});

test('a dialog whose code is on its way: its "Loading…" box has the focus, then the dialog; closed, Designs has it', { timeout: 120_000 }, async () => {
  let release;
  const held = new Promise((r) => { release = r; });
  const { page, context, log } = await app.open(null, { serviceWorkers: 'block' });
  await context.route(CHUNK, async (route) => {
    if (/split-designs-dialog-/.test(route.request().url())) await held;
    await route.continue();
  });
  await page.goto(app.origin + '/');
  await page.waitForFunction(() => document.querySelector('.palette-item') && !document.querySelector('.totals-bar[data-pending="true"]'), null, { timeout: 30_000 });
  await page.click('#designs');
  await page.locator('.on-demand-dialog .on-demand-wait').waitFor({ timeout: 10_000 });
  await page.waitForFunction(() => document.activeElement?.matches('.on-demand-dialog .on-demand-leave'), null, { timeout: 5_000 });
  // Its one control: Tab keeps the focus on it.
  const round = await tabs(page, 3);
  assert.deepEqual(round.map((f) => f.text), ['Close', 'Close', 'Close'], 'Tab stays on the box\'s Close');
  release();
  await page.locator('.design-list li').first().waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => document.activeElement?.closest('.modal.designs'), null, { timeout: 5_000 })
    .catch(async () => assert.fail(`loaded, the list did not take the focus: it is on ${JSON.stringify(await focused(page))}`));
  await page.locator('.modal.designs button', { hasText: 'Close' }).last().click();
  await page.locator('.modal.designs').waitFor({ state: 'detached', timeout: 5_000 });
  await focusBackOn(page, 'designs');
  assertClean(log);
  await context.close();
});

test('over a dialog a message goes under it: "Design deleted. Undo" leaves the list\'s title and subtitle readable (1440×900, 1024×768)', { timeout: 120_000 }, async () => {
  for (const [width, height] of [[1440, 900], [1024, 768]]) {
    const { page, context, log } = await app.open('/', { viewport: { width, height } });
    await page.click('#designs');
    const rows = page.locator('.design-list li');
    await rows.first().waitFor({ timeout: 20_000 });
    await rows.first().locator('button', { hasText: 'Duplicate' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.design-list li').length === 2, null, { timeout: 20_000 });
    await page.locator('.design-list li:not(.current) button.danger').click();
    const toast = page.locator('.toast', { hasText: 'Design deleted' });
    await toast.waitFor({ timeout: 10_000 });
    const t = await toast.boundingBox();
    for (const sel of ['.modal.designs h2', '.modal.designs > p.muted', '.modal.designs']) {
      const b = await page.locator(sel).first().boundingBox();
      const overlaps = t.x < b.x + b.width && b.x < t.x + t.width && t.y < b.y + b.height && b.y < t.y + t.height;
      assert.ok(!overlaps, `${width}×${height}: the message ${JSON.stringify(t)} covers ${sel} ${JSON.stringify(b)}`);
    }
    assert.ok(t.y + t.height <= height, 'the message is in the window');
    await shot(page, `s61-dialogs-deleted-${width}`);
    // Its Undo still works from there.
    await toast.locator('button', { hasText: 'Undo' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.design-list li').length === 2, null, { timeout: 20_000 });
    assertClean(log);
    await context.close();
  }
});

test('the report: Tab goes round its buttons and its frame, never to the toolbar behind it; Escape in its frame closes it (QA s61 #1, #2)', { timeout: 120_000 }, async () => {
  const { page, context, log } = await app.open('/');
  await page.focus('#report');
  await page.keyboard.press('Enter');
  await page.locator('#report-frame').waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => document.activeElement?.closest('[aria-label="Hand-over report"]'), null, { timeout: 5_000 });
  const round = await tabs(page, 30);
  assert.deepEqual(round.filter((f) => f.in !== 'Hand-over report'), [], `Tab left the report: ${JSON.stringify(round.filter((f) => f.in !== 'Hand-over report').slice(0, 3))}`);
  assert.ok(round.some((f) => f.tag === 'IFRAME'), 'the frame is in reach (its text scrolls)');
  // A click in the report's text puts the focus in its frame: Escape still closes it (#2).
  const box = await page.locator('#report-frame').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + 120);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'report-frame', 'the frame has the focus');
  await page.keyboard.press('Escape');
  await page.locator('#report-frame').waitFor({ state: 'detached', timeout: 5_000 });
  await focusBackOn(page, 'report');
  assertClean(log);
  await context.close();
});

test('the designs list: a deleted row leaves the focus in the list, and the message\'s Undo is in Tab\'s reach (QA s61 #3, #4)', { timeout: 120_000 }, async () => {
  const { page, context, log } = await app.open('/');
  await page.click('#designs');
  const rows = page.locator('.design-list li');
  await rows.first().waitFor({ timeout: 20_000 });
  await rows.first().locator('button', { hasText: 'Duplicate' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.design-list li').length === 2, null, { timeout: 20_000 });
  await page.locator('.design-list li:not(.current) button.danger').focus();
  await page.keyboard.press('Enter');
  await page.locator('.toast', { hasText: 'Design deleted' }).waitFor({ timeout: 10_000 });
  await page.waitForFunction(() => document.activeElement?.closest('.modal.designs'), null, { timeout: 5_000 })
    .catch(async () => assert.fail(`deleted, the focus is on ${JSON.stringify(await focused(page))}`));
  // Shift+Tab from the box: the message's buttons come last in the round.
  const back = await tabs(page, 2, 'Shift+Tab');
  assert.deepEqual(back.map((f) => f.text), ['×', 'Undo'], `Shift+Tab reaches the message's buttons: ${JSON.stringify(back)}`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('.design-list li').length === 2, null, { timeout: 20_000 });
  assertClean(log);
  await context.close();
});

test('one Escape closes a dialog and keeps the canvas\'s selection: Delete then deletes it (QA s61 #5)', { timeout: 120_000 }, async () => {
  const { page, context, log } = await app.open('/');
  const count = () => page.evaluate(() => document.querySelectorAll('g.node[data-node]').length);
  const leaf = await clickableLeaf(page, 0);
  await page.mouse.click(leaf.x, leaf.y);
  await page.locator('g.node.selected').first().waitFor({ timeout: 10_000 });
  const before = await count();
  for (const open of [() => page.click('#designs'), () => page.keyboard.press('?')]) {
    await open();
    await page.waitForFunction(() => document.querySelector('.modal-backdrop'), null, { timeout: 20_000 });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('.modal-backdrop'), null, { timeout: 5_000 });
    assert.equal(await page.locator('g.node.selected').count(), 1, 'the selection stays');
  }
  // A second Escape, with nothing in front, clears it as before.
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('g.node.selected').count(), 0, 'Escape with no dialog clears the selection');
  await page.mouse.click(leaf.x, leaf.y);
  await page.locator('g.node.selected').first().waitFor({ timeout: 10_000 });
  await page.click('#designs');
  await page.waitForFunction(() => document.querySelector('.modal-backdrop'), null, { timeout: 20_000 });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Delete');
  await page.waitForFunction((n) => document.querySelectorAll('g.node[data-node]').length === n - 1, before, { timeout: 10_000 });
  assertClean(log);
  await context.close();
});
