// s50-place: where a moved band lands, a moved NAT gateway's subnet, a pasted AZ's contents
// (QA s33 F2, F3, F5, F6), in Chromium, on the gallery's "Three-tier VPC" fitted to the view,
// as QA had it, with QA's steps.
//  F2  "PostgreSQL (Multi-AZ)" (the isolated row, AZ a/b) held by its centre and released 3 px
//      under Public b's bottom went to the public row, "Database in a public subnet" (+1
//      error): the drag's grid steps put its centre at the public row's height in the gap
//      between AZ a and AZ b, and the row at that height won whatever it raised. It stays in
//      (or goes back to) its isolated row, no error.
//  F3  "Web app tasks" (the private row; it calls Secrets Manager and X-Ray) released 3 px
//      under Private b, or in the middle of the gap under it, went to the isolated row: "Private
//      workload needs the internet but has no way out" (+1 error). It stays private.
//  F5  NAT gateway a released under "Isolated (data) c" goes into Public c, which grew down by
//      one component (the public row of every AZ 44 px taller at 54 %). Public c keeps its
//      height (it grows wider); no row moves down.
//  F6  "AZ us-east-1c" copied and pasted into its own VPC is "AZ us-east-1d", and what it holds
//      read "Public c 2" … "NAT gateway c 2". They are named for zone d, and the private
//      subnet keeps its /20.
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, dragMouse, nodeBox, anyToast, threeTier, toast, barSettled, visiblePoint } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [[1440, 900], [1024, 768]];

/** The findings bar's text, once its figures are settled. */
const barText = async (page) => {
  await barSettled(page);
  return page.evaluate(() => document.querySelector('.totals-bar')?.innerText ?? '');
};

