// A connector's hit line (the wide stroke a press or hover on a connector lands on) paints
// nothing and still takes the pointer (issue 20, the hub's drop: s55-drop). It was a transparent
// stroke, which Blink still paints and rasterises: a 613-connection hub's drop moved 613 of them,
// ~2 ms of paint and ~5 ms of raster CPU after the drop. Now it is hidden with `pointer-events:
// stroke` (hit-tested whatever its visibility). What must hold for a user: the lines look the
// same; a press on a connector selects it, where it is drawn; a hover shows the hand; and a
// dragged node's connectors, hidden while it is dragged (`.edge.ghost`), take no pointer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, shot, pressableConnector } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`${w}×${h}: a connector's hit line paints nothing and takes the pointer; a press selects the connector; a dragged node's hidden connectors take none`, async () => {
    const { page, log } = await app.open('/', { viewport: { width: w, height: h } });
    await page.locator('.canvas-svg g.edge .edge-hit').first().waitFor({ state: 'attached' });

    // Painted: nothing (hidden), for every connector; hit-tested on its stroke.
    const looks = await page.evaluate(() => [...document.querySelectorAll('.canvas-svg g.edge > .edge-hit')].map((e) => {
      const s = getComputedStyle(e);
      return `${s.visibility}/${s.pointerEvents}/${s.cursor}`;
    }));
    assert.ok(looks.length >= 3, `the starter design's connectors: ${looks.length}`);
    assert.deepEqual([...new Set(looks)], ['hidden/stroke/pointer'], 'every hit line hidden, hit-tested on its stroke, with the hand');
    // The drawn lines themselves are as they were: shown, and not what a press lands on.
    const lines = await page.evaluate(() => [...new Set([...document.querySelectorAll('.canvas-svg g.edge polyline.edge-line:not(.dup)')].map((e) => `${getComputedStyle(e).visibility}/${getComputedStyle(e).pointerEvents}`))]);
    assert.deepEqual(lines, ['visible/none'], 'the connectors\' lines drawn, the pointer passing through them');

    // A press beside a connector's line, within its hit stroke, selects it.
    const target = await pressableConnector(page);
    assert.ok(target, 'a connector that can be pressed on');
    await page.mouse.move(target.x, target.y);
    const cursor = await page.evaluate(({ x, y }) => getComputedStyle(document.elementFromPoint(x, y)).cursor, target);
    assert.equal(cursor, 'pointer', 'a hover over the connector shows the hand');
    await page.mouse.click(target.x, target.y);
    await page.waitForFunction((conn) => document.querySelector(`.canvas-svg g.edge[data-conn="${conn}"]`)?.classList.contains('selected'), target.conn, { timeout: 5000 });
    await shot(page, `s55-drop-selected-${w}`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(200);

    // While one of its ends is dragged, a connector is hidden (a ghost) and takes no pointer:
    // what is under it answers instead. Its end: the smallest node whose box holds the
    // connector's first point.
    const node = await page.evaluate((conn) => {
      const hit = document.querySelector(`.canvas-svg g.edge[data-conn="${conn}"] > .edge-hit`);
      const [x, y] = hit.getAttribute('points').split(' ')[0].split(',').map(Number);
      const p = new DOMPoint(x, y).matrixTransform(hit.getScreenCTM());
      let best = null, area = Infinity;
      for (const n of document.querySelectorAll('.canvas-svg g.node[data-node]')) {
        const r = n.querySelector('.hit')?.getBoundingClientRect();
        if (!r || p.x < r.left - 2 || p.x > r.right + 2 || p.y < r.top - 2 || p.y > r.bottom + 2) continue;
        if (r.width * r.height < area) { area = r.width * r.height; best = n.dataset.node; }
      }
      return best;
    }, target.conn);
    assert.ok(node, 'an end of the connector to drag');
    const b = await page.locator(`.canvas-svg g.node[data-node="${node}"] .hit`).boundingBox();
    const [x0, y0] = [b.x + b.width / 2, b.y + b.height / 2];
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (let i = 1; i <= 6; i++) { await page.mouse.move(x0 + 5 * i, y0 + 4 * i); await page.waitForTimeout(16); }
    await page.waitForFunction((conn) => document.querySelector(`.canvas-svg g.edge[data-conn="${conn}"]`)?.classList.contains('ghost'), target.conn, { timeout: 5000 });
    const underGhost = await page.evaluate(({ x, y, conn }) => {
      const hit = document.querySelector(`.canvas-svg g.edge[data-conn="${conn}"] > .edge-hit`);
      return { hits: document.elementsFromPoint(x, y).includes(hit), pointerEvents: getComputedStyle(hit).pointerEvents };
    }, target);
    assert.deepEqual(underGhost, { hits: false, pointerEvents: 'none' }, 'the dragged node\'s hidden connector takes no pointer');
    await page.keyboard.press('Escape');
    await page.mouse.up();
    assert.deepEqual(log.pageErrors, [], 'no page error');
    await page.close();
  });
}
