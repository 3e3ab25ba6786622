// Issue 20 (code fetched on first use), session 42: last session's re-read and QA leftovers.
// - review s58 R7: Tidy up's hover fetched its code as a user's ask, and the idle prefetch (the
//   forms, the tabs, paste, …) waited for it — up to 10 s of nothing fetched for a mere hover.
//   A hover is now a prefetch: the idle prefetch goes on. On 9024eea's build the paste's chunk
//   is not requested within 7 s of the hover.
// - QA s58 G5: an edit refused while presenting says "Presentation mode: … Press Escape to
//   return to editing."; after that Escape the message stayed 4.5 s over the editor. It goes
//   with the presentation now. On 9024eea's build it is still shown 300 ms after Escape.
// - review s58 R4: Escape pressed once a waiting paste has landed but while the keys pressed
//   meanwhile are still being pressed again dropped those keys without a word. It says so now.
//   On 9024eea's build no message comes.
// - QA s59 (a new user in Chromium, this session), each failing on a713878's build:
//   #1 a click refused while a paste waited stacked a second "Pasting…" note, which came back
//      for good once the paste had landed; #2 keys acted on the canvas behind the traffic
//      editor (Backspace deleted the component under it); #3/#4 a design being opened could be
//      deleted (it opened anyway, and came back) or renamed (the rename was undone); #5 a paste
//      waiting when the presentation started was lost without a word.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, splitFiles, openHeld, canvasReady, errorToast, anyToast, openPasteHeld, copyThree, clickableLeaf, seedOldStored, fileName as file, withoutFailedFetches as unexpected } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

test('R7: hovering Tidy up with its code held back does not hold back the idle prefetch', { timeout: 120_000 }, async () => {
  const paste = splitFiles('paste_code')[0];
  const pasteAsked = [];
  const { page, context, log, release } = await openHeld(app, 'tidy_code', {
    before: ({ page }) => page.on('request', (r) => { if (file(r.url()) === paste) pasteAsked.push(Date.now()); }),
  });
  assert.equal(pasteAsked.length, 0, 'the prefetch has not reached paste yet');
  await page.hover('#tidy');
  const hovered = Date.now();
  // The prefetch starts within ~2 s of the start; counted as a user's wait, the hover held it
  // back 10 s.
  const deadline = hovered + 7000;
  while (pasteAsked.length === 0 && Date.now() < deadline) await page.waitForTimeout(200);
  assert.ok(pasteAsked.length >= 1, `the paste's chunk is requested within 7 s of the hover (${pasteAsked.length ? pasteAsked[0] - hovered : 'never'} ms)`);
  // Tidy up still works once its code comes.
  release();
  await page.click('#tidy');
  await page.waitForFunction(() => /Tidy up/.test(document.querySelector('#undo')?.getAttribute('title') ?? ''), null, { timeout: 30_000 });
  assertClean(unexpected(log));
  await context.close();
});

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`G5: a refusal told while presenting goes with the presentation (${viewport.width}×${viewport.height})`, { timeout: 120_000 }, async () => {
    const { page, context, log } = await app.open('/', { viewport });
    await canvasReady(page);
    await page.click('#present');
    await page.locator('.present').waitFor();
    await page.keyboard.press('Delete');
    const refusal = errorToast(page).filter({ hasText: 'Presentation mode: the design cannot be changed here.' });
    await refusal.first().waitFor({ timeout: 5_000 });
    await page.keyboard.press('Escape');
    await page.locator('.present').waitFor({ state: 'detached', timeout: 5_000 });
    await page.waitForTimeout(300);
    assert.equal(await refusal.count(), 0, 'the refusal is gone with the presentation');
    assertClean(unexpected(log));
    await context.close();
  });
}

test('R4: Escape right after a waiting paste lands, its queued keys not yet pressed again: the dropped keys are said', { timeout: 120_000 }, async () => {
  const { page, context, log, release } = await openPasteHeld(app);
  await copyThree(page);
  await page.mouse.click(700, 600);
  await page.keyboard.press('Control+v');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  // Escape in the moment the paste's message shows: the paste has been applied, in a task of
  // its own; its two ArrowDowns wait for tasks after it. (A script's Escape, as the queue's own
  // keys are: the only way to press it between those tasks.)
  await page.evaluate(() => {
    const seen = new MutationObserver(() => {
      if ([...document.querySelectorAll('.toast .toast-text')].some((t) => /^Pasted 3 components/.test(t.textContent))) {
        seen.disconnect();
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
      }
    });
    seen.observe(document, { childList: true, subtree: true, characterData: true });
  });
  release();
  await anyToast(page).filter({ hasText: 'The 2 keys pressed while waiting were not applied.' }).first().waitFor({ timeout: 15_000 });
  await page.waitForTimeout(500);
  assert.match(await page.getAttribute('#undo', 'title') ?? '', /Paste/, 'the paste stands, and no move after it');
  assertClean(unexpected(log));
  await context.close();
});

