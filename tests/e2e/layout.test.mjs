// Layout defects found by the tester (QA report qa14, issue 14): Fit at 1024×768 shows the
// core of the design (its load balancer, service and database), not its top-left corner;
// Tidy up keeps designs on screen (the starter fits at 1440×900, the two regions of the
// multi-region template side by side and both in view); a new Availability Zone is the next
// zone letter of the Region, labelled like the others, a new column, and refused past the
// Region's zones; error messages stay out of the diagram's way and can be dismissed; an
// empty design shows no minimap.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, dropKind, openTemplate } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const zoom = async (page) => Number((await page.textContent('.zoom')).replace('%', ''));
const within = (a, b) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;
const meets = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;


/** The box of a component's icon (what a user looks for) and whether a click at its centre
 * reaches the canvas (nothing covers it: not the side panel, not a toast). */
async function visible(page, id) {
  return page.evaluate((id) => {
    const img = document.querySelector(`.canvas-svg g.node[data-node="${id}"] image`);
    const r = img.getBoundingClientRect();
    const canvas = document.querySelector('.canvas').getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return {
      icon: { x: r.x, y: r.y, width: r.width, height: r.height },
      canvas: { x: canvas.x, y: canvas.y, width: canvas.width, height: canvas.height },
      reachable: !!hit && !!hit.closest('.canvas'),
    };
  }, id);
}

async function assertInView(page, ids, what) {
  for (const id of ids) {
    const v = await visible(page, id);
    assert.ok(within(v.icon, v.canvas), `${what}: ${id}'s icon ${JSON.stringify(v.icon)} inside the canvas ${JSON.stringify(v.canvas)}`);
    assert.ok(v.reachable, `${what}: ${id} is not covered (a click at its icon reaches the canvas)`);
  }
}

test('1024×768: Fit of the three-tier template shows its load balancer, service and database, at a readable zoom', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1024, height: 768 } });
  // At ≤ 1024 px the side panel starts at its narrowest, 300 px: the canvas keeps
  // 1024 − 240 − 300 = 484 px.
  const panel = await page.locator('.sidepanel').boundingBox();
  assert.equal(Math.round(panel.width), 300, 'a narrower default panel on a 1024 px screen');
  await openTemplate(page, 'three-tier.json', { fit: 'button' });
  // Whole, at the zoom that takes (below 70% when it must: QA s23 #2); never under 10%.
  assert.ok(await zoom(page) >= 10, `zoom: ${await zoom(page)}%`);
  await assertInView(page, ['alb', 'app', 'db'], 'three-tier after Fit');
  await shot(page, 'layout-three-tier-fit-1024');
  // Opening a template fits it too: the same view without pressing Fit.
  await page.keyboard.press('Shift+0');
  await openTemplate(page, 'eks-karpenter.json', { fit: 'button' });
  assert.ok(await zoom(page) >= 10);
  await shot(page, 'layout-eks-fit-1024');
  assertClean(log);
  await context.close();
});

test('1024×768: the starter after Tidy up + Fit shows its load balancer, services and database', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1024, height: 768 } });
  await page.click('#tidy');
  await page.waitForFunction(() => document.querySelector('#undo')?.title?.includes('Tidy up'));
  await page.click('text=Fit');
  assert.ok(await zoom(page) >= 10);
  await assertInView(page, ['alb', 'app-a', 'app-b', 'db'], 'starter after Tidy up + Fit');
  await shot(page, 'layout-starter-tidy-fit-1024');
  assertClean(log);
  await context.close();
});

test('1440×900: the starter after Tidy up fits whole at a readable zoom; the multi-region template keeps both regions in view', async () => {
  const { page, log, context } = await app.open('/');
  await page.click('#tidy');
  await page.waitForFunction(() => document.querySelector('#undo')?.title?.includes('Tidy up'));
  assert.ok(await zoom(page) >= 10, `zoom: ${await zoom(page)}%`);
  const d = await savedDesign(page);
  await assertInView(page, Object.keys(d.nodes), 'the tidied starter, every component');
  await shot(page, 'layout-starter-tidy-1440');

  await openTemplate(page, 'multi-region-active-passive.json', { fit: 'button' });
  await page.click('#tidy');
  await page.waitForFunction(() => document.querySelector('#undo')?.title?.includes('Tidy up'));
  const canvas = await page.locator('.canvas').boundingBox();
  const regions = await page.$$eval('.canvas-svg g.node.kind-region .frame', (fs) => fs.map((f) => { const r = f.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }));
  assert.equal(regions.length, 2);
  regions.sort((a, b) => a.x - b.x);
  assert.ok(Math.abs(regions[0].y - regions[1].y) < 1 && regions[0].x + regions[0].width < regions[1].x, 'side by side');
  for (const r of regions) {
    // In view: at least a third of each region's width is on the canvas.
    const shown = Math.min(r.x + r.width, canvas.x + canvas.width) - Math.max(r.x, canvas.x);
    assert.ok(shown > r.width / 3, `a region mostly off screen: ${JSON.stringify(r)} in ${JSON.stringify(canvas)}`);
  }
  await shot(page, 'layout-multi-region-tidy-1440');
  assertClean(log);
  await context.close();
});

