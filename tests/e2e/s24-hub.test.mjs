// Dragging the biggest hub of a 1,000-node estate (issue 20: "each move of a node with hundreds
// of connections"): `logs`, 613 connections. While it is dragged every one of its connectors
// follows it (drawn in the edge layer, `canvas_follow`: one path per kind of connector, each
// connector a subpath, only its part in the canvas, started on its dash pattern; one path of
// arrowheads per kind), the diagram shows them where they were as ghosts and nothing else;
// after the drop the diagram draws exactly what routing from nothing draws (a design this size
// is drawn direct: the drop changes nothing the drag showed); undo and redo put the connectors
// back and forth; no analysis runs; the page stays clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, assertClean, shot, sampleFile, importSample, panToMiddle } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const HUB = 'logs';

/** The diagram's path data of each drawn connector, by id (its hit path: the whole route). */
const drawnPaths = (page) => page.$$eval('.canvas-svg g.edge', (gs) => Object.fromEntries(gs.map((g) => [g.dataset.conn, g.querySelector('.edge-hit').getAttribute('d')])));
/** The drag's edge layer: per kind, the subpaths of its lines' path and its arrowheads' path,
 *  and its lines' computed dash pattern. */
const followed = (page) => page.$$eval('.edge-layer g.edge', (gs) => Object.fromEntries(gs.map((g) => {
  const kind = [...g.classList].find((c) => c.startsWith('edge-')).slice(5);
  const line = g.querySelector('path.edge-line');
  const subs = (d) => (d ?? '').split(/ (?=M)/).filter(Boolean);
  return [kind, { lines: subs(line?.getAttribute('d')), heads: subs(g.querySelector('path.edge-head')?.getAttribute('d')), dash: line ? getComputedStyle(line).strokeDasharray : '' }];
})));
/** `diagram::follow::DASH_REPEAT`: every dashed look's pattern repeats after it. */
const REPEAT = 30;
/** What the edge layer should draw of a connector with route `ps` (points) in area `a`: the
 *  parts of the route in the area, each started at the last multiple of REPEAT along the
 *  route before it (an oracle written apart from the engine's `follow::clipped`). */
