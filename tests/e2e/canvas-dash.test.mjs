// Dashed connectors (async, replication, association) are drawn as their straight pieces,
// each continuing the dash pattern where the previous one ended (issue 20: the rasteriser
// dashes a whole polyline on every repaint near it, which made starting a drag on a large
// design freeze the page; a dashed straight line is clipped to what is repainted). What the
// user sees must not change: the same line, the same dashes, the arrow at the end; and a drag
// moves them like any connector and computes no analysis.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

/** Every connector on the main canvas: its kind, the hit path's data and each drawn line. */
const connectors = (page, layer = '.canvas-svg') => page.$$eval(`${layer} g.edge`, (gs) => gs.map((g) => {
  // A line's path data, from its points (`x,y x,y …`, the routes' `Mx,y Lx,y …` without commands).
  const d = (p) => p && p.getAttribute('points') !== null ? 'M' + p.getAttribute('points').replaceAll(' ', ' L') : null;
  const lines = [...g.querySelectorAll('.edge-line')].filter((p) => p.getAttribute('points'));
  const joined = lines.map((p, i) => (i ? d(p).replace(/^M\S+\s*L/, 'L') : d(p))).join(' ');
  return {
    id: g.dataset.conn,
    kind: [...g.classList].find((c) => c.startsWith('edge-'))?.slice(5),
    // Drawn as polylines: a `<path>`'s `d` is a CSS property, and each write of it restyles it.
    paths: g.querySelectorAll('path').length,
    whole: d(g.querySelector('.edge-hit')) ?? joined,
    lines: lines.map((p) => ({ d: d(p), offset: p.getAttribute('stroke-dashoffset'), marker: p.getAttribute('marker-end') ?? '', dash: getComputedStyle(p).strokeDasharray })),
  };
}));

const points = (d) => d.match(/-?[\d.]+/g).map(Number).reduce((ps, v, i, a) => (i % 2 ? ps : [...ps, [v, a[i + 1]]]), []);

/** Checks one connector against the drawing rule; returns how many pieces it has. */
function check(c) {
  assert.equal(c.paths, 0, `${c.id}: its lines are polylines, not paths`);
  if (c.kind === 'sync') {
    assert.equal(c.lines.length, 1, `${c.id}: a solid connector is one path`);
    assert.equal(c.lines[0].d, c.whole, `${c.id}: along its route`);
    assert.equal(c.lines[0].dash, 'none');
    return 1;
  }
  const whole = points(c.whole);
  assert.equal(c.lines.length, whole.length - 1, `${c.id}: one piece per segment of ${c.whole}`);
  let along = 0;
  c.lines.forEach((l, k) => {
    const [a, b] = points(l.d);
    assert.equal(points(l.d).length, 2, `${c.id}: piece ${k} is one straight segment`);
    assert.deepEqual([a, b], [whole[k], whole[k + 1]], `${c.id}: piece ${k} is segment ${k} of the route`);
    // The dash pattern continues: piece k starts as far into it as the route's length so far.
    assert.ok(Math.abs(Number(l.offset) - along) < 1e-6, `${c.id}: piece ${k} offset ${l.offset}, expected ${along}`);
    along += Math.hypot(b[0] - a[0], b[1] - a[1]);
    assert.notEqual(l.dash, 'none', `${c.id}: piece ${k} is dashed`);
    const last = k === c.lines.length - 1;
    if (!last) assert.equal(l.marker, '', `${c.id}: no arrow mid-way`);
    else if (c.kind !== 'association') assert.match(l.marker, /url\(#arrow/, `${c.id}: the arrow at the end`);
  });
  return c.lines.length;
}

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`${viewport.width}×${viewport.height}: dashed connectors are drawn as pieces that continue the dash pattern, before, during and after a drag`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await page.locator('g.edge').first().waitFor({ state: 'attached' });
    const before = await connectors(page);
    const dashed = before.filter((c) => c.kind !== 'sync');
    assert.ok(dashed.length >= 1 && before.some((c) => c.kind === 'sync'), `the starter design has both kinds (${before.map((c) => c.kind)})`);
    const pieces = before.map(check).reduce((a, b) => a + b, 0);
    assert.ok(pieces > before.length, 'some dashed connector turns a corner (several pieces)');
    await shot(page, `canvas-dash-${viewport.width}`);

    // Drag an end of a dashed connector: its moving copy follows as pieces too.
    const c = dashed[0];
    const from = await page.evaluate(async (id) => {
      // The connector's source: the node whose box holds the route's first point.
      const d = 'M' + document.querySelector(`.canvas-svg g.edge[data-conn="${id}"] .edge-hit`).getAttribute('points').replaceAll(' ', ' L');
      const [x, y] = d.match(/-?[\d.]+/g).map(Number);
      for (const g of document.querySelectorAll('.canvas-svg g.node.leaf')) {
        const [tx, ty] = g.getAttribute('transform').match(/-?[\d.]+/g).map(Number);
        const r = g.querySelector('.hit');
        const w = Number(r.getAttribute('width')), h = Number(r.getAttribute('height'));
        if (x >= tx - 1 && x <= tx + w + 1 && y >= ty - 1 && y <= ty + h + 1) return g.dataset.node;
      }
      return null;
    }, c.id);
    assert.ok(from, `a leaf at the start of ${c.id}`);
    const runs = await page.getAttribute('.totals-bar', 'data-runs');
    const box = await page.locator(`.canvas-svg g.node[data-node="${from}"] .hit`).boundingBox();
    const [x0, y0] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    // A short move that stays inside the node's own container (a longer one may end on a border
    // or in a container that refuses it, and a refused drop puts the node back unrouted).
    for (let i = 1; i <= 8; i++) await page.mouse.move(x0 + i * 3, y0 + i);
    // Its moving copy is drawn on the edge layer's bitmap (`canvas_follow`), dashed in its
    // colour (s24-hub checks every dash against the drop's pieces).
    await page.waitForFunction(() => document.querySelector('canvas.edge-layer[data-follows]'));
    const colour = await page.evaluate((id) => getComputedStyle(document.querySelector(`.canvas-svg g.edge[data-conn="${id}"] .edge-line`)).stroke.match(/\d+/g).map(Number), c.id);
    const ofColour = await page.evaluate((colour) => {
      const cv = document.querySelector('canvas.edge-layer');
      const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && Math.abs(d[i] - colour[0]) < 30 && Math.abs(d[i + 1] - colour[1]) < 30 && Math.abs(d[i + 2] - colour[2]) < 30) n++;
      return n;
    }, colour);
    assert.ok(ofColour > 10, `the connector follows on the edge layer in its colour (${ofColour} px)`);
    await shot(page, `canvas-dash-drag-${viewport.width}`);
    // (The drop may move it into another subnet, a real change: only the moves are checked.)
    assert.equal(await page.getAttribute('.totals-bar', 'data-runs'), runs, 'moving the pointer computes no analysis');
    await page.mouse.up();
    await page.waitForTimeout(200);
    const after = await connectors(page);
    after.forEach(check);
    assert.notEqual(after.find((m) => m.id === c.id).whole, c.whole, 'the connector was re-routed on the drop');
    assertClean(log);
    await context.close();
  });
}
