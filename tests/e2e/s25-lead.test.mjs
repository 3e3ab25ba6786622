// s25-lead: what session 24's QA pass (/work/notes/s24/qa.md) left and session 25's lead fixed,
// in Chromium.
//  fix 3  The imported stack's public and private subnet of one AZ, cut in the middle, both read
//         "VPC Public…st-1a": the word where they differ was in the cut part. Cut next to its
//         peers (the other subnets of its AZ), a label keeps that word.
//  #4     A rename could give two components one label (numbered apart when added) with no
//         word: the inspector now says so under the label and offers a free one.
//  #5     A VPC dropped in a Region that has one took the catalog's 10.0.0.0/16 like it: two
//         VPCs overlapping, unnoticed until they are peered. It takes the next free /16.
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, barSettled, shot, openTemplate, dropKind, selectNode, importIac } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

// The repository's copy of the sample (the same bytes as ../shared/iac-samples'), so the test
// runs from any checkout, a worktree too.
const SAMPLE = new URL('../../crates/cloudwright-engine/tests/fixtures/iac/cfn-samples/cloudformation/vpc-2az-nat.json', import.meta.url).pathname;

/** Each subnet's drawn label, its AZ, its frame's right edge and its text's right edge (page px). */
const subnetLabels = (page) => page.evaluate(() => [...document.querySelectorAll('.canvas-svg g.node.kind-subnet')].map((g) => {
  const t = g.querySelector('text.container-label');
  const frame = g.querySelector('rect.frame').getBoundingClientRect();
  return { id: g.dataset.node, text: t.textContent, title: g.querySelector('title')?.textContent ?? '', textRight: t.getBoundingClientRect().right, frameRight: frame.right };
}));

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`at ${w}×${h}, the imported stack's public and private subnets of one AZ read differently`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    await importIac(page, SAMPLE);
    await page.waitForFunction(() => document.querySelectorAll('.canvas-svg g.node.kind-subnet').length === 4, null, { timeout: 60_000 });
    await barSettled(page, { timeout: 60_000 });
    const subnets = await subnetLabels(page);
    // Four subnets, each with its whole name as a tooltip, each label inside its frame.
    assert.equal(subnets.length, 4);
    for (const s of subnets) {
      assert.match(s.title, /^VPC Public and Private with NAT-(public|private)-us-east-1[ab]$/, JSON.stringify(s));
      assert.ok(s.textRight <= s.frameRight, `${s.text} ends ${s.textRight - s.frameRight} px past its frame`);
      const tier = s.title.includes('-public-') ? 'public' : 'private';
      assert.ok(s.text.includes(tier), `${s.id} reads "${s.text}" without "${tier}"`);
    }
    // No two drawn the same.
    assert.equal(new Set(subnets.map((s) => s.text)).size, 4, subnets.map((s) => s.text).join(' / '));
    await shot(page, `s25-lead-subnet-labels-${w}`);
    assertClean(log);
    await context.close();
  });
}

test('a VPC dropped in a Region that has one takes a block no VPC of the design uses', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1440, height: 900 } });
  await openTemplate(page, 'multi-region-active-passive.json');
  await barSettled(page, { timeout: 60_000 });
  const before = new Set(await page.locator('.canvas-svg g.node').evaluateAll((gs) => gs.map((g) => g.dataset.node)));
  // The bottom-right of the us-east-1 Region, below its VPC.
  const r = await page.evaluate(() => {
    const g = [...document.querySelectorAll('.canvas-svg g.node.kind-region')][0];
    const b = g.querySelector('rect.frame').getBoundingClientRect();
    return { x: b.right - 20, y: Math.min(b.bottom - 12, innerHeight - 20) };
  });
  await dropKind(page, 'vpc', r.x, r.y);
  await page.waitForFunction((n) => document.querySelectorAll('.canvas-svg g.node').length > n, before.size);
  const added = (await page.locator('.canvas-svg g.node.kind-vpc').evaluateAll((gs) => gs.map((g) => g.dataset.node))).filter((id) => !before.has(id));
  assert.equal(added.length, 1, 'one new VPC');
  await page.click('#tab-inspect');
  await page.waitForSelector(`.inspector[data-node="${added[0]}"]`);
  const cidr = await page.locator('label.field', { hasText: 'CIDR' }).locator('input').inputValue();
  // The template's VPCs are 10.0.0.0/16 and 10.1.0.0/16: the next free /16 is 10.2.0.0/16.
  assert.equal(cidr, '10.2.0.0/16');
  await shot(page, 's25-lead-new-vpc-1440');
  assertClean(log);
  await context.close();
});

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`at ${w}×${h}, renaming "NAT b" to "NAT a" is allowed, and the inspector says two components share the label`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    await selectNode(page, 'nat-b');
    assert.equal(await page.locator('.inspector .same-label').count(), 0, 'no hint while the labels differ');
    const field = page.locator('.inspector label.field', { hasText: 'Label' }).locator('input');
    await field.fill('NAT a');
    await field.press('Enter');
    const hint = page.locator('.inspector .same-label');
    await hint.waitFor();
    assert.equal(await hint.textContent(), 'Another component (NAT gateway) is also called “NAT a”: findings, the bill and Compare cannot tell them apart. “NAT a 2” is free.');
    await shot(page, `s25-lead-same-label-${w}`);
    // Renamed apart again, the hint goes.
    await field.fill('NAT a 2');
    await field.press('Enter');
    await hint.waitFor({ state: 'detached' });
    assertClean(log);
    await context.close();
  });
}
