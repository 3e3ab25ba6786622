// s27-place: a moved group is placed as one, wherever it goes; a growing subnet moves rows.
//  1. A selection dragged into another subnet, or out of its container to the top level, goes
//     there as one (`diagram::place::spot_for_move`): every member in the container under the
//     held node, none covering a component there (a band spanning AZs included), the
//     arrangement kept, the container growing when full — on main the group was split, one
//     member covering others.
//  2. Positions stay on the 10 px grid (a group landed at x 76.526).
//  3. A subnet that grows moves the whole row below it, every AZ's subnets, so a band spread
//     over a row stays inside its subnets (`place::grow_to_hold`).
// Undo and redo restore each step exactly. Screenshots at 1440×900 and 1024×768.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, dropKind, visiblePoint, openTemplate, panToMiddle } from './harness.mjs';

// E2E_DIST: another build's dist (main's, to see the tests fail on the old code).
const app = await start(process.env.E2E_DIST ?? 'dist');
after(() => app.stop());

const VIEWPORTS = [{ width: 1440, height: 900 }, { width: 1024, height: 768 }];
const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const undoTitle = (page) => page.getAttribute('#undo', 'title');
const onGrid = (r) => Math.abs(r.x / 10 - Math.round(r.x / 10)) < 1e-9 && Math.abs(r.y / 10 - Math.round(r.y / 10)) < 1e-9;
const placement = (d) => ({ layout: d.layout, parents: Object.fromEntries(Object.entries(d.nodes).map(([id, n]) => [id, n.parent ?? null])) });

/** A world point (design units) in page pixels, read from the canvas's world transform. */
const toPage = (page, x, y) => page.evaluate(({ x, y }) => {
  const c = document.querySelector('.canvas').getBoundingClientRect();
  const [, tx, ty, z] = document.querySelector('.canvas g.world').getAttribute('transform').match(/translate\(([-\d.e]+) ([-\d.e]+)\) scale\(([-\d.e]+)\)/).map(Number);
  return { x: c.left + tx + x * z, y: c.top + ty + y * z };
}, { x, y });

/** A pointer drag in small steps (a real drag, not a jump). */
async function drag(page, from, to, steps = 10) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) { await page.mouse.move(from.x + (to.x - from.x) * i / steps, from.y + (to.y - from.y) * i / steps); await page.waitForTimeout(20); }
  await page.mouse.up();
}

/** Waits until the undo button names another edit than `undo`. */
const edited = (page, undo) => page.waitForFunction((u) => document.querySelector('#undo').getAttribute('title') !== u, undo, { timeout: 5000 });

/** What is drawn in container `p`: its children, and the bands spanning AZs drawn across it. */
const drawnIn = (d, p) => Object.keys(d.nodes).filter((o) => d.layout[o] && (d.nodes[o].parent === p || (d.nodes[o].span ?? []).includes(p)));

/** Every band spanning AZs lies inside each of its subnets, top to bottom. */
function bandsOutside(d) {
  const out = [];
  for (const [id, n] of Object.entries(d.nodes)) {
    if (!n.span?.length) continue;
    const r = d.layout[id];
    for (const s of [n.parent, ...n.span]) {
      const sr = d.layout[s];
      if (r.y < sr.y || r.y + r.h > sr.y + sr.h) out.push(`${id} outside ${s}: ${JSON.stringify(r)} vs ${JSON.stringify(sr)}`);
    }
  }
  return out;
}

/** Siblings whose boxes overlap: [[a, b], …] (bands spanning AZs are drawn across a row). */
function overlappingSiblings(d) {
  const ids = Object.keys(d.nodes).filter((id) => d.layout[id] && !d.nodes[id].span?.length);
  const out = [];
  for (const a of ids) for (const b of ids) if (a < b && d.nodes[a].parent === d.nodes[b].parent && overlap(d.layout[a], d.layout[b])) out.push([a, b]);
  return out;
}

/** The autosaved design once `ok(design)` holds, or the last one read after `ms`. */
async function savedWhen(page, ok, ms = 5000) {
  const t0 = Date.now();
  let d = await savedDesign(page, { wait: 200 });
  while (!ok(d) && Date.now() - t0 < ms) d = await savedDesign(page, { wait: 200 });
  return d;
}

/** Undo puts `before` back exactly, redo `after` (two moves of a group share a title: the
 *  saved design is compared, not the undo button). */
async function undoRedoExact(page, before, afterDesign) {
  const same = (a, b) => JSON.stringify(placement(a)) === JSON.stringify(placement(b));
  await page.keyboard.press('Control+z');
  assert.deepEqual(placement(await savedWhen(page, (d) => same(d, before))), placement(before), 'undo restores every place and container');
  await page.keyboard.press('Control+Shift+z');
  assert.deepEqual(placement(await savedWhen(page, (d) => same(d, afterDesign))), placement(afterDesign), 'redo restores the move');
}

