// s52-place: where a drop or a move lands (QA s34 F1, F6; the lead's reading of s34, "a fix at
// the wrong depth: NAT F5"), in Chromium, on the gallery's "Three-tier VPC" fitted to the view,
// as QA had it, with QA's steps.
//  F1  "PostgreSQL (Multi-AZ)" (the isolated row) released 3 px under Private b (in the
//      Private/Isolated gap of AZ b) went to the private row, "Database in a subnet with a
//      route to the internet" (+1 warning): the drag's grid steps put its centre a few units
//      inside Private b. It stays in its isolated row, no new warning.
//  F6  NAT gateway a dragged onto the middle of the full "Private c" (over "Web app tasks")
//      stays there (a NAT gateway of private connectivity belongs there; the user aimed
//      there), and the toast says the tier is wrong for a public one; Private c grows wider,
//      not taller, and no row moves down.
//  F5  NAT gateway a released under "Isolated (data) c", left of NAT c's centre, goes into
//      Public c beside NAT c on the same row: the same y (it stood 6 units lower, on the grid).
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, dragMouse, nodeBox, anyToast, threeTier, toast, barSettled } from './harness.mjs';

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
  test(`${w}×${h}: "PostgreSQL (Multi-AZ)" released 3 px under Private b stays in its isolated row, no new warning (QA s34 F1)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const [band, pb] = [await nodeBox(page, 'db'), await nodeBox(page, 'private-b')];
    // QA at 1440: held by its middle, released at (672, 630), under Private b's middle (672 is
    // its centre's x there), in AZ b's gap between Private b and Isolated b.
    const to = { x: pb.cx, y: pb.bottom + 3 };
    await dragMouse(page, { x: band.cx, y: band.cy }, to);
    await page.waitForTimeout(500);
    const said = await anyToast(page).allTextContents();
    await shot(page, `s52-place-db-under-private-b-${w}`);
    const d = await savedDesign(page);
    assert.deepEqual([d.nodes.db.parent, d.nodes.db.span], ['isolated-a', ['isolated-b']], `its isolated row, released at ${JSON.stringify(to)} (Private b ${JSON.stringify(pb)}): ${JSON.stringify(said)}`);
    const bar = await barText(page);
    assert.doesNotMatch(bar, /\+\d+ (errors?|warnings?)/, `nothing new: ${bar}`);
    assert.ok(!said.some((t) => /private subnets/.test(t)), `not told it went private: ${JSON.stringify(said)}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: NAT gateway a aimed into the full Private c stays there, is told the tier is wrong, and Private c grows wider, not taller (QA s34 F6)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const [pc, tasks, nat] = [await nodeBox(page, 'private-c'), await nodeBox(page, 'app'), await nodeBox(page, 'nat-a')];
    const before = await savedDesign(page);
    await dragMouse(page, { x: nat.cx, y: nat.cy }, { x: pc.cx, y: tasks.cy });
    const said = await toast(page, /is now in a private subnet, the wrong tier for a public NAT gateway: it belongs in a public subnet\./, 'the tier');
    await page.waitForTimeout(300);
    await shot(page, `s52-place-nat-into-private-c-${w}`);
    const d = await savedDesign(page);
    assert.equal(d.nodes['nat-a'].parent, 'private-c', said);
    const [was, now] = [before.layout['private-c'], d.layout['private-c']];
    assert.equal(now.h, was.h, `Private c kept its height: ${JSON.stringify({ was, now })}`);
    assert.ok(now.w > was.w, `Private c grew wider: ${JSON.stringify({ was, now })}`);
    for (const id of ['isolated-a', 'isolated-b', 'isolated-c']) assert.equal(d.layout[id].y, before.layout[id].y, `${id} did not move down`);
    assert.equal(d.layout.vpc.h, before.layout.vpc.h, 'the VPC kept its height');
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: NAT gateway a released under Isolated (data) c left of NAT c's centre lands beside NAT c on its row, the same y (lead s34, NAT F5)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const [iso, az, nat, natC] = [await nodeBox(page, 'isolated-c'), await nodeBox(page, 'az-c'), await nodeBox(page, 'nat-a'), await nodeBox(page, 'nat-c')];
    const before = await savedDesign(page);
    await dragMouse(page, { x: nat.cx, y: nat.cy }, { x: Math.min(iso.cx, natC.cx - 4), y: (iso.bottom + az.bottom) / 2 });
    await toast(page, /^Moved into “Public c/, 'the NAT gateway');
    await page.waitForTimeout(300);
    await shot(page, `s52-place-nat-beside-nat-c-${w}`);
    const d = await savedDesign(page);
    assert.equal(d.nodes['nat-a'].parent, 'public-c');
    const [a, c] = [d.layout['nat-a'], d.layout['nat-c']];
    assert.equal(a.y, c.y, `NAT a in line with NAT c: ${JSON.stringify({ a, c })}`);
    assert.ok(a.x >= c.x + c.w || a.x + a.w <= c.x, `beside it: ${JSON.stringify({ a, c })}`);
    assert.equal(d.layout['public-c'].h, before.layout['public-c'].h, 'Public c kept its height');
    assert.equal(d.layout.vpc.h, before.layout.vpc.h, 'the VPC kept its height');
    assertClean(log);
    await context.close();
  });
}
