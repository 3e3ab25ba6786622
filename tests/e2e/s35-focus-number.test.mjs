// s35-focus-number (review of s34-focus): the focus guard for a selection change without a
// click must hold for number fields too, and for a component of the same kind, whose form
// stays and is refilled: a field of "Web app (a)" still focused when a palette drop selects a
// new ECS service shows the new service's value; the `change` the browser fires when the
// focus leaves must not write that value (or anything typed) into the other service.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, dropKind, barSettled, savedDesign, shot } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.S35_DIST); });
after(async () => { await app?.stop(); });

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`at ${w}×${h}, a number field focused while a drop selects a service of the same kind edits neither`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    const a = await page.locator('g.node[data-node="app-a"] .hit').boundingBox();
    await page.mouse.click(a.x + a.width / 2, a.y + a.height / 2);
    await page.waitForSelector('.inspector[data-node="app-a"]');
    const field = page.locator('.inspector .field[data-prop="max_tasks"] input');
    await field.fill('14');
    await field.press('Enter');
    await page.waitForFunction(() => document.querySelector('#undo')?.title?.includes('Maximum tasks'));
    // Typed, not committed: the focus leaving sends it to the component it was typed for.
    await field.fill('15');

    const sub = await page.locator('g.node[data-node="private-b"] .frame').boundingBox();
    await dropKind(page, 'ecs-service', sub.x + sub.width - 30, sub.y + sub.height - 20);
    await page.waitForFunction(() => { const i = document.querySelector('.inspector'); return i && i.dataset.node !== 'app-a'; });
    const added = await page.getAttribute('.inspector', 'data-node');
    await page.waitForFunction(() => !document.activeElement?.closest('.inspector'));
    assert.equal(await field.inputValue(), '10', 'the field shows the new service\'s value (the default)');
    const d = await savedDesign(page);
    assert.equal(d.nodes[added]?.kind, 'ecs-service', 'the drop added a service');
    assert.equal(d.nodes[added]?.props?.max_tasks, undefined, 'the new service has no value typed for the other');
    assert.equal(d.nodes['app-a']?.props?.max_tasks, 15, 'the value typed for Web app (a) goes to it');
    await shot(page, `s35-focus-number-${w}`);
    assertClean(log);
    await context.close();
  });
}

// QA s19: Ctrl+Z inside a number field was the browser's text undo, which knows nothing of
// the values the app writes into the field: it rebuilt "6001000" from 600 and the focus
// leaving committed it. And the fields refused the figures the app itself writes.
test('a number field reads grouped figures and multipliers, and its undo keys never commit a garbled value', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1440, height: 900 } });
  await barSettled(page);
  const a = await page.locator('g.node[data-node="app-a"] .hit').boundingBox();
  await page.mouse.click(a.x + a.width / 2, a.y + a.height / 2);
  await page.waitForSelector('.inspector[data-node="app-a"]');
  const field = page.locator('.inspector .field[data-prop="max_tasks"] input');
  const saved = async () => (await savedDesign(page)).nodes['app-a'].props.max_tasks;

  await field.fill('1,200');
  await field.press('Enter');
  assert.equal(await saved(), 1200, '"1,200" is 1,200');
  await field.fill('1.5k');
  await field.press('Enter');
  assert.equal(await saved(), 1500, '"1.5k" is 1,500');
  assert.equal(await field.inputValue(), '1,500', 'shown as the app writes figures (s21-inspector #5)');

  // Nothing typed: Ctrl+Z is the design's undo, and the field lets the focus go.
  await field.press('Control+z');
  await page.waitForFunction(() => !document.activeElement?.closest('.inspector'));
  assert.equal(await field.inputValue(), '1,200', 'the design\'s undo went back to 1,200');
  assert.equal(await saved(), 1200);

  // Something typed: Ctrl+Z and Escape put the committed value back; nothing is committed.
  await field.click();
  await field.press('End');
  await page.keyboard.type('99');
  await field.press('Control+z');
  assert.equal(await field.inputValue(), '1,200', 'Ctrl+Z drops what was typed');
  await page.keyboard.type('7');
  await field.press('Escape');
  assert.equal(await field.inputValue(), '1,200', 'Escape drops what was typed');
  await field.press('Control+z');
  await page.waitForFunction(() => !document.activeElement?.closest('.inspector'));
  assert.equal(await field.inputValue(), '10', 'the next Ctrl+Z undoes the first change (back to the default)');
  assert.equal(await saved(), undefined);
  // And redo from the field, with nothing typed, redoes.
  await field.click();
  await field.press('Control+Shift+z');
  await page.waitForFunction(() => document.querySelector('.inspector .field[data-prop="max_tasks"] input').value === '1,200');
  assert.equal(await saved(), 1200);

  // A figure the field cannot read is refused with its text, and the value stays.
  await field.fill('30 TB');
  await field.press('Enter');
  await page.waitForSelector('.field[data-prop="max_tasks"] .field-error');
  assert.match(await page.textContent('.field[data-prop="max_tasks"] .field-error'), /30 TB.*is not a number/);
  assert.equal(await saved(), 1200);
  await shot(page, 's35-number-field-1440');
  assertClean(log);
  await context.close();
});

// The design's workload fields take the same keys (one function, `field_keys`, for every
// inspector text field): Escape and Ctrl+Z drop what was typed, nothing is committed.
test('a workload field of the design inspector: Escape and Ctrl+Z drop what was typed', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1024, height: 768 } });
  await barSettled(page);
  await page.click('#tab-inspect');
  const field = page.locator('.field[data-field="request_kb"] input');
  const before = await field.inputValue();
  const saved = async () => (await savedDesign(page)).workload.request_kb;
  const stored = await saved();
  await field.click();
  await field.press('End');
  await page.keyboard.type('9');
  await field.press('Escape');
  assert.equal(await field.inputValue(), before, 'Escape drops what was typed');
  await page.keyboard.type('5');
  await field.press('Control+z');
  assert.equal(await field.inputValue(), before, 'Ctrl+Z drops what was typed');
  await page.click('#tab-findings');
  await page.click('#tab-inspect');
  assert.equal(await saved(), stored, 'nothing was committed');
  assert.equal(await page.getAttribute('#undo', 'title'), 'Nothing to undo');
  await shot(page, 's35-workload-field-1024');
  assertClean(log);
  await context.close();
});
