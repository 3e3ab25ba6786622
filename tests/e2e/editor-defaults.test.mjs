// Issue 14, "an editor that gets out of the way": sensible defaults. A new subnet takes the
// next free CIDR of its VPC, a new AZ the next zone letter, a new component a free spot (never
// on top of another); a dropped container lands where the pointer is, fully on screen; paste
// lands in the same container; the drop target is highlighted while dragging (from the
// palette and on the canvas); containers are selected by their label or by a click inside, and
// renamed by double-clicking the label. Every edit is one undo step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, centre, dropKind, dragOverKind, dragEventAt } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [['1440', { width: 1440, height: 900 }], ['1024', { width: 1024, height: 768 }]];
const box = (page, sel) => page.locator(sel).first().boundingBox();
const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a, b) => a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
/** Ids of the nodes of a kind in a saved design. */
const ofKind = (d, kind) => Object.values(d.nodes).filter((n) => n.kind === kind).map((n) => n.id);

/** A page point on the empty inside of a container: the canvas is under the pointer and no
 * smaller container holds it (so the container is the innermost one there). */
async function emptySpotIn(page, id) {
  const spot = await page.evaluate((id) => {
    const frames = [...document.querySelectorAll('.canvas-svg g.node.container')].map((g) => ({ id: g.dataset.node, r: g.querySelector('.frame').getBoundingClientRect() }));
    const r = frames.find((f) => f.id === id).r;
    const innermost = (x, y) => frames.filter((f) => x >= f.r.x && x <= f.r.right && y >= f.r.y && y <= f.r.bottom)
      .sort((a, b) => a.r.width * a.r.height - b.r.width * b.r.height)[0]?.id;
    for (let y = r.y + 40; y < r.bottom - 4; y += 6) {
      for (let x = r.x + 6; x < r.right - 4; x += 6) {
        const el = document.elementFromPoint(x, y);
        if (el && el.classList.contains('canvas-svg') && innermost(x, y) === id) return { x, y };
      }
    }
    return null;
  }, id);
  assert.ok(spot, `an empty spot in ${id}`);
  return spot;
}

for (const [vp, viewport] of VIEWPORTS) {
  test(`${vp}: a new subnet takes the next free CIDR of its VPC, inside its AZ, on no other subnet; one undo step`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    const before = await savedDesign(page);
    const az = await box(page, 'g[data-node="az-a"] .frame');
    const azRect = before.layout['az-a'];
    // Dropped on the middle of AZ a (on its subnets): the starter VPC 10.0.0.0/16 has /20s up
    // to 10.0.112.0/20, so the next is 10.0.128.0/20 (112 + 16 = 128).
    await dropKind(page, 'subnet', az.x + az.width / 2, az.y + az.height / 2);
    await page.locator('.inspector .kind-name', { hasText: 'Subnet' }).waitFor();
    assert.equal(await page.locator('.field[data-prop="cidr"] input').inputValue(), '10.0.128.0/20');
    let d = await savedDesign(page);
    const [s1] = ofKind(d, 'subnet').filter((id) => !before.nodes[id]);
    assert.equal(d.nodes[s1].parent, 'az-a', 'in the AZ it was dropped on');
    assert.equal(d.nodes[s1].props.cidr, '10.0.128.0/20');
    const r1 = d.layout[s1];
    for (const sib of Object.values(d.nodes).filter((n) => n.parent === 'az-a' && n.id !== s1)) {
      assert.ok(!overlap(r1, d.layout[sib.id]), `not on ${sib.id}`);
    }
    assert.ok(inside(r1, d.layout['az-a']), 'inside the AZ (which grew to hold it)');
    // A second one: 10.0.144.0/20 (128 + 16).
    await dropKind(page, 'subnet', az.x + az.width / 2, az.y + 60);
    d = await savedDesign(page);
    const s2 = ofKind(d, 'subnet').find((id) => !before.nodes[id] && id !== s1);
    assert.equal(d.nodes[s2].props.cidr, '10.0.144.0/20');
    assert.ok(!overlap(d.layout[s2], d.layout[s1]), 'the second is on neither');
    await shot(page, `defaults-subnets-${vp}`);
    // One undo removes the second subnet and gives the AZ its size back.
    await page.keyboard.press('Control+z');
    d = await savedDesign(page);
    assert.equal(d.nodes[s2], undefined, 'undo removes the second subnet');
    assert.ok(d.nodes[s1], 'and only it');
    await page.keyboard.press('Control+z');
    d = await savedDesign(page);
    assert.deepEqual(d.layout['az-a'], azRect, 'two undos: the AZ is back to its size');
    assertClean(log);
    await context.close();
  });
}

