// The page when code is on its way or cannot come (s55-unavail; review s54 R1, R2, R14, R15;
// QA s37 F4, F5, F6, G1, G2, G3):
// - "Copy link" opens its dialog at the click ("Making the link…", the focus on Close) while
//   the link's and the dialog's code are on their way; Escape then cancels for good.
// - The analyses' chunk blocked (the worker gives the figures): the views that compute on the
//   page — latency at a traffic multiple, capacity, a scenario — say why, with a Retry, and the
//   Retry brings them back once the chunk can be fetched; a scenario that cannot be shown is
//   said, and the totals are the baseline's like the canvas.
// - The chunk and the worker blocked ("Figures unavailable"): Compare, the report and a saved
//   version say the same, the Findings badge is "—", the traffic buttons are off, presentation's
//   banner is not under the error toast, an import is refused with the reason (not left at
//   "Reading …"); the console has one line naming the part, no "Failed to fetch" stack as an error.
// On main's build each test fails: no box at the click (the dialog comes seconds later, after
// an Escape too); "Projecting…" for good and no capacity; the scenario's figures under the base
// drawing; Compare/report/versions with figures; a "…" badge; the toast over the banner;
// console.error with a stack.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, barSettled, errorToast } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const ANALYSES = /cloudwright-web-split-analyses-[0-9a-f]{16}\.wasm$/;
const WORKER = /cloudwright-analysis-worker/;
const SHARE = /cloudwright-web-split-share-(link|dialog)-[0-9a-f]{16}\.wasm$/;
const CFN = 'crates/cloudwright-engine/tests/fixtures/iac/cfn-samples/cloudformation/apigw-rest-lambda.yaml';
const WHY = /^The figures could not be computed: this browser could not fetch its part of the app/;
const VIEWPORTS = [{ width: 1440, height: 900 }, { width: 1024, height: 768 }];

/** Opens the app, `route` set up first (the first request of the page is routed too). */
async function openRouted(route, { viewport, settled = true } = {}) {
  const opened = await app.open(null, { serviceWorkers: 'block', viewport });
  opened.warnings = [];
  opened.page.on('console', (m) => { if (m.type() === 'warning') opened.warnings.push(m.text()); });
  await route(opened.context);
  await opened.page.goto(app.origin + '/');
  await opened.page.waitForSelector('.app', { timeout: 30_000 });
  await opened.page.waitForFunction(() => document.querySelector('.palette-item') && document.querySelector('.sidepanel .tabs'), null, { timeout: 30_000 });
  if (settled) await opened.page.waitForFunction(() => !document.querySelector('.totals-bar[data-pending="true"]'), null, { timeout: 60_000 });
  return opened;
}
const text = (page, sel) => page.locator(sel).first().textContent().then((t) => t.trim());

