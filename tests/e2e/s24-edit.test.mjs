// Issue 20, an edit's frame at 300 nodes (BENCHMARKS.md s24-edit):
// The workspace's grid has one row of its own height (styles/app.css `.workspace`): with an
//   auto row, any change in the side panel made the grid measure the canvas at its content
//   height first, so the canvas's svg changed size twice inside the frame's layout and
//   Chromium laid out every object of the diagram again (~414 "SVG changed" layout
//   invalidations after a delete at 300 nodes; the labels' text each time). Checked in a
//   Chrome trace of the delete's frame.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, sampleFile, importSample, clickableLeaves, shot } from './harness.mjs';

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