test('a new AZ takes the next zone letter of its VPC and goes into the VPC when dropped on a subnet', async () => {
  const { page, log, context } = await app.open('/');
  const before = await savedDesign(page);
  const sub = await box(page, 'g[data-node="private-b"] .frame');
  await dropKind(page, 'az', sub.x + sub.width / 2, sub.y + sub.height / 2);
  await page.locator('.inspector .kind-name', { hasText: 'Availability Zone' }).waitFor();
  assert.equal(await page.locator('.field[data-prop="zone"] select').inputValue(), 'c', 'AZs a and b are used: c');
  const d = await savedDesign(page);
  const [az] = ofKind(d, 'az').filter((id) => !before.nodes[id]);
  assert.equal(d.nodes[az].parent, 'vpc', 'an AZ cannot sit in a subnet: it goes into the VPC around it');
  assert.equal(d.nodes[az].props.zone, 'c');
  for (const sib of Object.values(d.nodes).filter((n) => n.parent === 'vpc' && n.id !== az)) {
    assert.ok(!overlap(d.layout[az], d.layout[sib.id]), `not on ${sib.id}`);
  }
  assert.ok(inside(d.layout[az], d.layout.vpc), 'inside the VPC');
  await shot(page, 'defaults-az');
  assertClean(log);
  await context.close();
});

test('a component dropped on another goes to the nearest free spot in the same container', async () => {
  const { page, log, context } = await app.open('/');
  const target = await box(page, 'g[data-node="app-a"] .hit');
  const before = await savedDesign(page);
  await dropKind(page, 'lambda', centre(target).x, centre(target).y);
  const d = await savedDesign(page);
  const [fn] = ofKind(d, 'lambda').filter((id) => !before.nodes[id]);
  assert.equal(d.nodes[fn].parent, d.nodes['app-a'].parent, 'in the same subnet');
  for (const sib of Object.values(d.nodes).filter((n) => n.parent === d.nodes[fn].parent && n.id !== fn)) {
    assert.ok(!overlap(d.layout[fn], d.layout[sib.id]), `not on ${sib.id}`);
  }
  assert.ok(inside(d.layout[fn], d.layout[d.nodes[fn].parent]), 'inside its subnet');
  assertClean(log);
  await context.close();
});

