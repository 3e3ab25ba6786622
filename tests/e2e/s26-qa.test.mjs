// s26-qa: what the new-user QA of session 25 (notes/s25/qa.md, fix 1 and problem 6) found in
// dropping components into full containers and the view that follows, fixed, in Chromium.
//  1d  A drop in the VPC's left margin landed 326–424 px away (the VPC's bottom-left, or the
//      far right of the top row): `place::spot_in` step 4 only grew a container right and
//      down. Released left of what stands at its height, it lands where it was released and
//      what stands there moves right (`place::insert_left`).
//  1e  Undo of a drop whose follow pan hid the left column under the palette left the view
//      panned: the editor remembers the pan with the drop's history entry, Undo pans back and
//      Redo pans again (`AppState::remember_follow_pan`).
//  1b/c A drop whose growth pushed a neighbour under the side panel while the new component
//      and all that was pushed could not be shown together did not pan that way at all (the
//      multi-region us-west-2 Region): the view pans towards what was pushed as far as keeps
//      the new one in view (`place::pan_to_show`). (1b's own case, at 149%, already pans on
//      main since s25's `pushed_in_view`; its test stays as a check.)
//  6   The connection form kept one refused-value message at a time (the component form keeps
//      several), and a refused field's focus ring hid its red border.
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, barSettled, shot, dropKind, nodeBox, savedDesign, openTemplate, viewT } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const box = nodeBox;
const ids = (page) => page.locator('.canvas-svg g.node').evaluateAll((gs) => gs.map((g) => g.dataset.node));
const frames = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

/** Drops a palette kind at a page point and returns the new node's id (the selected node that
 *  was not there before). */
async function dropNew(page, kind, at) {
  const before = await ids(page);
  await dropKind(page, kind, at.x, at.y);
  const added = await (await page.waitForFunction((before) => {
    const g = document.querySelector('.canvas-svg g.node.selected');
    return g && !before.includes(g.dataset.node) && g.dataset.node;
  }, before)).jsonValue();
  await frames(page);
  return added;
}

/** Undo then redo: the layout back exactly as before the drop, then exactly as after it. */
async function undoRedoExact(page, d0, id) {
  const d1 = await savedDesign(page);
  await page.click('#undo');
  await page.waitForFunction((id) => !document.querySelector(`.canvas-svg g.node[data-node="${id}"]`), id);
  const du = await savedDesign(page);
  assert.deepEqual(du.layout, d0.layout, 'undo puts every node back exactly');
  await page.click('#redo');
  await page.waitForFunction((id) => document.querySelector(`.canvas-svg g.node[data-node="${id}"]`), id);
  const dr = await savedDesign(page);
  assert.deepEqual(dr.layout, d1.layout, 'redo is the drop again, exactly');
}

