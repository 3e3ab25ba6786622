// s53-numbers: numbers and words that must agree, in Chromium (QA s35 F3, F5; review s35 R3).
//  F3/R3  Three-tier: Compare's header said 3 tasks and its EKS on EC2 row sized the node group
//         "for 2 tasks at peak" (a silent floor of 2). Now the node group's floor is its own
//         "Minimum pods" (min_pods), which the Switch sets from the service's Minimum tasks (3):
//         the note says 3, the header after the Switch still says 3, the bill moves by the
//         listed change, and the inspector shows Minimum pods 3.
//  F5     Multi-region: the "Not used" sentence said "Public ALB — LCU-hours" with no region,
//         though a "Public ALB" is drawn in each region (only us-west-2's is unused).
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, barSettled, savedDesign, selectNode, threeTier, openTemplate } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const header = (page) => page.evaluate(() => [...document.querySelectorAll('.compare p.muted.small')].map((p) => p.textContent).find((t) => t.startsWith('For "Web app tasks"')) ?? '');

async function billNow(page) {
  await barSettled(page);
  return Number((await page.textContent('#total-monthly-value')).replace(/[$,]/g, ''));
}

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`${w}×${h}: Three-tier's EKS on EC2 counts the service's own 3 tasks everywhere (QA s35 F3, review s35 R3)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    await selectNode(page, 'app');
    await page.click('#tab-compare');
    await page.locator('#containers-recommendation').waitFor();
    await page.waitForFunction(() => /For "Web app tasks"/.test(document.querySelector('.compare')?.textContent ?? ''));
    assert.match(await header(page), /1 service × 3 tasks on average \(3 at peak/);
    const note = await page.textContent('.switch-note[data-option="eks-ec2"]');
    // s54-numbers (QA s36 F5): one node in each of the service's 3 AZs, no longer 1.
    assert.match(note, /“Web app tasks” 3 × c6g\.large for 3 tasks at peak \(3 per node by CPU, one node in each of its 3 AZs\)/, note);
    await page.locator('.switch-note[data-option="eks-ec2"]').scrollIntoViewIfNeeded();
    await shot(page, `s53-numbers-compare-before-${w}`);

    const rows = await page.evaluate(() => {
      const r = [...document.querySelectorAll('.compare .options')[0].querySelectorAll('tr[data-option]')];
      return { out: Object.fromEntries(r.map((x) => [x.dataset.option, Number(x.dataset.monthly)])), current: r.find((x) => x.classList.contains('current'))?.dataset.option };
    });
    const want = Math.round((rows.out['eks-ec2'] - rows.out[rows.current]) * 100) / 100;
    const before = await billNow(page);
    const r0 = await page.evaluate(() => Number(document.querySelector('.totals-bar').dataset.rev));
    await page.click('.options tr[data-option="eks-ec2"] button');
    await page.locator('.options tr.current[data-option="eks-ec2"]').waitFor();
    await page.waitForFunction((r) => {
      const b = document.querySelector('.totals-bar');
      return Number(b.dataset.rev) > r && b.dataset.updating === 'false' && b.dataset.pending === 'false';
    }, r0, { timeout: 60_000 });
    assert.equal(Math.round(((await billNow(page)) - before) * 100) / 100, want, 'the bill moved by the listed change');
    assert.match(await header(page), /1 service × 3 tasks on average \(3 at peak/, 'still 3 tasks after the Switch');
    const d = await savedDesign(page);
    assert.deepEqual([d.nodes.app.kind, d.nodes.app.props.count, d.nodes.app.props.instance_type, d.nodes.app.props.min_pods], ['eks-nodegroup', 3, 'c6g.large', 3]);
    await page.locator('.compare').evaluate((e) => e.scrollTo?.(0, 0));
    await shot(page, `s53-numbers-compare-after-${w}`);

    // The floor is a property the user sees and can change.
    await page.click('#tab-inspect');
    const field = page.locator('.inspector .field[data-prop="min_pods"]');
    await field.waitFor();
    assert.equal(await field.locator('input').inputValue(), '3');
    assert.match(await field.textContent(), /Minimum pods/);
    await field.scrollIntoViewIfNeeded();
    await shot(page, `s53-numbers-inspector-min-pods-${w}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: multi-region's "Not used" sentence says which region's Public ALB (QA s35 F5)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await openTemplate(page, 'multi-region-active-passive.json');
    await barSettled(page);
    await page.click('#tab-cost');
    await page.locator('.bill').waitFor();
    const sentence = (await page.locator('#bill-unused').textContent()).trim();
    assert.ok(sentence.includes('Public ALB in us-west-2 — LCU-hours'), sentence);
    assert.ok(sentence.includes('Web ACL in us-west-2 — requests inspected'), sentence);
    assert.ok(!sentence.includes('Public ALB — '), sentence);
    await page.locator('#bill-unused').scrollIntoViewIfNeeded();
    await shot(page, `s53-numbers-multi-region-unused-${w}`);
    assertClean(log);
    await context.close();
  });
}
