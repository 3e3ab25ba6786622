// A dashed piece that lies within other connectors' pieces dashed the same is not drawn again
// (issue 20: "… each move of a node with hundreds of connections, 1,000 nodes: no frame over 33
// ms"; s44-drop). A hub's connectors run into it along shared trunks: many of their dashed
// pieces lie on the same line, in the same direction, with the same dash phase, and the
// rasteriser dashed each copy again in every tile it crosses — about two thirds of the raster
// after the 613-connection hub's drop (s43-drop). Of the pieces of one line and phase the
// fewest that cover them (and every piece with an arrowhead) are drawn; the others keep their
// element, points and offset but are hidden (class `dup`, canvas.rs `dups`): the same dashes
// are painted where they were. A selected connector shows all its own pieces (its highlight
// runs its whole length), a dragged connector's ghost never stands in for another's piece, and
// what is drawn follows what is drawn now: after a drop, an Undo, a pan that takes connectors
// out of view and back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, shot, openBigHub, dragNode as drag } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

/**
 * Every dashed piece of the diagram, grouped by the dashes it paints: its connector's kind, its
 * line (horizontal or vertical, the line's coordinate), its direction and its dash phase on the
 * line (the pattern's start modulo its period, read from the stylesheet as the app does). What
 * must hold: a hidden piece (computed `visibility`) lies wholly within drawn pieces of its
 * group — the same dashes are painted where it was; a piece with an arrowhead is drawn; a
 * selected connector's pieces are all drawn; a ghost's none. Returns the counts, what is
 * wrong, and the drawn pieces (`conn#index`).
 */
const dupState = (page) => page.evaluate(() => {
  const period = {};
  for (const k of ['async', 'replication', 'association']) {
    const d = getComputedStyle(document.querySelector(`.canvas-svg defs .edge-${k} .edge-line`)).strokeDasharray.split(/[ ,]+/).map(parseFloat).filter((x) => x >= 0);
    period[k] = d.reduce((a, b) => a + b, 0) * (d.length % 2 ? 2 : 1);
  }
  const groups = new Map();
  const wrong = [];
  const drawnIds = [];
  let pieces = 0, drawn = 0, hidden = 0;
  for (const g of document.querySelectorAll('.canvas-svg g.edge')) {
    const kind = [...g.classList].find((c) => c.startsWith('edge-'))?.slice(5);
    const ghost = g.classList.contains('ghost');
    const selected = g.classList.contains('selected');
    [...g.querySelectorAll(':scope > .edge-pieces > polyline')].forEach((p, i) => {
      const [[x1, y1], [x2, y2]] = p.getAttribute('points').split(' ').map((t) => t.split(',').map(Number));
      const off = Number(p.getAttribute('stroke-dashoffset'));
      const isDrawn = getComputedStyle(p).visibility === 'visible';
      const h = { id: `${g.dataset.conn}#${i}`, drawn: isDrawn };
      pieces++;
      if (isDrawn) { drawn++; drawnIds.push(h.id); } else hidden++;
      if (ghost && isDrawn) wrong.push(`${h.id}: a ghost's piece drawn`);
      if (!ghost && selected && !isDrawn) wrong.push(`${h.id}: a selected connector's piece hidden`);
      if (!ghost && p.getAttribute('marker-end') && !isDrawn) wrong.push(`${h.id}: an arrowhead's piece hidden`);
      if (ghost) return;
      let key, from, to;
      if (y1 === y2) { key = `h${y1}`; [from, to] = [x1, x2]; } else if (x1 === x2) { key = `v${x1}`; [from, to] = [y1, y2]; } else { if (!isDrawn) wrong.push(`${h.id}: a slanted piece hidden`); return; }
      const fwd = to >= from;
      const origin = fwd ? from - off : -from - off;
      const P = period[kind];
      const phase = Math.round((((origin % P) + P) % P) * 1024) % Math.round(P * 1024);
      key = `${kind}|${key}|${fwd}|${phase}`;
      Object.assign(h, { lo: Math.min(from, to), hi: Math.max(from, to) });
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(h);
    });
  }
  for (const [key, hs] of groups) {
    const on = hs.filter((h) => h.drawn).sort((a, b) => a.lo - b.lo);
    for (const h of hs) {
      if (h.drawn) continue;
      // covered by the union of the drawn ones
      let reach = h.lo;
      for (const d of on) { if (d.lo <= reach + 1e-9 && d.hi > reach) reach = d.hi; }
      if (reach < h.hi - 1e-9) wrong.push(`${h.id} hidden but not covered (${h.lo}–${h.hi}, covered to ${reach}): ${key}`);
    }
  }
  return { pieces, drawn, hidden, groups: groups.size, wrong: wrong.slice(0, 8), wrongCount: wrong.length, drawnIds: drawnIds.sort() };
});