const dist = (b, at, pan = [0, 0]) => Math.round(Math.hypot(b.cx - at.x - pan[0], b.cy - at.y - pan[1]));

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`at ${w}×${h}, an internet gateway released in the VPC's left margin lands where released (1d)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    const d0 = await savedDesign(page);
    const vpc = await box(page, 'vpc');
    const aza = await box(page, 'az-a');
    const canvas = await page.locator('.canvas').boundingBox();
    // In the margin between the VPC's frame and AZ a, at AZ a's Private row (qa.md 1d: (458,
    // 500) at 1440 landed at the VPC's bottom-left, 326 px away).
    const pa = await box(page, 'private-a');
    const at = { x: Math.round((vpc.x + aza.x) / 2), y: Math.round(pa.cy) };
    const t0 = await viewT(page);
    const id = await dropNew(page, 'internet-gateway', at);
    const t1 = await viewT(page);
    const pan = [t1[0] - t0[0], t1[1] - t0[1]];
    const gw = await box(page, id);
    const d = dist(gw, at, pan);
    // The margin is narrower than the gateway: it stands just inside the VPC's frame, at the
    // pointer's height — about half its width from the pointer.
    assert.ok(d < 80, `near the release point: ${d} px (${JSON.stringify(gw)} vs ${JSON.stringify(at)}, pan ${pan})`);
    assert.ok(Math.abs(gw.cy - at.y - pan[1]) < 20, `at the pointer's height: ${gw.cy} vs ${at.y}`);
    // AZ a moved right to make room, AZ b with it; the VPC did not move.
    const aza1 = await box(page, 'az-a');
    const vpc1 = await box(page, 'vpc');
    assert.ok(aza1.x - pan[0] > aza.x + 20, `AZ a moved right: ${aza.x} → ${aza1.x}`);
    assert.ok(Math.abs(vpc1.x - pan[0] - vpc.x) < 1, 'the VPC stays where it was');
    assert.ok(gw.right < aza1.x, 'left of AZ a');
    assert.ok(gw.x >= canvas.x && gw.right <= canvas.x + canvas.width, `in view: ${JSON.stringify(gw)}`);
    console.log(`# ${w}: released at (${at.x}, ${at.y}), the gateway's centre (${Math.round(gw.cx)}, ${Math.round(gw.cy)}), ${d} px away; pan ${pan.map(Math.round)}`);
    await shot(page, `s26-qa-igw-left-margin-${w}`);
    await undoRedoExact(page, d0, id);
    assertClean(log);
    await context.close();
  });

  test(`at ${w}×${h}, an internet gateway released left of the existing one goes beside it, not at the row's far end (1d)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    const d0 = await savedDesign(page);
    const vpc = await box(page, 'vpc');
    const igw = await box(page, 'igw');
    const at = { x: Math.round((vpc.x + igw.x) / 2), y: Math.round(igw.cy) };
    const t0 = await viewT(page);
    const id = await dropNew(page, 'internet-gateway', at);
    const t1 = await viewT(page);
    const pan = [t1[0] - t0[0], t1[1] - t0[1]];
    const gw = await box(page, id);
    const igw1 = await box(page, 'igw');
    const d = dist(gw, at, pan);
    // Before: the far right of the top row, 424 px away at 1440.
    assert.ok(d < 80, `near the release point: ${d} px`);
    assert.ok(gw.right < igw1.x, `left of the old gateway: ${JSON.stringify(gw)} vs ${JSON.stringify(igw1)}`);
    console.log(`# ${w}: released at (${at.x}, ${at.y}), the gateway's centre (${Math.round(gw.cx)}, ${Math.round(gw.cy)}), ${d} px away; pan ${pan.map(Math.round)}`);
    await shot(page, `s26-qa-igw-left-top-${w}`);
    await undoRedoExact(page, d0, id);
    assertClean(log);
    await context.close();
  });

  test(`at ${w}×${h}, a NAT gateway released at Public a's left edge goes left of NAT a, at its height (1d)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    const d0 = await savedDesign(page);
    const pa = await box(page, 'public-a');
    const nat = await box(page, 'nat-a');
    const at = { x: Math.round((pa.x + nat.x) / 2), y: Math.round(nat.cy) };
    const t0 = await viewT(page);
    const id = await dropNew(page, 'nat-gateway', at);
    const t1 = await viewT(page);
    const pan = [t1[0] - t0[0], t1[1] - t0[1]];
    const got = await box(page, id);
    const nat1 = await box(page, 'nat-a');
    const d = dist(got, at, pan);
    // Before: below NAT a, 97 px away, the Private and Isolated rows pushed down.
    assert.ok(got.right < nat1.x && Math.abs(got.cy - nat1.cy) < 20, `left of NAT a at its height: ${JSON.stringify(got)} vs ${JSON.stringify(nat1)}`);
    assert.ok(d < 70, `near the release point: ${d} px`);
    console.log(`# ${w}: released at (${at.x}, ${at.y}), the NAT's centre (${Math.round(got.cx)}, ${Math.round(got.cy)}), ${d} px away; pan ${pan.map(Math.round)}`);
    await shot(page, `s26-qa-nat-left-${w}`);
    await undoRedoExact(page, d0, id);
    assertClean(log);
    await context.close();
  });
}

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`at ${w}×${h}, Undo of a drop that panned pans back, Redo pans again (1e)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    const pa = await box(page, 'public-a');
    const nat = await box(page, 'nat-a');
    // qa.md 1e: right of NAT a in Public a; Public a and AZ a grow, AZ b and the column right
    // of the VPC are pushed, and the view pans left (94 px at 1440): the left column goes
    // partly under the palette.
    const at = { x: Math.round(pa.right - 6), y: Math.round(nat.cy) };
    const t0 = await viewT(page);
    const id = await dropNew(page, 'nat-gateway', at);
    const t1 = await viewT(page);
    assert.ok(Math.abs(t1[0] - t0[0]) + Math.abs(t1[1] - t0[1]) > 5, `the drop panned: ${t0} → ${t1}`);
    assert.equal(t1[2], t0[2], 'not zoomed');
    await shot(page, `s26-qa-pan-drop-${w}`);
    await page.click('#undo');
    await page.waitForFunction((id) => !document.querySelector(`.canvas-svg g.node[data-node="${id}"]`), id);
    await frames(page);
    const tu = await viewT(page);
    assert.ok(Math.abs(tu[0] - t0[0]) < 0.01 && Math.abs(tu[1] - t0[1]) < 0.01, `Undo puts the view back: ${tu} vs ${t0}`);
    const canvas = await page.locator('.canvas').boundingBox();
    const cdn = await box(page, 'cdn');
    assert.ok(cdn.x >= canvas.x, `the left column in view again: CDN at ${cdn.x}, canvas from ${canvas.x}`);
    await shot(page, `s26-qa-pan-undo-${w}`);
    await page.click('#redo');
    await page.waitForFunction((id) => document.querySelector(`.canvas-svg g.node[data-node="${id}"]`), id);
    await frames(page);
    const tr = await viewT(page);
    assert.ok(Math.abs(tr[0] - t1[0]) < 0.01 && Math.abs(tr[1] - t1[1]) < 0.01, `Redo pans again: ${tr} vs ${t1}`);
    console.log(`# ${w}: the drop panned ${Math.round(t1[0] - t0[0])}, ${Math.round(t1[1] - t0[1])} px; Undo back to ${tu.map(Math.round)}, Redo to ${tr.map(Math.round)}`);
    assertClean(log);
    await context.close();
  });
}

