// Issue 20, cold start, and three fixes a tester found (s21-cold). What a user sees:
// - the canvas is drawn before the first analysis and before the palette and side panel (placeholders
//   of the same size until a frame later: the canvas does not move when they come); the
//   Findings badge is neutral, not red, until the figures arrive; the
//   service worker is registered only after that, and the starter never fetches the analysis
//   worker;
// - the traffic figure of the totals bar follows the active scenario, as cost, p95 and
//   headroom beside it do;
// - the Findings tab's badge is neutral while its count is not known ("…");
// - selecting another component shows its inspector from the top (its "Label" in view).
// Timings are measured by scripts/bench-load.mjs (BENCHMARKS.md, "s21-cold"), not asserted here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, sampleFile, dropKind, importSample } from './harness.mjs';

let app;
before(async () => { app = await start('dist', { serviceWorkers: 'allow' }); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [{ width: 1440, height: 900 }, { width: 1024, height: 768 }];
/** The app's error red (`--error: #d91515`), as computed styles write it. */
const RED = 'rgb(217, 21, 21)';
/** Clicks the centre of the first component matching `sel` (its icon lies over its hit area). */
async function clickNode(page, sel) {
  const b = await page.locator(`${sel} .hit`).first().boundingBox();
  await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
}

for (const viewport of VIEWPORTS) {
  test(`cold start: the canvas first, then the analysis, then the service worker (${viewport.width}×${viewport.height})`, async () => {
    const { page, context, log } = await app.open(null, { viewport });
    // What the page shows in the frame where the first component appears (recorded in the
    // page, before any of the app's scripts run).
    // The palette and the side panel come after the canvas's first frame (s22-web): recorded
    // too, when the Findings tab appears, with the canvas's box at both moments (no jump).
    await context.addInitScript(() => {
      window.__first = null;
      window.__panels = null;
      const canvasBox = () => { const r = document.querySelector('.canvas')?.getBoundingClientRect(); return r && [r.x, r.y, r.width, r.height]; };
      new MutationObserver((_, obs) => {
        if (!window.__first && document.querySelector('g.node')) {
          window.__first = {
            at: performance.now(),
            pending: document.querySelector('.totals-bar')?.dataset.pending,
            monthly: document.querySelector('#total-monthly-value')?.textContent,
            analysed: performance.getEntriesByName('start-up analysed').length,
            sw: navigator.serviceWorker.controller != null,
            placeholders: [document.querySelector('nav.palette')?.getAttribute('aria-busy'), document.querySelector('aside.sidepanel')?.getAttribute('aria-busy')],
            paletteItems: document.querySelectorAll('.palette-item').length,
            canvas: canvasBox(),
          };
        }
        const badge = document.querySelector('#tab-findings .badge');
        if (window.__first && badge) {
          obs.disconnect();
          window.__panels = {
            at: performance.now(),
            badge: badge.textContent,
            badgeClass: badge.className,
            paletteItems: document.querySelectorAll('.palette-item').length,
            canvas: canvasBox(),
          };
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(app.origin + '/');
    await page.waitForFunction(() => window.__first != null);
    const first = await page.evaluate(() => window.__first);
    assert.equal(first.pending, 'true', 'no analysis before the canvas is drawn');
    assert.equal(first.monthly, '…', 'no figure yet, not a zero');
    assert.equal(first.analysed, 0);
    // The canvas first: the palette and the side panel are placeholders of their own size.
    assert.deepEqual(first.placeholders, ['true', 'true']);
    assert.equal(first.paletteItems, 0);
    await page.waitForFunction(() => window.__panels != null);
    const panels = await page.evaluate(() => window.__panels);
    assert.ok(panels.paletteItems > 40, `the palette's components, ${panels.paletteItems}`);
    assert.deepEqual(panels.canvas, first.canvas, 'the canvas did not move or resize when the panels came');
    // The side panel comes a frame after the first analysis's task: its Findings badge is the
    // count, or, if the figures are not in yet, neutral ("…", pending), never red for "wait".
    if (panels.badge === '…') assert.match(panels.badgeClass, /\bpending\b/);
    else assert.match(panels.badge, /^\d+$/);
    // Then the analysis, on the page (the starter never starts the worker).
    await page.waitForFunction(() => document.querySelector('.totals-bar')?.dataset.pending === 'false');
    assert.match(await page.textContent('#total-monthly-value'), /^\$[\d,]+\.\d\d$/);
    assert.match(await page.textContent('#tab-findings .badge'), /^\d+$/);
    const marks = await page.evaluate(() => Object.fromEntries(['start-up main', 'start-up analysed', 'start-up started'].map((n) => [n, performance.getEntriesByName(n)[0]?.startTime])));
    assert.ok(marks['start-up analysed'] > first.at, 'the first analysis is shown after the first component was drawn');
    assert.ok(marks['start-up started'] >= marks['start-up analysed'], 'the app says it has started once the analysis is shown');
    // The service worker, registered after that, still installs and takes the page offline-ready.
    await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration()) != null, null, { timeout: 30_000, polling: 100 });
    assert.equal(requests.filter((u) => u.includes('analysis-worker')).length, 0, 'the starter never fetches the analysis worker');
    // The canvas takes clicks: a component is selected and the inspector shows it.
    await clickNode(page, 'g.node.kind-alb');
    await page.waitForSelector('g.node.kind-alb.selected');
    await shot(page, `cold-start-${viewport.width}`);
    assertClean(log);
    await context.close();
  });

  test(`the traffic figure follows the active scenario (${viewport.width}×${viewport.height})`, async () => {
    const { page, context, log } = await app.open('/', { viewport });
    // The starter's Customers send 30,000,000 requests/month, peak factor 3:
    //   30,000,000 / 2,628,000 s = 11.415…/s → "11.4/s"; peak 11.415… × 3 = 34.246…/s → "34.2/s".
    const tile = async () => [await page.textContent('#total-traffic-value'), await page.textContent('#total-traffic .total-label')];
    assert.deepEqual(await tile(), ['11.4/s', 'traffic · peak 34.2/s']);
    const baseMonthly = await page.textContent('#total-monthly-value');
    // A "Double" scenario: 2.0 × the traffic.
    await page.click('#tab-scenarios');
    if (!(await page.locator('#new-scenario').evaluate((d) => d.open))) await page.click('#new-scenario summary');
    await page.fill('#scenario-name', 'Double');
    await page.fill('#scenario-traffic', '2');
    await page.click('#scenario-create');
    await page.locator('.scenario-bar .scn[data-key="1"]').click();
    await page.waitForFunction((m) => document.querySelector('#total-monthly-value').textContent !== m, baseMonthly);
    // Double: 60,000,000 / 2,628,000 s = 22.831…/s → "22.8/s"; peak × 3 = 68.493…/s → "68.5/s".
    assert.deepEqual(await tile(), ['22.8/s', 'traffic · peak 68.5/s'], 'the tile shows the scenario\'s traffic, as the cost beside it does');
    // The editor edits the baseline and says so; its rate is the baseline's.
    await page.click('#total-traffic');
    assert.match(await page.textContent('#traffic-scenario'), /scenario “Double”.*baseline/);
    assert.equal(await page.inputValue('#traffic-rate'), '11.4/s');
    await shot(page, `cold-traffic-scenario-${viewport.width}`);
    await page.click('#traffic-cancel');
    // Back to the baseline: the baseline's traffic again.
    await page.locator('.scenario-bar .scn[data-key="0"]').click();
    await page.waitForFunction((m) => document.querySelector('#total-monthly-value').textContent === m, baseMonthly);
    assert.deepEqual(await tile(), ['11.4/s', 'traffic · peak 34.2/s']);
    assertClean(log);
    await context.close();
  });

  test(`another component's inspector opens at its top (${viewport.width}×${viewport.height})`, async () => {
    const { page, context, log } = await app.open('/', { viewport });
    // A Lambda function beside the starter (dropped on the canvas).
    const canvas = await page.locator('.canvas').first().boundingBox();
    await dropKind(page, 'lambda', canvas.x + canvas.width - 120, canvas.y + 90);
    await page.waitForSelector('g.node.kind-lambda');
    const panelTop = async () => page.evaluate(() => document.querySelector('.sidepanel').scrollTop);
    const labelVisible = () => page.evaluate(() => {
      const panel = document.querySelector('.sidepanel').getBoundingClientRect();
      const label = [...document.querySelectorAll('.inspector .field-label')].find((l) => l.textContent === 'Label').getBoundingClientRect();
      const head = document.querySelector('.sidepanel .panel-head')?.getBoundingClientRect();
      return label.top >= Math.max(panel.top, head?.bottom ?? panel.top) - 1 && label.bottom <= panel.bottom;
    });
    // The ECS service's long form, scrolled down to its end.
    await clickNode(page, 'g.node.kind-ecs-service');
    await page.waitForSelector('.inspector[data-node]');
    await page.evaluate(() => { const p = document.querySelector('.sidepanel'); p.scrollTop = p.scrollHeight; });
    assert.ok(await panelTop() > 100, 'the ECS form is long enough to scroll');
    // Another component: its form from the top.
    await clickNode(page, 'g.node.kind-lambda');
    await page.waitForSelector('g.node.kind-lambda.selected');
    await page.waitForFunction(() => document.querySelector('.inspector .kind-name')?.textContent.includes('Lambda'));
    await page.waitForTimeout(100);
    assert.equal(await panelTop(), 0, 'the Lambda\'s form starts at the top');
    assert.ok(await labelVisible(), 'its "Label" is in view');
    await shot(page, `cold-inspector-top-${viewport.width}`);
    // The same component selected again keeps its place.
    await page.evaluate(() => { const p = document.querySelector('.sidepanel'); p.scrollTop = 60; });
    const kept = await panelTop();
    assert.ok(kept > 0, 'the Lambda form scrolls');
    await clickNode(page, 'g.node.kind-lambda');
    await page.waitForTimeout(150);
    assert.equal(await panelTop(), kept, 're-selecting the same component keeps the offset');
    assertClean(log);
    await context.close();
  });
}

test('the Findings badge is neutral while the count is pending, red once errors are known', async () => {
  const { page, context, log } = await app.open('/', { viewport: { width: 1440, height: 900 } });
  // Hold the analysis worker's script back, so the 1,000-node design's first answer waits.
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(/cloudwright-analysis-worker/, async (route) => { await held; await route.continue(); });
  await importSample(page, sampleFile(1000), { timeout: 120_000 });
  await page.waitForFunction(() => document.querySelector('#tab-findings .badge')?.textContent === '…');
  const pending = await page.evaluate(() => getComputedStyle(document.querySelector('#tab-findings .badge')).backgroundColor);
  assert.notEqual(pending, RED, 'no red while the count is not known');
  await shot(page, 'cold-badge-pending-1440');
  release();
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('#tab-findings .badge')?.textContent ?? ''), null, { timeout: 300_000 });
  const known = await page.evaluate(() => getComputedStyle(document.querySelector('#tab-findings .badge')).backgroundColor);
  assert.equal(known, RED, 'the count of the generated estate\'s findings is red');
  assertClean(log);
  await context.close();
});