for (const viewport of VIEWPORTS) {
  test(`Copy link: the dialog's box at the click while its code is on the way; Escape cancels for good (${viewport.width}×${viewport.height})`, { timeout: 120_000 }, async () => {
    let release;
    const held = new Promise((ok) => { release = ok; });
    const { page, context, log } = await openRouted((ctx) => ctx.route(SHARE, async (route) => { await held; await route.continue(); }), { viewport });
    // A click with no hover before it (a tap): the box shows in the click's frame.
    const shown = await page.evaluate(() => {
      document.querySelector('#copy-link').click();
      return new Promise((done) => requestAnimationFrame(() => setTimeout(() => {
        const box = document.querySelector('.on-demand-dialog');
        done({ wait: box?.querySelector('.on-demand-wait')?.textContent, role: box?.getAttribute('role'), modal: box?.getAttribute('aria-modal'), focus: document.activeElement?.className });
      }, 0)));
    });
    assert.deepEqual(shown, { wait: 'Making the link…', role: 'dialog', modal: 'true', focus: 'on-demand-leave' }, 'the box at the click, a dialog, the focus on its Close');
    await shot(page, `s55-unavail-share-wait-${viewport.width}`);
    await page.keyboard.press('Escape');
    await page.locator('.on-demand-dialog').waitFor({ state: 'detached', timeout: 5_000 });
    release();
    // The code arrives after the Escape: nothing opens.
    await page.waitForTimeout(2_000);
    assert.equal(await page.locator('.modal.share, .on-demand-dialog').count(), 0, 'the dialog stays closed after Escape');
    // The next click makes the link and shows it.
    await page.click('#copy-link');
    await page.waitForSelector('#share-link', { timeout: 20_000 });
    assert.match(await page.inputValue('#share-link'), /#d=[A-Za-z0-9_-]{40,}/);
    await page.waitForFunction(() => document.querySelector('.share-status')?.textContent !== 'Copying…');
    await page.keyboard.press('Escape');
    await page.locator('.modal.share').waitFor({ state: 'detached' });
    assertClean(log);
    await context.close();
  });
}

test('the analyses\' code blocked, the worker in charge: latency at ×10, capacity and a scenario say why; Retry brings them back', { timeout: 180_000 }, async () => {
  let blocked = true;
  const { page, context } = await openRouted((ctx) => ctx.route(ANALYSES, (route) => (blocked ? route.abort() : route.continue())));
  await barSettled(page, { timeout: 60_000 });
  const base = await text(page, '#total-monthly-value');
  assert.match(base, /^\$/);
  // A scenario at ×2 traffic.
  await page.click('#tab-scenarios');
  await page.locator('#new-scenario').waitFor({ timeout: 20_000 });
  if (!(await page.locator('#new-scenario').evaluate((d) => d.open))) await page.click('#new-scenario summary');
  await page.fill('#scenario-name', 'Double');
  await page.fill('#scenario-traffic', '2');
  await page.click('#scenario-create');
  await page.locator('.scenario-bar .scn[data-key="1"]').click();
  await page.locator('.scenario-error').waitFor({ timeout: 20_000 });
  assert.match(await text(page, '.scenario-error'), /^Cannot show it: this browser could not fetch the part of the app that computes it .*Showing the baseline\.$/);
  assert.equal(await page.locator('#scenario-note').count(), 0, 'no "Figures show “Double”" beside it');
  await barSettled(page);
  assert.equal(await text(page, '#total-monthly-value'), base, 'the totals are the baseline\'s, as drawn');
  await page.locator('.scenario-bar .scn[data-key="0"]').click();
  // Latency at ×10 and capacity.
  await page.click('#tab-latency');
  await page.locator('.sidepanel .latency').waitFor({ timeout: 20_000 });
  // At ×1 the latency is the totals' (the worker's); capacity runs on the page.
  const missing = page.locator('.sidepanel .code-missing');
  await missing.first().waitFor({ timeout: 10_000 });
  assert.deepEqual((await missing.allTextContents()).map((t) => t.replace(/ *Retry$/, '')), ['Capacity cannot be computed: this browser could not fetch the part of the app that computes it (offline before it was saved for offline use, or the app was updated since this page was opened).']);
  assert.ok(await page.locator('.sidepanel .latency .entry').count() > 0, 'the latency at ×1 shows');
  // At ×10 both run on the page: one message for the two.
  await page.click('#traffic-x10');
  await page.waitForFunction(() => /^Latency and capacity at this traffic multiple cannot be computed: /.test(document.querySelector('.sidepanel .code-missing')?.textContent ?? ''), null, { timeout: 10_000 });
  assert.equal(await missing.count(), 1);
  await shot(page, 's55-unavail-code-missing-1440');
  // Back: Retry once the chunk can be fetched.
  blocked = false;
  await missing.first().locator('.retry-code').click();
  await page.locator('.sidepanel .latency .entry').first().waitFor({ timeout: 30_000 });
  await page.locator('.sidepanel .latency .capacity').waitFor({ timeout: 10_000 });
  assert.equal(await missing.count(), 0);
  // The scenario now shows, its figures with it.
  await page.locator('.scenario-bar .scn[data-key="1"]').click();
  await page.locator('#scenario-note').waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('.scenario-error').count(), 0);
  await barSettled(page);
  assert.notEqual(await text(page, '#total-monthly-value'), base, 'the scenario\'s figures once it can be shown');
  await context.close();
});

