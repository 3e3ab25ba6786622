// s45-mend: QA s29's findings and the review of s44, in Chromium.
//  review  The canvas writes a component's body with the engine's one node writer and escaper
//       (`diagram::svg::write_node`, `text::xml_escape_into`): a label with markup characters
//       still shows as typed.
//  F3   A palette drop on a band (a component spanning AZs) where it crosses the gap between
//       two subnets was refused by the AZ under the gap ("EC2 instance cannot sit in an
//       Availability Zone: it belongs in a Subnet"): it now goes into the band's subnet there.
//  F4   "Not moved: dropped on top of another component…" named nothing; "released on top of
//       “Production VPC”" read oddly for a container the component cannot go into.
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, barSettled, shot, openTemplate, savedDesign, dragMouse, dropKind, dropNew, inView, nodeBox, anyToast, errorToast, drawnComponent, renameComponent } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [[1440, 900], [1024, 768]];

for (const [w, h] of VIEWPORTS) {
  test(`${w}×${h}: a label with markup characters shows as typed on the canvas, as text`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    await inView(page, 'dns');
    const typed = `<b>Tom's</b> "A&B" <i>`;
    await renameComponent(page, 'dns', typed);
    const d = await drawnComponent(page, 'dns');
    assert.equal(d.lines.join(''), typed, `drawn as typed: ${JSON.stringify(d.lines)}`);
    assert.equal(await page.locator('.canvas-svg g.node[data-node="dns"] :is(b, i)').count(), 0, 'no element made of it');
    assert.equal((await savedDesign(page)).nodes.dns.label, typed);
    await shot(page, `s45-mend-markup-label-${w}`);
    assertClean(log);
    await context.close();
  });

  // A NAT gateway since s47-place: a kind the band's public row suits. An EC2 instance there
  // goes into the nearest subnet where it raises no error, "Private a" (QA s31 F5).
  test(`${w}×${h}: a NAT gateway dropped on the ALB band in the gap right of "Public a" goes into "Public a" (QA s29 F3)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await openTemplate(page, 'three-tier.json');
    await barSettled(page);
    await inView(page, 'alb');
    const [band, subnet, az] = [await nodeBox(page, 'alb'), await nodeBox(page, 'public-a'), await nodeBox(page, 'az-a')];
    // On the band, right of the subnet, inside its AZ.
    const at = { x: (subnet.right + az.right) / 2, y: band.cy };
    assert.ok(at.x > subnet.right && at.x < az.right && at.x > band.x, `the gap ${JSON.stringify({ at, subnet, az, band })}`);
    const id = await dropNew(page, 'nat-gateway', at);
    const d = await savedDesign(page);
    assert.equal(d.nodes[id].parent, 'public-a', 'in the band\'s subnet of that AZ');
    assert.equal(await errorToast(page).count(), 0, 'not refused');
    await shot(page, `s45-mend-band-drop-${w}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: drop messages name what was dropped and what it was released on (QA s29 F4)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    // DNS onto the CDN's middle: placed beside it or back where it stood, said either way.
    await inView(page, 'cdn');
    const cdn = await nodeBox(page, 'cdn');
    const dns = await nodeBox(page, 'dns');
    await dragMouse(page, { x: dns.cx, y: dns.cy }, { x: cdn.cx, y: cdn.cy });
    const note = anyToast(page).filter({ hasText: /released/ });
    await note.waitFor({ timeout: 3000 });
    assert.match(await note.textContent(), /^(Not moved: “DNS” was released on top of “CDN”, and the nearest free spot was where it stood|Moved to the nearest free spot: released on top of “CDN”)\.$/);
    await shot(page, `s45-mend-dns-on-cdn-${w}`);
    await page.locator('.toast-close').first().click();
    await context.close();
    // A new SNS topic released on the VPC's title: it cannot go into a VPC, and is told so.
    const second = await app.open('/', { viewport: { width: w, height: h } });
    await openTemplate(second.page, 'three-tier.json');
    await barSettled(second.page);
    const title = await second.page.locator('g.node[data-node="vpc"] text.container-label').boundingBox();
    await dropKind(second.page, 'sns', title.x + title.width / 2, title.y + title.height / 2);
    const placed = anyToast(second.page).filter({ hasText: /nearest free spot/ });
    await placed.waitFor({ timeout: 3000 });
    assert.match(await placed.textContent(), /^Placed at the nearest free spot: released over “Production VPC 10\.0\.0\.0\/16”, which an SNS topic cannot go into\.$/);
    await shot(second.page, `s45-mend-sns-on-vpc-${w}`);
    assertClean(log);
    assertClean(second.log);
    await second.context.close();
  });
}