test('QA #1: a click refused while a paste waits: once pasted, the "Pasting…" note does not come back', { timeout: 120_000 }, async () => {
  const { page, context, log, release } = await openPasteHeld(app);
  await copyThree(page);
  await page.mouse.click(700, 600);
  await page.keyboard.press('Control+v');
  const note = anyToast(page).filter({ hasText: 'Pasting\u2026 (its code is on its way)' });
  await note.first().waitFor({ timeout: 10_000 });
  // Two refused clicks (Tidy up's button: refused while an action waits), each said with the note.
  await page.click('#tidy');
  await page.click('#tidy');
  await note.first().waitFor({ timeout: 5_000 });
  release();
  const pasted = page.locator('.toast', { hasText: 'Pasted 3 components' });
  await pasted.waitFor({ timeout: 30_000 });
  await pasted.locator('.toast-close').click();
  await page.waitForTimeout(1000);
  assert.equal(await note.count(), 0, 'no "Pasting…" once the paste has landed');
  assertClean(unexpected(log));
  await context.close();
});

test('QA #2: the traffic editor open, the focus on the page: Backspace, T and Ctrl+A do nothing to the design behind it', { timeout: 120_000 }, async () => {
  const { page, context, log } = await app.open('/');
  const leaf = await clickableLeaf(page, 0);
  await page.mouse.click(leaf.x, leaf.y);
  await page.click('#total-traffic');
  await page.locator('#traffic-editor').waitFor({ timeout: 10_000 });
  await page.locator('#traffic-editor').getByText('Sent by').first().click();
  const nodes = await page.locator('g.node[data-node]').count();
  const undo = await page.getAttribute('#undo', 'title');
  for (const key of ['Backspace', 'Delete', 't', 'Control+a']) await page.keyboard.press(key);
  await page.waitForTimeout(500);
  assert.equal(await page.locator('g.node[data-node]').count(), nodes, 'nothing deleted');
  assert.equal(await page.getAttribute('#undo', 'title'), undo, 'no edit (no tidy-up)');
  assert.ok(await page.locator('g.node.selected').count() <= 1, 'Ctrl+A selected nothing more');
  assert.equal(await page.locator('#traffic-editor').count(), 1, 'the editor is still open');
  assertClean(unexpected(log));
  await context.close();
});

test('QA #3/#4: a design being opened while its reader is on its way cannot be renamed or deleted from the list meanwhile', { timeout: 120_000 }, async () => {
  const { page, context, log, release } = await openHeld(app, 'file_reader', { before: ({ context }) => seedOldStored(context) });
  await page.click('#designs');
  const row = page.locator('.design-list li[data-design="old1"]');
  await row.waitFor({ timeout: 20_000 });
  await row.locator('button', { hasText: 'Open' }).click();
  await anyToast(page).filter({ hasText: 'Opening "My old design"' }).first().waitFor({ timeout: 10_000 });
  await page.click('#designs');
  await row.waitFor({ timeout: 20_000 });
  for (const label of ['Rename', 'Delete']) {
    assert.equal(await row.locator('button', { hasText: label }).isDisabled(), true, `${label} is disabled while it is being opened`);
  }
  assert.match(await row.locator('button', { hasText: 'Rename' }).getAttribute('title'), /Being opened/);
  await page.keyboard.press('Escape');
  release();
  await page.waitForFunction(() => document.querySelector('.design-name')?.textContent === 'My old design', null, { timeout: 30_000 });
  // Open now: Rename is enabled again (Delete is not: a design open is never deleted).
  await page.click('#designs');
  await row.waitFor({ timeout: 20_000 });
  assert.equal(await row.locator('button', { hasText: 'Rename' }).isDisabled(), false, 'Rename enabled once it is open');
  assertClean(unexpected(log));
  await context.close();
});

test('QA #5: a paste waiting for its code when the presentation starts is dropped, and said', { timeout: 120_000 }, async () => {
  const { page, context, log, release } = await openPasteHeld(app);
  await copyThree(page);
  await page.mouse.click(700, 600);
  await page.keyboard.press('Control+v');
  await page.keyboard.press('ArrowRight');
  await anyToast(page).filter({ hasText: 'Pasting\u2026' }).first().waitFor({ timeout: 10_000 });
  const undo = await page.getAttribute('#undo', 'title');
  await page.click('#present');
  await anyToast(page).filter({ hasText: 'The paste was not made: the presentation was started while its code was on its way. The key pressed after it was not applied either.' }).first().waitFor({ timeout: 10_000 });
  release();
  await page.waitForTimeout(1500);
  await page.keyboard.press('Escape');
  await page.locator('.present').waitFor({ state: 'detached', timeout: 5_000 });
  assert.equal(await page.getAttribute('#undo', 'title'), undo, 'nothing pasted, nothing moved');
  assertClean(unexpected(log));
  await context.close();
});