for (const viewport of VIEWPORTS) {
  test(`figures unavailable is one state: Compare, report, versions, the Findings badge, Latency, presentation; one console line (${viewport.width}×${viewport.height})`, { timeout: 240_000 }, async () => {
    // The analyses' chunk held, then refused once presentation is on: the failure comes while
    // presenting (QA s37 G1: its error toast was drawn over the banner that says the same).
    let refuse;
    const refused = new Promise((ok) => { refuse = ok; });
    const { page, context, log, warnings } = await openRouted((ctx) => Promise.all([ctx.route(ANALYSES, async (route) => { await refused; await route.abort(); }), ctx.route(WORKER, (route) => route.abort())]), { viewport, settled: false });
    await page.waitForSelector('g.node');
    await page.click('#present');
    await page.locator('.present').waitFor();
    refuse();
    await page.locator('#present-unavailable').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    const top = await page.evaluate(() => {
      const b = document.querySelector('#present-unavailable').getBoundingClientRect();
      const el = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
      const d = document.querySelector('#present-diagram svg').getBoundingClientRect();
      // Above the diagram, not over it (QA s55 F3: at 1024×768 it covered the VPC's title,
      // Customers and Static assets): the diagram is fitted below the banner.
      return { banner: !!el?.closest('#present-unavailable'), toasts: document.querySelectorAll('.toast').length, clear: b.bottom <= d.top, fitted: d.height > 200 };
    });
    assert.deepEqual(top, { banner: true, toasts: 0, clear: true, fitted: true }, 'the banner is on top, no toast over it, the diagram below it');
    await shot(page, `s55-unavail-present-${viewport.width}`);
    await page.keyboard.press('Escape');
    await page.locator('.present').waitFor({ state: 'detached' });
    assert.equal(await text(page, '#total-delta'), 'Figures unavailable');
    // The toast that was held back shows once out of presentation.
    assert.match(await text(page, '.toast.error .toast-text'), WHY);
    // The Findings badge: a dash, not a "…" that waits for good (QA s37 G3).
    assert.equal(await text(page, '#tab-findings .badge'), '—');
    // Latency: the traffic buttons do nothing, so they are off (QA s37 G3).
    await page.click('#tab-latency');
    await page.locator('.sidepanel .latency').waitFor({ timeout: 20_000 });
    assert.ok(await page.locator('#traffic-x10').isDisabled(), 'the traffic buttons are off');
    assert.match(await text(page, '.sidepanel .latency .analysing'), WHY);
    assert.equal(await page.locator('.sidepanel .code-missing').count(), 0, 'said once, not per view');
    await shot(page, `s55-unavail-latency-${viewport.width}`);
    // Compare says what the bar says (QA s37 F4: it showed its options' figures).
    await page.click('#tab-compare');
    await page.locator('#compare-unavailable').waitFor({ timeout: 10_000 });
    assert.match(await text(page, '#compare-unavailable'), WHY);
    // A saved version: no monthly figure.
    await page.click('#tab-versions');
    await page.locator('#version-name').waitFor({ timeout: 20_000 });
    await page.fill('#version-name', 'v1');
    await page.click('#save-version');
    await page.locator('.version .version-cost').first().waitFor({ timeout: 10_000 });
    assert.equal(await text(page, '.version .version-cost'), '—');
    await shot(page, `s55-unavail-versions-${viewport.width}`);
    // The report says the same, and offers nothing to print.
    await page.click('#report');
    await page.locator('#report-unavailable').waitFor({ timeout: 20_000 });
    assert.match(await text(page, '#report-unavailable'), /^The report could not be prepared\. The figures could not be computed: /);
    assert.ok(await page.locator('#report-print').isDisabled());
    await shot(page, `s55-unavail-report-${viewport.width}`);
    await page.click('#report-close');
    // The console: the split loader's one line naming the part, as a warning; no error but the
    // browser's own network lines for the blocked files (QA s37 F6: "TypeError: Failed to
    // fetch" with a stack, as console.error).
    const network = (e) => /net::ERR_FAILED|Failed to load resource/.test(e);
    assert.deepEqual(log.consoleErrors.filter((e) => !network(e)), [], 'no console error but the network\'s');
    assert.deepEqual(log.pageErrors, []);
    assert.ok(warnings.some((w) => /^Cloudwright: the code of "analyses" could not be fetched \(Failed to fetch\)/.test(w)), `one line naming the part: ${warnings.join(' | ')}`);
    await context.close();
  });
}

// Review s54 R14: the import with the analyses' code and the worker both missing. Drawing an
// import needs neither, but its preview shows the design's figures: the import is refused with
// the reason (a preview without figures hung at "Reading …" in s55-unavail's attempt, not merged;
// this pins that the refusal comes, and quickly, with the words the user reads).
test('figures unavailable: an import is refused with the reason, not left at "Reading …" (review s54 R14)', { timeout: 180_000 }, async () => {
  const { page, context } = await openRouted((ctx) => Promise.all([ctx.route(ANALYSES, (route) => route.abort()), ctx.route(WORKER, (route) => route.abort())]), { settled: false });
  await page.waitForFunction(() => /Figures unavailable/.test(document.querySelector('#total-delta')?.textContent ?? ''), null, { timeout: 60_000 });
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#import')]);
  await chooser.setFiles(CFN);
  await page.locator('.modal.import-errors').waitFor({ timeout: 30_000 });
  assert.match(await page.locator('.modal.import-errors').textContent(), /apigw-rest-lambda\.yaml[\s\S]*could not fetch/);
  await context.close();
});
