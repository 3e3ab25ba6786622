// s32-panel: three UI bugs left from the review of s31, in Chromium, at 1440×900 and 1024×768.
//  1. A press on a component at the canvas's edge, moved straight over the side panel, never
//     became a drag: without the pointer captured, the canvas heard neither the moves over the
//     panel nor the release there; the component then followed the pointer, button up, back on
//     the canvas (at 1024 px the s31-ui test's press, 5 px from the edge, was skipped for it).
//     A press that leaves the canvas becomes a drag there, so the release over the panel
//     cancels the move and says so. A new component from the palette released over the panel
//     was not placed, silently: now it says so too (checked at 1024).
//  2. A palette drag over a container that refuses the kind showed no reason until the drop
//     (an RDS database over a VPC's empty part: red outline, no words), or nothing at all (a
//     CloudFront distribution over a VPC that fills the view, then refused on the drop). The
//     preview and the drop ask the same engine question (`diagram::new_drop::plan_new`) and
//     show it as a refused move does: red outline, the reason by the pointer, the same words
//     after the drop.
//  3. Presentation mode: the figures were centred in their row, so under the design's name the
//     first began 106 px (1440) or 159 px (1920) right of it. Every row of figures starts at the
//     name's left edge; a component card's figures start at its name's left edge.
// Set E2E_OLD_PRESENT_CSS=1 to put back the old presentation rule (`justify-content: center`,
// `space-between` under 1100 px) over this build: the 'before' screenshots, and test 3 fails.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, barSettled, centre, dragOverKind, dragEventAt } from './harness.mjs';

// E2E_DIST: another build's dist (main's, to see the tests fail on the old code).
const app = await start(process.env.E2E_DIST ?? 'dist');
after(() => app.stop());

const VIEWPORTS = [{ width: 1440, height: 900 }, { width: 1024, height: 768 }];

const placement = (d) => JSON.stringify({ layout: d.layout, parents: Object.fromEntries(Object.entries(d.nodes).map(([id, n]) => [id, n.parent ?? null])) });
/** Collects every toast text shown from now on (`window.__t`). */
const watchToasts = (page) => page.evaluate(() => {
  window.__t = [];
  new MutationObserver(() => { for (const t of document.querySelectorAll('.toast')) if (!window.__t.includes(t.textContent)) window.__t.push(t.textContent); })
    .observe(document.body, { childList: true, subtree: true, characterData: true });
});
/** Two animation frames: whatever a handled event changes is drawn by then. */
const frames = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
const undoTitle = (page) => page.getAttribute('#undo', 'title');


/** A page point on the empty inside of a container, with no smaller container there. */
async function emptySpotIn(page, id) {
  const spot = await page.evaluate((id) => {
    const c = document.querySelector('.canvas').getBoundingClientRect();
    const frames = [...document.querySelectorAll('.canvas-svg g.node.container')].map((g) => ({ id: g.dataset.node, r: g.querySelector('.frame').getBoundingClientRect() }));
    const r = frames.find((f) => f.id === id).r;
    const innermost = (x, y) => frames.filter((f) => x >= f.r.x && x <= f.r.right && y >= f.r.y && y <= f.r.bottom)
      .sort((a, b) => a.r.width * a.r.height - b.r.width * b.r.height)[0]?.id;
    for (let y = Math.max(r.y, c.y) + 30; y < Math.min(r.bottom, c.bottom) - 8; y += 6) {
      for (let x = Math.max(r.x, c.x) + 8; x < Math.min(r.right, c.right) - 8; x += 6) {
        const el = document.elementFromPoint(x, y);
        if (el && el.classList.contains('canvas-svg') && innermost(x, y) === id) return { x, y };
      }
    }
    return null;
  }, id);
  assert.ok(spot, `an empty spot in ${id}`);
  return spot;
}

/** The middle of the part of a container that the canvas shows (page pixels); a subnet holds
 *  no container, so it is the innermost one there. */
const onCanvas = (page, id) => page.evaluate((id) => {
  const c = document.querySelector('.canvas').getBoundingClientRect();
  const r = document.querySelector(`.canvas-svg g.node[data-node="${id}"] .frame`).getBoundingClientRect();
  return { x: (Math.max(r.left, c.left) + Math.min(r.right, c.right)) / 2, y: (Math.max(r.top, c.top) + Math.min(r.bottom, c.bottom)) / 2 };
}, id);

