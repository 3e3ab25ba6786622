// What-if scenarios as a presenter meets them: make two scenarios from the current
// assumptions, see them side by side (table and chart), flip between them with the number
// keys and the buttons — the totals follow and switching back restores the baseline figure
// exactly — and undo a scenario's creation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

/** The monthly total the Cost tab shows now. */
async function monthly(page) {
  await page.click('#tab-cost');
  const el = page.locator('#cost-monthly');
  await el.waitFor();
  return (await el.textContent()).trim();
}

/** Waits until the Cost tab's total differs from `than` (an analysis re-ran) and returns it. */
async function monthlyNot(page, than) {
  await page.click('#tab-cost');
  await page.waitForFunction((t) => document.querySelector('#cost-monthly')?.textContent.trim() !== t, than);
  return monthly(page);
}

async function addScenario(page, { name, traffic, pricing }) {
  await page.click('#tab-scenarios');
  const form = page.locator('#new-scenario');
  if (!(await form.evaluate((d) => d.open))) await page.click('#new-scenario summary');
  await page.fill('#scenario-name', name);
  if (traffic !== undefined) await page.fill('#scenario-traffic', String(traffic));
  if (pricing !== undefined) await page.selectOption('#scenario-pricing', pricing);
  await page.click('#scenario-create');
  await page.locator(`.scenario-row .scenario-name:text-is("${name}")`).waitFor();
}

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`scenarios: switch, table, chart, undo (${viewport.width}×${viewport.height})`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    const baseline = await monthly(page);
    assert.match(baseline, /^\$[\d,.]+$/, `a dollar figure: ${baseline}`);
    assert.equal(await page.locator('.scenario-bar').count(), 0, 'no bar before there are scenarios');

    await addScenario(page, { name: 'Ten times the traffic', traffic: 10 });
    await addScenario(page, { name: 'Savings Plan 3 years', traffic: 1, pricing: 'savings_plan3y' });

    // The table shows the baseline and every scenario, with a figure each.
    const rows = page.locator('#scenario-table .scenario-row');
    assert.equal(await rows.count(), 3);
    const names = await page.locator('#scenario-table .scenario-name').allTextContents();
    assert.deepEqual(names, ['Baseline', 'Ten times the traffic', 'Savings Plan 3 years']);
    for (const r of await rows.all()) assert.match(await r.locator('.monthly').textContent(), /^\$[\d,]+\.\d\d$/);
    assert.match(await page.textContent('#scenario-table .scenario-row[data-key="1"] .delta'), /^\+\$[\d,.]+ \(\+\d+%\)$/);
    // The chart: one line per scenario on one set of axes.
    await page.locator('#scenario-chart svg').waitFor();
    assert.match(await page.textContent('#scenario-chart'), /Monthly cost vs traffic/);
    await page.locator('.sidepanel').evaluate((el) => { el.scrollTop = 0; });
    await shot(page, `scenarios-table-${viewport.width}`);
    await page.locator('#scenario-chart').scrollIntoViewIfNeeded();
    await shot(page, `scenarios-chart-${viewport.width}`);

    // Key 1 shows the first scenario: the total follows; key 0 restores the baseline exactly.
    await page.locator('.canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('1');
    assert.equal(await page.getAttribute('.scenario-bar .scn[data-key="1"]', 'aria-pressed'), 'true');
    await page.locator('#scenario-note').waitFor();
    const ten = await monthlyNot(page, baseline);
    assert.notEqual(ten, baseline);
    await shot(page, `scenarios-key1-${viewport.width}`);
    await page.keyboard.press('0');
    assert.equal(await page.getAttribute('.scenario-bar .scn[data-key="0"]', 'aria-pressed'), 'true');
    assert.equal(await monthlyNot(page, ten), baseline, 'switching back restores the total exactly');

    // The buttons do the same; the Savings Plan costs less than on-demand.
    await page.click('.scenario-bar .scn[data-key="2"]');
    const sp = await monthlyNot(page, baseline);
    const dollars = (s) => Number(s.replace(/[$,]/g, ''));
    assert.ok(dollars(sp) < dollars(baseline), `${sp} < ${baseline}`);
    await page.click('.scenario-bar .scn[data-key="0"]');
    assert.equal(await monthlyNot(page, sp), baseline);

    // Undo the second scenario's creation while it is shown: it leaves the table and the
    // bar, and the figures return to the baseline.
    await page.keyboard.press('2');
    await monthlyNot(page, baseline);
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelectorAll('.scenario-bar .scn').length === 2);
    assert.equal(await page.getAttribute('.scenario-bar .scn[data-key="0"]', 'aria-pressed'), 'true');
    assert.equal(await monthly(page), baseline);
    await page.click('#tab-scenarios');
    assert.equal(await page.locator('#scenario-table .scenario-row').count(), 2);
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => !document.querySelector('.scenario-bar'));
    await page.keyboard.press('Control+Shift+z');
    await page.locator('.scenario-bar').waitFor();

    assertClean(log);
    await context.close();
  });
}

// qa23 #5: the form's draft (name, traffic multiple, pricing) survives a visit to another tab;
// before, the Scenarios tab's view was rebuilt with an empty form.
for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`scenarios: the new scenario's draft survives switching tabs (${viewport.width}×${viewport.height})`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await page.click('#tab-scenarios');
    await page.click('#new-scenario summary');
    await page.fill('#scenario-name', 'Black Friday peak');
    await page.fill('#scenario-traffic', '7');
    await page.selectOption('#scenario-pricing', 'savings_plan1y');
    await page.click('#tab-cost');
    await page.locator('#cost-monthly').waitFor();
    await page.click('#tab-scenarios');
    assert.equal(await page.locator('#new-scenario').evaluate((d) => d.open), true, 'the form is still open');
    assert.equal(await page.inputValue('#scenario-name'), 'Black Friday peak');
    assert.equal(await page.inputValue('#scenario-traffic'), '7');
    assert.equal(await page.inputValue('#scenario-pricing'), 'savings_plan1y');
    await shot(page, `scenarios-draft-kept-${viewport.width}`);
    await page.click('#scenario-create');
    await page.locator('.scenario-row .scenario-name:text-is("Black Friday peak")').waitFor();
    // Made: the form starts again from the design's assumptions.
    assert.equal(await page.inputValue('#scenario-name'), 'Scenario 2');
    // Closed, then opened again: a fresh draft.
    await page.fill('#scenario-name', 'Thrown away');
    await page.click('#new-scenario summary');
    await page.click('#new-scenario summary');
    assert.equal(await page.inputValue('#scenario-name'), 'Scenario 2');
    assertClean(log);
    await context.close();
  });
}

// QA s57 F1: the Scenarios tab clicked again while it is open rebuilt the panel, and the new
// scenario form wrote its draft while being built: the form it replaced, woken after it was
// disposed, read a disposed value ("Tried to access a reactive value that has already been
// disposed", then "RuntimeError: unreachable": the app's wasm stopped). By click and by key.
test('the Scenarios tab clicked again while open: no error, the panel still works', async () => {
  const { page, log, context } = await app.open('/');
  await page.click('#tab-scenarios');
  await page.locator('#new-scenario').waitFor();
  await page.waitForTimeout(300);
  await page.click('#tab-scenarios');
  await page.waitForTimeout(300);
  await page.focus('#tab-scenarios');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  assertClean(log);
  // The form still opens with the current assumptions.
  await page.click('#new-scenario summary');
  await page.locator('#scenario-traffic').waitFor();
  assert.match(await page.inputValue('#scenario-name'), /\S/);
  assertClean(log);
  await context.close();
});
