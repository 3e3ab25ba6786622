// Findings of a tester on the integrated main's release build (qa24, /work/notes/qa/qa24.md), as a user meets them:
// 1. An unknown EC2 instance type was taken and priced silently: in the ec2-asg-spot template the
//    group's "Instance types" = `NaN` got no field error, and the bill read "EC2 NaN on-demand:
//    3 × 730 h" at m6i.large's price. Now the inspector refuses a type the price book does not
//    know (naming the field and the value; the design untouched), and a design file holding one
//    opens with a finding naming the component and the value, its bill line saying plainly
//    that the price is a stand-in.
// 2. ALB "AZs enabled" 2 → 5 was taken, but the bill counted the 3 AZs of the subnets the ALB is
//    placed in ("public IPv4, one per enabled AZ (3)"), and the hint said "1 – 6". Now the field
//    shows the 3 its placement gives, its hint says so, and another count is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { start, assertClean, shot, openTemplate, inView, visiblePoint } from './harness.mjs';

let app;
// QA24_DIST=dist-main runs it on another build (the before-run of the fix).
before(async () => { app = await start(process.env.QA24_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [{ width: 1440, height: 900 }, { width: 1024, height: 768 }];

/** Waits until no analysis is pending, then reads the monthly total in the totals bar. */
async function total(page) {
  await page.waitForFunction(() => !document.querySelector('.totals-bar[data-pending="true"]')
    && document.querySelector('.totals-bar')?.dataset.updating !== 'true', null, { timeout: 60_000 });
  return (await page.textContent('#total-monthly-value')).trim();
}

/** Selects a component by clicking a visible point of it, then shows the inspector. */
async function select(page, id) {
  await inView(page, id);
  const p = await visiblePoint(page, id);
  assert.ok(p, `${id} shows on the canvas`);
  await page.mouse.click(p.x, p.y);
  await page.waitForSelector(`g[data-node="${id}"].selected`);
  await page.click('#tab-inspect');
  await page.locator(`.inspector[data-node="${id}"]`).waitFor();
}

/** Types into a text field of the inspector and commits with Enter. */
async function type(page, prop, value) {
  const input = page.locator(`.inspector .field[data-prop="${prop}"] input`);
  await input.fill(value);
  await input.press('Enter');
}

const fieldError = (page, prop) => page.locator(`.inspector .field[data-prop="${prop}"] .field-error`);
const undoTitle = (page) => page.$eval('#undo', (b) => b.title);

/** Every bill line's text (all line items shown). */
async function billLines(page) {
  await page.click('#tab-cost');
  await page.locator('.bill').waitFor();
  const more = page.locator('.sidepanel .cost button', { hasText: /more line items/ });
  if (await more.count()) await more.first().click();
  return page.$$eval('.bill tr', (rs) => rs.map((r) => r.textContent));
}

for (const viewport of VIEWPORTS) {
  test(`qa24 #1: the inspector refuses an instance type the price book does not know (${viewport.width}×${viewport.height})`, async () => {
    const { page, context, log } = await app.open('/', { viewport });
    await openTemplate(page, 'ec2-asg-spot.json');
    const before = await total(page);
    const undoBefore = await undoTitle(page);
    await select(page, 'asg');
    const input = page.locator('.inspector .field[data-prop="instance_types"] input');
    const typesBefore = await input.inputValue();
    await type(page, 'instance_types', 'NaN');
    await fieldError(page, 'instance_types').waitFor();
    const msg = await fieldError(page, 'instance_types').textContent();
    assert.match(msg, /^Instance types has no list price for "NaN": use t3\.micro, /, msg);
    // The design is untouched: no history step, the field shows the types it had, same total.
    assert.equal(await undoTitle(page), undoBefore, 'no edit was made');
    assert.equal(await input.inputValue(), typesBefore);
    assert.equal(await total(page), before);
    await fieldError(page, 'instance_types').scrollIntoViewIfNeeded();
    await shot(page, `qa24-unknown-type-refused-${viewport.width}`);
    // A mistyped type among known ones: refused too, naming only the unknown one.
    await type(page, 'instance_types', 'm6i.large, m6i.lrage');
    await page.waitForFunction(() => document.querySelector('.inspector .field[data-prop="instance_types"] .field-error')?.textContent.includes('"m6i.lrage"'));
    assert.doesNotMatch(await fieldError(page, 'instance_types').textContent(), /"m6i\.large"/);
    // An emptied field (or only a comma) names no type: refused, not priced silently (qa25 #1).
    for (const blank of ['', ' ', ',']) {
      await type(page, 'instance_types', blank);
      await page.waitForFunction(() => document.querySelector('.inspector .field[data-prop="instance_types"] .field-error')?.textContent.includes('needs at least one type'));
      assert.equal(await undoTitle(page), undoBefore, `no edit was made for ${JSON.stringify(blank)}`);
      assert.equal(await input.inputValue(), typesBefore);
    }
    // Known types are taken (a real edit), and the error goes.
    await type(page, 'instance_types', 'm7i.large, m6i.large');
    await page.waitForFunction(() => document.querySelector('#undo')?.title.startsWith('Undo: '));
    await page.waitForFunction(() => !document.querySelector('.inspector .field[data-prop="instance_types"] .field-error'));
    assert.notEqual(await undoTitle(page), undoBefore);
    assertClean(log);
    await context.close();
  });

  test(`qa24 #1: a design file holding an unknown instance type opens with a finding and a stand-in bill line (${viewport.width}×${viewport.height})`, async () => {
    const design = JSON.parse(readFileSync('templates/ec2-asg-spot.json', 'utf8'));
    design.nodes.asg.props.instance_types = ['NaN', 'm5.large'];
    design.name = 'qa24 unknown instance type';
    mkdirSync('test-output', { recursive: true });
    const file = 'test-output/qa24-unknown-type.json';
    writeFileSync(file, JSON.stringify(design, null, 2));
    const { page, context, log } = await app.open('/', { viewport });
    const chooser = page.waitForEvent('filechooser');
    await page.click('#import');
    await (await chooser).setFiles(file);
    await page.waitForFunction(() => document.querySelector('.design-name')?.textContent.startsWith('qa24'));
    await total(page);
    await page.keyboard.press('Shift+!');
    await select(page, 'asg');
    const finding = page.locator('.inspector .node-finding[data-rule="ec2.unpriced-instance-type"] .finding-msg');
    await finding.waitFor();
    assert.equal(await finding.textContent(),
      'Auto Scaling group "Web fleet (mixed instances)": "NaN" in its instance types field has no list price; the bill uses a stand-in price for the group.');
    await finding.scrollIntoViewIfNeeded();
    await shot(page, `qa24-unknown-type-finding-${viewport.width}`);
    const lines = (await billLines(page)).filter((l) => l.includes('EC2 NaN'));
    assert.ok(lines.length >= 1, 'the group has its EC2 lines');
    for (const l of lines) {
      assert.ok(l.includes('stand-in price: NaN has no list price, priced as m6i.large'), l);
      assert.ok(l.includes('≈'), `marked estimated: ${l}`);
    }
    await page.locator('.bill tr', { hasText: 'EC2 NaN' }).first().scrollIntoViewIfNeeded();
    await shot(page, `qa24-unknown-type-bill-${viewport.width}`);
    assertClean(log);
    await context.close();
  });

  test(`qa24 #2: an ALB placed in three subnets is enabled in three AZs: field, hint and bill agree (${viewport.width}×${viewport.height})`, async () => {
    const { page, context, log } = await app.open('/', { viewport });
    await openTemplate(page, 'ec2-asg-spot.json');
    const before = await total(page);
    const undoBefore = await undoTitle(page);
    await select(page, 'alb');
    const field = page.locator('.inspector .field[data-prop="az_count"]');
    assert.equal(await field.locator('input').inputValue(), '3', 'the field shows the AZs its subnets give');
    assert.equal(await field.locator('.hint').textContent(), '3 AZs: set by the subnets it is placed in (one per AZ)');
    // Its placement sets it: the field is read-only (typing changes nothing), no edit is made.
    assert.equal(await field.locator('input').isEditable(), false, 'the AZ count its subnets set is read-only');
    await field.locator('input').press('5');
    assert.equal(await field.locator('input').inputValue(), '3');
    assert.equal(await undoTitle(page), undoBefore, 'no edit was made');
    assert.equal(await total(page), before);
    await field.scrollIntoViewIfNeeded();
    await shot(page, `qa24-alb-azs-refused-${viewport.width}`);
    const ipv4 = (await billLines(page)).filter((l) => l.includes('public IPv4, one per enabled AZ'));
    assert.equal(ipv4.length, 1);
    assert.ok(ipv4[0].includes('public IPv4, one per enabled AZ (3)'), ipv4[0]);
    assertClean(log);
    await context.close();
  });
}
