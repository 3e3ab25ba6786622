// Components spanning AZs, what a user does with them (issue 14, QA 14 bugs 1, 2, 3 and 6):
// copy and paste the three-tier "Web app tasks" band three times, drag it onto another row of
// subnets, give one AZ a subnet of another row in the inspector, switch it to EKS in Compare,
// and switch the starter design's two per-AZ services. Each time the model (the app's saved
// JSON) and the drawing (frame positions in the page) must agree: the band is drawn inside
// every one of its subnets, and no container frame lies on another unless it holds it.
// Screenshots at 1440×900 and 1024×768 after each step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, dragMouse, openTemplate, visiblePoint } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [[1440, 900], [1024, 768]];


/** Every drawn node's box in the page: a container's frame, a component's hit box. */
const frames = (page) => page.evaluate(() => {
  const out = {};
  for (const g of document.querySelectorAll('.canvas-svg g.node')) {
    if (out[g.dataset.node]) continue;
    const el = g.classList.contains('container') ? g.querySelector('rect.frame') : g.querySelector('rect.hit');
    const r = el?.getBoundingClientRect();
    if (r) out[g.dataset.node] = { x: r.x, y: r.y, w: r.width, h: r.height, container: g.classList.contains('container') };
  }
  return out;
});


/**
 * At 1024×768 the side panel leaves the canvas about 425 px wide and nodes off screen are not
 * drawn: the drawing is checked (and shot) with the panel collapsed, then it is opened again.
 */
async function panel(page, open) {
  const expanded = (await page.getAttribute('#panel-collapse', 'aria-expanded')) === 'true';
  if (expanded !== open) {
    await page.click('#panel-collapse');
    await page.waitForFunction((o) => document.querySelector('#panel-collapse').getAttribute('aria-expanded') === String(o), open);
    await page.waitForTimeout(300);
  }
}

async function select(page, id) {
  const p = await visiblePoint(page, id);
  assert.ok(p, `${id} is visible somewhere on the canvas`);
  await page.mouse.click(p.x, p.y);
  await page.locator(`.inspector[data-node="${id}"]`).waitFor();
}

const overlap = (a, b) => a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
const within = (a, b) => a.y >= b.y - 0.5 && a.y + a.h <= b.y + b.h + 0.5;
const ancestors = (d, id) => { const out = []; for (let p = d.nodes[id]?.parent; p; p = d.nodes[p]?.parent) out.push(p); return out; };

/**
 * The model and the drawing agree and read well: in the saved layout and on the page, no two
 * container frames overlap unless one holds the other, and every spanning component lies
 * (vertically) inside each of its subnets and reaches into each of them.
 */
async function assertTidy(page, d, what) {
  await panel(page, false);
  const drawn = await frames(page);
  assert.ok(drawn.app || !d.nodes.app, `${what}: the band is on screen`);
  for (const [name, boxes] of [['saved layout', Object.fromEntries(Object.entries(d.layout).map(([id, r]) => [id, { ...r, container: !!drawn[id]?.container }]))], ['drawing', drawn]]) {
    const ids = Object.keys(boxes).filter((id) => boxes[id].container);
    for (let i = 0; i < ids.length; i++) {
      for (const b of ids.slice(i + 1)) {
        const a = ids[i];
        if (!boxes[a] || !boxes[b] || !overlap(boxes[a], boxes[b])) continue;
        assert.ok(ancestors(d, a).includes(b) || ancestors(d, b).includes(a), `${what}, ${name}: container ${a} lies on ${b}`);
      }
    }
    for (const n of Object.values(d.nodes).filter((n) => n.span?.length)) {
      for (const s of [n.parent, ...n.span]) {
        if (name === 'drawing' && (!boxes[n.id] || !boxes[s])) continue; // off screen: not drawn
        assert.ok(within(boxes[n.id], boxes[s]) && overlap(boxes[n.id], boxes[s]), `${what}, ${name}: ${n.id} is not drawn in its subnet ${s}`);
      }
    }
  }
}

