// s31-ux: three things QA (s15) found, in Chromium.
//  0. Internet users drawn calling a service in a private subnet got a clean verdict; the
//     engine's new rule net.private-called-from-internet (its fixture:
//     crates/cloudwright-engine/tests/fixtures/rules/net.private-called-from-internet) now
//     shows in the Findings tab as an error.
//  1. Fit stopped at 70%: on a 1,000-node design most of it stayed off screen. Fit now shows
//     the whole design, down to `geometry::MIN_ZOOM` (2%), and says so when even that is not
//     enough.
//  2. A scenario switch updated the totals but showed the change ("+$x") under the figures
//     only after the next edit. The switch now shows the change from the scenario shown before
//     right away, as an edit does.
// Screenshots at 1440×900 and 1024×768.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, assertClean, shot, barSettled, importDesign } from './harness.mjs';

// E2E_DIST: another build's dist (main's, to see the tests fail on the old code).
const app = await start(process.env.E2E_DIST ?? 'dist');
after(() => app.stop());

const VIEWPORTS = [{ width: 1440, height: 900 }, { width: 1024, height: 768 }];
const dir = mkdtempSync(join(tmpdir(), 's31-ux-'));

for (const viewport of VIEWPORTS) {
  test(`users calling a private service directly: an error in the Findings tab (${viewport.width}×${viewport.height})`, async () => {
    const design = JSON.parse(readFileSync('crates/cloudwright-engine/tests/fixtures/rules/net.private-called-from-internet/fail.json', 'utf8'));
    const { page, log, context } = await app.open('/', { viewport });
    // The fixture has no layout (nothing to wait for on the canvas): the name and the figures.
    await importDesign(page, design, join(dir, 'private-called.json'), { drawn: false });
    await page.click('#tab-findings');
    // The fixture has three such calls (users to the private ECS service, to an internal ALB,
    // and CloudFront to a private ECS service that is no VPC origin): the row of the first.
    const row = page.locator('li.finding[data-rule="net.private-called-from-internet"][data-node="app"]');
    await row.waitFor();
    assert.match(await row.getAttribute('class'), /\berror\b/);
    assert.match(await row.locator('.finding-msg').textContent(), /ECS service "app" is called from the internet by Internet users "users" through Route 53 "dns", but it sits in Subnet "private-a", a private subnet/);
    assert.match(await page.textContent('#total-findings-value'), /^[1-9]\d* errors?/);
    await row.scrollIntoViewIfNeeded();
    await shot(page, `s31-ux-private-called-${viewport.width}`);
    assertClean(log);
    await context.close();
  });
}


/** The monthly total in the totals bar, in dollars. */
const dollars = async (page) => Number((await page.textContent('#total-monthly-value')).replace(/[$,]/g, ''));

// Both analysis paths: on the page (the starter's size), and in the worker.
for (const [viewport, path] of [[VIEWPORTS[0], 'page'], [VIEWPORTS[1], 'worker'], [VIEWPORTS[0], 'worker'], [VIEWPORTS[1], 'page']]) {
  test(`a scenario switch shows the change under the figures at once (${viewport.width}×${viewport.height}, analysed on the ${path})`, async () => {
    const { page, log, context } = await app.open(`/?analysis=${path}`, { viewport });
    await barSettled(page);
    await page.click('#tab-scenarios');
    await page.click('#new-scenario summary');
    await page.fill('#scenario-name', 'Ten times the traffic');
    await page.fill('#scenario-traffic', '10');
    await page.click('#scenario-create');
    await page.locator('.scenario-bar .scn[data-key="1"]').waitFor();
    await barSettled(page);
    const base = await dollars(page);

    // Key 1: the scenario's totals, and under the cost the change from the baseline.
    await page.locator('.canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('1');
    await page.waitForFunction((b) => Number(document.querySelector('#total-monthly-value').textContent.replace(/[$,]/g, '')) !== b, base);
    await page.locator('#total-monthly-change').waitFor({ timeout: 3_000 });
    const ten = await dollars(page);
    const up = await page.textContent('#total-monthly-change');
    assert.match(up, /^\+\$[\d,.]+\/month$/, up);
    assert.ok(Math.abs(Number(up.replace(/[^\d.]/g, '')) - (ten - base)) < 0.01, `${up} is ${ten} − ${base}`);
    assert.match(await page.textContent('#total-delta'), /^\+\$[\d,.]+\/month/, 'a screen reader hears it too');
    await shot(page, `s31-ux-scenario-change-${viewport.width}-${path}`);

    // Key 0: back to the baseline, and the change back.
    await page.keyboard.press('0');
    await page.waitForFunction((b) => Number(document.querySelector('#total-monthly-value').textContent.replace(/[$,]/g, '')) === b, base);
    await page.waitForFunction(() => /^[−-]\$/.test(document.querySelector('#total-monthly-change')?.textContent ?? ''), null, { timeout: 3_000 });
    assertClean(log);
    await context.close();
  });
}
