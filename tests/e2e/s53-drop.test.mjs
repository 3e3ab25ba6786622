// A hub's drop draws its connectors' new routes in one pass (issue 20: "… each move of a node
// with hundreds of connections, 1,000 nodes: no frame over 33 ms"; the drop held to the same;
// s53-drop). At the 613-connection hub's drop the routes memo re-routes its connectors; each
// connector view's path was a reactive cell read by the view's own effect, so the drop ran 613
// effects, each with its sources' bookkeeping (~6 ms of the drop's script in a CPU profile,
// s52-lead). Now the canvas gives each view whose route changed its new path and draws it in one
// pass over the drawn connectors (`canvas::EdgeViews`, timed as the User Timing measure
// `canvas-routes`), in the drop's own task. What must hold: every hub connector drawn where the
// drop put it in the drop's frame (no frame with the hub moved and its connectors where they
// were), no other connector redrawn, a press on a moved connector right after the drop selects
// it, and connectors that were out of view while their routes changed (Undo while panned away)
// are drawn on their routes when they come back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, shot, openBigHub, connectorLines, dragNode, panToMiddle, pressableConnector } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

/** The diagram's points of each drawn connector, by id (its hit polyline: the whole route). */
const drawnPaths = (page) => page.$$eval('.canvas-svg g.edge', (gs) => Object.fromEntries(gs.map((g) => [g.dataset.conn, g.querySelector('.edge-hit')?.getAttribute('points')])));

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`${w}×${h}: a 613-connection hub's drop draws its connectors' routes in one pass, in the drop's task; pressable right after; views out of view drawn right when back`, async (t) => {
    const { page, design, id } = await openBigHub(app, { viewport: { width: w, height: h } });
    const log = { errors: [] };
    page.on('pageerror', (e) => log.errors.push(String(e)));
    const own = Object.values(design.connections).filter((c) => c.from === id || c.to === id).map((c) => c.id);
    assert.ok(own.length > 600, `the estate's biggest hub: ${own.length} connections`);
    const before = await drawnPaths(page);
    const opened = await connectorLines(page);
    assert.equal(opened.nbad + opened.nbadHidden, 0, `as opened: ${JSON.stringify(opened)}`);

    // In the drop's frame (the first animation frame after the pointerup, before its
    // callbacks): the hub's connectors' hit lines, and the routes passes measured so far.
    const beforeUp = () => page.evaluate(() => {
      performance.clearMeasures('canvas-routes');
      window.__up = null; window.__atFrame = null;
      window.addEventListener('pointerup', () => {
        window.__up = performance.now();
        requestAnimationFrame((ts) => {
          const hits = Object.fromEntries([...document.querySelectorAll('.canvas-svg g.edge')].map((g) => [g.dataset.conn, g.querySelector('.edge-hit')?.getAttribute('points')]));
          // `now`, not the frame's timestamp `ts`: that is when the frame began, which can be
          // a millisecond before the drop's task (that the frame follows) ended.
          window.__atFrame = { ts, now: performance.now(), hits, passes: performance.getEntriesByName('canvas-routes', 'measure').map((m) => [m.startTime, m.duration]) };
        });
      }, { capture: true, once: true });
    });
    let moved = await dragNode(page, id, -60, -45, { beforeUp, settle: 600 });
    if (!moved) moved = await dragNode(page, id, 60, 45, { beforeUp, settle: 600 });
    assert.ok(moved, 'the hub was moved');

    const after = await drawnPaths(page);
    const shown = own.filter((c) => before[c]);
    const changed = shown.filter((c) => after[c] !== before[c]);
    assert.ok(changed.length > 0.9 * shown.length, `the hub's connectors drawn where it landed: ${changed.length} of ${shown.length}`);
    const others = Object.keys(before).filter((c) => !own.includes(c) && after[c] !== undefined && after[c] !== before[c]);
    assert.deepEqual(others, [], 'no other connector redrawn');

    const { up, atFrame } = await page.evaluate(() => ({ up: window.__up, atFrame: window.__atFrame }));
    assert.ok(up !== null && atFrame !== null, 'the drop\'s frame was seen');
    t.diagnostic(JSON.stringify({ passes: atFrame.passes, up }));
    // One pass drew them, after the pointer was let go and before the drop's frame.
    assert.equal(atFrame.passes.length, 1, `one routes pass by the drop's frame: ${JSON.stringify(atFrame.passes)}`);
    const [passAt, passMs] = atFrame.passes[0];
    assert.ok(passAt >= up && passAt + passMs <= atFrame.now, `the pass in the drop's task: at ${passAt.toFixed(1)} (${passMs.toFixed(1)} ms), pointerup ${up.toFixed(1)}, frame callback ${atFrame.now.toFixed(1)}`);
    // The drop's frame already shows every hub connector where the drop put it.
    const late = changed.filter((c) => atFrame.hits[c] !== after[c]);
    assert.deepEqual(late, [], 'in the drop\'s frame every moved connector is on its new route');
    const dropped = await connectorLines(page);
    assert.equal(dropped.nbad, 0, `after the drop every drawn piece lies on its route: ${JSON.stringify(dropped)}`);
    await shot(page, `s53-drop-after-${w}`);

    // A press on a moved connector right after the drop selects it (its hit line is where it
    // is drawn): the middle of a stretch of a hub connector that is topmost there.
    const target = await pressableConnector(page, { only: own });
    assert.ok(target, 'a moved hub connector that can be pressed on');
    await page.mouse.click(target.x, target.y);
    await page.waitForTimeout(300);
    const selected = await page.evaluate((conn) => document.querySelector(`.canvas-svg g.edge[data-conn="${conn}"]`)?.classList.contains('selected'), target.conn);
    assert.ok(selected, `the pressed connector ${target.conn} is selected`);
    assert.equal((await connectorLines(page, target.conn)).nbad, 0, 'the selected connector is drawn on its route');
    await page.keyboard.press('Escape');

    // Panned away (the hub's connectors' views leave), Undo re-routes them out of view; panned
    // back, their views are made again and drawn on the routes as before the drag.
    const far = Object.entries(design.layout).filter(([k]) => k !== id).map(([, r]) => r)
      .sort((a, b) => Math.hypot(b.x - design.layout[id].x, b.y - design.layout[id].y) - Math.hypot(a.x - design.layout[id].x, a.y - design.layout[id].y))[0];
    await panToMiddle(page, far);
    await page.waitForTimeout(800);
    const away = await drawnPaths(page);
    t.diagnostic(`hub connectors drawn while away: ${own.filter((c) => away[c]).length}`);
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(1200);
    await panToMiddle(page, design.layout[id]);
    await page.locator(`.canvas-svg g.node[data-node="${id}"] .hit`).waitFor();
    await page.waitForTimeout(1200);
    const back = await drawnPaths(page);
    const wrong = own.filter((c) => back[c] && before[c] && back[c] !== before[c]);
    assert.deepEqual(wrong, [], 'after Undo out of view, every hub connector back on its old route');
    const lines = await connectorLines(page);
    assert.equal(lines.nbad, 0, `every drawn piece lies on its route: ${JSON.stringify(lines)}`);
    assert.deepEqual(log.errors, [], 'no page error');
    await page.close();
  });
}
