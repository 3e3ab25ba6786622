// Dragging the biggest hub of a 1,000-node estate (issue 20: "each move of a node with hundreds
// of connections"): `logs`, 613 connections. While it is dragged every one of its connectors
// follows it (drawn in the edge layer, `canvas_follow`), the diagram shows them where they were
// as ghosts and nothing else; after the drop the diagram draws exactly what routing from
// nothing draws (a design this size is drawn direct: the drop changes nothing the drag showed);
// undo and redo put the connectors back and forth; no analysis runs; the page stays clean.
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
/** Each connector's drawn pieces (`d` and dash offset of its visible lines), sorted: in the
 *  diagram (`.canvas-svg`) or in the drag's edge layer (`.edge-layer`). */
const pieces = (page, layer) => page.$$eval(`${layer} g.edge`, (gs) => Object.fromEntries(gs.map((g) => [g.dataset.conn,
  [...g.querySelectorAll('.edge-line')].filter((p) => p.getAttribute('d')).map((p) => `${p.getAttribute('d')} @${p.getAttribute('stroke-dashoffset') ?? ''}`).sort()])));
/** The points of path data `M x,y L x,y …`. */
const points = (d) => d.split(/\s+/).map((t) => t.replace(/^[ML]/, '').split(',').map(Number));
/** The world area the canvas shows, with the 200 px margin the canvas draws (`shown_world`). */
const shownWorld = (page) => page.evaluate(() => {
  const c = document.querySelector('.canvas').getBoundingClientRect();
  const [, tx, ty, z] = document.querySelector('.canvas g.world').getAttribute('transform').match(/translate\(([-\d.e]+) ([-\d.e]+)\) scale\(([-\d.e]+)\)/).map(Number);
  return { x0: (-200 - tx) / z, y0: (-200 - ty) / z, x1: (c.width + 200 - tx) / z, y1: (c.height + 200 - ty) / z };
});
/** Whether the segment from p to q meets area a. */
const meets = ([p, q], a) => Math.max(p[0], q[0]) >= a.x0 && Math.min(p[0], q[0]) <= a.x1 && Math.max(p[1], q[1]) >= a.y0 && Math.min(p[1], q[1]) <= a.y1;
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
    const first = await pieces(page, '.edge-layer');
    const at1 = await dragOffset(page);
    // The second stop above the estate's top row (110 world units up): a free spot, so the drop
    // lands where the drag shows it (dropped on another component it would go to the nearest
    // free spot, `place::spot_for_move`).
    const zoom = await page.evaluate(() => Number(document.querySelector('.canvas g.world').getAttribute('transform').match(/scale\(([-\d.e]+)\)/)[1]));
    await page.mouse.move(x0 + 60, y0 - 110 * zoom, { steps: 4 });
    await page.waitForTimeout(100);
    const second = await pieces(page, '.edge-layer');
    const at2 = await dragOffset(page);
    assert.notDeepEqual(at1, at2, 'the pointer moved the drag');
    assert.deepEqual(Object.keys(second).sort(), own.map((c) => c.id).sort(), 'the edge layer draws exactly the hub\'s connectors');
    // Ghosts in the diagram: the hub's connectors where they were, nothing else.
    const ghosts = await page.$$eval('.canvas-svg g.edge.ghost', (gs) => gs.map((g) => g.dataset.conn).sort());
    assert.deepEqual(ghosts, own.map((c) => c.id).sort(), 'the hub\'s connectors, and only they, are ghosts');
    assert.deepEqual(await drawnPaths(page), before, 'the diagram is not redrawn during the drag');
    // Follow: the end of each connector at the hub moved with the pointer — between the two
    // stops by exactly the drag's offset (every point of its pieces, from both drawings: the
    // hub's port is one of them while the connector leaves the hub by the same side).
    const [ddx, ddy] = [at2[0] - at1[0], at2[1] - at1[1]];
    const all = (ps) => ps.flatMap((p) => points(p.split(' @')[0]));
    // (Only what is in the canvas is drawn: the connectors drawn at both stops.)
    const drawnBoth = own.filter((c) => first[c.id].length && second[c.id].length);
    assert.ok(drawnBoth.length > own.length * 0.5, `most of the hub's connectors show near it: ${drawnBoth.length}`);
    const followed = drawnBoth.filter((c) => all(first[c.id]).some(([x, y]) => all(second[c.id]).some(([u, v]) => Math.abs(u - x - ddx) < 0.01 && Math.abs(v - y - ddy) < 0.01))).length;
    assert.ok(followed >= drawnBoth.length * 0.9, `the connectors' hub ends follow the pointer: ${followed} of ${drawnBoth.length}`);
    await shot(page, `s24-hub-drag-${viewport.width}`);

    // The drop: the diagram draws what the drag showed last, and no analysis ran.
    await page.mouse.up();
    await page.waitForFunction((id) => document.querySelector(`.canvas-svg g.node[data-node="${id}"]:not(.ghost)`) && !document.querySelector('.canvas-svg g.edge.ghost'), HUB);
    await page.waitForTimeout(300);
    assert.equal(await page.locator('.edge-layer g.edge').count(), 0, 'the edge layer is empty after the drop');
    const dropped = await pieces(page, '.canvas-svg');
    const last = await dragOffset(page);
    assert.deepEqual(last, [0, 0]);
    // What the drag drew last is what the drop draws, in the canvas (a piece out of it is not
    // drawn during the drag; a solid connector is one path, drawn if any of it shows).
    const area = await shownWorld(page);
    for (const c of own) {
      const inView = dropped[c.id].filter((p) => meets(points(p.split(' @')[0]), area));
      const expected = c.kind === 'sync' ? (dropped[c.id].some((p) => points(p.split(' @')[0]).some((pt, i, ps) => i > 0 && meets([ps[i - 1], pt], area))) ? dropped[c.id] : []) : inView;
      assert.deepEqual(second[c.id], expected, `${c.id}: the drop draws what the drag showed`);
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