test('zoomed in to 149%, a NAT gateway dropped in Public a pans to keep the pushed AZ b in view with it (1b)', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1440, height: 900 } });
  await barSettled(page);
  const canvas = await page.locator('.canvas').boundingBox();
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  for (let i = 0; i < 3; i++) await page.keyboard.press('=');
  await page.waitForTimeout(200);
  const zoom = await page.textContent('.zoom');
  const right = canvas.x + canvas.width;
  const natb = await box(page, 'nat-b');
  assert.ok(natb.right <= right, `NAT b in view before: ${JSON.stringify(natb)}`);
  const pa = await box(page, 'public-a');
  const nat = await box(page, 'nat-a');
  const t0 = await viewT(page);
  const id = await dropNew(page, 'nat-gateway', { x: Math.round(pa.right - 6), y: Math.round(nat.cy) });
  const t1 = await viewT(page);
  assert.equal(await page.textContent('.zoom'), zoom, 'the zoom is kept');
  const got = await box(page, id);
  const natb1 = await box(page, 'nat-b');
  assert.ok(got.x >= canvas.x && got.right <= right && got.y >= canvas.y && got.bottom <= canvas.y + canvas.height, `the new NAT in view: ${JSON.stringify(got)}`);
  // Before: no pan, NAT b at 949–1116 under the side panel (from 1080).
  assert.ok(natb1.right <= right, `NAT b, pushed, still in view: ${JSON.stringify(natb1)} (canvas right ${right})`);
  console.log(`# 149%: pan ${Math.round(t1[0] - t0[0])}, ${Math.round(t1[1] - t0[1])} px; new NAT ${Math.round(got.x)}–${Math.round(got.right)}, NAT b ${Math.round(natb1.x)}–${Math.round(natb1.right)}`);
  await shot(page, 's26-qa-zoomed-push-1440');
  assertClean(log);
  await context.close();
});

