// s32-edit: the findings list's rows are keyed by their finding's content (compared and
// hashed as a `Finding`, no longer its `{:?}` text): after an edit a row is kept — the same
// element — exactly when its finding is unchanged, and a new or changed finding gets a new row.
// (A guard for the cheaper key: it passes on main too, whose key was the formatted content.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, dropKind, barSettled } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

/** Tags every row now in the list (an expando property: kept rows keep it) and returns their texts. */
const tagRows = (page, tag) => page.evaluate((tag) => [...document.querySelectorAll('.finding-list > li.finding')].map((li) => { li[tag] = li.textContent; return li.textContent; }), tag);
/** The rows now in the list: whether each is a tagged (kept) element, its text then and now, and its rule. */
const rows = (page, tag) => page.evaluate((tag) => [...document.querySelectorAll('.finding-list > li.finding')].map((li) => ({ kept: tag in li, then: li[tag], now: li.textContent, rule: li.dataset.rule })), tag);

test('after an edit and its undo, the findings list keeps the rows of unchanged findings and builds only the new one', async () => {
  const { page, log, context } = await app.open('/');
  await page.click('#tab-findings');
  await page.waitForSelector('.finding-list li.finding');
  await barSettled(page);
  const texts = await tagRows(page, 'cwBefore');
  assert.ok(texts.length >= 3, `the starter design has findings (${texts.length})`);
  assert.equal(await page.locator('.finding[data-rule="net.db-in-public-subnet"]').count(), 0);

  // A database in a public subnet: one more finding (an error, listed first).
  const pub = await page.locator('g.kind-subnet.tier-public .frame').first().boundingBox();
  await dropKind(page, 'rds', pub.x + 40, pub.y + pub.height - 20);
  await page.locator('.finding[data-rule="net.db-in-public-subnet"]').waitFor();
  await barSettled(page);
  const after = await rows(page, 'cwBefore');
  const added = after.filter((r) => r.rule === 'net.db-in-public-subnet');
  assert.equal(added.length, 1);
  assert.equal(added[0].kept, false, 'the new finding has a new row');
  for (const r of after.filter((r) => r.kept)) assert.equal(r.now, r.then, 'a kept row shows an unchanged finding');
  // Every finding unchanged by the drop kept its row: the rows are not all rebuilt.
  assert.ok(after.some((r) => r.kept), 'some rows were kept');
  for (const t of texts) {
    if (after.some((r) => r.now === t)) assert.ok(after.some((r) => r.kept && r.now === t), `the row of an unchanged finding is the same element: ${t.slice(0, 60)}`);
  }

  // The undo takes the database away: its row goes, the others stay the same elements.
  await tagRows(page, 'cwDropped');
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => !document.querySelector('.finding[data-rule="net.db-in-public-subnet"]'));
  await barSettled(page);
  const undone = await rows(page, 'cwDropped');
  assert.deepEqual(undone.map((r) => r.now), texts, 'the undo shows the findings as before the drop, in order');
  for (const r of undone) {
    if (after.some((a) => a.now === r.now)) assert.ok(r.kept, `a finding the undo did not change keeps its row: ${r.now.slice(0, 60)}`);
  }
  assertClean(log);
  await context.close();
});