test('a new AZ is the next zone of the Region, labelled like the others, a new column to the right; refused past the Region\'s zones', async () => {
  const { page, log, context } = await app.open('/');
  const before = await savedDesign(page);
  const added = [];
  for (let i = 0; i < 4; i++) {
    const vpc = await page.locator('g[data-node="vpc"] .frame').boundingBox();
    const canvas = await page.locator('.canvas').boundingBox();
    // Dropped on the VPC's label strip (the VPC is the container there), where it shows: a
    // drop that grows the VPC pans the view to the new column (s40-qa), which can take the
    // VPC's left edge off the canvas. Counted in the saved design: the canvas draws only what
    // is in view, and the new columns grow right.
    await dropKind(page, 'az', Math.max(vpc.x, canvas.x) + 60, Math.max(vpc.y, canvas.y) + 12);
    await page.waitForFunction(() => document.querySelector('#undo')?.title?.includes('Add Availability Zone'));
    const n = Object.values((await savedDesign(page)).nodes).filter((n) => n.kind === 'az').length;
    assert.equal(n, 3 + i, `drop ${i + 1}`);
  }
  const d = await savedDesign(page);
  for (const n of Object.values(d.nodes).filter((n) => n.kind === 'az' && !before.nodes[n.id])) added.push(n);
  added.sort((a, b) => d.layout[a.id].x - d.layout[b.id].x);
  // The starter is in us-east-1 (zones a–f) and uses a and b.
  assert.deepEqual(added.map((n) => [n.label, n.props.zone]), [['AZ c', 'c'], ['AZ d', 'd'], ['AZ e', 'e'], ['AZ f', 'f']]);
  // Columns: the top of AZ a, each to the right of the one before.
  let prev = d.layout['az-b'];
  for (const n of added) {
    const r = d.layout[n.id];
    assert.equal(r.y, d.layout['az-a'].y, `${n.label} in the AZ row`);
    assert.ok(r.x >= prev.x + prev.w, `${n.label} right of the AZ before it`);
    prev = r;
  }
  // The VPC grew to the right, not downwards.
  assert.equal(d.layout.vpc.h, before.layout.vpc.h, 'the VPC is as tall as before');
  assert.ok(d.layout.vpc.w > before.layout.vpc.w);
  // A fifth: us-east-1 has no seventh zone. Refused with a message, nothing added.
  const vpc = await page.locator('g[data-node="vpc"] .frame').boundingBox();
  const canvas = await page.locator('.canvas').boundingBox();
  await dropKind(page, 'az', Math.max(vpc.x, canvas.x) + 60, Math.max(vpc.y, canvas.y) + 12);
  await page.locator('.toast.error').waitFor();
  assert.match(await page.textContent('.toast.error .toast-text'), /us-east-1 has 6 Availability Zones \(a, b, c, d, e, f\)/);
  assert.equal(Object.values((await savedDesign(page)).nodes).filter((n) => n.kind === 'az').length, 6, 'no seventh AZ');
  await page.click('text=Fit');
  await shot(page, 'layout-azs-added-1440');
  assertClean(log);
  await context.close();
});

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`${w}×${h}: an error message sits in the strip above the diagram, goes by itself, and can be dismissed`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await page.click('text=Fit');
    // A subnet dropped on the empty canvas just above the VPC is refused: it belongs in an AZ,
    // and the top level holds none. (Dropped on the VPC itself it goes into the VPC's nearest
    // AZ since s46-place, `place::aimed_parent`: no longer a refusal.)
    const vpc = await page.locator('g[data-node="vpc"] .frame').boundingBox();
    const [rx, ry] = [vpc.x + 60, vpc.y - 15];
    await dropKind(page, 'subnet', rx, ry);
    const toast = page.locator('.toast.error');
    await toast.waitFor();
    const t = await toast.boundingBox();
    const canvas = await page.locator('.canvas').boundingBox();
    assert.ok(t.y >= canvas.y && t.y + t.height <= canvas.y + 60, `in the top strip of the canvas: ${JSON.stringify(t)} vs ${JSON.stringify(canvas)}`);
    // Over no component after Fit (Fit leaves a 40 px margin at the top).
    const boxes = await page.$$eval('.canvas-svg g.node.leaf image', (is) => is.map((i) => { const r = i.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }));
    assert.deepEqual(boxes.filter((b) => meets(b, t)), [], 'the message covers no icon');
    await shot(page, `layout-error-toast-${w}`);
    await page.click('.toast .toast-close');
    assert.equal(await page.locator('.toast').count(), 0, 'dismissed');
    // Unless dismissed it goes by itself after a few seconds (4.5 s for an error).
    await dropKind(page, 'subnet', rx, ry);
    await toast.waitFor();
    await page.waitForFunction(() => !document.querySelector('.toast'), null, { timeout: 6000 });
    assertClean(log);
    await context.close();
  });
}

test('an empty design shows no minimap and no "Hide map"; the first component brings it', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1024, height: 768 }, welcome: true });
  await page.locator('text=Start with an empty design').click();
  await page.waitForFunction(() => document.querySelectorAll('.canvas-svg g.node').length === 0);
  assert.equal(await page.locator('.minimap-box').count(), 0, 'no minimap box');
  assert.equal(await page.locator('.minimap-toggle').count(), 0, 'no "Hide map" button');
  await shot(page, 'layout-empty-no-minimap-1024');
  const canvas = await page.locator('.canvas').boundingBox();
  await dropKind(page, 'users', canvas.x + 200, canvas.y + 200);
  await page.locator('.minimap-toggle').waitFor();
  assertClean(log);
  await context.close();
});