const clean = (s, what) => assert.equal(s.wrongCount, 0, `${what}: ${s.wrongCount} pieces drawn or hidden wrongly, e.g.\n${s.wrong.join('\n')}`);

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`${w}×${h}: a dashed piece another connector draws the same is drawn once; a selected connector shows its whole length`, async () => {
    const { page, design, id } = await openBigHub(app, { viewport: { width: w, height: h } });
    const log = { errors: [] };
    page.on('pageerror', (e) => log.errors.push(String(e)));
    const own = new Set(Object.values(design.connections).filter((c) => c.from === id || c.to === id).map((c) => c.id));

    const opened = await dupState(page);
    const counts = (s) => JSON.stringify({ pieces: s.pieces, drawn: s.drawn, hidden: s.hidden, groups: s.groups });
    assert.ok(opened.hidden > 0.25 * opened.pieces, `the hub's trunks: many pieces lie within others, dashed the same: ${counts(opened)}`);
    clean(opened, 'opened');
    await shot(page, `s44-drop-opened-${w}`);

    // A real drop of the hub: its connectors' pieces all change, each group settled again.
    let moved = await drag(page, id, -60, -45);
    if (!moved) moved = await drag(page, id, 60, 45);
    assert.ok(moved, 'the hub was moved');
    const dropped = await dupState(page);
    clean(dropped, 'after the drop');
    assert.ok(dropped.hidden > 0.25 * dropped.pieces, `after the drop: ${counts(dropped)}`);
    await shot(page, `s44-drop-dropped-${w}`);

    // Undo and Redo: the same groups as before the drag, settled the same.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(900);
    const undone = await dupState(page);
    clean(undone, 'after Undo');
    assert.deepEqual(undone.drawnIds, opened.drawnIds, 'Undo draws the very pieces drawn before the drag');
    await page.keyboard.press('Control+Shift+z');
    await page.waitForTimeout(900);
    clean(await dupState(page), 'after Redo');

    // Select one of the hub's connectors that has hidden pieces, by a press on its own line.
    const target = await page.evaluate((own) => {
      const c = document.querySelector('.canvas').getBoundingClientRect();
      for (const g of document.querySelectorAll('.canvas-svg g.edge')) {
        if (!own.includes(g.dataset.conn) || !g.querySelector('.edge-line.dup')) continue;
        for (const p of g.querySelectorAll('.edge-pieces > polyline')) {
          const b = p.getBoundingClientRect();
          const [x, y] = [b.x + b.width / 2, b.y + b.height / 2];
          if (x < c.left + 10 || x > c.right - 10 || y < c.top + 10 || y > c.bottom - 10) continue;
          if (document.elementFromPoint(x, y)?.closest('g.edge') === g) return { conn: g.dataset.conn, x, y };
        }
      }
      return null;
    }, [...own]);
    assert.ok(target, 'a connector of the hub with hidden pieces that can be pressed on');
    await page.mouse.click(target.x, target.y);
    await page.waitForTimeout(300);
    const sel = await page.evaluate((conn) => {
      const g = document.querySelector(`.canvas-svg g.edge[data-conn="${conn}"]`);
      const ps = [...g.querySelectorAll('.edge-pieces > polyline')];
      return { selected: g.classList.contains('selected'), pieces: ps.length, dup: ps.filter((p) => p.classList.contains('dup')).length, drawn: ps.filter((p) => getComputedStyle(p).visibility === 'visible').length, widths: [...new Set(ps.map((p) => getComputedStyle(p).strokeWidth))] };
    }, target.conn);
    assert.ok(sel.selected, `the pressed connector is selected: ${JSON.stringify(sel)}`);
    assert.ok(sel.dup > 0, 'it has pieces another connector draws');
    assert.equal(sel.drawn, sel.pieces, `every piece of the selected connector is drawn: ${JSON.stringify(sel)}`);
    assert.deepEqual(sel.widths, ['3px'], 'all in the selection\'s width');
    clean(await dupState(page), 'with a connector selected');
    await shot(page, `s44-drop-selected-${w}`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    clean(await dupState(page), 'selection cleared');

    // A pan that takes the hub's connectors out of view (their views are dropped) and back.
    const pan = (dx, dy) => page.evaluate(([dx, dy]) => {
      const svg = document.querySelector('.canvas-svg');
      const c = document.querySelector('.canvas').getBoundingClientRect();
      svg.dispatchEvent(new WheelEvent('wheel', { deltaX: dx, deltaY: dy, clientX: c.left + c.width / 2, clientY: c.top + c.height / 2, bubbles: true, cancelable: true }));
    }, [dx, dy]);
    const beforePan = await dupState(page);
    await pan(w * 0.8, 0);
    await page.waitForTimeout(900);
    clean(await dupState(page), 'panned away');
    await pan(-w * 0.8, 0);
    await page.waitForTimeout(900);
    const back = await dupState(page);
    clean(back, 'panned back');
    assert.deepEqual(back.drawnIds, beforePan.drawnIds, 'panned back: the very pieces drawn before');

    // A leaf's drag: its connectors are ghosts (hidden) meanwhile and stand in for no one.
    const ends = Object.values(design.connections).filter((c) => c.from === id || c.to === id).map((c) => (c.from === id ? c.to : c.from));
    const leaf = await page.evaluate((ends) => {
      const c = document.querySelector('.canvas').getBoundingClientRect();
      for (const e of ends) {
        const n = document.querySelector(`.canvas-svg g.node.leaf[data-node="${e}"]`);
        const r = n?.querySelector('.hit').getBoundingClientRect();
        if (!r || r.left < c.left + 20 || r.right > c.right - 40 || r.top < c.top + 20 || r.bottom > c.bottom - 40) continue;
        // pressable: nothing over its middle (the minimap, another component)
        if (document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.closest('g.node') === n) return e;
      }
      return null;
    }, ends);
    assert.ok(leaf, 'a component connected to the hub in view');
    if (leaf) {
      let mid = null;
      await drag(page, leaf, 2, 1, { midway: async () => { mid = await dupState(page); } });
      clean(mid, `mid-drag of ${leaf}`);
      clean(await dupState(page), `after ${leaf}'s drop`);
    }
    assert.deepEqual(log.errors, [], 'no page error');
    await page.close();
  });
}
