// An undrawn dashed piece gets its new points and dash offset after the frame (issue 20: "…
// each move of a node with hundreds of connections, 1,000 nodes: no frame over 33 ms"; the
// drop held to the same; s45-drop). At the 613-connection hub's drop ~1,800 of its pieces
// change — their dash offsets run from the hub — and most of them are copies on its trunks that
// another connector's piece draws the same (class `dup`, s44-drop): nothing is painted from
// them, but each write restyled, laid out and pre-painted them in the drop's frame. Now a piece
// that was undrawn before the drop and stays undrawn is not written in the drop's frame; its
// points and offset are written when the page is next idle (User Timing `canvas-late`), or at
// once when it is to be drawn: shown by the settle, or its connector selected. What must hold
// at every moment: every piece that is drawn lies on its connector's route with its dash offset
// the length of the route before it (no visible wrong state); after the idle write every piece
// does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, shot, openBigHub, connectorLines as linesChecked, dragNode } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const frames = (page, k = 2) => page.evaluate((k) => new Promise((r) => { let i = 0; const f = () => (++i >= k ? r() : requestAnimationFrame(f)); requestAnimationFrame(f); }), k);

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`${w}×${h}: the hub's drop writes its undrawn pieces after the frame; what is drawn is right at every moment`, async (t) => {
    const { page, design, id } = await openBigHub(app, { viewport: { width: w, height: h } });
    const log = { errors: [] };
    page.on('pageerror', (e) => log.errors.push(String(e)));
    const own = Object.values(design.connections).filter((c) => c.from === id || c.to === id).map((c) => c.id);

    const opened = await linesChecked(page);
    assert.ok(opened.n > 600, `connectors drawn: ${opened.n}`);
    assert.equal(opened.nbad + opened.nbadHidden, 0, `as opened: ${JSON.stringify(opened)}`);

    // Idle callbacks held (the page's `requestIdleCallback` queued until released), and the
    // pieces' `points`/`stroke-dashoffset` writes from the release on noted by element.
    await page.evaluate(() => {
      const ric = window.requestIdleCallback.bind(window);
      window.__held = [];
      window.__hold = false;
      window.requestIdleCallback = (f, o) => (window.__hold ? (window.__held.push(f), 0) : ric(f, o));
      window.__release = () => { window.__hold = false; const fs = window.__held.splice(0); for (const f of fs) f({ didTimeout: true, timeRemaining: () => 0 }); return fs.length; };
      window.__written = new Set();
      window.__counting = false;
      new MutationObserver((ms) => { if (window.__counting) for (const m of ms) window.__written.add(m.target); })
        .observe(document.querySelector('.canvas-svg'), { attributes: true, attributeFilter: ['points', 'stroke-dashoffset'], subtree: true });
    });

    // A real drop of the hub, the idle callbacks held from just before the release.
    const undo = await page.getAttribute('#undo', 'title');
    let moved = false;
    for (const [dx, dy] of [[-60, -45], [60, 45]]) {
      // The pieces undrawn just before the release, and the writes from the release on.
      const beforeUp = () => page.evaluate(() => {
        window.__wasDup = new Set(document.querySelectorAll('.canvas-svg .edge-pieces > polyline.dup'));
        window.__written.clear();
        window.__counting = true;
        window.__hold = true;
        window.__lateBefore = performance.getEntriesByName('canvas-late').length;
      });
      await dragNode(page, id, dx, dy, { beforeUp, settle: 0 });
      await frames(page, 2);
      if (await page.getAttribute('#undo', 'title') !== undo) { moved = true; break; }
      await page.evaluate(() => { window.__counting = false; window.__release(); });
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500);
    }
    assert.ok(moved, 'the hub was moved');

    // The drop's frames drawn; idle callbacks still held.
    const atDrop = await page.evaluate(() => {
      window.__counting = false;
      const written = [...window.__written].filter((e) => e.matches('.edge-pieces > polyline'));
      const stillUndrawn = written.filter((e) => window.__wasDup.has(e) && e.classList.contains('dup') && !e.closest('g.edge').classList.contains('selected'));
      return { written: written.length, undrawnBeforeAndAfter: stillUndrawn.length, late: performance.getEntriesByName('canvas-late').length - window.__lateBefore };
    });
    const drawnNow = await linesChecked(page);
    t.diagnostic(JSON.stringify({ atDrop, drawn: { connectors: drawnNow.n, pieces: drawnNow.pieces, waiting: drawnNow.nbadHidden } }));
    assert.equal(drawnNow.nbad, 0, `right after the drop, every drawn piece lies on its route with its offset: ${JSON.stringify(drawnNow.bad)}`);
    assert.ok(atDrop.written > 200, `the drop wrote the drawn pieces that changed: ${JSON.stringify(atDrop)}`);
    assert.equal(atDrop.undrawnBeforeAndAfter, 0, `pieces undrawn before and after the drop are not written in its frame: ${JSON.stringify(atDrop)}`);
    assert.equal(atDrop.late, 0, 'the idle write has not run yet');
    assert.ok(drawnNow.nbadHidden > 100, `undrawn pieces wait for their points and offsets: ${drawnNow.nbadHidden}`);
    await shot(page, `s45-drop-dropped-${w}`);

    // A connector of the hub with pieces waiting, selected by a press on its route:
    // its whole length is drawn, every piece where its route is (before the idle write).
    const target = await page.evaluate((own) => {
      const c = document.querySelector('.canvas').getBoundingClientRect();
      for (const g of document.querySelectorAll('.canvas-svg g.edge')) {
        if (!own.includes(g.dataset.conn) || !g.querySelector('.edge-line.dup')) continue;
        const hit = g.querySelector(':scope > .edge-hit').getAttribute('points').split(' ');
        const ps = [...g.querySelectorAll('.edge-pieces > polyline')];
        if (!ps.some((p, i) => p.getAttribute('points') !== `${hit[i]} ${hit[i + 1]}`)) continue;
        // Along its route (its hit line), at the middle of each straight stretch.
        const m = g.querySelector(':scope > .edge-hit').getScreenCTM();
        for (let i = 0; i + 1 < hit.length; i++) {
          const [[x1, y1], [x2, y2]] = [hit[i], hit[i + 1]].map((t) => t.split(',').map(Number));
          const pt = new DOMPoint((x1 + x2) / 2, (y1 + y2) / 2).matrixTransform(m);
          const [x, y] = [pt.x, pt.y];
          if (x < c.left + 10 || x > c.right - 10 || y < c.top + 10 || y > c.bottom - 10) continue;
          if (document.elementFromPoint(x, y)?.closest('g.edge') === g) return { conn: g.dataset.conn, x, y };
        }
      }
      return null;
    }, own);
    assert.ok(target, 'a connector of the hub with pieces waiting that can be pressed on');
    await page.mouse.click(target.x, target.y);
    await frames(page, 2);
    const sel = await page.evaluate((conn) => {
      const g = document.querySelector(`.canvas-svg g.edge[data-conn="${conn}"]`);
      const ps = [...g.querySelectorAll('.edge-pieces > polyline')];
      return { selected: g.classList.contains('selected'), pieces: ps.length, drawn: ps.filter((p) => getComputedStyle(p).visibility === 'visible').length, late: performance.getEntriesByName('canvas-late').length - window.__lateBefore };
    }, target.conn);
    assert.ok(sel.selected, `the pressed connector is selected: ${JSON.stringify(sel)}`);
    assert.equal(sel.drawn, sel.pieces, `all its pieces drawn: ${JSON.stringify(sel)}`);
    assert.equal(sel.late, 0, 'the idle write has not run yet');
    const selLines = await linesChecked(page, target.conn);
    assert.equal(selLines.nbad + selLines.nbadHidden, 0, `the selected connector's pieces lie on its route: ${JSON.stringify(selLines)}`);
    assert.equal((await linesChecked(page)).nbad, 0, 'every drawn piece lies on its route, a connector selected');
    await shot(page, `s45-drop-selected-${w}`);

    // The idle write: every piece where its route is.
    await page.keyboard.press('Escape');
    await frames(page, 2);
    assert.equal((await linesChecked(page)).nbad, 0, 'every drawn piece lies on its route, the selection cleared');
    const released = await page.evaluate(() => window.__release());
    assert.ok(released >= 1, 'an idle callback was waiting');
    await page.waitForTimeout(300);
    const late = await page.evaluate(() => performance.getEntriesByName('canvas-late').length - window.__lateBefore);
    assert.ok(late >= 1, 'the idle write ran (User Timing canvas-late)');
    const all = await linesChecked(page);
    assert.equal(all.nbad + all.nbadHidden, 0, `after the idle write every piece lies on its route: ${JSON.stringify(all)}`);

    // Undo gives back every piece as first drawn.
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(1200);
    const undone = await linesChecked(page);
    assert.equal(undone.nbad + undone.nbadHidden, 0, `after Undo: ${JSON.stringify(undone)}`);
    assert.deepEqual(log.errors, [], 'no page error');
    await page.close();
  });
}
