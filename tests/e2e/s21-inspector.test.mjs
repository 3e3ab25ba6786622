// s21-inspector (QA s20, "the inspector loses work"): s34-focus and s35-focus-number guard a
// selection change without a click that shows a component of the SAME kind (the form stays
// and is refilled). With ANOTHER kind the form is built again, and the field still focused
// belonged to the old form: the label typed became "undefined", a number typed panicked
// ("Tried to access a reactive value that has already been disposed") and was lost, and the
// focus jumped into the new form. Now the value typed goes to the component it was typed for
// (as a click elsewhere commits it), the new one keeps its own values, nothing panics, and the
// focus leaves the inspector.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, dropKind, barSettled, savedDesign, shot, inView } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.S21_DIST); });
after(async () => { await app?.stop(); });

/** Selects a component by a click on its shape and waits for its form. */
async function select(page, id) {
  await inView(page, id); // at 1024, Fit shows the design's middle
  const b = await page.locator(`g.node[data-node="${id}"] .hit`).boundingBox();
  await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
  await page.waitForSelector(`.inspector[data-node="${id}"]`);
}

/** Drops an SQS queue on the canvas (outside the VPC) and returns its id once shown. */
async function dropQueue(page, old) {
  const vpc = await page.locator('g.node[data-node="vpc"] .frame').boundingBox();
  const canvas = await page.locator('.canvas').boundingBox();
  // Below the VPC when there is room, else at the canvas's bottom-left.
  const y = Math.min(vpc.y + vpc.height + 40, canvas.y + canvas.height - 30);
  await dropKind(page, 'sqs', Math.max(vpc.x, canvas.x) + 60, y);
  await page.waitForFunction((old) => { const i = document.querySelector('.inspector'); return i && i.dataset.node && i.dataset.node !== old; }, old);
  return page.getAttribute('.inspector', 'data-node');
}

// Each case: the component, the field (null = its Label), what is typed, what it must become.
const cases = [
  { name: 'a label', id: 'app-a', prop: null, typed: 'Checkout API', check: (n) => n.label, want: 'Checkout API' },
  { name: 'a number (tasks)', id: 'app-a', prop: 'max_tasks', typed: '17', check: (n) => n.props.max_tasks, want: 17 },
  { name: 'a storage size (GB)', id: 'db', prop: 'storage_gb', typed: '250', check: (n) => n.props.storage_gb, want: 250 },
];

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  for (const c of cases) {
    test(`at ${w}×${h}, ${c.name} typed and not committed, then a drop of another kind: the value goes to the old component`, async () => {
      const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
      await barSettled(page);
      await select(page, c.id);
      const field = c.prop
        ? page.locator(`.inspector .field[data-prop="${c.prop}"] input`)
        : page.locator('.inspector .field input[type="text"]').first();
      await field.fill(c.typed);
      const added = await dropQueue(page, c.id);
      // The focus is not in the new form (its Retention field, say).
      await page.waitForFunction(() => !document.activeElement?.closest('.inspector'));
      const d = await savedDesign(page);
      assert.equal(d.nodes[added]?.kind, 'sqs', 'the drop added a queue');
      assert.equal(d.nodes[added]?.label, 'SQS queue', 'the queue keeps its own name');
      assert.equal(c.check(d.nodes[c.id]), c.want, 'the value typed went to the component it was typed for');
      assert.ok(!Object.values(d.nodes).some((n) => n.label === 'undefined'), 'nothing is named "undefined"');
      // The undo button names the edit of the old component, after the drop.
      await shot(page, `s21-inspector-${c.prop ?? 'label'}-${w}`);
      assertClean(log);
      await context.close();
    });
  }
}

// #4: an emptied number field goes back to the default (the property is removed, one undo
// step), instead of being refused with the old value kept.
for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`at ${w}×${h}, an emptied number field removes the value: the field shows the default, undo restores`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    await select(page, 'app-a');
    const row = page.locator('.inspector .field[data-prop="max_tasks"]');
    const field = row.locator('input');
    const saved = async () => (await savedDesign(page)).nodes['app-a'].props.max_tasks;
    await field.fill('14');
    await field.press('Enter');
    assert.equal(await saved(), 14);
    await field.fill('');
    await field.press('Enter');
    assert.equal(await saved(), undefined, 'the property is removed');
    assert.equal(await field.inputValue(), '10', 'the field shows the catalog default');
    assert.match(await row.locator('.hint').textContent(), /default 10\b/);
    assert.equal(await row.locator('.field-error').count(), 0, 'nothing is refused');
    assert.match(await page.getAttribute('#undo', 'title'), /Maximum tasks/);
    await shot(page, `s21-inspector-empty-${w}`);
    // Nothing pending in the field: Ctrl+Z is the design's undo.
    await field.press('Control+z');
    await page.waitForFunction(() => document.querySelector('.inspector .field[data-prop="max_tasks"] input').value === '14');
    assert.equal(await saved(), 14, 'undo restores the value');
    assertClean(log);
    await context.close();
  });
}

// #5: a number field shows its value as the app writes figures (grouped), whatever was typed
// ("3e7", "40000000"), also when the value typed is the one already set.
for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`at ${w}×${h}, a number typed as "3e7" or ungrouped is shown grouped after the commit`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    await select(page, 'users');
    const field = page.locator('.inspector .field[data-prop="requests_per_month"] input');
    const saved = async () => (await savedDesign(page)).nodes.users.props.requests_per_month;
    assert.equal(await field.inputValue(), '30,000,000', 'shown grouped, as the hints and the bill write figures');
    // The value it already has, typed another way: nothing changes, the field reads as before.
    await field.fill('3e7');
    await field.press('Enter');
    assert.equal(await field.inputValue(), '30,000,000');
    assert.equal(await saved(), 30_000_000);
    await field.fill('40000000');
    await field.press('Enter');
    assert.equal(await saved(), 40_000_000);
    assert.equal(await field.inputValue(), '40,000,000');
    await field.fill('2.5e8');
    await field.press('Tab');
    assert.equal(await saved(), 250_000_000);
    assert.equal(await field.inputValue(), '250,000,000');
    // What it shows reads back as the same value: focusing and leaving changes nothing.
    await field.click();
    await field.press('Tab');
    assert.equal(await saved(), 250_000_000);
    assert.match(await page.getAttribute('#undo', 'title'), /250,000,000|Requests/);
    await shot(page, `s21-inspector-figure-${w}`);
    assertClean(log);
    await context.close();
  });
}
