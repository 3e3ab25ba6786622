// A hub's drop frees what it leaves behind after its frame (issue 20: "… each move of a node
// with hundreds of connections, 1,000 nodes: no frame over 33 ms"; s43-drop). At a drop the
// canvas's routes memo brings the routes up to date from the drawing input they were made for
// (`route::reroute`) and then lets go of that input — its last handle: a copy of every node's
// and connection's drawn fields of the 1,000-node estate. Freeing it (~14,000 blocks) was 12.7
// ms of the 613-connection hub's drop task in a CPU profile, more than re-routing the 613. It
// is now freed when the page is next idle (`canvas::drop_when_idle`, the User Timing measure
// `canvas-free`), after the drop's frame. The picture is the same: every connector where the
// drop put it, Undo gives back every connector as before the drag, Redo the drop's again, and
// Escape during a drag still cancels it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, shot, openBigHub, dragNode } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

/** The diagram's points of each drawn connector, by id (its hit polyline: the whole route). */
const drawnPaths = (page) => page.$$eval('.canvas-svg g.edge', (gs) => Object.fromEntries(gs.map((g) => [g.dataset.conn, g.querySelector('.edge-hit').getAttribute('points')])));

/**
 * Drags the hub's middle by (dx, dy) px and lets go (`dragNode`), noting when the pointer is
 * let go and the first animation frame after it (the drop's frame); true if it moved.
 */
const dragHub = (page, id, dx, dy) => dragNode(page, id, dx, dy, {
  settle: 600,
  beforeUp: () => page.evaluate(() => {
    window.__up = null; window.__frameAfterUp = null;
    window.addEventListener('pointerup', () => { window.__up = performance.now(); requestAnimationFrame((t) => { window.__frameAfterUp = t; }); }, { capture: true, once: true });
  }),
});

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`${w}×${h}: a 613-connection hub's drop frees the old drawing after its frame; Undo, Redo and Escape give every connector back exactly`, async () => {
    const { page, design, id } = await openBigHub(app, { viewport: { width: w, height: h } });
    const log = { errors: [] };
    page.on('pageerror', (e) => log.errors.push(String(e)));
    const own = Object.values(design.connections).filter((c) => c.from === id || c.to === id).map((c) => c.id);
    assert.ok(own.length > 600, `the estate's biggest hub: ${own.length} connections`);
    const before = await drawnPaths(page);
    await page.evaluate(() => performance.clearMeasures('canvas-free'));

    // A drop that moves it (bench-drag's +(60, 45) lands on a neighbour and is refused).
    let moved = await dragHub(page, id, -60, -45);
    if (!moved) moved = await dragHub(page, id, 60, 45);
    assert.ok(moved, 'the hub was moved');
    const after = await drawnPaths(page);
    const changed = own.filter((c) => before[c] && after[c] !== before[c]);
    assert.ok(changed.length > 0.9 * own.filter((c) => before[c]).length, `the hub's connectors drawn where it landed: ${changed.length}`);
    const others = Object.keys(before).filter((c) => !own.includes(c) && after[c] !== undefined && after[c] !== before[c]);
    assert.deepEqual(others, [], 'no other connector redrawn');

    // The old drawing input was freed, and not in the drop's task: after its frame began.
    await page.waitForFunction(() => performance.getEntriesByName('canvas-free').length > 0, null, { timeout: 3000 });
    const [free, up, frame] = await page.evaluate(() => [performance.getEntriesByName('canvas-free').at(-1).startTime, window.__up, window.__frameAfterUp]);
    assert.ok(frame !== null && up !== null, 'the drop\'s frame was seen');
    assert.ok(free > frame, `freed after the drop's frame began: free at ${free.toFixed(1)}, pointerup ${up.toFixed(1)}, frame ${frame.toFixed(1)} ms`);
    await shot(page, `s43-drop-after-${w}`);

    // Undo: every connector exactly as before the drag; Redo: as after the drop.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(800);
    assert.deepEqual(await drawnPaths(page), before, 'Undo gives back every connector as before');
    await page.keyboard.press('Control+Shift+z');
    await page.waitForTimeout(800);
    assert.deepEqual(await drawnPaths(page), after, 'Redo draws every connector as the drop did');

    // Escape during a drag cancels it: nothing moves, nothing redrawn.
    const b = await page.locator(`.canvas-svg g.node[data-node="${id}"] .hit`).boundingBox();
    const [x0, y0] = [b.x + b.width / 2, b.y + b.height / 2];
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move(x0 + 8, y0 + 6);
    for (let i = 1; i <= 5; i++) { await page.mouse.move(x0 + 8 + i * 10, y0 + 6 + i * 8); await page.waitForTimeout(16); }
    await page.keyboard.press('Escape');
    await page.mouse.up();
    await page.waitForFunction(() => !document.querySelector('canvas.edge-layer[data-follows]'));
    await page.waitForTimeout(500);
    assert.deepEqual(await drawnPaths(page), after, 'Escape cancels the drag: every connector where it was');
    assert.deepEqual(log.errors, [], 'no page error');
    await page.close();
  });
}