function parts(ps, a) {
  const at = [0];
  for (let i = 1; i < ps.length; i++) at.push(at[i - 1] + Math.hypot(ps[i][0] - ps[i - 1][0], ps[i][1] - ps[i - 1][1]));
  const pointAt = (s) => {
    let i = 0;
    while (i < ps.length - 2 && at[i + 1] <= s) i++;
    const len = at[i + 1] - at[i];
    const t = len ? Math.min(1, Math.max(0, (s - at[i]) / len)) : 0;
    return [ps[i][0] + (ps[i + 1][0] - ps[i][0]) * t, ps[i][1] + (ps[i + 1][1] - ps[i][1]) * t];
  };
  const runs = [];
  for (let i = 0; i + 1 < ps.length; i++) {
    const [p, q] = [ps[i], ps[i + 1]];
    let [t0, t1] = [0, 1];
    let out = false;
    for (const [pk, qk] of [[p[0] - q[0], p[0] - a.x0], [q[0] - p[0], a.x1 - p[0]], [p[1] - q[1], p[1] - a.y0], [q[1] - p[1], a.y1 - p[1]]]) {
      if (pk === 0) { if (qk < 0) out = true; } else if (pk < 0) t0 = Math.max(t0, qk / pk); else t1 = Math.min(t1, qk / pk);
    }
    if (out || t0 > t1) continue;
    const len = at[i + 1] - at[i];
    const [s0, s1] = [at[i] + t0 * len, at[i] + t1 * len];
    if (runs.length && s0 <= runs[runs.length - 1][1] + 1e-9) runs[runs.length - 1][1] = s1; else runs.push([s0, s1]);
  }
  return runs.filter(([s0, s1]) => s1 > Math.max(0, Math.floor(s0 / REPEAT) * REPEAT)).map(([s0, s1]) => {
    const from = Math.max(0, Math.floor(s0 / REPEAT) * REPEAT);
    return [pointAt(from), ...ps.filter((_, i) => at[i] > from && at[i] < s1), pointAt(s1)];
  });
}
/** Whether two point lists are the same within the path data's rounding (0.1). */
const same = (p, q) => p.length === q.length && p.every(([x, y], i) => Math.abs(x - q[i][0]) < 0.11 && Math.abs(y - q[i][1]) < 0.11);
/** The points of path data `M x,y L x,y …`. */
const points = (d) => d.split(/\s+/).map((t) => t.replace(/^[ML]/, '').split(',').map(Number));
/** The world area the canvas shows, with the 200 px margin the canvas draws (`shown_world`). */
const shownWorld = (page) => page.evaluate(() => {
  const c = document.querySelector('.canvas').getBoundingClientRect();
  const [, tx, ty, z] = document.querySelector('.canvas g.world').getAttribute('transform').match(/translate\(([-\d.e]+) ([-\d.e]+)\) scale\(([-\d.e]+)\)/).map(Number);
  return { x0: (-200 - tx) / z, y0: (-200 - ty) / z, x1: (c.width + 200 - tx) / z, y1: (c.height + 200 - ty) / z };
});
/** The world offset the drag layer shows (its CSS translate ÷ the zoom). */
const dragOffset = (page) => page.evaluate(() => {
  const [, x, y] = (document.querySelector('.drag-layer').style.transform.match(/translate\(([-\d.e]+)px, ([-\d.e]+)px\)/) ?? [0, 0, 0]).map(Number);
  const z = Number(document.querySelector('.canvas g.world').getAttribute('transform').match(/scale\(([-\d.e]+)\)/)[1]);
  return [Math.round(x / z), Math.round(y / z)];
});

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`${viewport.width}×${viewport.height}: the 613 connectors of a 1,000-node estate's hub follow its drag and land where routing puts them`, async () => {
    const file = sampleFile(1000);
    const design = JSON.parse(readFileSync(file, 'utf8'));
    const own = Object.values(design.connections).filter((c) => c.from === HUB || c.to === HUB);
    assert.ok(own.length > 600, `the estate's biggest hub: ${own.length} connections`);
    const { page, log, context } = await app.open('/', { viewport });
    await importSample(page, file, { timeout: 180_000 });
    await page.waitForFunction(() => document.querySelector('.totals-bar')?.dataset.updating === 'false', null, { timeout: 300_000 });
    await page.keyboard.press('0');
    await page.waitForTimeout(500);
    // The hub to the canvas's left middle.
    await panToMiddle(page, design.layout[HUB]);
    const hit = page.locator(`.canvas-svg g.node[data-node="${HUB}"] .hit`);
    await hit.waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    const before = await drawnPaths(page);
    assert.ok(own.every((c) => before[c.id]), 'the diagram draws every connector of the hub');
    const rev = await page.evaluate(() => document.querySelector('.totals-bar').dataset.rev);

    // The drag: press, past the threshold, then two stops.
    const b = await hit.boundingBox();
    const [x0, y0] = [b.x + b.width / 2, b.y + b.height / 2];
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move(x0 + 8, y0 + 6);
    await page.mouse.move(x0 + 30, y0 + 20, { steps: 3 });
    await page.waitForFunction(() => document.querySelectorAll('.edge-layer g.edge').length > 0);
    const first = await followed(page);
    const at1 = await dragOffset(page);
    // The second stop above the estate's top row (110 world units up): a free spot, so the drop
    // lands where the drag shows it (dropped on another component it would go to the nearest
    // free spot, `place::spot_for_move`).
    const zoom = await page.evaluate(() => Number(document.querySelector('.canvas g.world').getAttribute('transform').match(/scale\(([-\d.e]+)\)/)[1]));
    await page.mouse.move(x0 + 60, y0 - 110 * zoom, { steps: 4 });
    await page.waitForTimeout(100);
    const second = await followed(page);
    const at2 = await dragOffset(page);
    assert.notDeepEqual(at1, at2, 'the pointer moved the drag');
    // One path per kind of the hub's connectors (and one of arrowheads), not one per connector.
    const kinds = [...new Set(own.map((c) => c.kind))].sort();
    assert.deepEqual(Object.keys(second).sort(), kinds, 'a group per kind of the hub\'s connectors');
    assert.equal(await page.locator('.edge-layer path').count(), kinds.length + kinds.filter((k) => k !== 'association').length, 'a lines path and an arrowheads path per kind');
    assert.notDeepEqual(second, first, 'the connectors moved with the pointer');
    // Each dashed look's pattern repeats after REPEAT (a part started there shows the dashes
    // the whole route shows).
    for (const [kind, f] of Object.entries(second)) {
      if (kind === 'sync') { assert.equal(f.dash, 'none'); continue; }
      const period = f.dash.split(/[ ,]+/).map(parseFloat).reduce((x, y) => x + y, 0);
      assert.ok(period > 0 && REPEAT % period === 0, `${kind}: its pattern (${f.dash}) repeats within ${REPEAT}`);
    }
    // Ghosts in the diagram: the hub's connectors where they were, nothing else.
    const ghosts = await page.$$eval('.canvas-svg g.edge.ghost', (gs) => gs.map((g) => g.dataset.conn).sort());
    assert.deepEqual(ghosts, own.map((c) => c.id).sort(), 'the hub\'s connectors, and only they, are ghosts');
    assert.deepEqual(await drawnPaths(page), before, 'the diagram is not redrawn during the drag');
    await shot(page, `s24-hub-drag-${viewport.width}`);

    // The drop: the diagram draws what the drag showed last, and no analysis ran.
    await page.mouse.up();
    await page.waitForFunction((id) => document.querySelector(`.canvas-svg g.node[data-node="${id}"]:not(.ghost)`) && !document.querySelector('.canvas-svg g.edge.ghost'), HUB);
    await page.waitForTimeout(300);
    assert.equal(await page.locator('.edge-layer g.edge').count(), 0, 'the edge layer is empty after the drop');
    const last = await dragOffset(page);
    assert.deepEqual(last, [0, 0]);
    // What the drag drew last is what the drop draws, in the canvas: each connector's parts in
    // the area the canvas shows (`parts`), as subpaths of its kind's path, and an arrowhead for
    // each whose end is in it.
    const area = await shownWorld(page);
    const droppedHits = await drawnPaths(page);
    for (const kind of kinds) {
      const mine = own.filter((c) => c.kind === kind);
      const expected = mine.flatMap((c) => parts(points(droppedHits[c.id]), area));
      const got = second[kind].lines.map(points);
      assert.equal(got.length, expected.length, `${kind}: ${expected.length} parts in the canvas`);
      const unused = new Set(got.keys());
      for (const e of expected) {
        const k = [...unused].find((i) => same(got[i], e));
        assert.ok(k !== undefined, `${kind}: the part ${JSON.stringify(e)} is drawn`);
        unused.delete(k);
      }
      const ends = mine.filter((c) => { const [x, y] = points(droppedHits[c.id]).at(-1); return x >= area.x0 && x <= area.x1 && y >= area.y0 && y <= area.y1; }).length;
      assert.equal(second[kind].heads.length, kind === 'association' ? 0 : ends, `${kind}: an arrowhead at each end in the canvas`);
    }
    const moved = await drawnPaths(page);
    const changed = Object.keys(moved).filter((id) => moved[id] !== before[id]);
    assert.ok(changed.length > own.length * 0.9, `the hub's connectors moved: ${changed.length}`);
    assert.ok(changed.every((id) => own.some((c) => c.id === id)), 'only the hub\'s connectors changed');
    assert.equal(await page.evaluate(() => document.querySelector('.totals-bar').dataset.rev), rev, 'a drag and a drop run no analysis');
    await shot(page, `s24-hub-drop-${viewport.width}`);

    // Undo puts every connector back; redo moves them again.
    await page.keyboard.press('Control+z');
    await page.waitForFunction(({ id, d }) => document.querySelector(`.canvas-svg g.edge[data-conn="${id}"] .edge-hit`)?.getAttribute('d') === d, { id: own[0].id, d: before[own[0].id] });
    await page.waitForTimeout(300);
    assert.deepEqual(await drawnPaths(page), before, 'undo: the connectors where they were');
    await page.keyboard.press('Control+y');
    await page.waitForFunction(({ id, d }) => document.querySelector(`.canvas-svg g.edge[data-conn="${id}"] .edge-hit`)?.getAttribute('d') === d, { id: own[0].id, d: moved[own[0].id] });
    await page.waitForTimeout(300);
    assert.deepEqual(await drawnPaths(page), moved, 'redo: where the drop put them');

    // Reloaded, the design is routed from nothing: the same paths.
    await page.waitForTimeout(700);
    await page.reload();
    await page.waitForFunction(() => document.querySelector('.design-name')?.textContent.startsWith('Synthetic'), null, { timeout: 180_000 });
    await page.locator(`.canvas-svg g.node[data-node="${HUB}"]`).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    const fresh = await drawnPaths(page);
    const common = own.map((c) => c.id).filter((id) => id in fresh);
    assert.ok(common.length === own.length, `the reloaded view draws the hub's connectors (${common.length})`);
    assert.deepEqual(Object.fromEntries(common.map((id) => [id, fresh[id]])), Object.fromEntries(common.map((id) => [id, moved[id]])));
    assertClean(log);
    await context.close();
  });
}
