// Selecting a component draws its outline and handles in a layer of their own over the diagram
// (issue 20: selecting the 613-connector hub of a 1,000-node estate re-rasterised the diagram's
// tiles around it, where all its dashed connectors meet — ~164 ms): the diagram's own elements
// look exactly as before the press (the same computed style), the outline lies on the
// component's box, a container has its resize handle, the handles work (a connector pulled from
// one), deselecting empties the layer, and while a selected component is dragged its moving copy
// is outlined instead. Screenshots at 1440×900 and 1024×768.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, visiblePoint } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

/** The computed look of every element of a drawn node in the diagram. */
const diagramLook = (page, id) => page.evaluate((id) => [...document.querySelectorAll(`.canvas-svg g.node[data-node="${id}"] *`)].map((el) => {
  const s = getComputedStyle(el);
  return `${el.tagName}.${el.getAttribute('class') ?? ''}: ${s.stroke} ${s.strokeWidth} ${s.fill} ${s.strokeDasharray} ${s.opacity} ${s.display}`;
}), id);

const box = async (page, sel) => {
  const b = await page.locator(sel).boundingBox();
  return b && [b.x, b.y, b.width, b.height].map((v) => Math.round(v));
};
const near = (a, b, tol = 2) => a && b && a.every((v, i) => Math.abs(v - b[i]) <= tol);

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`${viewport.width}×${viewport.height}: the selection is drawn over the diagram, which the press leaves as it was`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await page.locator('.canvas-svg g.node.leaf').first().waitFor();
    await page.waitForTimeout(800);
    // A component in view, clickable at its centre.
    const leaf = await page.evaluate(() => {
      const c = document.querySelector('.canvas').getBoundingClientRect();
      for (const g of document.querySelectorAll('.canvas-svg g.node.leaf:not(.spanning)')) {
        const r = g.querySelector('.hit').getBoundingClientRect();
        const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
        if (x > c.left + 80 && x < c.right - 120 && y > c.top + 80 && y < c.bottom - 120 && document.elementFromPoint(x, y)?.closest('g.node') === g) return { id: g.dataset.node, x, y };
      }
      return null;
    });
    assert.ok(leaf, 'a component in view');
    // Nothing selected yet (the starter design may open with a component selected).
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('.canvas-svg g.node.selected'));
    // The pointer over it first: its hover look is not the press's doing.
    await page.mouse.move(leaf.x, leaf.y);
    await page.waitForTimeout(200);
    const was = await diagramLook(page, leaf.id);
    await page.mouse.click(leaf.x, leaf.y);
    await page.locator(`.inspector[data-node="${leaf.id}"]`).waitFor();
    await page.waitForTimeout(200);
    assert.equal(await page.locator(`.canvas-svg g.node.selected[data-node="${leaf.id}"]`).count(), 1, 'the diagram\'s node is marked selected');
    assert.ok(was.length >= 3, `the component's elements: ${was.length}`);
    assert.deepEqual(await diagramLook(page, leaf.id), was, 'the press changes nothing the diagram draws');
    const hit = await box(page, `.canvas-svg g.node[data-node="${leaf.id}"] .hit`);
    assert.ok(near(await box(page, `.selection-layer g[data-sel="${leaf.id}"] .sel-outline`), hit), 'the outline lies on the component');
    const outline = await page.evaluate((id) => { const s = getComputedStyle(document.querySelector(`.selection-layer g[data-sel="${id}"] .sel-outline`)); return [s.stroke, s.strokeWidth]; }, leaf.id);
    assert.deepEqual(outline, ['rgb(9, 114, 211)', '2px'], 'drawn as a selected component was');
    assert.equal(await page.locator(`.selection-layer g[data-sel="${leaf.id}"] .connect-handle`).count(), 1, 'with its connect handle');
    assert.equal(await page.locator(`.selection-layer g[data-sel="${leaf.id}"] .resize-handle`).count(), 0, 'a component has no resize handle');
    await shot(page, `s27-selected-${viewport.width}`);

    // The handle works: a connector pulled from it.
    const h = await page.locator(`.selection-layer g[data-sel="${leaf.id}"] .connect-handle`).boundingBox();
    await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 5; i++) { await page.mouse.move(h.x + i * 12, h.y + i * 9); await page.waitForTimeout(20); }
    await page.locator('.connect-preview').waitFor();
    await page.keyboard.press('Escape');
    await page.mouse.up();
    await page.waitForTimeout(200);

    // While it is dragged, its moving copy is outlined and the layer's mark is hidden.
    await page.mouse.move(leaf.x, leaf.y);
    await page.mouse.down();
    for (let i = 1; i <= 6; i++) { await page.mouse.move(leaf.x + i * 6, leaf.y + i * 4); await page.waitForTimeout(20); }
    await page.locator(`.drag-layer g.node[data-node="${leaf.id}"]`).waitFor();
    assert.equal(await page.evaluate((id) => getComputedStyle(document.querySelector(`.drag-layer g.node[data-node="${id}"] .hit`)).stroke, leaf.id), 'rgb(9, 114, 211)', 'the moving copy is outlined');
    assert.equal(await page.locator(`.selection-layer g[data-sel="${leaf.id}"]`).isVisible(), false, 'the mark where it was is hidden');
    await page.keyboard.press('Escape');
    await page.mouse.up();
    await page.waitForTimeout(200);
    assert.equal(await page.locator(`.selection-layer g[data-sel="${leaf.id}"]`).isVisible(), true, 'shown again when the drag ends');

    // A container: its frame outlined, with the resize handle.
    const parent = await page.evaluate((id) => {
      const [tx, ty] = document.querySelector(`.canvas-svg g.node[data-node="${id}"]`).getAttribute('transform').match(/-?[\d.]+/g).map(Number);
      const cs = [...document.querySelectorAll('.canvas-svg g.node.container')].filter((g) => {
        const [x, y] = g.getAttribute('transform').match(/-?[\d.]+/g).map(Number);
        const f = g.querySelector('.frame');
        return tx >= x && ty >= y && tx <= x + Number(f.getAttribute('width')) && ty <= y + Number(f.getAttribute('height'));
      });
      return cs.at(-1)?.dataset.node ?? null;
    }, leaf.id);
    assert.ok(parent, 'the component\'s container is drawn');
    const at = await visiblePoint(page, parent, { from: 'top' });
    await page.mouse.move(at.x, at.y);
    await page.waitForTimeout(200);
    const wasFrame = await diagramLook(page, parent);
    await page.mouse.click(at.x, at.y);
    await page.locator(`.inspector[data-node="${parent}"]`).waitFor();
    await page.waitForTimeout(200);
    assert.deepEqual(await diagramLook(page, parent), wasFrame, 'selecting a container changes nothing the diagram draws');
    assert.ok(near(await box(page, `.selection-layer g[data-sel="${parent}"] .sel-outline`), await box(page, `.canvas-svg g.node[data-node="${parent}"] .frame`)), 'the outline lies on the frame');
    assert.equal(await page.locator(`.selection-layer g[data-sel="${parent}"] .resize-handle`).count(), 1, 'a container has its resize handle');
    assert.equal(await page.locator(`.selection-layer g[data-sel="${leaf.id}"]`).count(), 0, 'the component selected before is no longer outlined');
    await shot(page, `s27-selected-container-${viewport.width}`);

    // Deselected: the layer is empty.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('.selection-layer g.sel-mark'));
    assertClean(log);
    await context.close();
  });
}