for (const [w, h] of VIEWPORTS) {
  test(`${w}×${h}: "PostgreSQL (Multi-AZ)" released 3 px under Public b stays in its isolated row, no error (QA s33 F2)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const [band, pb] = [await nodeBox(page, 'db'), await nodeBox(page, 'public-b')];
    await dragMouse(page, { x: band.cx, y: band.cy }, { x: band.cx, y: pb.bottom + 3 });
    await page.waitForTimeout(500);
    const said = await anyToast(page).allTextContents();
    await shot(page, `s50-place-db-under-public-b-${w}`);
    const d = await savedDesign(page);
    assert.deepEqual([d.nodes.db.parent, d.nodes.db.span], ['isolated-a', ['isolated-b']], `its isolated row: ${JSON.stringify(said)}`);
    const bar = await barText(page);
    assert.doesNotMatch(bar, /\+\d+ errors?/, `no new error: ${bar}`);
    assert.ok(!said.some((t) => /public subnets/.test(t)), `not told it went public: ${JSON.stringify(said)}`);
    assertClean(log);
    await context.close();
  });

  // QA s34 F0: the release 3 px under Public b above already stayed isolated on b231f2b (its
  // grid steps put the centre inside no row); released at the public row's height in the gap
  // between AZ a and AZ b (the band's centre is in that gap), b231f2b took that row whatever it
  // raised: "Database in a public subnet".
  test(`${w}×${h}: "PostgreSQL (Multi-AZ)" released between AZ a and AZ b at the public row's height does not go public (QA s34 F0, review s33 R8)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const [band, pb] = [await nodeBox(page, 'db'), await nodeBox(page, 'public-b')];
    await dragMouse(page, { x: band.cx, y: band.cy }, { x: band.cx, y: pb.cy });
    await page.waitForTimeout(500);
    const said = await anyToast(page).allTextContents();
    const d = await savedDesign(page);
    assert.ok(!['public-a', 'public-b'].includes(d.nodes.db.parent), `not the public row: ${d.nodes.db.parent} ${JSON.stringify(said)}`);
    const bar = await barText(page);
    assert.doesNotMatch(bar, /\+\d+ errors?/, `no new error: ${bar}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: "Web app tasks" released 3 px under Private b, or in the middle of the gap, stays private, no error (QA s33 F3)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    // QA s34 F0: "3 px above Isolated b" is the release b231f2b sent isolated (the egress error).
    for (const where of ['3 px under', 'mid-gap', '3 px above Isolated b']) {
      const [band, pb, ib] = [await nodeBox(page, 'app'), await nodeBox(page, 'private-b'), await nodeBox(page, 'isolated-b')];
      const y = where === 'mid-gap' ? (pb.bottom + ib.y) / 2 : where === '3 px under' ? pb.bottom + 3 : ib.y - 3;
      await dragMouse(page, { x: band.cx, y: band.cy }, { x: band.cx, y });
      await page.waitForTimeout(500);
      const said = await anyToast(page).allTextContents();
      if (where === '3 px under') await shot(page, `s50-place-app-under-private-b-${w}`);
      const d = await savedDesign(page);
      assert.deepEqual([d.nodes.app.parent, d.nodes.app.span], ['private-a', ['private-b', 'private-c']], `${where}: its private row: ${JSON.stringify(said)}`);
      const bar = await barText(page);
      assert.doesNotMatch(bar, /\+\d+ errors?/, `${where}: no new error: ${bar}`);
      assert.ok(!said.some((t) => /isolated subnets/.test(t)), `${where}: not told it went isolated: ${JSON.stringify(said)}`);
    }
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: NAT gateway a moved under Isolated (data) c goes into Public c, which keeps its height; no row moves down (QA s33 F5)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const [iso, az, nat] = [await nodeBox(page, 'isolated-c'), await nodeBox(page, 'az-c'), await nodeBox(page, 'nat-a')];
    const before = await savedDesign(page);
    await dragMouse(page, { x: nat.cx, y: nat.cy }, { x: iso.cx, y: (iso.bottom + az.bottom) / 2 });
    await toast(page, /^Moved into “Public c/, 'the NAT gateway');
    await page.waitForTimeout(300);
    await shot(page, `s50-place-nat-under-isolated-c-${w}`);
    const d = await savedDesign(page);
    assert.equal(d.nodes['nat-a'].parent, 'public-c');
    const [was, now] = [before.layout['public-c'], d.layout['public-c']];
    assert.equal(now.h, was.h, `Public c kept its height: ${JSON.stringify({ was, now })}`);
    for (const id of ['private-a', 'private-c', 'isolated-a', 'isolated-c']) assert.equal(d.layout[id].y, before.layout[id].y, `${id} did not move down`);
    assert.equal(d.layout.vpc.h, before.layout.vpc.h, 'the VPC kept its height');
    const [a, c] = [d.layout['nat-a'], d.layout['nat-c']];
    // Beside it: at its height, clear of it on either side (released left of NAT c's centre,
    // the free spot left of it in the widened Public c is the nearer).
    assert.ok(a.y + a.h > c.y && c.y + c.h > a.y && (a.x >= c.x + c.w || a.x + a.w <= c.x), `NAT a beside NAT c: ${JSON.stringify({ a, c })}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: AZ us-east-1c pasted into its VPC is zone d, and its subnets and NAT gateway are named for d (QA s33 F6)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const at = await visiblePoint(page, 'az-c', { from: 'top' });
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector('.inspector[data-node="az-c"]');
    await page.keyboard.press('Control+c');
    await page.locator('.toast:has-text("Copied")').first().waitFor();
    await page.keyboard.press('Control+v');
    await page.waitForFunction(() => [...document.querySelectorAll('.canvas-svg g.node')].some((g) => g.textContent.includes('us-east-1d')));
    await barSettled(page);
    await page.waitForTimeout(300);
    await shot(page, `s50-place-az-pasted-${w}`);
    const d = await savedDesign(page);
    const az = Object.values(d.nodes).find((n) => n.label === 'AZ us-east-1d');
    assert.ok(az, 'the copy is AZ us-east-1d');
    const inside = (id) => { for (let p = d.nodes[id].parent; p; p = d.nodes[p]?.parent) if (p === az.id) return true; return false; };
    const labels = Object.keys(d.nodes).filter(inside).map((id) => d.nodes[id].label).sort();
    assert.deepEqual(labels, ['Isolated (data) d', 'NAT gateway d', 'Private d', 'Public d']);
    const priv = Object.values(d.nodes).find((n) => n.label === 'Private d');
    assert.match(priv.props.cidr, /\/20$/, `the private subnet keeps its /20: ${priv.props.cidr}`);
    const bar = await barText(page);
    assert.doesNotMatch(bar, /overlap/i, bar);
    assertClean(log);
    await context.close();
  });
}