for (const viewport of VIEWPORTS) {
  test(`${viewport.width}: a press at the canvas's edge moved straight over the side panel becomes a drag; released there it is cancelled; back over the canvas, button up, nothing follows`, { timeout: 120_000 }, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await barSettled(page);
    const canvas = await page.locator('.canvas').boundingBox();
    const panel = await page.locator('.sidepanel').boundingBox();
    // Pan (a trackpad's sideways scroll) until "Logs & metrics" starts 12 px inside the canvas's right edge.
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    const hit = page.locator('.canvas-svg g.node[data-node="logs"] .hit');
    let r = await hit.boundingBox();
    await page.mouse.wheel(r.x - (canvas.x + canvas.width - 12), 0);
    await page.waitForFunction(({ right }) => Math.abs(document.querySelector('.canvas-svg g.node[data-node="logs"] .hit').getBoundingClientRect().x - (right - 12)) < 2, { right: canvas.x + canvas.width });
    r = await hit.boundingBox();
    const p = { x: canvas.x + canvas.width - 5, y: r.y + r.height / 2 };
    assert.ok(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('g.node')?.dataset.node === 'logs', p), 'the press is on the component');
    let d = await savedDesign(page);
    const before = placement(d);
    const undo = await undoTitle(page);
    await watchToasts(page);
    await page.mouse.move(p.x, p.y);
    await page.mouse.down();
    // The first move is already over the side panel.
    const to = { x: panel.x + panel.width / 2, y: p.y };
    for (let i = 1; i <= 3; i++) { await page.mouse.move(panel.x + 20 + (to.x - panel.x - 20) * (i - 1) / 2, p.y); await page.waitForTimeout(20); }
    await page.waitForFunction(() => /Outside the canvas/.test(document.querySelector('.drop-why')?.textContent ?? ''), null, { timeout: 5000 });
    await shot(page, `s32-panel-edge-press-over-panel-${viewport.width}`);
    await page.mouse.up();
    await page.waitForFunction(() => window.__t.some((t) => /Not moved: released outside the canvas/.test(t)) && !document.querySelector('.drop-why'), null, { timeout: 5000 });
    // Back over the canvas, button up: no drag follows the pointer.
    for (let i = 1; i <= 6; i++) await page.mouse.move(to.x - (to.x - (canvas.x + canvas.width / 2)) * i / 6, p.y);
    await frames(page);
    assert.equal(await page.locator('.drag-layer g.node').count(), 0, 'nothing is dragged');
    assert.equal(await page.locator('.drop-why').count(), 0);
    assert.equal(await undoTitle(page), undo, 'no undo step');
    d = await savedDesign(page);
    assert.equal(placement(d), before, 'the design is as it was');
    assertClean(log);
    await context.close();
  });
}

test('1024: a new component dragged from the palette over the canvas, then released over the side panel, is not placed, leaves no highlight, and the user is told', { timeout: 120_000 }, async () => {
  // Headless Chromium starts no native drag from Playwright's mouse here: the events are the
  // browser's, dispatched where it sends them (dragover/dragleave to the canvas, the drop to
  // the element under the pointer, the panel).
  const { page, log, context } = await app.open('/', { viewport: { width: 1024, height: 768 } });
  await barSettled(page);
  const undo = await undoTitle(page);
  const panel = await page.locator('.sidepanel').boundingBox();
  const spot = await onCanvas(page, 'private-a');
  const dt = await dragOverKind(page, 'lambda', spot.x, spot.y);
  await page.locator('g[data-node="private-a"].drop-target').waitFor();
  const off = { x: panel.x + panel.width / 2, y: spot.y };
  await page.evaluate(({ x, y, dt }) => document.querySelector('.canvas').dispatchEvent(new DragEvent('dragleave', { bubbles: true, cancelable: true, clientX: x, clientY: y, dataTransfer: dt })), { ...off, dt });
  await page.waitForFunction(() => !document.querySelector('g.node.drop-target, g.node.drop-refused, .drop-why'), null, { timeout: 5000 });
  await watchToasts(page);
  await dragEventAt(page, 'drop', off, dt);
  await page.dispatchEvent('.palette-item[data-kind="lambda"]', 'dragend', { dataTransfer: dt });
  // Not added, and said so (as a move released there is).
  await page.waitForFunction(() => window.__t.some((t) => /Not added: released outside the canvas/.test(t)), null, { timeout: 5000 });
  await shot(page, 's32-panel-palette-drop-over-panel-1024');
  assert.equal(await undoTitle(page), undo, 'nothing placed');
  assertClean(log);
  await context.close();
});

