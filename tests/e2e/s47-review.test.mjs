// s47-review: last review's mends, in Chromium.
//  F9   "Off the canvas" is judged by the point, outside the canvas's box, not by the element
//       under it: a palette drop on something lying on the canvas (the empty design's "Or
//       start from a template" button, a toast) lands on the canvas where it was released; one
//       released off the box (over the side panel) is still not added, and said so.
//  F8   A pasted AZ is not labelled "AZ us-east-1a 2" (an AWS zone that does not exist): the
//       copy of a VPC's AZs takes the Region's next zones, named as the AZs are ("AZ
//       us-east-1d"…), its `zone` the same letter (QA s31 F8).
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code: main lost the drop on a toast, and named the AZ "… 2").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, barSettled, shot, openTemplate, savedDesign, visiblePoint, anyToast, dragOverKind, dragEventAt } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [[1440, 900], [1024, 768]];

/** The nodes of a kind in the saved design. */
const ofKind = async (page, kind) => Object.values((await savedDesign(page)).nodes).filter((n) => n.kind === kind);

/** Whether a page point lies in a box (page pixels). */
const holds = (b, p) => p.x >= b.x && p.x < b.x + b.width && p.y >= b.y && p.y < b.y + b.height;

/** A palette drag of `kind` held over the page point `at`, then released there. */
async function dropAt(page, kind, at) {
  const dt = await dragOverKind(page, kind, at.x, at.y);
  await dragEventAt(page, 'drop', at, dt);
  await page.dispatchEvent(`.palette-item[data-kind="${kind}"]`, 'dragend', { dataTransfer: dt });
}

for (const [w, h] of VIEWPORTS) {
  test(`${w}×${h}: a palette drop on what lies on the canvas lands where released; off the canvas it is refused with its toast (F9)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h }, welcome: true });
    await page.locator('.modal.welcome').waitFor();
    await page.click('#welcome-empty');
    await page.locator('#empty-hint').waitFor();
    const canvas = await page.locator('.canvas').boundingBox();

    // On the template button (the element under the point is the button, not the canvas).
    const b = await page.locator('#empty-templates').boundingBox();
    const at = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    assert.ok(holds(canvas, at), 'the button lies on the canvas');
    assert.equal(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y).id, at), 'empty-templates');
    await dropAt(page, 's3', at);
    await page.locator('.canvas-svg g.node.kind-s3').waitFor({ timeout: 5_000 });
    assert.equal((await ofKind(page, 's3')).length, 1, 'one S3 bucket added');
    const r = await page.locator('.canvas-svg g.node.kind-s3 .hit').boundingBox();
    assert.ok(Math.abs(r.x + r.width / 2 - at.x) < 120 && Math.abs(r.y + r.height / 2 - at.y) < 120, `placed at the drop: ${JSON.stringify({ r, at })}`);
    await shot(page, `s47-review-drop-on-template-button-${w}`);

    // On a toast lying on the canvas ("Nothing to paste", in the canvas's corner).
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+v');
    const toast = page.locator('.toast', { hasText: 'Nothing to paste' });
    await toast.waitFor();
    const t = await toast.boundingBox();
    const onToast = { x: t.x + 12, y: t.y + t.height / 2 };
    assert.ok(holds(canvas, onToast), `the toast lies on the canvas: ${JSON.stringify({ t, canvas })}`);
    assert.ok(await page.evaluate(({ x, y }) => !!document.elementFromPoint(x, y).closest('.toast'), onToast), 'the point is on the toast');
    await dropAt(page, 'sqs', onToast);
    await page.locator('.canvas-svg g.node.kind-sqs').waitFor({ timeout: 5_000 });
    const q = await page.locator('.canvas-svg g.node.kind-sqs .hit').boundingBox();
    assert.ok(Math.abs(q.x + q.width / 2 - onToast.x) < 160 && Math.abs(q.y + q.height / 2 - onToast.y) < 160, `placed at the drop: ${JSON.stringify({ q, onToast })}`);
    await shot(page, `s47-review-drop-on-toast-${w}`);

    // Off the canvas (over the side panel): not added, and said so.
    const panel = await page.locator('.sidepanel').boundingBox();
    const off = { x: panel.x + panel.width / 2, y: panel.y + panel.height / 2 };
    assert.ok(!holds(canvas, off), 'the side panel is beside the canvas');
    const nodes = Object.keys((await savedDesign(page)).nodes).length;
    await dropAt(page, 'lambda', off);
    await page.locator('.toast-text', { hasText: 'Not added: released outside the canvas' }).waitFor({ timeout: 5_000 });
    await page.waitForTimeout(300);
    assert.equal(Object.keys((await savedDesign(page)).nodes).length, nodes, 'nothing added');
    assert.equal(await page.locator('g.node.drop-target, g.node.drop-refused, .drop-why').count(), 0, 'no highlight left');
    await shot(page, `s47-review-drop-off-canvas-${w}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: a pasted VPC keeps its AZs' zones, labels them "(copy)" and takes a block of its own (F8; s32 R3, F7)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    await openTemplate(page, 'three-tier.json', { renamed: true });
    await barSettled(page);
    const p = await visiblePoint(page, 'vpc', { from: 'top' });
    assert.ok(p, 'the VPC shows');
    await page.mouse.click(p.x, p.y);
    await page.waitForSelector('.inspector[data-node="vpc"]');
    await page.keyboard.press('Control+c');
    await page.locator('.toast-text', { hasText: 'Copied' }).waitFor();
    await page.keyboard.press('Control+v');
    await page.locator('.toast-text', { hasText: 'Pasted' }).waitFor();
    await barSettled(page);
    const d = await savedDesign(page, { wait: 1000 });
    const azs = Object.values(d.nodes).filter((n) => n.kind === 'az');
    const copies = azs.filter((n) => !['az-a', 'az-b', 'az-c'].includes(n.id));
    assert.equal(copies.length, 3, JSON.stringify(azs.map((n) => n.label)));
    assert.deepEqual(copies.map((n) => [n.label, n.props.zone]).sort(), [['AZ us-east-1a (copy)', 'a'], ['AZ us-east-1b (copy)', 'b'], ['AZ us-east-1c (copy)', 'c']]);
    // The copy agrees with itself (s32 R3, F7): its subnets' labels name their AZ's zone, and
    // its VPC does not overlap the original, its label naming its own block.
    const copyVpc = Object.values(d.nodes).find((n) => n.kind === 'vpc' && n.id !== 'vpc');
    assert.deepEqual([copyVpc.label, copyVpc.props.cidr], ['Production VPC 10.1.0.0/16', '10.1.0.0/16']);
    const pubA = Object.values(d.nodes).find((n) => n.label === 'Public a 2');
    assert.equal(d.nodes[pubA.parent].props.zone, 'a', 'Public a 2 is in zone a');
    assert.equal(pubA.props.cidr, '10.1.0.0/24');
    for (const n of azs) assert.doesNotMatch(n.label, /us-east-1[a-f] \d+$/, 'no numbered zone name');
    // As drawn: the copy's AZ frames say their zones.
    const drawn = await page.locator('.canvas-svg g.node.kind-az text.container-label').allTextContents();
    assert.ok(drawn.some((l) => l.includes('us-east-1a (copy)')), JSON.stringify(drawn));
    await page.keyboard.press('Shift+!');
    await page.waitForTimeout(400);
    await shot(page, `s47-review-pasted-vpc-azs-${w}`);
    assertClean(log);
    await context.close();
  });
}
