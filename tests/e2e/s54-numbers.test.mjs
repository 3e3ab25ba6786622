// s54-numbers: numbers and words that must agree, in Chromium (QA s36 F4, F5, F7, F8; review s36 R1).
//  F5     Three-tier: the Switch to EKS on EC2 drew one node (one AZ) for a service that ran 3
//         tasks in 3 AZs. Now it draws one node in each of the service's AZs (3 × c6g.large),
//         Compare's note says so, and the bill moves by the listed change.
//  F4/R1  A node group's Minimum pods above what its nodes hold was capped in silence. Now
//         Compare's header says the cap and a finding (ctr.min-pods-exceed-nodes) names it.
//  F7     Multi-region: the Cost tab's lines and "By component" showed "NAT gateway a" twice
//         with no region. Now each is named with its region.
//  F8     An AZ count typed equal to its default (ALB "AZs enabled" 2) stayed "(2, assumed)"
//         and was not saved. Now it is the user's: saved, and the line says "(2)".
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, assertClean, shot, barSettled, savedDesign, selectNode, threeTier, openTemplate, importDesign } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const NOSUB = JSON.parse(readFileSync(new URL('./fixtures/s52-bill-nosub.json', import.meta.url), 'utf8'));
const header = (page) => page.evaluate(() => [...document.querySelectorAll('.compare p.muted.small')].map((p) => p.textContent).find((t) => t.startsWith('For "Web app tasks"')) ?? '');

async function billNow(page) {
  await barSettled(page);
  return Number((await page.textContent('#total-monthly-value')).replace(/[$,]/g, ''));
}

async function settledAfter(page, r0) {
  await page.waitForFunction((r) => {
    const b = document.querySelector('.totals-bar');
    return Number(b.dataset.rev) > r && b.dataset.updating === 'false' && b.dataset.pending === 'false';
  }, r0, { timeout: 60_000 });
}

const rev = (page) => page.evaluate(() => Number(document.querySelector('.totals-bar').dataset.rev));