for (const [vp, viewport] of VIEWPORTS) {
  test(`${vp}: a container dropped near the edge lands where the pointer is, fully on screen`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await page.click('#designs');
    await page.click('.modal.designs button.primary'); // a new empty design
    const canvas = await box(page, '.canvas');
    // Near the bottom-right corner: a 960×640 region would hang off the canvas.
    await dropKind(page, 'region', canvas.x + canvas.width - 30, canvas.y + canvas.height - 30);
    const region = await box(page, 'g[data-kind="region"] .frame');
    assert.ok(region, 'the region was placed');
    assert.ok(region.x >= canvas.x && region.y >= canvas.y && region.x + region.width <= canvas.x + canvas.width + 1 && region.y + region.height <= canvas.y + canvas.height + 1,
      `fully on screen: ${JSON.stringify(region)} in ${JSON.stringify(canvas)}`);
    assert.ok(region.x + region.width >= canvas.x + canvas.width - 60 && region.y + region.height >= canvas.y + canvas.height - 60, 'at the pointer (its corner)');
    // A VPC dropped near the region's top-left corner lands inside it.
    await dropKind(page, 'vpc', region.x + 10, region.y + 10);
    const vpc = await box(page, 'g[data-kind="vpc"] .frame');
    assert.ok(vpc.x >= region.x && vpc.y >= region.y && vpc.x + vpc.width <= region.x + region.width + 1 && vpc.y + vpc.height <= region.y + region.height + 1, 'the VPC is inside the region');
    const d = await savedDesign(page);
    const [v] = ofKind(d, 'vpc');
    assert.equal(d.nodes[d.nodes[v].parent].kind, 'region');
    await shot(page, `defaults-container-drop-${vp}`);
    assertClean(log);
    await context.close();
  });
}

test('copy and paste lands inside the same container, on nothing; a pasted subnet gets a free block', async () => {
  const { page, log, context } = await app.open('/');
  const a = await box(page, 'g[data-node="app-a"] .hit');
  await page.mouse.click(centre(a).x, centre(a).y);
  await page.keyboard.press('Control+c');
  const before = await savedDesign(page);
  await page.keyboard.press('Control+v');
  let d = await savedDesign(page);
  const [copy] = ofKind(d, 'ecs-service').filter((id) => !before.nodes[id]);
  assert.equal(d.nodes[copy].parent, 'private-a', 'pasted into the same subnet');
  assert.ok(inside(d.layout[copy], d.layout['private-a']), 'inside it');
  for (const sib of Object.values(d.nodes).filter((n) => n.parent === 'private-a' && n.id !== copy)) {
    assert.ok(!overlap(d.layout[copy], d.layout[sib.id]), `not on ${sib.id}`);
  }
  // A subnet copied and pasted: same AZ, next free block (its own is taken).
  const s = await box(page, 'g[data-node="isolated-b"] .label-hit');
  await page.mouse.click(centre(s).x, centre(s).y);
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  d = await savedDesign(page);
  const [sub] = ofKind(d, 'subnet').filter((id) => !before.nodes[id]);
  assert.equal(d.nodes[sub].parent, 'az-b');
  assert.equal(d.nodes[sub].props.cidr, '10.0.128.0/20', 'not 10.0.112.0/20, which the original has');
  await shot(page, 'defaults-paste');
  assertClean(log);
  await context.close();
});

