// s53-place: where a drop, a move and a paste land (review s35 R1, R7; QA s35 F2, F7, F8), in
// Chromium, on the gallery's "Three-tier VPC" fitted to the view, at 1440×900 and 1024×768.
//  R1  A single RDS database (Isolated (data) c) released just under Private c, in AZ c's gap,
//      went into Private c ("Database in a subnet with a route to the internet", +1 warning):
//      the drag's grid step put its centre a few units inside Private c. The container is now
//      chosen at the pointer's own, unsnapped point, for every kind: it stays isolated.
//  F7  "PostgreSQL (Multi-AZ)" released just under Private b stays in its row, told "Not
//      moved: … released in “Private b”" where the pointer was in AZ b's gap: the toast names
//      the container under the unsnapped centre, AZ us-east-1b.
//  F2  NAT gateway c copied and pasted into its full Public c grew Public c taller, the rows
//      below moving down in every AZ: the copy goes beside NAT c, in line, Public c wider.
//  F8  NAT gateway a released under Isolated (data) c lands in Public c in line with NAT c (the
//      same y) wherever across AZ c it is released: it stood at 440 beside NAT c's 444 at
//      1440×900 when released left of NAT c's centre.
//  R7  NAT gateway a aimed into the full Private c: the toast names the finding that fires.
// The release points are worked out from the view's transform in whole pixels (the canvas reads
// the pointer in whole pixels): the raw centre in the gap, the grid-snapped one inside the subnet.
// E2E_DIST: another build's dist (main's, to see the tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { start, assertClean, shot, savedDesign, dragMouse, nodeBox, anyToast, threeTier, toast, barSettled, viewT, importDesign, selectNode } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [[1440, 900], [1024, 768]];
const GRID = 10;
const snap = (v) => Math.round(v / GRID) * GRID;

/** The findings bar's text, once its figures are settled. */
const barText = async (page) => {
  await barSettled(page);
  return page.evaluate(() => document.querySelector('.totals-bar')?.innerText ?? '');
};

/** World → page pixels, calibrated on a container's frame (`id`, standing at `r` in the world). */
const mapping = async (page, id, r) => {
  const [, , zoom] = await viewT(page);
  const b = await nodeBox(page, id);
  return { zoom, x: (wx) => b.x + (wx - r.x) * zoom, y: (wy) => b.y + (wy - r.y) * zoom };
};

/**
 * The whole-pixel vertical drag (from the held centre `cy`, world) whose unsnapped centre lands
 * in `(edge, edge + 4.5)` — just under a subnet's bottom edge `edge` — while the grid-snapped
 * one lands on or above it (inside the subnet): the gesture R1/F7 are about.
 */
const justUnder = (zoom, cy, edge) => {
  for (let k = -1; k > -2000; k--) {
    const raw = cy + k / zoom;
    if (raw <= edge + 0.5) break;
    if (raw < edge + 4.5 && cy + snap(k / zoom) <= edge) return k;
  }
  throw new Error(`no whole pixel puts the centre ${cy} just under ${edge} at zoom ${zoom}`);
};

/** The three-tier template with a single RDS database in Isolated (data) c, its centre off the grid by 9. */
const withOrdersDb = () => {
  const d = JSON.parse(readFileSync('templates/three-tier.json', 'utf8'));
  d.name = 'Three-tier with an orders database';
  d.nodes.orders = { id: 'orders', kind: 'rds', label: 'Orders DB', parent: 'isolated-c', props: { ...d.nodes.db.props, multi_az: false } };
  d.layout.orders = { x: 952, y: 763, w: 112, h: 72 };
  return d;
};

