// Issue 20, an edit's frame at 300 nodes (BENCHMARKS.md s39-edit):
// 1. The workspace's grid has one row of its own height (styles/app.css `.workspace`): with an
//    auto row, any change in the side panel made the grid measure the canvas at its content
//    height first, so the canvas's svg changed size twice inside the frame's layout and
//    Chromium laid out every object of the diagram again (~414 "SVG changed" layout
//    invalidations after a delete at 300 nodes; the labels' text each time). Checked in a
//    Chrome trace of the delete's frame.
// 2. An undo that puts back a component with several connectors inserts those elements only
//    (vendor/tachys: the keyed list's diff moved every later connector's element in the DOM:
//    ~106 removed and ~111 inserted for `db-100`'s 4 connectors). The diagram's elements are
//    in the same order as before the delete.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, sampleFile, importSample, clickableLeaves, selectNode, shot } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const settled = (page) => page.waitForFunction(() => document.querySelector('.totals-bar')?.dataset.updating === 'false' && document.querySelector('.totals-bar')?.dataset.pending === 'false', null, { timeout: 180_000 });

/** Presses `key` on the window (Ctrl with z) and waits until the bar shows the edit's analysis. */
async function edit(page, key) {
  const rev = await page.getAttribute('.totals-bar', 'data-rev');
  await page.evaluate((key) => window.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: key === 'z', bubbles: true, cancelable: true })), key);
  await page.waitForFunction((rev) => Number(document.querySelector('.totals-bar').dataset.rev) > Number(rev), rev, { timeout: 60_000 });
  await settled(page);
}

async function open300(viewport) {
  const { page, log, context } = await app.open('/?analysis=page', viewport ? { viewport } : undefined);
  await importSample(page, sampleFile(300), { timeout: 300_000 });
  await settled(page);
  await page.keyboard.press('Shift+!');
  await page.waitForTimeout(500);
  return { page, log, context };
}

async function select(page, id) {
  const leaf = (await clickableLeaves(page)).find((l) => l.id === id);
  assert.ok(leaf, `${id} is drawn and clickable`);
  await page.mouse.click(leaf.x, leaf.y);
  await page.waitForFunction((id) => document.querySelector(`.canvas-svg g.node[data-node="${id}"]`)?.classList.contains('selected'), id);
}

test('a delete\'s frame does not lay the whole diagram out again', { timeout: 600_000 }, async () => {
  const { page, log, context } = await open300();
  // The grid's row is the workspace's height: the canvas and the side panel fill it, and the
  // side panel scrolls its own content (as before).
  const geo = await page.evaluate(() => {
    const h = (s) => document.querySelector(s).getBoundingClientRect().height;
    return { workspace: h('.workspace'), canvas: h('.canvas'), svg: h('.canvas-svg'), side: h('.sidepanel') };
  });
  assert.deepEqual(geo, { workspace: geo.workspace, canvas: geo.workspace, svg: geo.workspace, side: geo.workspace }, 'canvas and side panel as tall as the workspace');
  const leaf = (await clickableLeaves(page))[3];
  await select(page, leaf.id);
  await page.waitForTimeout(300);
  await app.browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline.invalidationTracking'] });
  await page.evaluate(() => new Promise((done) => {
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true, cancelable: true }));
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)));
  }));
  const events = JSON.parse((await app.browser.stopTracing()).toString()).traceEvents;
  const svgChanged = events.filter((e) => e.name === 'LayoutInvalidationTracking' && e.args?.data?.reason === 'SVG changed').length;
  const resized = events.filter((e) => e.name === 'LayoutInvalidationTracking' && e.args?.data?.reason === 'Size changed' && /canvas-svg/.test(e.args?.data?.nodeName ?? '')).length;
  assert.equal(await page.locator(`.canvas-svg g.node[data-node="${leaf.id}"]`).count(), 0, 'the leaf was deleted');
  // (Main: 414 and 1 — every node, label and badge laid out again.)
  assert.ok(svgChanged < 50, `the diagram's objects laid out again by the delete's frame: ${svgChanged}`);
  assert.equal(resized, 0, 'the canvas\'s svg did not change size within the frame');
  await page.click('#tab-findings');
  await page.waitForTimeout(300);
  assert.ok(await page.evaluate(() => { const s = document.querySelector('.sidepanel'); return s.scrollHeight > s.clientHeight * 5; }), 'the findings scroll inside the side panel');
  assertClean(log);
  await context.close();
});

test('undoing the delete of a component with four connectors inserts its elements only', { timeout: 600_000 }, async () => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
    const { page, log, context } = await open300(viewport);
    const order = () => page.evaluate(() => [...document.querySelector('.canvas-svg g.world').children].map((g) => g.getAttribute('data-node') ?? g.getAttribute('data-conn') ?? g.tagName));
    // db-100: a database with 4 connectors (c519, c521, c534, c541 in the seeded estate).
    await selectNode(page, 'db-100');
    await page.waitForTimeout(300);
    const before = await order();
    await edit(page, 'Delete');
    const deleted = await order();
    assert.deepEqual(before.filter((x) => !deleted.includes(x)).sort(), ['c519', 'c521', 'c534', 'c541', 'db-100']);
    await page.evaluate(() => {
      window.__moves = { added: 0, removed: 0 };
      const world = document.querySelector('.canvas-svg g.world');
      new MutationObserver((ms) => { for (const m of ms) if (m.target === world) { window.__moves.added += m.addedNodes.length; window.__moves.removed += m.removedNodes.length; } })
        .observe(world, { childList: true });
    });
    await edit(page, 'z');
    await page.waitForTimeout(200);
    const moves = await page.evaluate(() => window.__moves);
    // 5 elements put back (the component and its 4 connectors); a move is a removal and an
    // insertion, at most one per run of insertions. (Main: 111 inserted, 106 removed.)
    assert.ok(moves.added <= 10 && moves.removed <= 5, `elements inserted / removed by the undo: ${moves.added} / ${moves.removed}`);
    assert.deepEqual(await order(), before, 'the diagram\'s elements in the order they were before the delete');
    await shot(page, `s24-edit-undo-${viewport.width}`);
    assertClean(log);
    await context.close();
  }
});
