// Components spanning AZs (issue 14): a load balancer, an ECS service, a Multi-AZ database
// placed in one subnet per AZ are drawn once, as a band across their subnets; the inspector
// chooses the subnet in each AZ and shows each AZ's share of traffic and cost; a change is
// one undo step; moving the band within its row keeps its subnets. Screenshots of the templates drawn this
// way at 1440×900 and 1024×768.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, centre, dragMouse, openTemplate } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });


const box = (page, id) => page.locator(`g.node[data-node="${id}"] > rect, g.node[data-node="${id}"] rect.frame, g.node[data-node="${id}"] rect.hit`).first().boundingBox();
/** The share table's rows as [AZ, subnet, traffic, cost]. */
// [AZ, subnet, traffic, cost]: the AZ and its subnet share the first cell (s27 #2).
const shares = (page) => page.$$eval('.span-shares tbody tr', (rows) => rows.map((r) => [r.querySelector('.az-name').textContent.trim(), r.querySelector('.subnet-name').textContent.trim(), ...[...r.cells].slice(1).map((c) => c.textContent.trim())]));
const node = (d, id) => d.nodes[id];

test('a service spanning three AZs is one band across its subnets; the inspector places it per AZ, shows each AZ\'s share, and undo takes a change back', async () => {
  const { page, log, context } = await app.open('/');
  await openTemplate(page, 'three-tier.json');
  // One ECS service, not one per AZ; its band reaches across the three private subnets.
  assert.equal(await page.locator('g.node[data-node="app-a"]').count(), 0, 'no per-AZ copies');
  const band = page.locator('g.node.spanning[data-node="app"]');
  await band.waitFor();
  const b = await box(page, 'app');
  for (const s of ['private-a', 'private-b', 'private-c']) {
    const r = await box(page, s);
    assert.ok(b.x < r.x + r.width && r.x < b.x + b.width && b.y >= r.y && b.y + b.height <= r.y + r.height + 1, `the band reaches across ${s}`);
  }
  assert.equal(await page.locator('g.node.spanning').count(), 3, 'the ALB, the service and the Multi-AZ database span AZs');
  await shot(page, 'span-three-tier-1440');

  // Select it: the inspector shows its subnet in each AZ and each AZ's share.
  await page.locator('g.node[data-node="app"] image').click();
  const field = page.locator('.span-field[data-span-of="app"]');
  await field.waitFor();
  assert.equal(await field.locator('.span-az').count(), 3, 'one row per AZ of the VPC');
  assert.match(await field.locator('.span-az').first().textContent(), /home/);
  assert.equal(await field.locator('.span-az[data-az="az-a"] select').inputValue(), 'private-a', 'home subnet');
  let rows = await shares(page);
  assert.deepEqual(rows.map((r) => [r[1], r[2]]), [['Private a', '33%'], ['Private b', '33%'], ['Private c', '33%']]);
  const cost = (r) => Number(r[3].replace(/[$,]/g, ''));
  assert.ok(rows.every((r) => cost(r) > 0 && Math.abs(cost(r) - cost(rows[0])) < 0.011), `an even share of the bill in each AZ: ${rows.map((r) => r[3])}`);
  await shot(page, 'span-inspector-1440');

  // Take it out of AZ c: two AZs, half each; the saved design says so.
  await field.locator('.span-az[data-az="az-c"] select').selectOption('');
  await page.waitForFunction(() => document.querySelectorAll('.span-shares tbody tr').length === 2);
  rows = await shares(page);
  assert.deepEqual(rows.map((r) => r[2]), ['50%', '50%']);
  let saved = await savedDesign(page);
  assert.deepEqual(node(saved, 'app').span, ['private-b']);
  assert.equal(saved.schema_version, 5);
  assert.match(await page.getAttribute('#undo', 'title'), /Remove “Web app tasks” from Private c/, 'the change is an undo step, named by labels');

  // Undo puts it back in AZ c, one step.
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelectorAll('.span-shares tbody tr').length === 3);
  saved = await savedDesign(page);
  assert.deepEqual(node(saved, 'app').span, ['private-b', 'private-c']);

  // A subnet of another row for AZ b: one band is drawn across one row, so the whole band
  // moves to the public row in the same AZs, and is drawn there (span-move.test.mjs checks
  // the drawing).
  await field.locator('.span-az[data-az="az-b"] select').selectOption('public-b');
  saved = await savedDesign(page);
  assert.deepEqual([node(saved, 'app').parent, node(saved, 'app').span], ['public-a', ['public-b', 'public-c']]);
  await page.keyboard.press('Control+z');

  // Its home: a subnet of another row of AZ a (the isolated row), one undo step.
  await field.locator('.span-az[data-az="az-a"] select').selectOption('isolated-a');
  saved = await savedDesign(page);
  assert.equal(node(saved, 'app').parent, 'isolated-a');
  assert.deepEqual(node(saved, 'app').span, ['isolated-b', 'isolated-c']);
  await page.keyboard.press('Control+z');
  saved = await savedDesign(page);
  assert.equal(node(saved, 'app').parent, 'private-a');

  // Moving the band moves it as one, and keeps its subnets.
  const before = await page.getAttribute('g.node[data-node="app"]', 'transform');
  const c = centre(await page.locator('g.node[data-node="app"] image').boundingBox());
  await dragMouse(page, c, { x: c.x + 20, y: c.y + 10 });
  await page.waitForFunction((t) => document.querySelector('g.node[data-node="app"]').getAttribute('transform') !== t, before);
  saved = await savedDesign(page);
  assert.equal(node(saved, 'app').parent, 'private-a');
  assert.deepEqual(node(saved, 'app').span, ['private-b', 'private-c']);

  assertClean(log);
  await context.close();
});

