// s48-rules: the rules behind a drop between tiers, in Chromium, on the gallery's "Three-tier
// VPC" fitted to the view, as QA had it (QA s32).
//  F3   "Public ALB" (internet-facing, spanning Public a/b/c) dragged into the private row moved
//       silently: the bar stayed at "no errors or warnings" and its inspector said "No
//       findings". It now raises "Internet-facing load balancer outside the public subnets".
//  F9   An RDS database dropped 1 px under "Public a" went into "Private a" with "+2 warnings"
//       ("Database in a subnet with a route to the internet"); "Isolated (data) a", within
//       reach, raises neither, and takes it.
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, barSettled, shot, openTemplate, savedDesign, dragMouse, dropNew, nodeBox, anyToast } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [[1440, 900], [1024, 768]];

async function threeTier(w, h) {
  const opened = await app.open('/', { viewport: { width: w, height: h } });
  await openTemplate(opened.page, 'three-tier.json');
  await barSettled(opened.page);
  return opened;
}

for (const [w, h] of VIEWPORTS) {
  test(`${w}×${h}: the Public ALB moved into the private row raises an error, shown on it (QA s32 F3)`, async () => {
    const { page, log, context } = await threeTier(w, h);
    const [alb, prb] = [await nodeBox(page, 'alb'), await nodeBox(page, 'private-b')];
    await dragMouse(page, { x: alb.cx, y: alb.cy }, { x: prb.cx, y: prb.cy });
    await anyToast(page).filter({ hasText: /Public ALB/ }).first().waitFor({ timeout: 3000 });
    const d = await savedDesign(page);
    assert.equal(d.nodes.alb.parent?.startsWith('private-'), true, `moved into the private row: ${d.nodes.alb.parent}`);
    await barSettled(page);
    const bar = await page.evaluate(() => document.querySelector('.totals-bar')?.innerText ?? '');
    assert.match(bar, /\+1 error/, `the bar: ${bar}`);
    // Selected, its inspector names the finding.
    const now = await nodeBox(page, 'alb');
    await page.mouse.click(now.cx, now.cy);
    await page.getByText('Internet-facing load balancer outside the public subnets').first().waitFor({ timeout: 3000 });
    await shot(page, `s48-rules-alb-private-row-${w}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: an RDS database dropped 1 px under Public a goes into Isolated (data) a, no warning (QA s32 F9)`, async () => {
    const { page, log, context } = await threeTier(w, h);
    const pa = await nodeBox(page, 'public-a');
    const at = { x: pa.x + 0.3 * (pa.right - pa.x), y: pa.bottom + 1 };
    const id = await dropNew(page, 'rds', at);
    await anyToast(page).filter({ hasText: /^Placed in “Isolated \(data\) a”/ }).first().waitFor({ timeout: 3000 });
    assert.equal((await savedDesign(page)).nodes[id].parent, 'isolated-a');
    await barSettled(page);
    await shot(page, `s48-rules-rds-under-public-${w}`);
    const bar = await page.evaluate(() => document.querySelector('.totals-bar')?.innerText ?? '');
    assert.doesNotMatch(bar, /\+\d+ errors?/, `no new error: ${bar}`);
    assert.doesNotMatch(bar, /Database in a subnet with a route/, bar);
    assertClean(log);
    await context.close();
  });
}
