// s31-place, QA: on a 1,000-node design a component dragged from the palette onto an empty
// area of a VPC that may not hold it (a Lambda function belongs at the top level or in a
// subnet) went to the top level's nearest free spot — with the view all VPC, above the VPC at
// y = −60, out of sight, and nothing said. Now a drop never lands out of sight: it lands in
// view, or it is refused with the reason shown where it was dropped.
// Screenshots at 1440×900 and 1024×768.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, sampleFile, importSample, dropKind } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

/** The view's world rectangle, from the world group's transform and the canvas's size. */
const visibleWorld = (page) => page.evaluate(() => {
  const c = document.querySelector('.canvas').getBoundingClientRect();
  const [, tx, ty, z] = document.querySelector('.canvas g.world').getAttribute('transform').match(/translate\(([-\d.e]+) ([-\d.e]+)\) scale\(([-\d.e]+)\)/).map(Number);
  return { x: -tx / z, y: -ty / z, w: c.width / z, h: c.height / z };
});

/** A page point of the canvas, clear of its edges, where nothing is drawn but the VPC is the
 * innermost container under it (an empty area of the VPC). */
const emptyVpcSpot = (page) => page.evaluate(() => {
  const c = document.querySelector('.canvas').getBoundingClientRect();
  const frames = [...document.querySelectorAll('.canvas-svg g.node.container')].map((g) => ({ id: g.dataset.node, r: g.querySelector('.frame').getBoundingClientRect() }));
  const innermost = (x, y) => frames.filter((f) => x >= f.r.x && x <= f.r.right && y >= f.r.y && y <= f.r.bottom)
    .sort((a, b) => a.r.width * a.r.height - b.r.width * b.r.height)[0]?.id;
  for (let y = c.top + 80; y < c.bottom - 80; y += 8) {
    for (let x = c.left + 80; x < c.right - 80; x += 8) {
      const el = document.elementFromPoint(x, y);
      if (el && el.classList.contains('canvas-svg') && innermost(x, y) === 'vpc') return { x, y };
    }
  }
  return null;
});

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`${viewport.width}×${viewport.height}: a Lambda function dropped on an empty area of a 1,000-node design's VPC lands in view or is refused, saying why`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await importSample(page, sampleFile(1000), { timeout: 300_000 });
    await page.locator('.canvas-svg g.node.container[data-node="vpc"]').waitFor();
    const before = await savedDesign(page);
    // Fit shows the whole design (s31-ux; it used to stop at 70%, where at 1024 px the view
    // could be all subnets): zoomed out step by step ("-", 1/1.2 each) until an empty area of
    // the VPC shows, should none be in view.
    let spot = await emptyVpcSpot(page);
    for (let i = 0; i < 12 && !spot; i++) {
      await page.keyboard.press('-');
      await page.waitForTimeout(150);
      spot = await emptyVpcSpot(page);
    }
    assert.ok(spot, 'an empty area of the VPC in view');
    const view = await visibleWorld(page);
    const undo = await page.getAttribute('#undo', 'title');
    await dropKind(page, 'lambda', spot.x, spot.y);
    // Settled: an edit made (the canvas draws only what is in view, so a count of drawn nodes
    // cannot tell), or the refusal shown. Since s46-place a Lambda function dropped on the VPC
    // goes into the VPC's subnet nearest the point (`place::aimed_parent`).
    await page.waitForFunction((u) => document.querySelector('#undo').getAttribute('title') !== u
      || /cannot sit in/.test(document.querySelector('.toast.error')?.textContent ?? ''), undo, { timeout: 60_000 });
    await shot(page, `s31-place-vpc-drop-${viewport.width}`);
    const after = await savedDesign(page);
    const added = Object.keys(after.nodes).filter((id) => !before.nodes[id]);
    if (added.length) {
      // In the view after the drop: since s47-place a Lambda function goes into the nearest
      // subnet where it raises no error (a private one, QA s31 F5), whose nearest free spot
      // may lie past the view's edge; the view then follows it (`placing::follow`).
      const view = await visibleWorld(page);
      const r = after.layout[added[0]];
      const inView = r.x >= view.x && r.y >= view.y && r.x + r.w <= view.x + view.w && r.y + r.h <= view.y + view.h;
      assert.ok(inView, `the new ${added[0]} at ${JSON.stringify(r)} lies in the view ${JSON.stringify(view)}`);
    } else {
      const toast = await page.textContent('.toast.error');
      assert.match(toast, /Lambda function cannot sit in a VPC: it belongs/);
      assert.equal(await page.getAttribute('#undo', 'title'), 'Nothing to undo', 'no edit');
    }
    assertClean(log);
    await context.close();
  });
}
