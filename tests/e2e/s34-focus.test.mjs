// s34-focus (QA s19 #1, lost work): a field of the inspector that keeps the focus while the
// selection changes without a click — a palette drop selects the new component — edited the
// component it was focused for while showing the new one: typing after the drop renamed the
// component selected before it ("Web app (a)" became "SQS queueX"), and a zoom key typed into
// the field. Now the field gives the focus up when another component is shown: the earlier
// component keeps its name, the new one its own, and keys reach the canvas.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, dropKind, barSettled, clickableLeaves, savedDesign, shot } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`at ${w}×${h}, typing after a palette drop renames neither the component edited before nor the new one`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    const leaf = (await clickableLeaves(page, { margin: 20 }))[0];
    assert.ok(leaf, 'a component to click');
    await page.mouse.click(leaf.x, leaf.y);
    await page.waitForSelector(`.inspector[data-node="${leaf.id}"]`);
    const field = page.locator('.inspector .field input[type="text"]').first();
    await field.fill('Frontend');
    await field.press('Enter');
    await page.waitForFunction(() => document.querySelector('#undo')?.title?.includes('Frontend'));
    assert.equal(await field.evaluate((el) => el === document.activeElement), true, 'Enter keeps the focus in the field (as before)');

    // A palette drop selects the new database; the focus must not stay in the field.
    const pub = await page.locator('g.kind-subnet.tier-public .frame').first().boundingBox();
    await dropKind(page, 'rds', pub.x + 40, pub.y + pub.height - 20);
    await page.waitForFunction((old) => { const i = document.querySelector('.inspector'); return i && i.dataset.node !== old; }, leaf.id);
    const added = await page.getAttribute('.inspector', 'data-node');
    await page.waitForFunction(() => !document.activeElement?.closest('.inspector'));
    await page.keyboard.type('X=');
    await page.waitForTimeout(300);
    const d = await savedDesign(page);
    assert.equal(d.nodes[leaf.id]?.label, 'Frontend', 'the component renamed before keeps its name');
    const newLabel = d.nodes[added]?.label;
    assert.equal(newLabel, 'RDS database', 'the dropped database keeps its own name');
    assert.ok(!(await page.getAttribute('#undo', 'title')).includes('Rename'), 'the last undo step is the drop, not a rename');
    await shot(page, `s34-focus-${w}`);
    assertClean(log);
    await context.close();
  });
}
