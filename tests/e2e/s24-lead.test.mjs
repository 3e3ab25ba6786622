// s24-lead: what the new-user QA passes of session 23 found and session 24's lead fixed, in Chromium.
//  #10 An internet gateway dropped in the starter's VPC, right of its top row, landed at the
//      VPC's bottom-left under the AZs, out of view: the VPC is full there, and it now grows on
//      the side nearer the drop (`place::spot_in` step 4), the gateway at the drop's height.
//  #11 That second gateway had the first one's label, so the finding "2 internet gateways
//      (Internet gateway "Internet gateway" and Internet gateway "Internet gateway") … keep
//      one" could not tell them apart: a new component of a kind already there is numbered.
//  #18 A toast ("New design from the template …") sat over the Region labels of the
//      presentation: entering it dismisses a message that asks for nothing.
//  QA2 #6 A refused value on a fresh design (toolbar Undo disabled): nothing near the field took
//      the error away; a dismiss button beside the message does.
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, barSettled, shot, selectNode, openTemplate, dropKind, nodeBox } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

/** A node's shape in page pixels (the harness's `nodeBox`). */
const box = nodeBox;

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`at ${w}×${h}, a second internet gateway dropped in the VPC's corner lands there, numbered`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    const before = new Set(await page.locator('.canvas-svg g.node').evaluateAll((gs) => gs.map((g) => g.dataset.node)));
    const vpc = await box(page, 'vpc');
    const s3 = await box(page, 's3-endpoint');
    // Right of the S3 endpoint, in the VPC's top row: no room there for a component.
    const at = { x: Math.min(vpc.right - 8, s3.right + 20), y: (s3.y + s3.bottom) / 2 };
    await dropKind(page, 'internet-gateway', at.x, at.y);
    await page.waitForFunction((n) => document.querySelectorAll('.canvas-svg g.node').length > n, before.size);
    const added = (await page.locator('.canvas-svg g.node').evaluateAll((gs) => gs.map((g) => g.dataset.node))).filter((id) => !before.has(id));
    assert.equal(added.length, 1, JSON.stringify(added));
    const gw = await box(page, added[0]);
    const canvas = await page.locator('.canvas').boundingBox();
    // The view pans to keep what the grown VPC pushed aside in view (s25-qa): the VPC's corner
    // moves by the pan only (it grows right and down), so the drop point and the S3 endpoint
    // are compared where the pan put them.
    const vpcNow = await box(page, 'vpc');
    const pan = { x: vpcNow.x - vpc.x, y: vpcNow.y - vpc.y };
    const s3Now = await box(page, 's3-endpoint');
    assert.ok(gw.y <= at.y + pan.y && at.y + pan.y <= gw.bottom, `at the height it was dropped at: ${JSON.stringify(gw)} vs ${at.y + pan.y}`);
    assert.ok(gw.bottom <= canvas.y + canvas.height, 'not below the canvas');
    assert.ok(gw.x > s3Now.right, 'right of the row, not at the VPC\'s left');
    assert.match(await page.locator(`.canvas-svg g.node[data-node="${added[0]}"]`).textContent(), /Internet gateway 2/);
    // The finding names the two apart.
    await page.click('#tab-findings');
    const finding = page.locator('li.finding[data-rule="net.vpc-second-internet-gateway"]').first();
    await finding.waitFor();
    const text = await finding.textContent();
    assert.match(text, /"Internet gateway"/);
    assert.match(text, /"Internet gateway 2"/);
    await shot(page, `s24-lead-second-igw-${w}`);
    assertClean(log);
    await context.close();
  });
}

test('entering the presentation dismisses a message that would sit over the Region labels', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1024, height: 768 } });
  await openTemplate(page, 'multi-region-active-passive.json', { fit: 'button' });
  await page.locator('.toast').waitFor();
  await page.click('#present');
  await page.locator('.present').waitFor();
  assert.equal(await page.locator('.toast').count(), 0, 'no toast over the presentation');
  await shot(page, 's24-lead-present-no-toast-1024');
  assertClean(log);
  await context.close();
});

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`at ${w}×${h}, a refused value's message on a fresh design can be dismissed`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    assert.equal(await page.locator('#undo').isDisabled(), true, 'a fresh design: nothing to undo');
    await selectNode(page, 'app-a');
    const row = page.locator('.inspector .field[data-prop="max_tasks"]');
    await row.locator('input').fill('lots');
    await row.locator('input').press('Enter');
    await row.locator('.field-error').waitFor();
    assert.equal((await row.locator('.field-error').textContent()).trim(), '“lots” is not a number', 'the message is the message');
    await row.scrollIntoViewIfNeeded();
    await shot(page, `s24-lead-field-error-${w}`);
    await row.locator('.field-error-close').click();
    await page.waitForFunction(() => !document.querySelector('.inspector .field[data-prop="max_tasks"] .field-error'));
    assert.equal((await row.getAttribute('class')).includes('invalid'), false);
    assertClean(log);
    await context.close();
  });
}
