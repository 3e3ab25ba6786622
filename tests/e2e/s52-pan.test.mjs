// Issue 20 (s52-pan): a paste of many whose copies go out of the view pans to them in a task of
// its own (s47-paste), and that task made the copies' views and unmounted the originals' — at
// 1,000 components the longest task after Ctrl+V (55–62 ms CPU, s50-quiet). Now the copies'
// views are made a task before the pan (in the area it is about to show, out of the view) and
// the views it leaves behind are unmounted in a task after its frame (`AppState::also_drawn`).
// Fails on c4e37db's build (its pan's task unmounts 58–76 views at 300).
// Checked on sample-300 (all copied, pasted out of the view) at 1440×900 and 1024×768:
// - the task that pans (the world layer's transform written) mounts and unmounts no node view:
//   every removal comes in a later frame, every copy's view in an earlier one;
// - once idle, the views drawn are exactly the nodes in the view's area (its 200 px margin):
//   none of the originals left behind is still drawn, every copy there is;
// - a click on a copy selects it (its form shows).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, barSettled, savedDesign, shot, sampleFile, importSample, viewT, visiblePoint } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const NOTE = 'the view moved to show them';
// The margin (canvas px) around the view within which nodes are drawn (`canvas::Canvas`'s visible set).
const MARGIN = 200;
const meets = (r, a) => r.x < a.x + a.w && a.x < r.x + r.w && r.y < a.y + a.h && a.y < r.y + r.h;

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`${viewport.width}×${viewport.height}: a paste of 300 out of the view — the pan's task mounts and unmounts no view; once idle the views drawn are those in the view`, { timeout: 600_000 }, async () => {
    // As `openCopiedSample` does, at this size.
    const { page, log, context } = await app.open('/', { viewport });
    await importSample(page, sampleFile(300));
    await barSettled(page, { timeout: 300_000 });
    await page.waitForTimeout(1000);
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+c');
    await page.waitForFunction(() => /Copied \d+ component/.test(document.body.innerText), null, { timeout: 60_000 });
    const ids0 = new Set(Object.keys((await savedDesign(page)).nodes));

    // Each view mounted or unmounted in the world layer, and the pan (its transform written),
    // by the frame they came in (a frame counter kept by requestAnimationFrame).
    const events = await page.evaluate(async (NOTE) => {
      const world = document.querySelector('.canvas-svg g.world');
      const out = [];
      let frame = 0;
      let on = true;
      const tick = () => { frame++; if (on) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      const mo = new MutationObserver((ms) => {
        for (const m of ms) {
          if (m.type === 'attributes') out.push({ frame, pan: true });
          else {
            for (const n of m.addedNodes) if (n.dataset?.node) out.push({ frame, added: n.dataset.node });
            for (const n of m.removedNodes) if (n.dataset?.node) out.push({ frame, removed: n.dataset.node });
          }
        }
      });
      mo.observe(world, { childList: true, attributes: true, attributeFilter: ['transform'] });
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'v', code: 'KeyV', ctrlKey: true, bubbles: true, cancelable: true }));
      // Until the note shows, then 30 frames more (the views left behind go after the pan's frame).
      await new Promise((done) => {
        const wait = () => {
          if (document.querySelector('.toast-text')?.textContent.includes(NOTE)) {
            let k = 0;
            const more = () => (++k > 30 ? done() : requestAnimationFrame(more));
            requestAnimationFrame(more);
          } else requestAnimationFrame(wait);
        };
        requestAnimationFrame(wait);
      });
      on = false;
      mo.takeRecords();
      mo.disconnect();
      return out;
    }, NOTE);
    const pans = events.filter((e) => e.pan);
    // A view moved in the DOM (the keyed list's `insertBefore` of a kept view) is removed and
    // added in the same frame: not a view unmounted or made.
    const moved = new Set(events.filter((e) => e.added).map((e) => `${e.frame} ${e.added}`));
    const gone = new Set(events.filter((e) => e.removed).map((e) => `${e.frame} ${e.removed}`));
    const removed = events.filter((e) => e.removed && !moved.has(`${e.frame} ${e.removed}`));
    const added = events.filter((e) => e.added && !gone.has(`${e.frame} ${e.added}`));
    const panFrame = pans[0]?.frame;
    console.log(JSON.stringify({ viewport, pans: pans.map((p) => p.frame), removed: removed.length, added: added.length, moved: [...moved].filter((k) => gone.has(k)).length,
      removedFrames: [...new Set(removed.map((e) => e.frame))], addedFrames: [...new Set(added.map((e) => e.frame))] }));
    assert.equal(pans.length, 1, 'the view panned once');
    assert.ok(removed.length > 0 && added.length > 0, 'the pan took views down and put views up (else this test checks nothing)');
    assert.deepEqual(removed.filter((e) => e.frame === panFrame).map((e) => e.removed), [], 'no view is unmounted in the pan\'s task');
    assert.ok(removed.every((e) => e.frame > panFrame), 'the views left behind are unmounted after the pan\'s frame');
    assert.deepEqual(added.filter((e) => e.frame === panFrame).map((e) => e.added), [], 'no view is mounted in the pan\'s task: the copies\' are made before it');
    assert.ok(removed.every((e) => ids0.has(e.removed)), 'only originals\' views are unmounted');

    // Once idle: the drawn views are the nodes in the view's area.
    await barSettled(page);
    await page.waitForTimeout(500);
    const d = await savedDesign(page);
    assert.equal(Object.keys(d.nodes).length, 2 * ids0.size, 'the paste was applied');
    const [tx, ty, zoom] = await viewT(page);
    const { w, h } = await page.evaluate(() => { const r = document.querySelector('.canvas').getBoundingClientRect(); return { w: r.width, h: r.height }; });
    const area = { x: (-MARGIN - tx) / zoom, y: (-MARGIN - ty) / zoom, w: (w + 2 * MARGIN) / zoom, h: (h + 2 * MARGIN) / zoom };
    const grow = (a, by) => ({ x: a.x - by, y: a.y - by, w: a.w + 2 * by, h: a.h + 2 * by });
    const drawn = new Set(await page.evaluate(() => [...document.querySelectorAll('.canvas-svg g.world > g[data-node]')].map((g) => g.dataset.node)));
    const outside = [...drawn].filter((id) => !d.layout[id] || !meets(d.layout[id], grow(area, 1)));
    const missing = Object.keys(d.layout).filter((id) => d.nodes[id] && meets(d.layout[id], grow(area, -1)) && !drawn.has(id));
    const copiesDrawn = [...drawn].filter((id) => !ids0.has(id));
    console.log(JSON.stringify({ drawn: drawn.size, copiesDrawn: copiesDrawn.length, outside: outside.length, missing: missing.length }));
    assert.deepEqual(outside, [], 'no view is drawn out of the view\'s area once idle (the originals left behind are gone)');
    assert.deepEqual(missing, [], 'every node in the view\'s area is drawn');
    assert.ok(copiesDrawn.length > 0, 'the copies are drawn');

    // A click on a copy selects it.
    await page.keyboard.press('Escape');
    let clicked = null;
    for (const id of copiesDrawn.filter((id) => !d.nodes[id].kind.match(/vpc|subnet|az|region/))) {
      const p = await visiblePoint(page, id);
      if (!p) continue;
      await page.mouse.click(p.x, p.y);
      clicked = id;
      break;
    }
    assert.ok(clicked, 'a copy shows somewhere to click');
    await page.waitForSelector(`.inspector[data-node="${clicked}"]`, { timeout: 30_000 });
    await shot(page, `s52-pan-${viewport.width}`);
    assertClean(log);
    await context.close();
  });
}