/** The refusal shown by the pointer, or null. */
const why = (page) => page.evaluate(() => document.querySelector('.drop-why')?.textContent ?? null);

for (const viewport of VIEWPORTS) {
  test(`${viewport.width}: a palette drag over a container that refuses the kind is outlined red with the drop's own reason by the pointer, before the drop`, { timeout: 120_000 }, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await barSettled(page);
    const undo = await undoTitle(page);
    // An RDS database over the VPC outside any subnet: the VPC refuses it, but holds subnets
    // that accept it (s46-place, QA s30 F1): the one the drop goes into, the nearest, is
    // outlined as the target, nothing red, no reason; dropped, it goes there and the note says
    // so. (The red outline and the reason are CloudFront's, below.)
    const spot = await emptySpotIn(page, 'vpc');
    const was = await savedDesign(page);
    let dt = await dragOverKind(page, 'rds', spot.x, spot.y);
    await page.locator('g.node.drop-target').waitFor();
    const target = await page.locator('g.node.drop-target').getAttribute('data-node');
    assert.equal((await savedDesign(page)).nodes[target].kind, 'subnet', `a subnet outlined: ${target}`);
    assert.equal(await page.locator('g.node.drop-refused, .drop-why').count(), 0, 'nothing refused');
    await shot(page, `s32-panel-palette-rds-over-vpc-${viewport.width}`);
    await watchToasts(page);
    await dragEventAt(page, 'drop', spot, dt);
    await page.dispatchEvent('.palette-item[data-kind="rds"]', 'dragend', { dataTransfer: dt });
    await page.waitForFunction(() => window.__t.some((t) => /Placed in “.+”: released in “.+”, which an RDS database cannot go into\./.test(t)), null, { timeout: 5000 });
    const placed = await savedDesign(page);
    assert.equal(Object.values(placed.nodes).find((n) => n.kind === 'rds' && !(n.id in was.nodes))?.parent, target, 'placed where the preview said');
    assert.equal(await page.locator('g.node.drop-target, g.node.drop-refused, .drop-why').count(), 0, 'the highlight ends with the drop');
    await page.keyboard.press('Control+z');
    await page.waitForFunction((u) => document.querySelector('#undo').getAttribute('title') === u, undo);

    // CloudFront (top level only) over the VPC zoomed in until the VPC fills the canvas or
    // the zoom stops (400%: at 1440 px a strip of the top level under 200 px wide still shows
    // left of the VPC, too narrow for it): the top level's nearest free spot is off screen, so
    // the drop is refused by the VPC. The preview said nothing here before (s17).
    await page.mouse.move(spot.x, spot.y);
    for (let i = 0; i < 30; i++) {
      const fills = await page.evaluate(() => {
        const c = document.querySelector('.canvas').getBoundingClientRect();
        const r = document.querySelector('.canvas-svg g.node[data-node="vpc"] .frame').getBoundingClientRect();
        return r.left <= c.left && r.top <= c.top && r.right >= c.right && r.bottom >= c.bottom;
      });
      if (fills) break;
      await page.mouse.wheel(0, -100);
      await frames(page);
    }
    const spot2 = await emptySpotIn(page, 'vpc');
    dt = await dragOverKind(page, 'cloudfront', spot2.x, spot2.y);
    await page.locator('g[data-node="vpc"].drop-refused').waitFor({ timeout: 5000 });
    await page.waitForFunction(() => /^CloudFront cannot sit in a VPC/.test(document.querySelector('.drop-why')?.textContent ?? ''), null, { timeout: 5000 });
    const shown2 = await why(page);
    assert.match(shown2, /\.$/, 'a sentence');
    // The reason is by the pointer: below and right of it, on the canvas.
    const w = await page.locator('.drop-why').boundingBox();
    const canvas = await page.locator('.canvas').boundingBox();
    // (Right of the pointer unless that would cross the canvas's right edge: then it is kept
    // against that edge, a few px left of the pointer at 1024, where the note is 340 px wide.)
    const clamped = w.x + w.width >= canvas.x + canvas.width - 16;
    assert.ok((w.x >= spot2.x || clamped) && w.x - spot2.x < 40 && w.y > spot2.y - 90 && w.y - spot2.y < 40, `by the pointer: ${JSON.stringify({ w, spot2, canvas })}`);
    assert.ok(w.x + w.width <= canvas.x + canvas.width + 0.5, 'inside the canvas');
    await shot(page, `s32-panel-palette-refused-cloudfront-${viewport.width}`);
    await dragEventAt(page, 'drop', spot2, dt);
    await page.dispatchEvent('.palette-item[data-kind="cloudfront"]', 'dragend', { dataTransfer: dt });
    await page.waitForFunction((s) => window.__t.some((t) => t.includes(s)), shown2, { timeout: 5000 });
    assert.equal(await undoTitle(page), undo, 'nothing placed');
    assertClean(log);
    await context.close();
  });
}