for (const viewport of VIEWPORTS) {
  const vw = viewport.width;

  test(`${vw}: a group moved into a full subnet, then out to the top level, is placed as one`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await openTemplate(page, 'three-tier.json');
    await page.waitForTimeout(500);
    // Public-b and the free space below the VPC (its bottom at y 908) in view.
    await panToMiddle(page, { x: 640, y: 440, w: 200, h: 720 });
    await page.waitForTimeout(300);
    // Two Lambda functions at the top level below the VPC, one above the other.
    for (const [x, y] of [[700, 980], [700, 1120]]) {
      const n = await page.locator('.canvas-svg g.node').count();
      const at = await toPage(page, x, y);
      await dropKind(page, 'lambda', at.x, at.y);
      await page.waitForFunction((n) => document.querySelectorAll('.canvas-svg g.node').length > n, n, { timeout: 5000 });
    }
    let d0 = await savedDesign(page);
    const lambdas = Object.keys(d0.nodes).filter((id) => d0.nodes[id].kind === 'lambda' && !d0.nodes[id].parent)
      .sort((a, b) => d0.layout[a].y - d0.layout[b].y);
    assert.equal(lambdas.length, 2, 'two functions at the top level');
    const [l1, l2] = lambdas;
    const mid = (r) => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });
    const pick = async (ids) => {
      await page.keyboard.press('Escape');
      for (const [i, id] of ids.entries()) {
        const c = mid(d0.layout[id]);
        const p = await toPage(page, c.x, c.y);
        if (i) await page.keyboard.down('Shift');
        await page.mouse.click(p.x, p.y);
        if (i) await page.keyboard.up('Shift');
      }
    };
    await pick([l1, l2]);
    // The upper one held and dropped on the NAT gateway in public-b: the lower one follows.
    let undo = await undoTitle(page);
    const from = await toPage(page, mid(d0.layout[l1]).x, mid(d0.layout[l1]).y);
    const onto = await toPage(page, mid(d0.layout['nat-b']).x, mid(d0.layout['nat-b']).y);
    await drag(page, from, onto);
    await edited(page, undo);
    await page.waitForTimeout(300);
    const d1 = await savedDesign(page);
    await shot(page, `s27-group-into-subnet-${vw}`);
    for (const id of [l1, l2]) {
      assert.equal(d1.nodes[id].parent, 'public-b', `${id} went into the subnet under the held one`);
      assert.ok(onGrid(d1.layout[id]), `${id} on the grid: ${JSON.stringify(d1.layout[id])}`);
      for (const o of drawnIn(d1, 'public-b').filter((o) => o !== l1 && o !== l2)) {
        assert.ok(!overlap(d1.layout[id], d1.layout[o]), `${id} covers ${o}: ${JSON.stringify(d1.layout[id])} over ${JSON.stringify(d1.layout[o])}`);
      }
      const s = d1.layout['public-b'];
      const r = d1.layout[id];
      assert.ok(r.x >= s.x && r.y >= s.y && r.x + r.w <= s.x + s.w && r.y + r.h <= s.y + s.h, `${id} inside public-b (grown)`);
    }
    const rel = (d) => [d.layout[l2].x - d.layout[l1].x, d.layout[l2].y - d.layout[l1].y];
    assert.deepEqual(rel(d1), rel(d0), 'the group kept its arrangement');
    assert.deepEqual(bandsOutside(d1), [], 'the bands stay inside their subnets');
    assert.deepEqual(overlappingSiblings(d1), [], 'no container covers a sibling');
    await undoRedoExact(page, d0, d1);

    // Out of the VPC to the top level, the held one dropped on the WAF.
    d0 = await savedDesign(page, { wait: 300 });
    await panToMiddle(page, { x: 224, y: 240, w: 600, h: 500 });
    await page.waitForTimeout(300);
    await pick([l1, l2]);
    const from2 = await toPage(page, mid(d0.layout[l1]).x, mid(d0.layout[l1]).y);
    const onto2 = await toPage(page, mid(d0.layout.waf).x, mid(d0.layout.waf).y);
    await drag(page, from2, onto2);
    const d2 = await savedWhen(page, (d) => d.nodes[l1].parent !== d0.nodes[l1].parent || d.layout[l1].x !== d0.layout[l1].x);
    await shot(page, `s27-group-to-top-level-${vw}`);
    for (const id of [l1, l2]) {
      assert.equal(d2.nodes[id].parent ?? null, null, `${id} at the top level`);
      assert.ok(onGrid(d2.layout[id]), `${id} on the grid: ${JSON.stringify(d2.layout[id])}`);
      for (const o of Object.keys(d2.nodes).filter((o) => o !== l1 && o !== l2 && !d2.nodes[o].parent && d2.layout[o])) {
        assert.ok(!overlap(d2.layout[id], d2.layout[o]), `${id} covers ${o}`);
      }
    }
    assert.deepEqual(rel(d2), rel(d0), 'the group kept its arrangement');
    await undoRedoExact(page, d0, d2);
    assertClean(log);
    await context.close();
  });

  test(`${vw}: a subnet that grows moves the whole row below it, bands stay in their subnets`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await openTemplate(page, 'three-tier.json');
    await page.waitForTimeout(500);
    const d0 = await savedDesign(page);
    await panToMiddle(page, d0.layout['private-b']);
    await page.waitForTimeout(300);
    // Functions dropped into private-b (its band, the ECS service, spans a/b/c) until it grows.
    let grew = null;
    let before = d0;
    for (let i = 0; i < 8 && !grew; i++) {
      const at = await visiblePoint(page, 'private-b', { from: 'top' });
      assert.ok(at, 'private-b in view');
      before = await savedDesign(page, { wait: 0 });
      const undo = await undoTitle(page);
      await dropKind(page, 'lambda', at.x + 4, at.y + 4);
      await edited(page, undo).catch(() => {});
      const now = await savedDesign(page, { wait: 400 });
      if (now.layout['private-b'].h > d0.layout['private-b'].h) grew = now;
    }
    assert.ok(grew, 'private-b grew to hold what was dropped in it');
    await shot(page, `s27-row-grows-${vw}`);
    const dy = (id) => grew.layout[id].y - before.layout[id].y;
    assert.ok(dy('isolated-b') > 0, 'the subnet below moved down');
    assert.equal(dy('isolated-a'), dy('isolated-b'), 'the row moved together (AZ a)');
    assert.equal(dy('isolated-c'), dy('isolated-b'), 'the row moved together (AZ c)');
    assert.deepEqual(bandsOutside(grew), [], 'every band lies inside its subnets');
    assert.deepEqual(overlappingSiblings(grew), [], 'no container covers a sibling');
    await undoRedoExact(page, before, grew);
    assertClean(log);
    await context.close();
  });
}

