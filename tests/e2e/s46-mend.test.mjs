// s46-mend: QA s30's findings F2, F4, F5, F7, F9, in Chromium.
//  F2   A component's 255-character label: the canvas cuts it with "…", and its tooltip (the
//       hit box's <title>) is the whole label (it was cut at 160 with "…" in its middle).
//  F4   vpc-endpoint-private.yaml: the interface endpoint leads to the CloudFormation service
//       outside the VPC (drawn as an External API: the catalog has no CloudFormation kind).
//  F5   Every toast is a sentence ending with a full stop; the import names the file once.
//  F7   The findings/cost change under the totals bar shows what the last edit changed: a
//       later move (no figure changed) takes it away.
//  F9   A palette drop on the empty design's "Or start from a template" button lands on the
//       canvas at that point (it was lost silently).
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, barSettled, shot, openTemplate, savedDesign, inView, anyToast, drawnComponent, renameComponent, selectNode, dragNode, importIac, dragOverKind, dragEventAt } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [[1440, 900], [1024, 768]];
const SAMPLE = new URL('../../crates/cloudwright-engine/tests/fixtures/iac/cfn-samples/cloudformation/vpc-endpoint-private.yaml', import.meta.url).pathname;

for (const [w, h] of VIEWPORTS) {
  test(`${w}×${h}: a 255-character label is cut on the canvas and whole in its tooltip (QA s30 F2)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    await inView(page, 'waf');
    const label = `A very long label that goes on and on ${'and on '.repeat(30)}THE-END`;
    assert.equal(label.length, 255);
    await renameComponent(page, 'waf', label);
    const d = await drawnComponent(page, 'waf');
    assert.ok(d.lines.at(-1).endsWith('…'), `cut on the canvas: ${JSON.stringify(d.lines)}`);
    assert.equal(d.title, label, 'the tooltip is the whole label');
    await shot(page, `s46-mend-long-label-${w}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: copy, paste and a template say so in sentences with a full stop (QA s30 F5)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    await page.keyboard.press('Control+v');
    await page.locator('.toast-text', { hasText: 'Nothing to paste' }).waitFor();
    assert.equal(await anyToast(page).textContent(), 'Nothing to paste: copy components first (Ctrl+C).');
    await selectNode(page, 'secrets');
    await page.keyboard.press('Control+c');
    await page.locator('.toast-text', { hasText: 'Copied' }).waitFor();
    assert.equal(await anyToast(page).textContent(), 'Copied 1 component.');
    await page.keyboard.press('Control+v');
    await page.locator('.toast-text', { hasText: 'Pasted' }).waitFor();
    assert.match(await anyToast(page).textContent(), /^Pasted 1 component(\b.*)?\.$/);
    await shot(page, `s46-mend-pasted-toast-${w}`);
    await openTemplate(page, 'three-tier.json', { renamed: true });
    await page.locator('.toast-text', { hasText: 'New design from the template' }).waitFor();
    assert.match(await anyToast(page).textContent(), /^New design from the template ".+"\.$/);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: the change under the totals goes with the next edit that changes no figure (QA s30 F7)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    // Delete the secrets: the bill changes, and the change shows under the cost.
    await selectNode(page, 'secrets');
    await page.keyboard.press('Delete');
    await page.locator('.total-change').first().waitFor({ timeout: 3_000 });
    const t0 = Date.now();
    await shot(page, `s46-mend-delta-shown-${w}`);
    // Move the customers 60 px up (free canvas): no figure changes; the change shown is not this edit's.
    await inView(page, 'users');
    assert.ok(await dragNode(page, 'users', 0, -60, { settle: 100 }), 'moved');
    await page.waitForFunction(() => !document.querySelector('.total-change'), null, { timeout: 1_500 });
    assert.ok(Date.now() - t0 < 4_500, `gone before its own 5 s ran out (${Date.now() - t0} ms)`);
    assert.equal(await page.textContent('#total-delta'), '', 'nothing said for the move');
    await shot(page, `s46-mend-delta-gone-${w}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: a palette drop on the empty design's template button lands on the canvas there (QA s30 F9)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h }, welcome: true });
    await page.locator('.modal.welcome').waitFor();
    await page.click('#welcome-empty');
    await page.locator('#empty-hint').waitFor();
    const b = await page.locator('#empty-templates').boundingBox();
    const at = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    // A real drag's events, at the button (the element under the pointer there).
    assert.equal(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y).id, at), 'empty-templates', 'the drop is released on the button');
    const dt = await dragOverKind(page, 's3', at.x, at.y);
    await dragEventAt(page, 'drop', at, dt);
    await page.locator('.canvas-svg g.node.kind-s3').waitFor({ timeout: 5_000 });
    const d = await savedDesign(page);
    const s3 = Object.values(d.nodes).filter((n) => n.kind === 's3');
    assert.equal(s3.length, 1, 'one S3 bucket added');
    // Where it was released: its box holds the drop point (or is the nearest free spot to it).
    const r = await page.locator('.canvas-svg g.node.kind-s3 .hit').boundingBox();
    assert.ok(Math.abs(r.x + r.width / 2 - at.x) < 120 && Math.abs(r.y + r.height / 2 - at.y) < 120, `placed at the drop: ${JSON.stringify({ r, at })}`);
    await shot(page, `s46-mend-drop-on-template-button-${w}`);
    assertClean(log);
    await context.close();
  });
}

test('vpc-endpoint-private.yaml: the endpoint leads to the CloudFormation service outside the VPC; the toast names the file once (QA s30 F4, F5)', async () => {
  for (const [w, h] of VIEWPORTS) {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    await importIac(page, SAMPLE);
    await page.locator('.canvas-svg g.node[data-node="CfnEndpointService"]').waitFor({ timeout: 60_000 });
    await barSettled(page, { timeout: 60_000 });
    const toast = await anyToast(page).textContent();
    assert.match(toast, /^Imported "[^"]+"( from [^:]+)?: \d+ components\.$/, toast);
    assert.equal(toast.split('vpc-endpoint-private.yaml').length - 1 <= 1, true, `the file named once: ${toast}`);
    const d = await savedDesign(page);
    assert.equal(d.nodes.CfnEndpointService.kind, 'external-api');
    assert.ok(!d.nodes.CfnEndpointService.parent, 'outside the VPC');
    assert.ok(Object.values(d.connections).some((c) => c.from === 'CfnEndpoint' && c.to === 'CfnEndpointService'), 'CfnEndpoint → the service');
    await page.keyboard.press('Shift+!');
    await page.waitForTimeout(400);
    await shot(page, `s46-mend-endpoint-service-${w}`);
    assertClean(log);
    await context.close();
  }
});