test('multi-region at 1440: a VPC dropped at the bottom of us-east-1 pans to keep the pushed us-west-2 Region in view (1c)', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1440, height: 900 } });
  await barSettled(page);
  await openTemplate(page, 'multi-region-active-passive.json');
  await page.waitForTimeout(500);
  await barSettled(page);
  const canvas = await page.locator('.canvas').boundingBox();
  const right = canvas.x + canvas.width;
  const zoom = await page.textContent('.zoom');
  const west = await box(page, 'west-region');
  assert.ok(west.right <= right, `us-west-2 in view before: ${JSON.stringify(west)}`);
  const ev = await box(page, 'east-vpc');
  // qa.md 1c: released at (703, 777) at 1440, just inside the east VPC's bottom-right; a VPC
  // goes into the Region, which grows right and pushes us-west-2 (before: to 874–1149, its
  // right column under the side panel from 1080, the view panned up only).
  const t0 = await viewT(page);
  const id = await dropNew(page, 'vpc', { x: Math.round(ev.right - 16), y: Math.round(ev.bottom - 6) });
  const t1 = await viewT(page);
  assert.equal(await page.textContent('.zoom'), zoom, 'the zoom is kept');
  const got = await box(page, id);
  const west1 = await box(page, 'west-region');
  assert.ok(got.x >= canvas.x && got.right <= right && got.y >= canvas.y && got.bottom <= canvas.y + canvas.height, `the new VPC in view: ${JSON.stringify(got)}`);
  assert.ok(west1.right <= right && west1.x >= canvas.x, `us-west-2, pushed, across in view: ${JSON.stringify(west1)} (canvas ${canvas.x}–${right})`);
  console.log(`# multi-region: pan ${Math.round(t1[0] - t0[0])}, ${Math.round(t1[1] - t0[1])} px; new VPC ${Math.round(got.x)}–${Math.round(got.right)} × ${Math.round(got.y)}–${Math.round(got.bottom)}, us-west-2 ${Math.round(west1.x)}–${Math.round(west1.right)}`);
  await shot(page, 's26-qa-multi-region-vpc-1440');
  assertClean(log);
  await context.close();
});

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`at ${w}×${h}, the connection form keeps a message per refused field, and a focused refused field shows red (6)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    const pt = await page.evaluate(() => {
      const p = document.querySelector('.canvas-svg g.edge[data-conn] .edge-hit');
      const m = p.getPointAtLength(p.getTotalLength() / 2);
      const ctm = p.getScreenCTM();
      return { x: m.x * ctm.a + ctm.e, y: m.y * ctm.d + ctm.f };
    });
    await page.mouse.click(pt.x, pt.y);
    await page.click('#tab-inspect');
    const timeout = page.locator('.inspector .field[data-field="timeout_ms"]');
    const retries = page.locator('.inspector .field[data-field="retries"]');
    await timeout.waitFor();
    await timeout.locator('input').fill('lots');
    await timeout.locator('input').press('Enter');
    await timeout.locator('.field-error').waitFor();
    // Focused and refused: the ring is the error colour, not the browser's dark one that hid
    // the red border until focus left.
    const ring = await timeout.locator('input').evaluate((e) => ({ focused: document.activeElement === e, style: getComputedStyle(e).outlineStyle, color: getComputedStyle(e).outlineColor, border: getComputedStyle(e).borderTopColor }));
    assert.ok(ring.focused, 'the refused field keeps focus');
    assert.notEqual(ring.style, 'none');
    assert.equal(ring.color, ring.border, `the focus ring is the error red: ${JSON.stringify(ring)}`);
    await shot(page, `s26-qa-conn-focused-${w}`);
    await retries.locator('input').fill('-5');
    await retries.locator('input').press('Enter');
    await retries.locator('.field-error').waitFor();
    // Both messages and both red borders, as the component form keeps them.
    assert.equal(await page.locator('.inspector .field-error').count(), 2, 'a message under each refused field');
    assert.ok(await timeout.evaluate((e) => e.classList.contains('invalid')), 'Timeout still red');
    assert.ok(await retries.evaluate((e) => e.classList.contains('invalid')), 'Retries red');
    await shot(page, `s26-qa-conn-two-${w}`);
    // Typing in one field takes its own message away, not the other's.
    await retries.locator('input').fill('2');
    await page.waitForFunction(() => !document.querySelector('.inspector .field[data-field="retries"] .field-error'));
    assert.equal(await page.locator('.inspector .field[data-field="timeout_ms"] .field-error').count(), 1, 'Timeout\'s message stays');
    // Retries 2 accepted (the form drawn again for the changed connection): Timeout's stays.
    await retries.locator('input').press('Enter');
    await page.waitForFunction(() => document.querySelector('.inspector .field[data-field="retries"] input')?.value === '2');
    await frames(page);
    assert.equal(await page.locator('.inspector .field[data-field="timeout_ms"] .field-error').count(), 1, 'Timeout\'s message stays after another field\'s edit');
    // × on the other dismisses it.
    await timeout.locator('.field-error-close').click();
    await page.waitForFunction(() => !document.querySelector('.inspector .field-error'));
    assertClean(log);
    await context.close();
  });
}
