// Issue 20 (code fetched on first use), session 41: a stored design of an older format opened
// from the designs list waits for the full reader's code (`file_reader`). The list closed at
// the click and nothing said why the design had not opened yet; an import in the same case
// says "Opening …… (the reader of older files is on its way)" (session 40). Now the list's
// Open says so too, and the last open asked wins as for an import.
// On 8ec0ff5's build both tests fail at the note (it never shows).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, assertClean, splitFiles, anyToast, shot, openHeld, seedOldStored, fileName as file, withoutFailedFetches as unexpected } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const NOTE = 'Opening "My old design"\u2026 (the reader of older files is on its way)';

/** The starter opened, with a design of format 4 ("My old design", id old1) also in browser
 *  storage, and the full reader's chunk held back until `release()`. */
const openWithOldInList = (viewport) => openHeld(app, 'file_reader', { viewport, before: ({ context }) => seedOldStored(context) });

async function openFromList(page) {
  await page.click('#designs');
  const item = page.locator('.design-list li[data-design="old1"]');
  await item.waitFor({ timeout: 20_000 });
  await item.locator('button', { hasText: 'Open' }).click();
}

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`an older design opened from Designs while the reader is on its way says so, then opens (${viewport.width}×${viewport.height})`, { timeout: 120_000 }, async () => {
    const { page, context, log, release } = await openWithOldInList(viewport);
    const starter = await page.textContent('.design-name');
    await openFromList(page);
    await anyToast(page).filter({ hasText: NOTE }).first().waitFor({ timeout: 10_000 });
    assert.equal(await page.textContent('.design-name'), starter, 'nothing replaced yet');
    await shot(page, `s58-open-waits-${viewport.width}`);
    release();
    await page.waitForFunction(() => document.querySelector('.design-name')?.textContent === 'My old design', null, { timeout: 30_000 });
    // The note goes once the design is open.
    await anyToast(page).filter({ hasText: NOTE }).first().waitFor({ state: 'detached', timeout: 10_000 });
    assert.ok(await page.locator('g.node').count() > 5, 'its components are drawn');
    assertClean(unexpected(log));
    await context.close();
  });
}

test('an older design opened from Designs, then a template opened while it waits: the template stays, the older one is said not opened', { timeout: 120_000 }, async () => {
  const { page, context, log, release } = await openWithOldInList({ width: 1440, height: 900 });
  await openFromList(page);
  await anyToast(page).filter({ hasText: NOTE }).first().waitFor({ timeout: 10_000 });
  // Another design opened meanwhile: a template from the same list.
  await page.click('#designs');
  const card = page.locator('.modal.designs .gallery-card .gallery-pick').first();
  await card.waitFor({ timeout: 20_000 });
  await card.click();
  await anyToast(page).filter({ hasText: 'New design from the template' }).first().waitFor({ timeout: 20_000 });
  const later = await page.textContent('.design-name');
  release();
  await anyToast(page).filter({ hasText: '"My old design" was not opened: another design was opened while it was being read.' }).first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(300);
  assert.equal(await page.textContent('.design-name'), later, 'the design opened last stays open');
  assert.notEqual(later, 'My old design');
  assertClean(unexpected(log));
  await context.close();
});

test('G4: the same older design opened twice from Designs while the reader is on its way opens, and is not said "not opened"', { timeout: 120_000 }, async () => {
  const { page, context, log, release } = await openWithOldInList({ width: 1440, height: 900 });
  const toasts = [];
  await page.exposeFunction('__seen', (t) => toasts.push(t));
  await page.evaluate(() => new MutationObserver(() => document.querySelectorAll('.toast .toast-text').forEach((t) => window.__seen(t.textContent.trim()))).observe(document.body, { childList: true, subtree: true, characterData: true }));
  await openFromList(page);
  await anyToast(page).filter({ hasText: NOTE }).first().waitFor({ timeout: 10_000 });
  await openFromList(page);
  release();
  await page.waitForFunction(() => document.querySelector('.design-name')?.textContent === 'My old design', null, { timeout: 30_000 });
  await page.waitForTimeout(800);
  assert.deepEqual(toasts.filter((t) => /was not opened/.test(t)), [], `said: ${JSON.stringify([...new Set(toasts)])}`);
  assertClean(unexpected(log));
  await context.close();
});

