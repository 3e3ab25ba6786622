// s50-bill: the bill's "Not used, nothing billed" sentence, in Chromium, as QA had it (QA s33
// F4) and as review s33 R12 asked: one truth for every view.
//  F4   Importing alb-asg-existing-vpc.yaml, the Cost tab's sentence read "CloudWatch alarms
//       (log ingestion, log storage (never expire: grows every month), custom metrics: 0,
//       dashboards)": brackets in brackets, a zero, a remark about use. It now names the
//       charges short: "CloudWatch alarms (log ingestion, log storage, custom metrics,
//       dashboards)".
//  R12  The report (its frame) listed every "0 × … $0.00" line; it now has the Cost tab's
//       sentence under its table and none of those lines.
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, barSettled, shot, importIac } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [[1440, 900], [1024, 768]];
const SAMPLE = 'crates/cloudwright-engine/tests/fixtures/iac/cfn-samples/cloudformation/alb-asg-existing-vpc.yaml';
// s52-bill (review s34 R4, QA s34 F4) and review s35 R6: each charge by its own short name, the component before
// them ("CloudWatch alarms — …"), so a label's own brackets get no second pair.
const SENTENCE = 'Not used, nothing billed: CloudWatch alarms — log ingestion, log storage, custom metrics and dashboards.';

for (const [w, h] of VIEWPORTS) {
  test(`${w}×${h}: the imported alb-asg-existing-vpc's Cost tab and report say the unused charges once, short (QA s33 F4, review s33 R12)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await importIac(page, [SAMPLE]);
    await barSettled(page);
    await page.click('#tab-cost');
    await page.locator('.bill').waitFor();
    const more = page.locator('.sidepanel .cost button', { hasText: /more line items/ });
    if (await more.count()) await more.first().click();
    const sentence = (await page.locator('#bill-unused').textContent()).trim();
    assert.equal(sentence, SENTENCE);
    const qtys = await page.$$eval('.bill tbody tr .qty', (q) => q.map((e) => e.textContent));
    assert.ok(qtys.length > 0);
    assert.ok(!qtys.some((q) => q.startsWith('0 ×')), `no line at 0: ${qtys.join('\n')}`);
    await page.locator('#bill-unused').scrollIntoViewIfNeeded();
    await shot(page, `s50-bill-cost-unused-${w}`);

    // The report, in its frame: the same sentence under its table, none of those lines.
    await page.click('#report');
    const frame = await (await page.waitForSelector('#report-frame')).contentFrame();
    await frame.waitForSelector('section#bill');
    const bill = await frame.evaluate(() => ({
      unused: document.querySelector('#bill-unused')?.textContent ?? null,
      lines: [...document.querySelectorAll('section#bill table.lines tbody tr')].map((r) => r.textContent),
    }));
    assert.equal(bill.unused, SENTENCE, 'the report says what the Cost tab says');
    for (const charge of ['log ingestion', 'custom metrics', 'dashboards']) {
      assert.ok(!bill.lines.some((l) => l.includes('CloudWatch alarms') && l.includes(charge)), `no "${charge}" line at $0.00 in the report: ${bill.lines.join('\n')}`);
    }
    await frame.evaluate(() => document.querySelector('#bill-unused').scrollIntoView({ block: 'center' }));
    await shot(page, `s50-bill-report-unused-${w}`);
    assertClean(log);
    await context.close();
  });
}