/** Puts back the presentation rule of before the fix (figures centred in their row). */
const oldPresentCss = (page) => process.env.E2E_OLD_PRESENT_CSS && page.addStyleTag({ content: '.present-figures { justify-content: center; } @media (max-width: 1100px) { .present-figures { justify-content: space-between; } }' });

/** Page boxes of the presentation's name, its figures and a component card's name and figures. */
const presentGeometry = (page) => page.evaluate(() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return { l: Math.round(r.left * 10) / 10, r: Math.round(r.right * 10) / 10, t: Math.round(r.top * 10) / 10, b: Math.round(r.bottom * 10) / 10 }; };
  const card = document.querySelector('#present-card');
  return {
    name: box(document.querySelector('.present-name')),
    group: box(document.querySelector('.present-right')),
    figs: [...document.querySelectorAll('.present-figures .pfig')].map(box),
    gap: parseFloat(getComputedStyle(document.querySelector('.present-figures')).columnGap),
    card: card && { name: box(card.querySelector('h2')), figs: [...card.querySelectorAll('.card-fig')].map(box) },
  };
});

for (const viewport of VIEWPORTS) {
  test(`${viewport.width}: presentation mode — the figures start at the design's name (under it) or right after it (beside it), and a component card's figures under its name`, { timeout: 120_000 }, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await barSettled(page);
    // 12,000/s: "overloaded" figures, the widest (the review of s31 measured there).
    await page.click('#total-traffic');
    await page.locator('#traffic-editor').waitFor();
    await page.fill('#traffic-rate', '12,000/s');
    await page.press('#traffic-rate', 'Enter');
    await page.waitForFunction(() => document.querySelector('#total-traffic-value')?.textContent === '12,000/s');
    await barSettled(page);
    await page.keyboard.press('p');
    await page.locator('.present #present-headroom').waitFor();
    await oldPresentCss(page);
    await frames(page);
    const g = await presentGeometry(page);
    await shot(page, `s32-panel-present-${process.env.E2E_OLD_PRESENT_CSS ? 'before' : 'after'}-${viewport.width}`);
    const tol = 3;
    const wrong = [];
    // Rows of figures, top to bottom; each starts at the name's left edge (the figures and
    // Leave wrapped under the name) or one gap after the name's right edge (beside it).
    const under = g.group.t >= g.name.b - 1;
    const want = under ? g.name.l : g.name.r + g.gap;
    const rows = [];
    for (const f of g.figs) { const row = rows.find((r) => Math.abs(r[0].t - f.t) < 2); if (row) row.push(f); else rows.push([f]); }
    for (const row of rows) {
      const first = row.reduce((a, b) => (b.l < a.l ? b : a));
      if (Math.abs(first.l - want) > tol) wrong.push(`row at y=${first.t} starts at x=${first.l}, ${under ? "the name's left edge" : 'one gap after the name'} is x=${want}`);
      // Within a row, one gap between figures.
      const byX = [...row].sort((a, b) => a.l - b.l);
      for (let i = 1; i < byX.length; i++) if (Math.abs(byX[i].l - byX[i - 1].r - g.gap) > tol) wrong.push(`gap ${byX[i].l - byX[i - 1].r} between figures at y=${first.t}, want ${g.gap}`);
    }
    assert.deepEqual(wrong, [], JSON.stringify(g));
    // A component's card: its figures (cost, latency) start at its name's left edge, under it.
    const db = await page.locator('.present-overlay .hit[data-node="db"]').boundingBox();
    await page.mouse.click(centre(db).x, centre(db).y);
    await page.locator('#present-card[data-node="db"]').waitFor();
    const c = (await presentGeometry(page)).card;
    await shot(page, `s32-panel-present-card-${process.env.E2E_OLD_PRESENT_CSS ? 'before' : 'after'}-${viewport.width}`);
    for (const f of c.figs) {
      assert.ok(Math.abs(f.l - c.name.l) <= tol && f.t >= c.name.b - 1, `card figure ${JSON.stringify(f)} under its name ${JSON.stringify(c.name)}`);
    }
    assertClean(log);
    await context.close();
  });
}