for (const [w, h] of VIEWPORTS) {
  test(`${w}×${h}: a single RDS released just under Private c (its grid-snapped centre inside) stays in Isolated (data) c, no new warning (review s35 R1)`, async () => {
    const opened = await app.open('/', { viewport: { width: w, height: h } });
    const { page, log, context } = opened;
    mkdirSync('test-output', { recursive: true });
    await importDesign(page, withOrdersDb(), `test-output/s53-place-orders-${w}.json`);
    await page.keyboard.press('Shift+!');
    await page.waitForTimeout(400);
    await barSettled(page);
    const d0 = await savedDesign(page);
    const [o, pc] = [d0.layout.orders, d0.layout['private-c']];
    const m = await mapping(page, 'private-c', pc);
    const [cx, cy] = [o.x + o.w / 2, o.y + o.h / 2];
    const k = justUnder(m.zoom, cy, pc.y + pc.h);
    const from = { x: Math.round(m.x(cx)), y: Math.round(m.y(cy)) };
    const to = { x: from.x, y: from.y + k };
    const before = await barText(page);
    await dragMouse(page, from, to);
    await page.waitForTimeout(500);
    const said = await anyToast(page).allTextContents();
    await shot(page, `s53-place-rds-under-private-c-${w}`);
    const d = await savedDesign(page);
    const raw = cy + k / m.zoom;
    assert.equal(d.nodes.orders.parent, 'isolated-c', `released with its centre at y ${raw.toFixed(1)} (Private c's bottom ${pc.y + pc.h}; snapped ${cy + snap(k / m.zoom)}): ${JSON.stringify(said)}`);
    const bar = await barText(page);
    assert.doesNotMatch(bar, /\+\d+ (errors?|warnings?)/, `nothing new: ${before} → ${bar}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: "PostgreSQL (Multi-AZ)" released just under Private b stays in its row, and the toast names AZ us-east-1b, where the pointer was (QA s35 F7)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const d0 = await savedDesign(page);
    const [band, pb] = [d0.layout.db, d0.layout['private-b']];
    const m = await mapping(page, 'private-b', pb);
    const [cx, cy] = [band.x + band.w / 2, band.y + band.h / 2];
    const k = justUnder(m.zoom, cy, pb.y + pb.h);
    const from = { x: Math.round(m.x(cx)), y: Math.round(m.y(cy)) };
    // Across, under Private b's middle (its centre stands in the gap between AZ a and AZ b).
    const kx = Math.round((pb.x + pb.w / 2 - cx) * m.zoom);
    await dragMouse(page, from, { x: from.x + kx, y: from.y + k });
    const said = await toast(page, /^Not moved: “PostgreSQL \(Multi-AZ\)” spans Availability Zones/, 'the band stays');
    await shot(page, `s53-place-band-under-private-b-${w}`);
    assert.match(said, /released in “AZ us-east-1b”/, said);
    assert.doesNotMatch(said, /Private b/, said);
    const d = await savedDesign(page);
    assert.deepEqual([d.nodes.db.parent, d.nodes.db.span], ['isolated-a', ['isolated-b']]);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: NAT gateway c pasted into its full Public c goes beside NAT c, in line, Public c wider and no row moving (QA s35 F2)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const before = await savedDesign(page);
    await selectNode(page, 'nat-c');
    await page.keyboard.press('Control+c');
    await page.waitForFunction(() => /Copied/.test(document.body.innerText));
    await page.keyboard.press('Control+v');
    await page.waitForFunction(() => /Pasted/.test(document.body.innerText));
    await page.waitForTimeout(300);
    await shot(page, `s53-place-paste-nat-c-${w}`);
    const d = await savedDesign(page);
    const copies = Object.keys(d.nodes).filter((id) => !before.nodes[id]);
    assert.equal(copies.length, 1, JSON.stringify(copies));
    const copy = copies[0];
    assert.equal(d.nodes[copy].parent, 'public-c');
    const [was, now] = [before.layout['public-c'], d.layout['public-c']];
    assert.equal(now.h, was.h, `Public c kept its height: ${JSON.stringify({ was, now })}`);
    assert.ok(now.w > was.w, `Public c grew wider: ${JSON.stringify({ was, now })}`);
    for (const id of ['private-a', 'private-b', 'private-c', 'isolated-a', 'isolated-b', 'isolated-c']) assert.equal(d.layout[id].y, before.layout[id].y, `${id} did not move down`);
    assert.equal(d.layout.vpc.h, before.layout.vpc.h, 'the VPC kept its height');
    const [c, n] = [d.layout[copy], d.layout['nat-c']];
    assert.equal(c.y, n.y, `in line with NAT c: ${JSON.stringify({ c, n })}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: NAT gateway a released under Isolated (data) c anywhere across AZ c lands in Public c in line with NAT c (QA s35 F8)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const d0 = await savedDesign(page);
    const [az, iso, nat] = [d0.layout['az-c'], d0.layout['isolated-c'], d0.layout['nat-a']];
    const m = await mapping(page, 'az-c', az);
    const from = { x: Math.round(m.x(nat.x + nat.w / 2)), y: Math.round(m.y(nat.y + nat.h / 2)) };
    const y = Math.round(m.y((iso.y + iso.h + az.y + az.h) / 2));
    const seen = [];
    // Across AZ c, a few pixels apart (each drop undone before the next).
    for (let x = Math.ceil(m.x(az.x + 4)); x < m.x(az.x + az.w - 4); x += 5) {
      await dragMouse(page, from, { x, y });
      await page.waitForTimeout(350);
      const d = await savedDesign(page, { wait: 300 });
      const [a, c] = [d.layout['nat-a'], d.layout['nat-c']];
      seen.push({ x, parent: d.nodes['nat-a'].parent, a: a.y, c: c.y, left: a.x < c.x });
      if (seen.length === 1) await shot(page, `s53-place-nat-under-isolated-c-${w}`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+z');
      await page.waitForFunction(() => true);
      await page.waitForTimeout(250);
    }
    const off = seen.filter((s) => s.parent !== 'public-c' || s.a !== s.c);
    assert.deepEqual(off, [], `every release in line: ${JSON.stringify(seen)}`);
    assert.ok(seen.some((s) => s.left) && seen.some((s) => !s.left), `both sides tried: ${JSON.stringify(seen)}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: NAT gateway a aimed into the full Private c: the toast names the finding that fires (review s35 R7)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const [pc, tasks, nat] = [await nodeBox(page, 'private-c'), await nodeBox(page, 'app'), await nodeBox(page, 'nat-a')];
    await dragMouse(page, { x: nat.cx, y: nat.cy }, { x: pc.cx, y: tasks.cy });
    const said = await toast(page, /is now in a private subnet, the wrong tier for a public NAT gateway: it belongs in a public subnet\. New error: “NAT gateway outside a public subnet”\./, 'the finding');
    await shot(page, `s53-place-nat-into-private-c-${w}`);
    const bar = await barText(page);
    assert.match(bar, /\+1 error/, `${said} | ${bar}`);
    assertClean(log);
    await context.close();
  });
}
