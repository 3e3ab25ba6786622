// s32-place: "no free spot in the view" is one answer (`place::spot_in`, `NoRoomInView`) for
// every placement at the top level; each caller says what it does with it. A paste is a
// command, not aimed at a spot: when the view has no free spot for the copies (here the view
// is all VPC, and the copies belong at the top level) they go where they would with no view
// (the nearest free spot to the originals, offset), the view pans to show them, selected, and
// a message says why the view moved. On main the copies went out of sight and the message said
// only "Pasted 3 components". A palette drop there, aimed at a spot, is refused by the same
// search, with the reason of the VPC under the pointer.
// Screenshots at 1440×900 and 1024×768.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, assertClean, shot, savedDesign, importDesign, panToMiddle, dropKind } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });
const dir = mkdtempSync(join(tmpdir(), 's32-place-'));

// Three Lambda functions at the top level, above a VPC far larger than the screen at 100%.
const design = {
  schema_version: 2,
  name: 'a screen full of VPC',
  region: 'us-east-1',
  nodes: {
    vpc: { id: 'vpc', kind: 'vpc', label: 'Big VPC', props: { cidr: '10.0.0.0/16' } },
    f1: { id: 'f1', kind: 'lambda', label: 'Fn one' },
    f2: { id: 'f2', kind: 'lambda', label: 'Fn two' },
    f3: { id: 'f3', kind: 'lambda', label: 'Fn three' },
  },
  connections: {},
  layout: {
    vpc: { x: 0, y: 200, w: 4000, h: 3000 },
    f1: { x: 0, y: 0, w: 112, h: 72 },
    f2: { x: 160, y: 0, w: 112, h: 72 },
    f3: { x: 320, y: 0, w: 112, h: 72 },
  },
};

/** Ids of the nodes drawn wholly inside the canvas. */
const inCanvas = (page) => page.evaluate(() => {
  const c = document.querySelector('.canvas').getBoundingClientRect();
  return [...document.querySelectorAll('.canvas-svg g.node[data-node]')].filter((g) => {
    const r = (g.querySelector('.hit') ?? g).getBoundingClientRect();
    return r.left >= c.left - 0.5 && r.top >= c.top - 0.5 && r.right <= c.right + 0.5 && r.bottom <= c.bottom + 0.5;
  }).map((g) => g.dataset.node);
});

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`${viewport.width}×${viewport.height}: a paste with no free space in view goes out of it, and the view moves to show it`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await importDesign(page, design, join(dir, `full-${viewport.width}.json`));
    // 100% at the top-left (Shift+0): the three functions full size; select and copy them.
    await page.keyboard.press('Shift+0');
    await page.locator('.canvas-svg g.node[data-node="f1"] .hit').waitFor();
    // (At each one's middle: its icon, drawn over the hit area, takes the click for it.)
    await page.click('.canvas-svg g.node[data-node="f1"] .hit', { force: true });
    await page.click('.canvas-svg g.node[data-node="f2"] .hit', { modifiers: ['Shift'], force: true });
    await page.click('.canvas-svg g.node[data-node="f3"] .hit', { modifiers: ['Shift'], force: true });
    await page.waitForFunction(() => document.querySelectorAll('.canvas-svg g.node.selected').length === 3);
    await page.keyboard.press('Control+c');
    await page.locator('.toast:has-text("Copied 3")').waitFor();

    // The view to the VPC's middle: all of it VPC, no free spot for a top-level component.
    await panToMiddle(page, design.layout.vpc);
    await page.waitForFunction(() => document.querySelectorAll('.canvas-svg g.node[data-node^="f"]').length === 0);
    const before = await savedDesign(page);
    await page.keyboard.press('Control+v');
    const toast = page.locator('.toast:has-text("Pasted 3 components")');
    await toast.waitFor();
    assert.match(await toast.textContent(), /Pasted 3 components out of the view \(it had no free space for them\); the view moved to show them/);

    // The copies: at the top level, off the VPC and the originals, drawn inside the canvas
    // (the view moved to them), and selected.
    const after = await savedDesign(page);
    const added = Object.keys(after.nodes).filter((id) => !before.nodes[id]);
    assert.equal(added.length, 3, `three copies: ${added}`);
    for (const id of added) assert.equal(after.nodes[id].parent, undefined, `${id} at the top level`);
    await page.waitForFunction((ids) => ids.every((id) => document.querySelector(`.canvas-svg g.node[data-node="${id}"].selected`)), added);
    const shown = await inCanvas(page);
    assert.deepEqual(added.filter((id) => !shown.includes(id)), [], `every copy in view (${JSON.stringify(added.map((id) => after.layout[id]))})`);
    const v = after.layout.vpc;
    for (const id of added) {
      const r = after.layout[id];
      assert.ok(r.x + r.w <= v.x || r.x >= v.x + v.w || r.y + r.h <= v.y || r.y >= v.y + v.h, `${id} ${JSON.stringify(r)} off the VPC`);
    }
    await shot(page, `s32-place-paste-beside-${viewport.width}`);
    // One undo step takes the paste back.
    await page.keyboard.press('Control+z');
    await page.waitForFunction((id) => !document.querySelector(`.canvas-svg g.node[data-node="${id}"]`), added[0]);

    // A palette drop there, aimed at a spot, is refused by the same search: the Lambda
    // function is sent to the top level (a VPC may not hold it), the view has no free spot
    // for it, and the reason is the VPC's (where it may go); nothing is added.
    await panToMiddle(page, design.layout.vpc);
    await page.waitForFunction(() => document.querySelectorAll('.canvas-svg g.node[data-node^="f"]').length === 0);
    const c = await page.locator('.canvas').boundingBox();
    const undoBefore = await page.getAttribute('#undo', 'title');
    await dropKind(page, 'lambda', c.x + c.width / 2, c.y + c.height / 2);
    const refused = page.locator('.toast.error:has-text("cannot sit in a VPC")');
    await refused.waitFor();
    assert.match(await refused.textContent(), /Lambda function cannot sit in a VPC: it belongs/);
    await shot(page, `s32-place-drop-refused-${viewport.width}`);
    assert.equal(Object.keys((await savedDesign(page)).nodes).length, Object.keys(before.nodes).length, 'nothing added');
    assert.equal(await page.getAttribute('#undo', 'title'), undoBefore, 'no edit');
    assertClean(log);
    await context.close();
  });
}
