// s26-lead: what session 25's QA pass (/work/notes/s25/qa.md) left and session 26's lead fixed,
// in Chromium.
//  cosmetic  A selected component whose label is wider than its box ("Internet gateway 2",
//            dropped beside another) was outlined narrower than its name, as if the selection
//            took part of it. The outline now holds the label (geometry::selection_box).
//  s26 P-6a  A paste with no free space in view moved the view to the copies; its Undo left the
//            view there, on empty canvas, under a note that the view had moved. Undo pans back
//            (and takes the note away), Redo pans again, as a drop's follow pan does.
//  s26 P-3a  A refused value's field was marked for the eye only (red border, message): it is
//            now aria-invalid and described by its message while the message shows.
//  s23 #19   A component spanning AZs (a band) was all but transparent: the AZ borders it
//            crosses ran through its icon and name. It is filled as the SVG export fills it.
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, barSettled, shot, selectNode, openTemplate, savedDesign, viewT, pasteAll } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

/** The selected component's outline, its box and its label's text (page px). */
const boxes = (page, id) => page.evaluate((id) => {
  const b = (e) => { const r = e.getBoundingClientRect(); return { l: r.left, t: r.top, r: r.right, b: r.bottom }; };
  const g = document.querySelector(`.canvas-svg g.node[data-node="${id}"]`);
  return { outline: b(document.querySelector(`.selection-layer g[data-sel="${id}"] .sel-outline`)), hit: b(g.querySelector('.hit')), text: b(g.querySelector('text.label')), handle: b(document.querySelector(`.selection-layer g[data-sel="${id}"] .connect-handle`)) };
}, id);

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`at ${w}×${h}, a selected component's outline holds its whole label`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    const id = 'nat-a';
    await selectNode(page, id);
    const narrow = await boxes(page, id);
    // A short label: the outline is the component's box, as before.
    for (const k of ['l', 't', 'r', 'b']) assert.ok(Math.abs(narrow.outline[k] - narrow.hit[k]) < 1.5, `${k}: outline ${narrow.outline[k]} box ${narrow.hit[k]}`);
    const field = page.locator('.inspector label.field', { hasText: 'Label' }).locator('input');
    for (const label of ['NAT gateway of the public subnet', 'Egress NAT gateway 22']) {
      await field.fill(label);
      await field.press('Enter');
      await page.waitForFunction(([id, label]) => document.querySelector(`.canvas-svg g.node[data-node="${id}"] text.label`)?.textContent.replace(/\s+/g, ' ').trim() === label, [id, label]);
      await page.waitForTimeout(100);
      const b = await boxes(page, id);
      assert.ok(b.text.r - b.text.l > b.hit.r - b.hit.l, `"${label}" is wider than its box`);
      for (const k of ['l', 't']) assert.ok(b.outline[k] <= b.text[k] + 0.5 && b.outline[k] <= b.hit[k] + 0.5, `${label}: outline ${k} ${b.outline[k]}, text ${b.text[k]}, box ${b.hit[k]}`);
      for (const k of ['r', 'b']) assert.ok(b.outline[k] >= b.text[k] - 0.5 && b.outline[k] >= b.hit[k] - 0.5, `${label}: outline ${k} ${b.outline[k]}, text ${b.text[k]}, box ${b.hit[k]}`);
      // The connect handle sits on the outline's right edge.
      assert.ok(Math.abs((b.handle.l + b.handle.r) / 2 - b.outline.r) < 2, `handle at ${(b.handle.l + b.handle.r) / 2}, outline ends ${b.outline.r}`);
      await shot(page, `s26-lead-outline-${w}-${label.split(' ').length}`);
    }
    assertClean(log);
    await context.close();
  });
}

test('a band across AZs hides the AZ borders under its icon and name, as the SVG export does', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1440, height: 900 } });
  await openTemplate(page, 'multi-region-active-passive.json');
  await barSettled(page, { timeout: 60_000 });
  const bands = await page.evaluate(() => [...document.querySelectorAll('.canvas-svg g.node.spanning .hit')].map((r) => {
    const s = getComputedStyle(r);
    // The fill's own alpha (rgba) times fill-opacity: how much of what lies under it shows.
    const a = /rgba\([^)]*,\s*([\d.]+)\)/.exec(s.fill)?.[1];
    return { fill: s.fill, cover: (a === undefined ? 1 : Number(a)) * Number(s.fillOpacity) };
  }));
  assert.ok(bands.length >= 4, `bands: ${bands.length}`);
  for (const b of bands) {
    assert.ok(b.cover >= 0.8, `the band covers ${b.cover} of what is under it (${b.fill})`);
    // The export's fill (diagram::svg: #f2f8fd at 0.85).
    assert.equal(b.fill, 'rgb(242, 248, 253)');
  }
  for (let i = 0; i < 4; i++) await page.keyboard.press('=');
  await page.waitForTimeout(400);
  await shot(page, 's26-lead-band-1440');
  assertClean(log);
  await context.close();
});

const near = (a, b) => a.every((x, i) => Math.abs(x - b[i]) < 0.5);

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`at ${w}×${h}, Undo of a paste that moved the view moves it back; Redo moves it again`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    const { before, copied } = await pasteAll(page);
    assert.equal(copied, 25);
    const pasted = await viewT(page);
    assert.ok(!near(pasted, before), `the paste moved the view: ${before} → ${pasted}`);
    assert.equal(pasted[2], before[2], 'never zooming');
    // The diagram draws only what is in view: the design's size is read from the saved copy.
    const saved = async () => Object.keys((await savedDesign(page)).nodes).length;
    assert.equal(await saved(), 50);
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(300);
    assert.equal(await saved(), 25, 'one Undo takes the paste back');
    const undone = await viewT(page);
    assert.ok(near(undone, before), `Undo gives the view back: ${undone} (was ${before})`);
    assert.equal(await page.locator('.toast-text', { hasText: 'the view moved' }).count(), 0, 'the note of the move goes with it');
    await shot(page, `s26-lead-paste-undo-${w}`);
    await page.keyboard.press('Control+Shift+z');
    await page.waitForTimeout(300);
    assert.equal(await saved(), 50, 'Redo pastes again');
    assert.ok(near(await viewT(page), pasted), 'Redo moves it again');
    assertClean(log);
    await context.close();
  });
}

test('a refused value marks its field invalid for assistive technology, described by its message', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1440, height: 900 } });
  await barSettled(page);
  await selectNode(page, 'app-a');
  const field = page.locator('.inspector label.field', { hasText: 'Maximum tasks' }).locator('input');
  assert.equal(await field.getAttribute('aria-invalid'), null, 'not invalid before');
  await field.fill('lots');
  await field.press('Enter');
  await page.locator('.inspector .field-error', { hasText: 'is not a number' }).waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('.inspector input')].some((i) => i.getAttribute('aria-invalid') === 'true'));
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  const described = await field.getAttribute('aria-describedby');
  assert.ok(described, 'described by something');
  assert.match(await page.locator(`[id="${described}"]`).textContent(), /“lots” is not a number/);
  // The connection form's fields the same way.
  await page.locator('.inspector .field-error-close').first().click();
  await page.waitForFunction(() => ![...document.querySelectorAll('.inspector input')].some((i) => i.hasAttribute('aria-invalid')));
  assert.equal(await field.getAttribute('aria-describedby'), null, 'the description goes with the message');
  assertClean(log);
  await context.close();
});