for (const [vp, viewport] of VIEWPORTS) {
  test(`${vp}: the drop target is highlighted while dragging from the palette and on the canvas`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    const sub = await box(page, 'g[data-node="private-b"] .frame');
    const canvas = await box(page, '.canvas');
    // A point of the subnet that is on the canvas (at 1024 px part of it is under the panel).
    const px = Math.min(sub.x + 24, canvas.x + canvas.width - 24);
    const py = Math.min(sub.y + sub.height - 12, canvas.y + canvas.height - 24);
    const dt = await dragOverKind(page, 'lambda', px, py);
    await page.locator('g[data-node="private-b"].drop-target').waitFor();
    assert.equal(await page.locator('g.node.drop-target').count(), 1, 'only the subnet it would land in');
    await shot(page, `defaults-drop-target-palette-${vp}`);
    // A database over the VPC outside any subnet: the VPC refuses it but holds subnets that
    // accept it (s46-place, QA s30 F1): the nearest is outlined as the target, nothing red,
    // and the drop goes there, said ("Placed in …").
    await page.dispatchEvent('.palette-item[data-kind="lambda"]', 'dragend', { dataTransfer: dt });
    const spot = await emptySpotIn(page, 'vpc');
    await page.dispatchEvent('.palette-item[data-kind="rds"]', 'dragstart', { dataTransfer: dt });
    await dragEventAt(page, 'dragover', spot, dt);
    await page.locator('g.node.drop-target').waitFor();
    assert.equal(await page.locator('g.node.drop-refused').count(), 0);
    await dragEventAt(page, 'drop', spot, dt);
    await page.locator('.toast-text', { hasText: /^Placed in “/ }).waitFor();
    assert.equal(await page.locator('g.node.drop-target, g.node.drop-refused').count(), 0, 'the highlight ends with the drop');
    await page.keyboard.press('Control+z');

    // Moving a component: the subnet under it is highlighted until the drop.
    const node = await box(page, 'g[data-node="app-a"] .hit');
    const dest = await box(page, 'g[data-node="private-b"] .frame');
    await page.mouse.click(centre(node).x, centre(node).y);
    await page.mouse.move(centre(node).x, centre(node).y);
    await page.mouse.down();
    await page.mouse.move(centre(dest).x, centre(dest).y, { steps: 8 });
    await page.locator('g[data-node="private-b"].drop-target').waitFor();
    await shot(page, `defaults-drop-target-move-${vp}`);
    await page.mouse.up();
    assert.equal(await page.locator('g.node.drop-target').count(), 0);
    const d = await savedDesign(page);
    assert.equal(d.nodes['app-a'].parent, 'private-b', 'moved into the highlighted subnet');
    assert.ok(!overlap(d.layout['app-a'], d.layout['app-b']), 'at a free spot there, not on the component already in it');
    assert.ok(inside(d.layout['app-a'], d.layout['private-b']), 'inside it (grown if it had to)');
    assertClean(log);
    await context.close();
  });
}

test('containers: selected by their label or a click inside, renamed by double-clicking the label', async () => {
  const { page, log, context } = await app.open('/');
  // The AZ's label.
  const azLabel = await box(page, 'g[data-node="az-a"] text.container-label');
  await page.mouse.click(azLabel.x + 4, azLabel.y + azLabel.height / 2);
  assert.equal(await page.locator('g.node.selected').count(), 1);
  assert.equal(await page.locator('g[data-node="az-a"].selected').count(), 1, 'clicking the label selects the AZ');
  assert.match(await page.textContent('.inspector .kind-name'), /Availability Zone/);
  // An empty spot inside the VPC (outside its AZs, below the label strip): the VPC.
  const spot = await emptySpotIn(page, 'vpc');
  await page.mouse.click(spot.x, spot.y);
  assert.equal(await page.locator('g[data-node="vpc"].selected').count(), 1, 'a click inside selects the VPC');
  assert.equal(await page.locator('g.node.selected').count(), 1);
  // Double-click the VPC's label: rename in place.
  const vpcLabel = await box(page, 'g[data-node="vpc"] text.container-label');
  await page.mouse.dblclick(vpcLabel.x + 6, vpcLabel.y + vpcLabel.height / 2);
  await page.locator('.label-editor').fill('Shop VPC');
  await page.locator('.label-editor').press('Enter');
  assert.equal(await page.textContent('g[data-node="vpc"] text.container-label'), 'Shop VPC');
  await page.keyboard.press('Control+z');
  assert.equal(await page.textContent('g[data-node="vpc"] text.container-label'), 'Production VPC', 'one undo restores the name');
  // Dragging the label moves the container (and what is in it).
  const before = (await savedDesign(page)).layout['az-b'];
  const azb = await box(page, 'g[data-node="az-b"] text.container-label');
  await page.mouse.move(azb.x + 4, azb.y + 4);
  await page.mouse.down();
  await page.mouse.move(azb.x + 24, azb.y + 34, { steps: 6 });
  await page.mouse.up();
  const after = (await savedDesign(page)).layout['az-b'];
  assert.ok(after.x !== before.x || after.y !== before.y, 'the AZ moved by its label');
  await shot(page, 'defaults-container-select');
  assertClean(log);
  await context.close();
});