test('place a new service in a second AZ from the inspector; a component that cannot span has no AZ choice', async () => {
  const { page, log, context } = await app.open('/');
  await openTemplate(page, 'ec2-asg-spot.json');
  // The NAT gateway is zonal: no AZ choice.
  await page.locator('g.node[data-node="nat-a"] image').click();
  await page.locator('.inspector[data-node="nat-a"]').waitFor();
  assert.equal(await page.locator('.span-field').count(), 0);
  // The session cache (ElastiCache, Multi-AZ) sits in one subnet: place its replica in AZ c.
  await page.locator('g.node[data-node="sessions"] image').click();
  const field = page.locator('.span-field[data-span-of="sessions"]');
  await field.waitFor();
  assert.deepEqual((await shares(page)).length, 0, 'not spanning yet: no shares');
  await field.locator('.span-az[data-az="az-c"] select').selectOption('isolated-c');
  await page.waitForFunction(() => document.querySelectorAll('.span-shares tbody tr').length === 2);
  // A cache serves from its primary: all the traffic at home, the cost shared evenly.
  const rows = await shares(page);
  assert.deepEqual(rows.map((r) => [r[1], r[2]]), [['Isolated (data) b', '100%'], ['Isolated (data) c', '0%']]);
  await page.locator('g.node.spanning[data-node="sessions"]').waitFor();
  // Drawn at once as a band from its home subnet across AZ c's subnet.
  const band = await box(page, 'sessions');
  const c = await box(page, 'isolated-c');
  assert.ok(band.x + band.width > c.x + c.width / 2 && band.width > c.width, `the band reaches across isolated-c: ${JSON.stringify([band, c])}`);
  const saved = await savedDesign(page);
  assert.deepEqual(saved.nodes.sessions.span, ['isolated-c']);
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => !document.querySelector('g.node.spanning[data-node="sessions"]'));
  assertClean(log);
  await context.close();
});

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`screenshots of the templates drawn with spanning components at ${w}×${h}`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    for (const file of ['three-tier.json', 'eks-karpenter.json', 'ec2-asg-spot.json', 'multi-region-active-passive.json']) {
      await openTemplate(page, file);
      assert.ok(await page.locator('g.node.spanning').count() >= 1, `${file} draws a spanning component`);
      await shot(page, `span-${file.replace('.json', '')}-${w}`);
    }
    assertClean(log);
    await context.close();
  });
}
