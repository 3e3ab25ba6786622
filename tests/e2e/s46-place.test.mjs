// s46-place: a drop or a move lands where the user aimed (QA s30 F1, F3, F6), in Chromium, on
// the gallery's "Three-tier VPC" fitted to the view (Shift+!), as QA had it.
//  F1   An EC2 instance dropped from the palette in the gap between two subnets of an AZ, or in
//       an AZ's margin, was refused: "EC2 instance cannot sit in an Availability Zone: it
//       belongs in a Subnet". It goes into the subnet of that AZ nearest the point, the preview
//       outlining that subnet while dragging, and the note says where it went. A NAT gateway
//       moved with its centre in such a gap goes into a subnet the same way.
//  F3   A component in the VPC released with its centre just inside the VPC's right edge stays
//       in the VPC; released with its centre just outside, it is taken out, and the toast says
//       so (not "release it inside to put it in").
//  F6   An SNS topic moved into the VPC was refused ("SNS topic cannot sit in a VPC: …", no
//       "Not moved", no full stop); one dropped from the palette at the same place was placed
//       outside it. Both now go to the nearest free spot outside, told in the same words.
//  QA s31 F2: a group moved into such a gap all went into the one subnet nearest the point
//       (NAT b out of its AZ, no message): a group is refused there, as before.
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, dragMouse, dropNew, nodeBox, anyToast, errorToast, dragOverKind, threeTier, closeToasts } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [[1440, 900], [1024, 768]];

/** A palette drag of `kind` held over the page point (x, y), not dropped: the preview's outline. */
async function hover(page, kind, x, y) {
  await dragOverKind(page, kind, x, y);
  await page.waitForTimeout(100);
  return page.evaluate(() => ({
    target: [...document.querySelectorAll('.canvas-svg g.node.drop-target')].map((g) => g.dataset.node),
    refused: [...document.querySelectorAll('.canvas-svg g.node.drop-refused')].map((g) => g.dataset.node),
    why: document.querySelector('.drop-why')?.textContent ?? null,
  }));
}



