// The review of the s55 merge (session 38, /work/notes/s38/review.md), what a browser shows:
// - R1: a paste waiting for its code is in order with the keys pressed after it: held back, Ctrl+V
//   then Delete deletes the copies (not the originals); Ctrl+V then Ctrl+Z undoes the paste (not
//   the edit before it); Escape cancels the waiting paste.
// - R3: the analyses' code arriving through an export (after "Figures unavailable", the link
//   back) runs the analysis that waited for it: the bar shows figures, not "Analysing…" for good.
// - R2: the analyses' chunk and the worker's wire blocked (the worker itself allowed): one toast,
//   the not-fetched one; never "this page analyses the design itself" (it cannot).
// On ee5b382's build: Delete deletes the originals and Ctrl+Z undoes the nudge (then the paste
// lands), Escape does nothing to the paste; the bar stays at "Analysing…"; the false toast shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, splitFiles, dragMouse, errorToast, anyToast, shot, clickComponent, fileName as file, withoutFailedFetches as unexpected, openPasteHeld, copyThree, releasePaste } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const nodes = (page) => page.locator('g.node').count();
const has = (page, id) => page.locator(`g.node[data-node="${id}"]`).count();
const ANALYSES = /cloudwright-web-split-analyses-[0-9a-f]{16}\.wasm$/;
const WORKER = /cloudwright-analysis-worker/;

test('R1: held back, Ctrl+V then Delete deletes the copies, not the originals', { timeout: 180_000 }, async () => {
  const { page, context, log, release, paste } = await openPasteHeld(app);
  const before = await nodes(page);
  await copyThree(page);
  await page.keyboard.press('Control+v');
  await anyToast(page).filter({ hasText: 'Pasting…' }).first().waitFor({ timeout: 10_000 });
  await shot(page, 's55-fix-pasting-1440');
  await page.keyboard.press('Delete');
  await page.waitForTimeout(500);
  assert.equal(await nodes(page), before, 'nothing deleted nor pasted while the code is held back');
  await releasePaste(page, release, paste);
  assert.deepEqual([await nodes(page), await has(page, 'users'), await has(page, 'dns'), await has(page, 'cdn')], [before, 1, 1, 1], 'the copies were deleted; the originals are there');
  // Undo: the delete, then the paste.
  await page.keyboard.press('Control+z');
  await page.waitForFunction((n) => document.querySelectorAll('g.node').length === n + 3, before, { timeout: 10_000 });
  await page.keyboard.press('Control+z');
  await page.waitForFunction((n) => document.querySelectorAll('g.node').length === n, before, { timeout: 10_000 });
  assertClean(unexpected(log));
  await context.close();
});

test('R1: held back, Ctrl+V then Ctrl+Z undoes the paste, not the edit before it', { timeout: 180_000 }, async () => {
  const { page, context, log, release, paste } = await openPasteHeld(app);
  const before = await nodes(page);
  await copyThree(page);
  const x0 = await page.locator('g[data-node="users"] .hit').boundingBox();
  // An edit before the paste: the three nudged.
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((x) => document.querySelector('g[data-node="users"] .hit').getBoundingClientRect().x > x + 1, x0.x);
  const x1 = await page.locator('g[data-node="users"] .hit').boundingBox();
  await page.keyboard.press('Control+v');
  await page.keyboard.press('Control+z');
  await releasePaste(page, release, paste);
  const x2 = await page.locator('g[data-node="users"] .hit').boundingBox();
  assert.equal(await nodes(page), before, 'the paste undone');
  assert.ok(Math.abs(x2.x - x1.x) < 0.5, `the nudge kept (x ${x0.x} → ${x1.x}, now ${x2.x})`);
  assertClean(unexpected(log));
  await context.close();
});

