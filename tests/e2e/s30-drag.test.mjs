// s30-drag: a container drag whose drop will be refused says so before the drop.
// Dragging a subnet that holds part of a band spanning AZs (three-tier's "Web app tasks", in
// Private a, b and c) into AZ a would leave the band with two subnets in AZ a: the drop is
// refused (`Edit::Reparent`). On main the preview showed AZ a as an allowed target and only
// the drop said no. Now the preview asks the engine the edit's question
// (`edit::check_reparent`): AZ a is shown refused with the reason next to the pointer, the drop
// changes nothing (no undo step, the design as it was) and tells the same reason.
// Screenshots of the drag at 1440×900 and 1024×768.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, openTemplate, panToMiddle } from './harness.mjs';

// E2E_DIST: another build's dist (main's, to see the test fail on the old code).
const app = await start(process.env.E2E_DIST ?? 'dist');
after(() => app.stop());

const VIEWPORTS = [{ width: 1440, height: 900 }, { width: 1024, height: 768 }];
const undoTitle = (page) => page.getAttribute('#undo', 'title');
const placement = (d) => JSON.stringify({ layout: d.layout, parents: Object.fromEntries(Object.entries(d.nodes).map(([id, n]) => [id, [n.parent ?? null, n.span ?? []]])) });

/** A world point (design units) in page pixels, read from the canvas's world transform. */
const toPage = (page, x, y) => page.evaluate(({ x, y }) => {
  const c = document.querySelector('.canvas').getBoundingClientRect();
  const [, tx, ty, z] = document.querySelector('.canvas g.world').getAttribute('transform').match(/translate\(([-\d.e]+) ([-\d.e]+)\) scale\(([-\d.e]+)\)/).map(Number);
  return { x: c.left + tx + x * z, y: c.top + ty + y * z };
}, { x, y });

const REASON = /“Private b” cannot go there: “Web app tasks” is placed in it, spanning AZs, and .* already has a subnet in AZ us-east-1a: one subnet per AZ/;

for (const viewport of VIEWPORTS) {
  test(`a subnet holding part of a band, dragged into the AZ of another of its subnets: shown refused with the reason, the drop changes nothing (${viewport.width}×${viewport.height})`, { timeout: 120_000 }, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await openTemplate(page, 'three-tier.json');
    await page.keyboard.press('-'); await page.waitForTimeout(300);
    let d = await savedDesign(page);
    assert.deepEqual([d.nodes.app.parent, ...d.nodes.app.span], ['private-a', 'private-b', 'private-c'], 'the template\'s band spans the private row');
    const [pb, pubA, privA, azA] = ['private-b', 'public-a', 'private-a', 'az-a'].map((id) => d.layout[id]);
    await panToMiddle(page, { x: azA.x, y: pb.y - 100, w: pb.x + pb.w - azA.x, h: 200 });
    await page.waitForFunction(() => document.querySelector('.canvas g.world')?.getAttribute('transform'));
    await page.waitForTimeout(300);
    await page.evaluate(() => { window.__t = []; new MutationObserver(() => { for (const t of document.querySelectorAll('.toast')) if (!window.__t.includes(t.textContent)) window.__t.push(t.textContent); }).observe(document.body, { childList: true, subtree: true, characterData: true }); });
    const before = placement(d);
    const undo = await undoTitle(page);

    // Grab Private b by its label strip; its centre goes to the gap between Public a and
    // Private a: inside AZ a, in no subnet (the offset is a multiple of the 10-unit grid).
    const grab = { x: pb.x + 60, y: pb.y + 12 };
    const by = { x: Math.round((azA.x + azA.w / 2 - (pb.x + pb.w / 2)) / 10) * 10, y: Math.round(((pubA.y + pubA.h + privA.y) / 2 - (pb.y + pb.h / 2)) / 10) * 10 };
    const centreY = pb.y + pb.h / 2 + by.y;
    assert.ok(centreY > pubA.y + pubA.h && centreY < privA.y, 'the held subnet\'s centre lands between two subnets of AZ a');
    const from = await toPage(page, grab.x, grab.y);
    const to = await toPage(page, grab.x + by.x, grab.y + by.y);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) { await page.mouse.move(from.x + (to.x - from.x) * i / 12, from.y + (to.y - from.y) * i / 12); await page.waitForTimeout(25); }
    // Still held: AZ a is shown refused, with the reason next to the pointer.
    await page.waitForFunction(() => document.querySelector('.canvas-svg g.node.drop-refused[data-node="az-a"]') && document.querySelector('.drop-why'), null, { timeout: 5000 });
    const shown = await page.evaluate(() => ({
      allowed: document.querySelectorAll('.drop-target').length,
      why: document.querySelector('.drop-why')?.textContent ?? '',
      box: document.querySelector('.drop-why')?.getBoundingClientRect().toJSON(),
      canvas: document.querySelector('.canvas').getBoundingClientRect().toJSON(),
    }));
    await shot(page, `s30-drag-refused-${viewport.width}`);
    assert.equal(shown.allowed, 0, 'no container is shown as allowed');
    assert.match(shown.why, REASON);
    assert.ok(shown.box.left >= shown.canvas.left && shown.box.right <= shown.canvas.right + 0.5 && shown.box.top >= shown.canvas.top && shown.box.bottom <= shown.canvas.bottom + 0.5, `the reason is inside the canvas: ${JSON.stringify(shown)}`);
    assert.ok(Math.abs(shown.box.left - to.x) < 60 && shown.box.top > to.y - 100 && shown.box.top < to.y + 60, `the reason is next to the pointer: ${JSON.stringify({ box: shown.box, to })}`);

    // Dropped: nothing changes, the same reason is told, and the hint is gone.
    await page.mouse.up();
    await page.waitForFunction(() => window.__t.length > 0 && !document.querySelector('.drop-why') && !document.querySelector('.drop-refused'), null, { timeout: 5000 });
    assert.match(await page.evaluate(() => window.__t.join('\n')), REASON);
    assert.equal(await undoTitle(page), undo, 'no undo step was added');
    d = await savedDesign(page);
    assert.equal(placement(d), before, 'the design is as it was');
    assertClean(log);
    await context.close();
  });
}
