// s20-fidelity: wrong numbers a new user (QA, session 19) found, in Chromium.
//  1. An ALB dropped into ONE subnet got no single-AZ error and was billed for 2 AZs: the
//     Findings tab now shows ha.alb-single-az, and the inspector's AZ field shows 1, read-only
//     (set by the subnet it sits in).
//  4. A scenario's Home region did nothing to a design drawn inside a Region container
//     (+$0.00): the drawn Region in the home region moves with it, and the form says so next
//     to the field.
//  s21: the design's own Home region field (nothing selected) did the same nothing: it moves
//     the drawn Region too, as one undo step, and its hint says which Regions follow it.
// Screenshots at 1440×900 and 1024×768.
// E2E_DIST: another build's dist (main's, to see the tests fail on the old code).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, assertClean, shot, barSettled, importDesign as importFile } from './harness.mjs';

const app = await start(process.env.E2E_DIST ?? 'dist');
after(() => app.stop());

const VIEWPORTS = [{ width: 1440, height: 900 }, { width: 1024, height: 768 }];
const dir = mkdtempSync(join(tmpdir(), 's20-fidelity-'));

/** Imports `design` (no layout) through the Import button and waits for its analysis. */
const importDesign = (page, design, file) => importFile(page, design, join(dir, file), { drawn: false });

const region = (nodes) => ({
  schema_version: 5, name: 'One region', region: 'us-east-1', connections: {},
  nodes: {
    us: { id: 'us', kind: 'region', label: 'US', props: { code: 'us-east-1' } },
    vpc: { id: 'vpc', kind: 'vpc', parent: 'us' },
    igw: { id: 'igw', kind: 'internet-gateway', parent: 'vpc' },
    'az-a': { id: 'az-a', kind: 'az', parent: 'vpc', props: { zone: 'a' } },
    'pub-a': { id: 'pub-a', kind: 'subnet', parent: 'az-a', props: { tier: 'public' } },
    ...nodes,
  },
});

for (const viewport of VIEWPORTS) {
  test(`an ALB in one subnet: the single-AZ error and 1 AZ in the inspector (${viewport.width}×${viewport.height})`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await importDesign(page, { ...region({ alb: { id: 'alb', kind: 'alb', label: 'Web ALB', parent: 'pub-a' } }), name: 'ALB in one subnet' }, 'alb.json');
    await page.click('#tab-findings');
    const row = page.locator('li.finding[data-rule="ha.alb-single-az"][data-node="alb"]');
    await row.waitFor();
    assert.match(await row.getAttribute('class'), /\berror\b/);
    assert.match(await row.locator('.finding-msg').textContent(), /Application Load Balancer "Web ALB" is enabled in 1 AZ\./);
    // A click selects the ALB: its AZ field shows the subnet's count, read-only.
    await row.locator('.finding-head').click();
    await page.click('#tab-inspect');
    await page.locator('.inspector[data-node="alb"]').waitFor();
    const field = page.locator('.inspector .field[data-prop="az_count"]');
    await field.locator('input').waitFor();
    assert.equal(await field.locator('input').inputValue(), '1', 'the field shows the one AZ its subnet gives');
    assert.equal(await field.locator('.hint').textContent(), '1 AZ: set by the subnets it is placed in (one per AZ)');
    assert.equal(await field.locator('input').isEditable(), false, 'its placement sets it: read-only');
    await field.scrollIntoViewIfNeeded();
    await shot(page, `s20-fidelity-alb-one-subnet-${viewport.width}`);
    assertClean(log);
    await context.close();
  });

  test(`a scenario's home region moves the drawn Region and says so (${viewport.width}×${viewport.height})`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await importDesign(page, region({ nat: { id: 'nat', kind: 'nat-gateway', label: 'NAT', parent: 'pub-a' } }), 'region.json');
    await page.click('#tab-scenarios');
    await page.click('#new-scenario summary');
    await page.fill('#scenario-name', 'Ireland');
    assert.equal(await page.locator('#scenario-region-note').count(), 0, 'no note while the home region is chosen');
    await page.selectOption('#scenario-region', 'eu-west-1');
    assert.equal((await page.textContent('#scenario-region-note')).trim(), 'Moves Region "US" (us-east-1) with it to eu-west-1.');
    await shot(page, `s20-fidelity-region-note-${viewport.width}`);
    await page.click('#scenario-create');
    const delta = page.locator('#scenario-table .scenario-row[data-key="1"] .delta');
    await delta.waitFor();
    // The NAT gateway 32.85 $ (0.045 $/h × 730 h) × 1.1 in eu-west-1 (the price book's
    // estimated factor) = 36.135 $; its public address 3.65 $ (0.005 $/h × 730 h) is the same in
    // every Region (s39-fid: not scaled): +3.285 $ of 36.50 $ = +9.0%, shown "+$3.29 (+9%)",
    // not +$0.00.
    await page.waitForFunction(() => !/^\+?\$0\.00/.test(document.querySelector('#scenario-table .scenario-row[data-key="1"] .delta')?.textContent.trim() ?? ''));
    assert.match((await delta.textContent()).trim(), /^\+\$3\.29 \(\+9%\)$/);
    await page.locator('#scenario-table').scrollIntoViewIfNeeded();
    await shot(page, `s20-fidelity-region-scenario-${viewport.width}`);
    assertClean(log);
    await context.close();
  });

  test(`the design's Home region field moves the drawn Region, one undo step (${viewport.width}×${viewport.height})`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await importDesign(page, region({ nat: { id: 'nat', kind: 'nat-gateway', label: 'NAT', parent: 'pub-a' } }), 'region.json');
    await page.click('#tab-inspect');
    const field = page.locator('[data-field="region"] select');
    await field.waitFor();
    const total = async () => { await barSettled(page); return (await page.textContent('#total-monthly-value')).trim(); };
    // us-east-1: the NAT gateway 0.045 $/h × 730 h = 32.85 $ and its public IPv4 address
    // 0.005 $/h × 730 h = 3.65 $: 36.50 $.
    assert.equal(await total(), '$36.50');
    assert.equal((await page.textContent('#home-region-hint')).trim(), 'Region "US" is drawn in the home region and moves with it.');
    await field.selectOption('eu-west-1');
    // eu-west-1: the NAT gateway at the price book's estimated factor 1.1, 32.85 × 1.1 =
    // 36.135 $, its public IPv4 address at the price every Region has, 3.65 $ (s39-fid):
    // 39.785 $, shown $39.79 (before: the drawn Region kept us-east-1 and the total stayed 36.50 $).
    await page.waitForFunction(() => document.querySelector('#total-monthly-value')?.textContent.trim() !== '$36.50', null, { timeout: 10_000 }).catch(() => {});
    assert.equal(await total(), '$39.79');
    await shot(page, `s21-home-region-${viewport.width}`);
    assert.equal(await page.getAttribute('#undo', 'title'), 'Undo: Change home region (Ctrl+Z)');
    await page.click('#undo');
    assert.equal(await total(), '$36.50');
    assert.equal(await field.inputValue(), 'us-east-1');
    assertClean(log);
    await context.close();
  });
}