async function setField(page, prop, value) {
  await page.click('#tab-inspect');
  const input = page.locator(`.inspector .field[data-prop="${prop}"] input`);
  await input.waitFor();
  const r0 = await rev(page);
  await input.fill(String(value));
  await input.press('Enter');
  return r0;
}

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`${w}×${h}: Three-tier's EKS on EC2 draws a node in each of the service's 3 AZs, and Minimum pods beyond the nodes is said (QA s36 F5, F4)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    await selectNode(page, 'app');
    await page.click('#tab-compare');
    await page.locator('#containers-recommendation').waitFor();
    await page.waitForFunction(() => /For "Web app tasks"/.test(document.querySelector('.compare')?.textContent ?? ''));
    const note = await page.textContent('.switch-note[data-option="eks-ec2"]');
    assert.match(note, /“Web app tasks” 3 × c6g\.large for 3 tasks at peak \(3 per node by CPU, one node in each of its 3 AZs\)/, note);
    const rows = await page.evaluate(() => {
      const r = [...document.querySelectorAll('.compare .options')[0].querySelectorAll('tr[data-option]')];
      return { out: Object.fromEntries(r.map((x) => [x.dataset.option, Number(x.dataset.monthly)])), current: r.find((x) => x.classList.contains('current'))?.dataset.option };
    });
    const want = Math.round((rows.out['eks-ec2'] - rows.out[rows.current]) * 100) / 100;
    const before = await billNow(page);
    const r0 = await rev(page);
    await page.click('.options tr[data-option="eks-ec2"] button');
    await page.locator('.options tr.current[data-option="eks-ec2"]').waitFor();
    await settledAfter(page, r0);
    assert.equal(Math.round(((await billNow(page)) - before) * 100) / 100, want, 'the bill moved by the listed change');
    let d = await savedDesign(page);
    assert.deepEqual([d.nodes.app.kind, d.nodes.app.props.count, d.nodes.app.props.instance_type, d.nodes.app.props.min_pods], ['eks-nodegroup', 3, 'c6g.large', 3]);
    // No single point of failure brought by the Switch.
    await page.click('#tab-findings');
    assert.equal(await page.locator('.finding[data-rule="ha.spof-single-instance"]').count(), 0, 'no single-instance warning after the Switch');
    await shot(page, `s54-numbers-eks-switched-${w}`);

    // One node, Minimum pods 6: 1 × c6g.large holds 3 (⌊(2 − 0.07 − 0.125) / 0.5⌋).
    await settledAfter(page, await setField(page, 'count', 1));
    const bill1 = await billNow(page);
    await settledAfter(page, await setField(page, 'min_pods', 6));
    assert.equal(await billNow(page), bill1, 'the bill prices the node drawn');
    await page.click('#tab-compare');
    await page.waitForFunction(() => /Minimum pods 6 capped/.test(document.querySelector('.compare')?.textContent ?? ''));
    assert.match(await header(page), /1 service × 3 tasks \(Minimum pods 6 capped at the 3 its nodes hold\) on average/);
    await shot(page, `s54-numbers-min-pods-capped-compare-${w}`);
    await page.click('#tab-findings');
    const f = page.locator('.finding[data-rule="ctr.min-pods-exceed-nodes"]');
    await f.waitFor();
    assert.match(await f.textContent(), /Minimum pods 6, but its 1 × c6g\.large hold 3 pods .*: the autoscaler would add nodes for the other 3, which the bill does not price\. Compare counts the 3 that fit; the bill prices the node drawn\./);
    await f.scrollIntoViewIfNeeded();
    await shot(page, `s54-numbers-min-pods-finding-${w}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: multi-region's lines and "By component" name each NAT gateway with its region (QA s36 F7)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await openTemplate(page, 'multi-region-active-passive.json');
    await barSettled(page);
    await page.click('#tab-cost');
    await page.locator('.bill').waitFor();
    const more = page.locator('.sidepanel .cost button', { hasText: /more line items/ });
    if (await more.count()) await more.first().click();
    const lines = await page.$$eval('.bill tbody tr', (rows) => rows.map((r) => [r.children[0].textContent, r.children[1].textContent]));
    const nat = lines.filter(([c, what]) => /^NAT gateway a/.test(c) && /NAT gateway: 730 h/.test(what)).map(([c]) => c).sort();
    assert.deepEqual(nat, ['NAT gateway a in us-east-1', 'NAT gateway a in us-west-2'], JSON.stringify(lines));
    const byComponent = await page.$$eval('.cost h4 + ul.hidden-costs li span.user-text', (s) => s.map((x) => x.textContent));
    assert.equal(new Set(byComponent).size, byComponent.length, `one name each: ${byComponent.join(' | ')}`);
    assert.ok(byComponent.includes('NAT gateway a in us-west-2'), byComponent.join(' | '));
    await page.locator('.cost h4', { hasText: 'By component' }).scrollIntoViewIfNeeded();
    await shot(page, `s54-numbers-multi-region-by-component-${w}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: an AZ count typed equal to its default is the user's (QA s36 F8)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await importDesign(page, NOSUB, join(tmpdir(), `s54-numbers-nosub-${process.pid}-${w}.json`));
    await barSettled(page);
    await selectNode(page, 'alb');
    const input = page.locator('.inspector .field[data-prop="az_count"] input');
    assert.equal(await input.inputValue(), '2');
    // Typed, taken back with Escape, then left: nothing is set (review s54 R3: the blur
    // committed the default the Escape had put back).
    await input.click();
    await input.fill('5');
    await page.keyboard.press('Escape');
    assert.equal(await input.inputValue(), '2');
    await page.keyboard.press('Tab');
    await page.waitForTimeout(300);
    assert.equal((await savedDesign(page)).nodes.alb.props.az_count, undefined, 'a cancelled entry sets nothing');
    await settledAfter(page, await setField(page, 'az_count', 2));
    const d = await savedDesign(page);
    assert.equal(d.nodes.alb.props.az_count, 2, 'saved as typed');
    await page.click('#tab-cost');
    await page.locator('.bill').waitFor();
    const more = page.locator('.sidepanel .cost button', { hasText: /more line items/ });
    if (await more.count()) await more.first().click();
    const what = await page.$$eval('.bill tbody tr', (rows) => rows.map((r) => r.children[1].textContent));
    assert.ok(what.some((t) => /public IPv4, one per enabled AZ \(2\): 2 × 730 h/.test(t)), what.join('\n'));
    assert.ok(!what.some((t) => /public IPv4, one per enabled AZ \(2, assumed\)/.test(t)), what.join('\n'));
    await page.locator('.bill tbody tr', { hasText: 'public IPv4' }).first().scrollIntoViewIfNeeded();
    await shot(page, `s54-numbers-alb-az-typed-${w}`);
    assertClean(log);
    await context.close();
  });
}