for (const [w, h] of VIEWPORTS) {
  test(`${w}×${h}: three pastes of the spanning "Web app tasks" are bands across Private a/b/c with their own labels; the row opens, nothing overlaps`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await openTemplate(page, 'three-tier.json');
    await page.waitForTimeout(200);
    await select(page, 'app');
    await page.keyboard.press('Control+c');
    const before = await savedDesign(page);
    for (let k = 0; k < 3; k++) {
      await page.keyboard.press('Control+v');
      await page.waitForFunction((n) => document.querySelectorAll('g.node.spanning').length === n, 4 + k);
    }
    assert.match(await page.textContent('.toast'), /Pasted 1 component\b/);
    const d = await savedDesign(page);
    const copies = Object.values(d.nodes).filter((n) => n.kind === 'ecs-service' && !before.nodes[n.id]);
    assert.deepEqual(copies.map((n) => n.label).sort(), ['Web app tasks 2', 'Web app tasks 3', 'Web app tasks 4']);
    for (const c of copies) {
      assert.deepEqual([c.parent, c.span], ['private-a', ['private-b', 'private-c']], `${c.label} spans the same AZs`);
    }
    // Private a keeps its width (it used to grow from 160 to the band's width and cover b and c).
    assert.equal(d.layout['private-a'].w, before.layout['private-a'].w);
    assert.equal(d.layout['az-a'].w, before.layout['az-a'].w);
    // The private row opened: the isolated row and the database moved down, not under a band.
    assert.ok(d.layout['isolated-a'].y > before.layout['isolated-a'].y);
    await assertTidy(page, d, 'after three pastes');
    await shot(page, `span-move-paste3-${w}`);
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelectorAll('g.node.spanning').length === 5);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: dragging the band onto Isolated (data) b moves it to the isolated row in the model and the drawing, one undo step`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await openTemplate(page, 'three-tier.json');
    await page.waitForTimeout(200);
    await select(page, 'app');
    await panel(page, false);
    const f = await frames(page);
    const from = await visiblePoint(page, 'app');
    // The band's centre lands on Isolated (data) b's centre (the drop rule uses the centre).
    const dy = (f['isolated-b'].y + f['isolated-b'].h / 2) - (f.app.y + f.app.h / 2);
    const dx = (f['isolated-b'].x + f['isolated-b'].w / 2) - (f.app.x + f.app.w / 2);
    await dragMouse(page, from, { x: from.x + dx, y: from.y + dy });
    await page.waitForTimeout(300);
    const d = await savedDesign(page);
    assert.deepEqual([d.nodes.app.parent, d.nodes.app.span], ['isolated-a', ['isolated-b', 'isolated-c']]);
    assert.equal(await page.getAttribute('#undo', 'title').then((t) => /Move/.test(t)), true);
    // The inspector says so too.
    await panel(page, true);
    assert.equal(await page.locator('.span-field .span-az[data-az="az-b"] select').inputValue(), 'isolated-b');
    await assertTidy(page, d, 'after the drag');
    // Not on the database band.
    const g = await frames(page);
    assert.ok(g.db && !overlap(g.app, g.db), 'the band does not lie on PostgreSQL (Multi-AZ)');
    await shot(page, `span-move-drag-isolated-${w}`);
    await page.keyboard.press('Control+z');
    const back = await savedDesign(page);
    assert.deepEqual([back.nodes.app.parent, back.nodes.app.span], ['private-a', ['private-b', 'private-c']]);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: Public b chosen for AZ b in the inspector moves the band to the public row, drawn there`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await openTemplate(page, 'three-tier.json');
    await page.waitForTimeout(200);
    await select(page, 'app');
    await page.locator('.span-field .span-az[data-az="az-b"] select').selectOption('public-b');
    await page.waitForTimeout(300);
    const d = await savedDesign(page);
    assert.deepEqual([d.nodes.app.parent, d.nodes.app.span], ['public-a', ['public-b', 'public-c']]);
    assert.match(await page.getAttribute('#undo', 'title'), /Move “Web app tasks” to the row of Public b/);
    await assertTidy(page, d, 'after the inspector change');
    const g = await frames(page);
    for (const s of ['public-a', 'public-b', 'public-c'].filter((s) => g[s])) assert.ok(within(g.app, g[s]), `drawn in ${s}`);
    assert.ok(g['public-a'], 'Public a is on screen');
    for (const s of ['private-a', 'private-b', 'private-c'].filter((s) => g[s])) assert.ok(!overlap(g.app, g[s]), `no longer drawn in ${s}`);
    await shot(page, `span-move-inspector-public-${w}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: Compare → Switch to EKS on three-tier keeps the span and removes the idle ECS cluster`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await openTemplate(page, 'three-tier.json');
    await page.waitForTimeout(200);
    await select(page, 'app');
    await page.click('#tab-compare');
    await page.locator('#containers-recommendation').waitFor();
    await page.click('.options tr[data-option="eks-ec2"] button');
    await page.locator('.options tr.current[data-option="eks-ec2"]').waitFor();
    const d = await savedDesign(page);
    assert.equal(d.nodes.app.kind, 'eks-nodegroup');
    assert.deepEqual([d.nodes.app.parent, d.nodes.app.span], ['private-a', ['private-b', 'private-c']], 'still across the three AZs');
    assert.equal(Object.values(d.nodes).filter((n) => n.kind === 'ecs-cluster').length, 0, 'the ECS cluster with no service left is gone');
    assert.equal(Object.values(d.nodes).filter((n) => n.kind === 'eks-cluster').length, 1);
    assert.equal(await page.locator('g.node.spanning').count(), 3, 'still three spanning components');
    assert.match(await page.getAttribute('#undo', 'title'), /Switch “Web app tasks” to EKS on EC2, removing “ECS cluster \(Fargate\)”/);
    await assertTidy(page, d, 'after the switch');
    await shot(page, `span-move-switch-three-tier-${w}`);
    await panel(page, true);
    await page.keyboard.press('Control+z');
    await page.locator('.options tr.current[data-option="ecs-fargate"]').waitFor();
    const back = await savedDesign(page);
    assert.equal(back.nodes.cluster.kind, 'ecs-cluster', 'undo brings the cluster back');
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: Compare on the starter covers both web services, and Switch converts both in one step`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await page.click('#tab-compare');
    await page.locator('#containers-recommendation').waitFor();
    assert.match(await page.textContent('.compare'), /For "Web app \(a\)": 2 services × /);
    await page.click('.options tr[data-option="eks-ec2"] button');
    await page.locator('.options tr.current[data-option="eks-ec2"]').waitFor();
    assert.match(await page.textContent('.options tr.current[data-option="eks-ec2"]'), /in use/);
    const d = await savedDesign(page);
    assert.deepEqual([d.nodes['app-a'].kind, d.nodes['app-b'].kind], ['eks-nodegroup', 'eks-nodegroup']);
    assert.equal(Object.values(d.nodes).filter((n) => n.kind === 'ecs-service').length, 0, 'no ECS service left beside EKS');
    assert.match(await page.getAttribute('#undo', 'title'), /Switch “Web app \(a\)” and “Web app \(b\)” to EKS on EC2/);
    await assertTidy(page, d, 'after the starter switch');
    await shot(page, `span-move-switch-starter-${w}`);
    await panel(page, true);
    await page.keyboard.press('Control+z');
    await page.locator('.options tr.current[data-option="ecs-fargate"]').waitFor();
    const back = await savedDesign(page);
    assert.deepEqual([back.nodes['app-a'].kind, back.nodes['app-b'].kind], ['ecs-service', 'ecs-service'], 'one undo step for both');
    assertClean(log);
    await context.close();
  });
}

// Second QA pass on the integrated build: deleting a subnet or an AZ redraws the bands that
// spanned it; a copied AZ is a new AZ (next zone letter, a column, refused past the Region's
// six); a copied VPC pastes (it used to be refused as "cannot sit in a Subnet").

/** Clicks a container where it shows (its label strip included: an AZ's inside is covered by
 *  its subnets) and waits until it is selected; works with the side panel collapsed. */
async function pick(page, id) {
  const p = await visiblePoint(page, id, { from: 'top' });
  assert.ok(p, `${id} shows somewhere on the canvas`);
  await page.mouse.click(p.x, p.y);
  await page.waitForFunction((id) => document.querySelector(`.canvas-svg g.node[data-node="${id}"]`)?.classList.contains('selected'), id);
}
for (const [w, h] of VIEWPORTS) {
  test(`${w}×${h}: deleting Public c, then AZ c, redraws the ALB and service bands across the AZs they keep`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await openTemplate(page, 'three-tier.json');
    await page.waitForTimeout(200);
    await panel(page, false);
    await pick(page, 'public-c');
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => !document.querySelector('g.node[data-node="public-c"]'));
    let d = await savedDesign(page);
    assert.deepEqual(d.nodes.alb.span, ['public-b']);
    const right = (r) => r.x + r.w;
    assert.ok(right(d.layout.alb) <= right(d.layout['public-b']), `the ALB band ends in Public b: ${JSON.stringify(d.layout.alb)}`);
    await assertTidy(page, d, 'after deleting Public c');
    await shot(page, `span-move-delete-public-c-${w}`);
    await pick(page, 'az-c');
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => !document.querySelector('g.node[data-node="az-c"]'));
    d = await savedDesign(page);
    for (const b of ['alb', 'app']) assert.ok(right(d.layout[b]) <= right(d.layout['az-b']), `${b} ends in AZ b: ${JSON.stringify(d.layout[b])}`);
    await assertTidy(page, d, 'after deleting AZ c');
    assert.match(await page.getAttribute('#undo', 'title'), /Delete “AZ us-east-1c”/);
    assertClean(log);
    await context.close();
  });
}

test('a copied AZ pastes as the next zone in a new column, and is refused past the Region\'s six; a copied VPC pastes', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1440, height: 900 } });
  await openTemplate(page, 'three-tier.json');
  await page.waitForTimeout(200);
  await panel(page, false);
  await pick(page, 'az-c');
  await page.keyboard.press('Control+c');
  const before = await savedDesign(page);
  const containers = () => page.evaluate(() => document.querySelectorAll('.canvas-svg g.node.container').length);
  for (let k = 0; k < 3; k++) {
    const c0 = await containers();
    await page.keyboard.press('Control+v');
    await page.waitForFunction((c0) => document.querySelectorAll('.canvas-svg g.node.container').length > c0, c0);
  }
  let d = await savedDesign(page);
  const azs = Object.values(d.nodes).filter((n) => n.kind === 'az' && n.parent === 'vpc');
  assert.deepEqual(azs.map((n) => n.props?.zone ?? 'a').sort(), ['a', 'b', 'c', 'd', 'e', 'f'], `zones ${JSON.stringify(azs.map((n) => [n.id, n.props?.zone]))}`);
  const added = azs.filter((n) => !before.nodes[n.id]);
  assert.deepEqual(added.map((n) => n.label).sort(), ['AZ us-east-1d', 'AZ us-east-1e', 'AZ us-east-1f']);
  for (const n of added) {
    assert.equal(d.layout[n.id].y, before.layout['az-c'].y, `${n.label} is a column in the AZ row`);
    assert.ok(d.layout[n.id].x > before.layout['az-c'].x, `${n.label} is right of AZ c`);
  }
  // A seventh AZ: refused, saying why; the design is unchanged.
  await page.keyboard.press('Control+v');
  await page.waitForFunction(() => /has 6 Availability Zones/.test(document.querySelector('.toast')?.textContent ?? ''));
  assert.equal(Object.keys((await savedDesign(page)).nodes).length, Object.keys(d.nodes).length);
  await shot(page, 'span-move-paste-az-1440');
  // The VPC: copied and pasted beside the original at the top level.
  await page.keyboard.press('Escape');
  await pick(page, 'vpc');
  await page.keyboard.press('Control+c');
  const n0 = Object.keys(d.nodes).length;
  await page.keyboard.press('Control+v');
  await page.waitForFunction(() => /Pasted \d+ components/.test(document.querySelector('.toast')?.textContent ?? ''));
  d = await savedDesign(page);
  const vpcs = Object.values(d.nodes).filter((n) => n.kind === 'vpc');
  assert.equal(vpcs.length, 2);
  assert.ok(vpcs.every((v) => !v.parent), 'both VPCs at the top level');
  assert.ok(Object.keys(d.nodes).length > n0 + 10, 'the VPC came with its contents');
  assertClean(log);
  await context.close();
});