for (const [w, h] of VIEWPORTS) {
  test(`${w}×${h}: EC2 dropped in the gap between two subnets of an AZ, or in its margin, goes into the nearest subnet of that AZ (QA s30 F1)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    // (Each point is read from the boxes as drawn: the drop before may have grown a subnet.)
    const boxes = async () => [await nodeBox(page, 'public-a'), await nodeBox(page, 'private-a'), await nodeBox(page, 'az-a')];
    const cases = [
      // The gap between "Public a" and "Private a", a third of the way down: nearer Public a,
      // but an instance raises an error there; it goes into Private a (QA s31 F5, s47-place).
      ['gap', ([pa, pr]) => ({ x: pa.x + 0.3 * (pa.right - pa.x), y: pa.bottom + (pr.y - pa.bottom) / 3 }), 'private-a'],
      // AZ a's left margin, level with Private a.
      ['margin', ([, pr, az]) => ({ x: (az.x + pr.x) / 2, y: pr.cy }), 'private-a'],
    ];
    for (const [name, point, want] of cases) {
      const at = point(await boxes());
      const seen = await hover(page, 'ec2', at.x, at.y);
      assert.deepEqual(seen.target, [want], `${name}: the preview outlines ${want}: ${JSON.stringify(seen)}`);
      assert.deepEqual(seen.refused, [], `${name}: nothing outlined red`);
      const id = await dropNew(page, 'ec2', at);
      const note = anyToast(page).filter({ hasText: /^Placed in/ });
      await note.waitFor({ timeout: 3000 }).catch(async () => { throw new Error(`${name}: ${JSON.stringify(await anyToast(page).allTextContents())}`); });
      assert.match(await note.textContent(), new RegExp(`^Placed in “${want === 'public-a' ? 'Public a' : 'Private a'}[^”]*”: released in “AZ us-east-1a[^”]*”, which an EC2 instance cannot go into\\.$`));
      await shot(page, `s46-place-ec2-${name}-${w}`);
      assert.equal(await errorToast(page).count(), 0, `${name}: not refused`);
      const d = await savedDesign(page);
      assert.equal(d.nodes[id].parent, want, `${name}: in ${want}`);
      await closeToasts(page);
      await page.keyboard.press('Escape');
    }
    // A NAT gateway moved with its centre in the gap between "Public b" and "Private b" goes
    // into a subnet of AZ b, the nearest.
    const [pb, prb, nat] = [await nodeBox(page, 'public-b'), await nodeBox(page, 'private-b'), await nodeBox(page, 'nat-a')];
    const to = { x: pb.x + 0.4 * (pb.right - pb.x), y: pb.bottom + (prb.y - pb.bottom) / 3 };
    await dragMouse(page, { x: nat.cx, y: nat.cy }, to);
    const moved = anyToast(page).filter({ hasText: /^Moved into/ });
    await moved.waitFor({ timeout: 3000 }).catch(async () => { throw new Error(`nat: ${JSON.stringify(await anyToast(page).allTextContents())}`); });
    assert.match(await moved.textContent(), /^Moved into “Public b[^”]*”: released in “AZ us-east-1b[^”]*”, which a NAT gateway cannot go into\.$/);
    await shot(page, `s46-place-nat-gap-move-${w}`);
    assert.equal(await errorToast(page).count(), 0, 'the move is not refused');
    assert.equal((await savedDesign(page)).nodes['nat-a'].parent, 'public-b', 'moved into Public b');
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: two NAT gateways moved together into AZ a's gap are refused, not both sent into one subnet (QA s31 F2)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const [na, nb] = [await nodeBox(page, 'nat-a'), await nodeBox(page, 'nat-b')];
    await page.mouse.click(na.cx, na.cy);
    await page.keyboard.down('Shift');
    await page.mouse.click(nb.cx, nb.cy);
    await page.keyboard.up('Shift');
    const undo = await page.getAttribute('#undo', 'title');
    // NAT a held, released with its centre in the gap between "Private a" and "Isolated a".
    const [pr, iso] = [await nodeBox(page, 'private-a'), await nodeBox(page, 'isolated-a')];
    await dragMouse(page, { x: na.cx, y: na.cy }, { x: pr.x + 0.4 * (pr.right - pr.x), y: pr.bottom + (iso.y - pr.bottom) / 2 });
    const refused = errorToast(page);
    await refused.waitFor({ timeout: 3000 }).catch(async () => { throw new Error(JSON.stringify(await anyToast(page).allTextContents())); });
    assert.match(await refused.textContent(), /^Not moved: .*cannot sit in an Availability Zone.*\.$/);
    await shot(page, `s46-place-nat-group-gap-${w}`);
    const d = await savedDesign(page);
    assert.deepEqual([d.nodes['nat-a'].parent, d.nodes['nat-b'].parent], ['public-a', 'public-b'], 'each still in its own subnet');
    assert.equal(await page.getAttribute('#undo', 'title'), undo, 'no edit');
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: a component released with its centre just inside its VPC's edge stays in it; just outside, it is taken out and told so (QA s30 F3)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const vpc = await nodeBox(page, 'vpc');
    let c = await nodeBox(page, 'cluster');
    const undo = await page.getAttribute('#undo', 'title');
    // The pointer holds the cluster by its centre: its centre lands where the pointer is
    // released (to the drag's grid step).
    await dragMouse(page, { x: c.cx, y: c.cy }, { x: vpc.right - 5, y: c.cy });
    await page.waitForTimeout(700);
    let d = await savedDesign(page);
    assert.equal(d.nodes.cluster.parent, 'vpc', 'still in the VPC');
    c = await nodeBox(page, 'cluster');
    assert.ok(c.right <= vpc.right + 0.5 && c.x >= vpc.x, `inside the VPC's frame: ${JSON.stringify({ c, vpc })}`);
    assert.notEqual(await page.getAttribute('#undo', 'title'), undo, 'moved');
    assert.equal(await anyToast(page).filter({ hasText: /released|Taken out/ }).count(), 0, 'nothing to tell');
    await shot(page, `s46-place-cluster-edge-in-${w}`);
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(400);
    c = await nodeBox(page, 'cluster');
    await dragMouse(page, { x: c.cx, y: c.cy }, { x: vpc.right + 6, y: c.cy });
    const note = anyToast(page).filter({ hasText: /Taken out/ });
    await note.waitFor({ timeout: 3000 }).catch(async () => { throw new Error(`${JSON.stringify(await anyToast(page).allTextContents())} ${JSON.stringify({ c: await nodeBox(page, 'cluster'), vpc })}`); });
    assert.equal(await note.textContent(), 'Taken out of “Production VPC 10.0.0.0/16”: its centre was released outside it, so it went to the nearest free spot there.');
    d = await savedDesign(page);
    assert.equal(d.nodes.cluster.parent, undefined, 'taken out to the top level');
    c = await nodeBox(page, 'cluster');
    assert.ok(c.x >= vpc.right || c.bottom <= vpc.y || c.y >= vpc.bottom || c.right <= vpc.x, `clear of the VPC: ${JSON.stringify({ c, vpc })}`);
    await shot(page, `s46-place-cluster-edge-out-${w}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: an SNS topic moved into the VPC and one dropped there from the palette both go to the nearest free spot outside it, told alike (QA s30 F6)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const [logs, vpc] = [await nodeBox(page, 'vpce-logs'), await nodeBox(page, 'vpc')];
    // In the VPC, beside the CloudWatch Logs endpoint, outside the AZs.
    const at = { x: logs.right + (logs.right - logs.x) * 0.8, y: logs.cy };
    const alerts = await nodeBox(page, 'alerts');
    await dragMouse(page, { x: alerts.cx, y: alerts.cy }, at);
    await page.waitForTimeout(700);
    assert.equal(await errorToast(page).count(), 0, 'the move is not refused');
    const moved = anyToast(page).filter({ hasText: /nearest free spot/ });
    await moved.waitFor({ timeout: 3000 });
    assert.equal(await moved.textContent(), 'Moved to the nearest free spot: released over “Production VPC 10.0.0.0/16”, which an SNS topic cannot go into.');
    const a = await nodeBox(page, 'alerts');
    assert.ok(a.x >= vpc.right || a.bottom <= vpc.y || a.y >= vpc.bottom || a.right <= vpc.x, `outside the VPC: ${JSON.stringify({ a, vpc })}`);
    assert.equal((await savedDesign(page)).nodes.alerts.parent, undefined);
    await shot(page, `s46-place-sns-move-into-vpc-${w}`);
    await closeToasts(page);
    await page.keyboard.press('Escape');
    const id = await dropNew(page, 'sns', at);
    const placed = anyToast(page).filter({ hasText: /nearest free spot/ });
    await placed.waitFor({ timeout: 3000 });
    assert.match(await placed.textContent(), /^Placed at the nearest free spot: released over “Production VPC 10\.0\.0\.0\/16”, which an SNS topic cannot go into\.$/);
    assert.equal((await savedDesign(page)).nodes[id].parent, undefined);
    await shot(page, `s46-place-sns-drop-into-vpc-${w}`);
    assertClean(log);
    await context.close();
  });
}
