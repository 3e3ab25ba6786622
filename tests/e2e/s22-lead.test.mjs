// s22-lead: what a new user (QA, session 21) found in the inspector, in Chromium.
//  #2 A refused value's error stayed under its field after the value was corrected: while the
//     user typed again, after Escape or undo put the value back, and it came back when the
//     component was selected again. It goes on each of these now, in the component's form,
//     the design's workload fields and its name.
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// test fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, barSettled, shot, selectNode } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const select = selectNode;

/** Types a value the field refuses and waits for its error. */
async function refuse(field, row, typed) {
  await field.fill(typed);
  await field.press('Enter');
  await row.locator('.field-error').waitFor();
}

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`at ${w}×${h}, a refused value's error goes when the field is typed in, on Escape, and with another component`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    await select(page, 'app-a');
    const row = page.locator('.inspector .field[data-prop="max_tasks"]');
    const field = row.locator('input');
    const errors = () => row.locator('.field-error').count();

    // Typed in again: the error goes with the first key.
    await refuse(field, row, 'lots');
    assert.equal(await row.getAttribute('class').then((c) => c.includes('invalid')), true, 'the field is marked invalid');
    // The error line under the field, in the screenshot (the form scrolls).
    await row.locator('.field-error').scrollIntoViewIfNeeded();
    await shot(page, `s22-lead-refused-${w}`);
    await field.focus();
    await page.keyboard.press('End');
    await page.keyboard.type('1');
    assert.equal(await errors(), 0, 'typing again clears the error');
    assert.equal(await row.getAttribute('class').then((c) => c.includes('invalid')), false, 'and the invalid mark');

    // Escape puts the value back: the error goes.
    await refuse(field, row, 'lots');
    await field.focus();
    await page.keyboard.press('Escape');
    assert.equal(await errors(), 0, 'Escape clears the error');

    // Another component, then this one again: no error comes back.
    await refuse(field, row, 'lots');
    await page.keyboard.press('Tab');
    await select(page, 'app-b');
    await select(page, 'app-a');
    assert.equal(await errors(), 0, 'the error does not come back with its component');

    // The design's workload field and its name behave the same.
    // Nothing selected (Escape on the page): the inspector shows the design.
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('Escape');
    await page.click('#tab-inspect');
    for (const [sel, bad] of [['.field[data-field="peak_to_average"]', 'high'], ['.field[data-field="name"]', '   ']]) {
      const r = page.locator(sel);
      await r.waitFor();
      await refuse(r.locator('input'), r, bad);
      await r.locator('input').focus();
      await page.keyboard.press('End');
      await page.keyboard.type('2');
      assert.equal(await r.locator('.field-error').count(), 0, `${sel}: typing again clears the error`);
      await page.keyboard.press('Escape');
    }
    assertClean(log);
    await context.close();
  });
}