// The session's code review (review s58, /work/notes/s41/review.md). On 535313a's build each fails.
test('R1: an older design waiting for the reader, then a current file imported: the "Opening …" note goes with the design it was about', { timeout: 120_000 }, async () => {
  const { page, context, log, release } = await openWithOldInList({ width: 1440, height: 900 });
  await openFromList(page);
  await anyToast(page).filter({ hasText: NOTE }).first().waitFor({ timeout: 10_000 });
  const chooser = page.waitForEvent('filechooser');
  await page.click('#import');
  await (await chooser).setFiles({ name: 'ec2.json', mimeType: 'application/json', buffer: Buffer.from(readFileSync('templates/ec2-asg-spot.json', 'utf8')) });
  await page.waitForFunction(() => /Imported/.test(document.querySelector('.toast .toast-text')?.textContent ?? ''), null, { timeout: 20_000 });
  // The import's message goes after its time; the old note must not come back over the new design.
  await page.waitForFunction(() => !/Imported/.test(document.querySelector('.toast .toast-text')?.textContent ?? ''), null, { timeout: 20_000 });
  await page.waitForTimeout(500);
  assert.equal(await anyToast(page).filter({ hasText: NOTE }).count(), 0, 'the note about the older design is gone');
  release();
  await anyToast(page).filter({ hasText: '"My old design" was not opened' }).first().waitFor({ timeout: 30_000 });
  assertClean(unexpected(log));
  await context.close();
});

test('R3: an older design waiting for the reader, then a new empty design: the older one is said not opened', { timeout: 120_000 }, async () => {
  const { page, context, log, release } = await openWithOldInList({ width: 1440, height: 900 });
  await openFromList(page);
  await anyToast(page).filter({ hasText: NOTE }).first().waitFor({ timeout: 10_000 });
  await page.click('#designs');
  await page.locator('.modal.designs button', { hasText: 'New empty design' }).click();
  await page.waitForFunction(() => document.querySelector('.design-name')?.textContent === 'Untitled design', null, { timeout: 20_000 });
  release();
  await anyToast(page).filter({ hasText: '"My old design" was not opened: another design was opened while it was being read.' }).first().waitFor({ timeout: 30_000 });
  assert.equal(await page.textContent('.design-name'), 'Untitled design');
  assertClean(unexpected(log));
  await context.close();
});

test('R2: an older design waiting for the reader, then a paste waiting for its code: once pasted, the "Opening …" note shows again', { timeout: 120_000 }, async () => {
  const { page, context, log, release } = await openWithOldInList({ width: 1440, height: 900 });
  const paste = splitFiles('paste_code')[0];
  let releasePaste;
  const held = new Promise((ok) => { releasePaste = ok; });
  await context.route((u) => file(u.toString()) === paste, async (route) => { await held; await route.continue(); });
  // Copied before the open (the paste's code is fetched at the first copy: held, it waits).
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+c');
  await openFromList(page);
  await anyToast(page).filter({ hasText: NOTE }).first().waitFor({ timeout: 10_000 });
  await page.mouse.click(700, 820);
  await page.keyboard.press('Control+v');
  await anyToast(page).filter({ hasText: 'Pasting\u2026' }).first().waitFor({ timeout: 10_000 });
  releasePaste();
  await page.waitForFunction(() => /Paste/.test(document.querySelector('#undo')?.getAttribute('title') ?? ''), null, { timeout: 30_000 });
  // The paste's own message goes; the older design is still being read, and says so again.
  // Its message is taken away with its × rather than waited out: how long it stays depends on
  // whether the view had to move to show the copies (3 s, or 15 s for a note that the view
  // moved) — waited out, the test failed on CI (stop 58) when the 15 s note outlasted the wait.
  const pasted = page.locator('.toast', { hasText: 'Pasted' });
  await pasted.waitFor({ timeout: 10_000 });
  await pasted.locator('.toast-close').click();
  await anyToast(page).filter({ hasText: NOTE }).first().waitFor({ timeout: 5_000 });
  release();
  await page.waitForFunction(() => document.querySelector('.design-name')?.textContent === 'My old design', null, { timeout: 30_000 });
  assertClean(unexpected(log));
  await context.close();
});