// QA s55 G1: one component copied, so the pasted copy is selected alone and the Inspect tab
// builds its form; Ctrl+Z replayed from inside the code's arrival undid it in the same task and
// the form read a disposed signal — a panic, and the app stopped working. Now the key is pressed
// again in a task of its own, after the paste's.
for (const [keys, verb] of [[['Control+v'], 'paste'], [['Control+d'], 'duplicate']]) {
  test(`QA G1: held back, one component, Ctrl+${verb === 'paste' ? 'V' : 'D'} then Ctrl+Z: the ${verb} undone, no panic, the app works after`, { timeout: 180_000 }, async () => {
    const { page, context, log, release, paste } = await openPasteHeld(app);
    const before = await nodes(page);
    await clickComponent(page, 'app-a');
    await page.keyboard.press('Control+c');
    await page.waitForFunction(() => /Copied 1 component/.test(document.body.innerText));
    for (const k of keys) await page.keyboard.press(k);
    await page.keyboard.press('Control+z');
    await releasePaste(page, release, paste);
    assert.equal(await nodes(page), before, `the ${verb} undone`);
    // Still working: a duplicate lands and is one undo step.
    await clickComponent(page, 'db');
    await page.keyboard.press('Control+d');
    await page.waitForFunction((n) => document.querySelectorAll('g.node').length === n + 1, before, { timeout: 10_000 });
    assertClean(unexpected(log));
    await context.close();
  });
}

test('R1: held back, Escape cancels the waiting paste', { timeout: 180_000 }, async () => {
  const { page, context, log, release, paste } = await openPasteHeld(app);
  const before = await nodes(page);
  await copyThree(page);
  await page.keyboard.press('Control+v');
  await page.keyboard.press('Escape');
  await anyToast(page).filter({ hasText: 'The paste was not made: cancelled (Escape).' }).first().waitFor({ timeout: 10_000 });
  await releasePaste(page, release, paste);
  assert.equal(await nodes(page), before, 'nothing pasted');
  // The next paste works (the code is in, the clipboard kept its copy).
  await page.keyboard.press('Control+v');
  await page.waitForFunction((n) => document.querySelectorAll('g.node').length === n + 3, before, { timeout: 10_000 });
  assertClean(unexpected(log));
  await context.close();
});

test('R3: figures unavailable, the link back: an export brings the code in and the bar shows figures', { timeout: 180_000 }, async () => {
  const { page, context } = await app.open(null, { serviceWorkers: 'block' });
  let block = true;
  await context.route(ANALYSES, (route) => (block ? route.abort() : route.continue()));
  await context.route(WORKER, (route) => route.abort());
  await page.goto(app.origin + '/');
  await page.waitForSelector('.app', { timeout: 30_000 });
  await page.waitForFunction(() => /Figures unavailable/.test(document.querySelector('#total-delta')?.textContent ?? ''), null, { timeout: 60_000 });
  block = false;
  const dl = page.waitForEvent('download');
  await page.click('#export-svg');
  await dl;
  // No edit after it: the analysis that waited for the code runs when it comes.
  await page.waitForFunction(() => {
    const b = document.querySelector('.totals-bar');
    return b.dataset.pending === 'false' && b.dataset.updating === 'false' && /\d/.test(document.querySelector('#total-monthly-value')?.textContent ?? '');
  }, null, { timeout: 30_000 });
  assert.doesNotMatch(await page.locator('#total-delta').textContent(), /Figures unavailable|Analysing/);
  await context.close();
});

test('R2: the analyses\' chunk and the worker\'s wire blocked: one toast, the not-fetched one', { timeout: 180_000 }, async () => {
  const wire = splitFiles('worker_wire');
  const { page, context } = await app.open(null, { serviceWorkers: 'block' });
  await context.route(ANALYSES, (route) => route.abort());
  await context.route((u) => wire.includes(file(u.toString())), (route) => route.abort());
  const toasts = [];
  await page.exposeFunction('__toast', (t) => toasts.push(t));
  await page.addInitScript(() => {
    new MutationObserver(() => document.querySelectorAll('.toast .toast-text').forEach((t) => {
      // (A toast's text may be replaced in place: each text is one toast.)
      const now = t.textContent.trim();
      if (t.dataset.seen !== now) { t.dataset.seen = now; window.__toast(now); }
    })).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.goto(app.origin + '/');
  await page.waitForSelector('.app', { timeout: 30_000 });
  await page.waitForFunction(() => /Figures unavailable/.test(document.querySelector('#total-delta')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.waitForTimeout(3000);
  assert.ok(!toasts.some((t) => /analyses the design itself/.test(t)), `no "analyses the design itself": ${toasts.join(' | ')}`);
  assert.equal(toasts.length, 1, `one toast: ${toasts.join(' | ')}`);
  assert.match(toasts[0], /^The figures could not be computed: this browser could not fetch its part of the app/);
  assert.match((await errorToast(page).first().textContent()).trim(), /^The figures could not be computed/);
  await context.close();
});