test('a band dragged with another component onto a subnet of another row: shown refused while dragged, and told to move it on its own (QA s12 #2)', { timeout: 120_000 }, async () => {
  // The band goes to the row under its own centre, not where the group was aimed: refused,
  // the highlight said "allowed" and the message "drop it on a subnet" — it was dropped on one.
  const { page, log, context } = await app.open('/', { viewport: VIEWPORTS[0] });
  await openTemplate(page, 'three-tier.json');
  await page.keyboard.press('-'); await page.keyboard.press('-'); await page.waitForTimeout(300);
  let d = await savedDesign(page);
  await panToMiddle(page, { x: 430, y: 300, w: 700, h: 700 }); await page.waitForTimeout(300);
  const pa = d.layout['private-a'];
  const at = await toPage(page, pa.x + 20, pa.y + 30);
  await dropKind(page, 'lambda', at.x, at.y); await page.waitForTimeout(600);
  d = await savedDesign(page);
  const lam = Object.keys(d.nodes).find((id) => d.nodes[id].kind === 'lambda');
  assert.ok(d.nodes.app?.span?.length, 'the template\'s app service spans AZs');
  await page.evaluate(() => { window.__t = []; new MutationObserver(() => { for (const t of document.querySelectorAll('.toast')) if (!window.__t.includes(t.textContent)) window.__t.push(t.textContent); }).observe(document.body, { childList: true, subtree: true, characterData: true }); });
  await page.keyboard.press('Escape');
  const a = await toPage(page, d.layout.app.x + 60, d.layout.app.y + 36);
  await page.mouse.click(a.x, a.y);
  const l = await toPage(page, d.layout[lam].x + 56, d.layout[lam].y + 36);
  await page.keyboard.down('Shift'); await page.mouse.click(l.x, l.y); await page.keyboard.up('Shift');
  const tr = d.layout['isolated-c'];
  const to = await toPage(page, tr.x + tr.w / 2, tr.y + tr.h / 2);
  const undo = await undoTitle(page);
  await page.mouse.move(l.x, l.y); await page.mouse.down();
  for (let i = 1; i <= 10; i++) { await page.mouse.move(l.x + (to.x - l.x) * i / 10, l.y + (to.y - l.y) * i / 10); await page.waitForTimeout(30); }
  await page.waitForTimeout(200);
  const shown = await page.evaluate(() => ({ allowed: document.querySelectorAll('.drop-target').length, refused: document.querySelectorAll('.drop-refused').length }));
  await shot(page, 's27-place-band-group-refused-1440');
  await page.mouse.up(); await page.waitForTimeout(800);
  assert.equal(shown.allowed, 0, `the target is not shown as allowed: ${JSON.stringify(shown)}`);
  assert.ok(shown.refused >= 1, `the target is shown as refused: ${JSON.stringify(shown)}`);
  assert.equal(await undoTitle(page), undo, 'nothing moved');
  const told = await page.evaluate(() => window.__t.join('\n'));
  assert.match(told, /spans Availability Zones and moves only from one row of subnets to another: drag it on its own/);
  assertClean(log);
  await context.close();
});
