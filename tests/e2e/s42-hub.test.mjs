// A hub's drag leaves its connectors drawn in the diagram (issue 20: "starting a drag … of a
// node with hundreds of connections: no frame over 33 ms"; s42-hub). Hiding the 613 connectors
// of a 1,000-node estate's hub at the drag's start changed the diagram wherever they ran: its
// raster threads repainted every tile they cross (~45 ms of software raster), their restyle
// (~11 ms) and their ghosts on the ghost layer (~30 ms) came in the start's frames, and the
// drop restyled them all again. A node with more than `canvas_follow::HIDE_AT_MOST` (64)
// connectors now leaves them as the diagram drew them, where they were (the moving copies
// follow on the edge layer over them) and draws no ghost layer; the start writes nothing to
// any connector in the diagram. A node with a few connectors still hides them and draws them
// faintly on the ghost layer. The drop draws the hub's connectors where it lands.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, shot, openBigHub, clickableLeaves, connectionCounts, ghostBitmap, keepFollowed } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

/** The diagram's points of each drawn connector, by id (its hit polyline: the whole route). */
const drawnPaths = (page) => page.$$eval('.canvas-svg g.edge', (gs) => Object.fromEntries(gs.map((g) => [g.dataset.conn, g.querySelector('.edge-hit').getAttribute('points')])));

/** Counts from now on which connector groups of the diagram have anything written to them. */
const watchEdges = (page) => page.evaluate(() => {
  window.__edgeWrites = new Set();
  window.__edgeObserver?.disconnect();
  window.__edgeObserver = new MutationObserver((ms) => {
    for (const m of ms) {
      const g = m.target.closest?.('g.edge') ?? m.target.parentElement?.closest?.('g.edge');
      if (g) window.__edgeWrites.add(g.dataset.conn);
    }
  });
  window.__edgeObserver.observe(document.querySelector('.canvas-svg'), { attributes: true, childList: true, subtree: true, characterData: true });
});
const edgeWrites = (page) => page.evaluate(() => { window.__edgeObserver.takeRecords(); return [...window.__edgeWrites].sort(); });

test('1440×900: a 613-connection hub\'s drag leaves its connectors drawn; a leaf\'s hides its own and draws their ghosts', async () => {
  const { page, design, id } = await openBigHub(app, { viewport: { width: 1440, height: 900 } });
  const log = { errors: [], foreign: [] };
  page.on('pageerror', (e) => log.errors.push(String(e)));
  const own = Object.values(design.connections).filter((c) => c.from === id || c.to === id).map((c) => c.id).sort();
  assert.ok(own.length > 600, `the estate's biggest hub: ${own.length} connections`);
  const before = await drawnPaths(page);
  const shownBefore = own.filter((c) => before[c]);
  assert.ok(shownBefore.length > own.length * 0.9, `the diagram draws the hub's connectors: ${shownBefore.length}`);

  // The drag's start and moves: the connectors follow on the edge layer; the diagram's are
  // not touched — no class, no attribute written to any connector — and stay shown.
  await watchEdges(page);
  const b = await page.locator(`.canvas-svg g.node[data-node="${id}"] .hit`).boundingBox();
  const [x0, y0] = [b.x + b.width / 2, b.y + b.height / 2];
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x0 + 8, y0 + 6);
  for (let i = 1; i <= 6; i++) { await page.mouse.move(x0 + 8 + i * 10, y0 + 6 + i * 8); await page.waitForTimeout(20); }
  await page.waitForFunction((n) => Number(document.querySelector('canvas.edge-layer')?.getAttribute('data-follows')) === n, own.length);
  await page.waitForTimeout(400);
  assert.ok((await keepFollowed(page)).painted > 1000, 'the edge layer draws the hub\'s connectors following it');
  assert.deepEqual(await edgeWrites(page), [], 'the drag writes nothing to the diagram\'s connectors');
  assert.equal(await page.locator('.canvas-svg g.edge.ghost').count(), 0, 'no connector is hidden as a ghost');
  const hidden = await page.$$eval('.canvas-svg g.edge', (gs, own) => gs.filter((g) => own.includes(g.dataset.conn) && getComputedStyle(g).visibility !== 'visible').length, own);
  assert.equal(hidden, 0, 'the hub\'s connectors stay shown in the diagram where they were');
  assert.deepEqual(await ghostBitmap(page), [0, 0], 'no ghost layer is drawn for them');
  assert.equal(await page.locator(`.canvas-svg g.node.ghost[data-node="${id}"]`).count(), 1, 'the hub itself is a ghost where it was');
  assert.deepEqual(await drawnPaths(page), before, 'the diagram is not redrawn during the drag');
  await shot(page, 's42-hub-mid-1440');

  // The drop: the hub's connectors drawn where it landed, the edge layer empty.
  await page.mouse.up();
  await page.waitForFunction(() => !document.querySelector('canvas.edge-layer[data-follows]'));
  await page.waitForTimeout(500);
  const after = await drawnPaths(page);
  const moved = own.filter((c) => after[c] && after[c] !== before[c]);
  const toast = await page.evaluate(() => document.querySelector('.toast')?.textContent ?? '');
  if (!/Not moved/.test(toast)) {
    assert.ok(moved.length > shownBefore.length * 0.9, `the hub's connectors drawn where it landed: ${moved.length}`);
  }
  assert.equal(await page.locator('.canvas-svg g.edge.ghost, .canvas-svg g.node.ghost').count(), 0, 'no ghost after the drop');
  await shot(page, 's42-hub-drop-1440');

  // A node with a few connectors: they are hidden in the diagram and drawn on the ghost layer.
  await page.keyboard.press('Escape');
  const degree = connectionCounts(design);
  const leaf = (await clickableLeaves(page, { margin: 80 })).find((l) => (degree.get(l.id) ?? 0) >= 1 && (degree.get(l.id) ?? 0) <= 8 && l.id !== id);
  assert.ok(leaf, 'a component with a few connectors in view');
  const mine = Object.values(design.connections).filter((c) => c.from === leaf.id || c.to === leaf.id).map((c) => c.id).sort();
  await page.mouse.move(leaf.x, leaf.y);
  await page.mouse.down();
  await page.mouse.move(leaf.x + 8, leaf.y + 6);
  for (let i = 1; i <= 4; i++) { await page.mouse.move(leaf.x + 8 + i * 6, leaf.y + 6 + i * 4); await page.waitForTimeout(20); }
  await page.waitForFunction((n) => Number(document.querySelector('canvas.edge-layer')?.getAttribute('data-follows')) === n, mine.length);
  await page.waitForTimeout(400);
  const ghosts = await page.$$eval('.canvas-svg g.edge.ghost', (gs) => gs.map((g) => g.dataset.conn).sort());
  const drawnMine = mine.filter((c) => before[c] || after[c]);
  assert.deepEqual(ghosts, drawnMine, 'a leaf\'s connectors, and only they, are ghosts in the diagram');
  assert.ok((await ghostBitmap(page))[0] > 0, 'the ghost layer is drawn for them');
  await page.keyboard.press('Escape');
  await page.mouse.up();
  await page.waitForFunction(() => !document.querySelector('.canvas-svg g.edge.ghost'));
  assert.deepEqual(log.errors, [], 'no page error');
  await page.close();
});
