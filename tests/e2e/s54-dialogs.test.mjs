// Issue 20, the first visit's download (s54-dialogs): the dialogs a first visit does not open —
// the designs list, the keyboard shortcuts, the IaC import preview, "Share by link" and the
// link's compressor — are split points too (src/on_demand.rs `dialog`): fetched when first
// opened, "Loading the …" in a box where the dialog will be meanwhile. Once the app has started
// and the browser is idle it fetches the Cost and Latency tabs' code (`prefetch_soon`), so
// their first click shows them at once (QA s36 F3). A chunk that cannot be fetched leaves only
// the message on screen, no uncaught "Failed to fetch" page error (QA s36 F2).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { start, assertClean, shot, splitFiles } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const CHUNK = /cloudwright-web-(split|chunk)-[a-z0-9-]+-[0-9a-f]{16}\.wasm$/;
const chunksOf = (requests) => requests.filter((u) => CHUNK.test(u)).map((u) => u.replace(/^.*\//, ''));
const CFN = 'crates/cloudwright-engine/tests/fixtures/iac/cfn-samples/cloudformation/apigw-rest-lambda.yaml';

/** Opens the app with `route` set up before the page loads (a blocked or held chunk). */
async function openWith(route, options = {}) {
  const opened = await app.open(null, { serviceWorkers: 'block', ...options });
  await opened.context.route(CHUNK, route);
  await opened.page.goto(app.origin + '/');
  await opened.page.waitForFunction(() => document.querySelector('.palette-item') && document.querySelector('.sidepanel .tabs') && !document.querySelector('.totals-bar[data-pending="true"]'), null, { timeout: 30_000 });
  return opened;
}

test('the build splits the dialogs off: a chunk for each, beside the tabs', () => {
  const chunks = readdirSync('dist').filter((f) => CHUNK.test(f));
  for (const name of ['designs-dialog', 'help-sheet', 'iac-preview', 'share-dialog', 'share-link']) {
    assert.ok(chunks.some((f) => f.startsWith(`cloudwright-web-split-${name}-`)), `a chunk for ${name}: ${chunks}`);
  }
});

test('after the start the page fetches its analyses\' code, then the Cost and Latency code when idle, nothing else; their first click shows them at once', async () => {
  const { page, context, log } = await app.open(null, { serviceWorkers: 'block' });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(app.origin + '/');
  await page.waitForFunction(() => window.cloudwrightPrefetched === true, null, { timeout: 30_000 });
  // The inspector's forms and the page's analyses are fetched as soon as the app has mounted
  // (s56-prefetch, s54-engine), the first tabs' code when idle after the start, then the paste's
  // (s55-size) and, last, Tidy up's (s56-size); not the worker's wire (s56-prefetch: only a design the worker analyses needs it).
  const first = new Set([...splitFiles('analyses'), ...splitFiles('inspector_forms'), ...splitFiles('cost_panel'), ...splitFiles('latency_panel'), ...splitFiles('paste_code'), ...splitFiles('tidy_code')]);
  const fetched = chunksOf(requests);
  assert.deepEqual([...new Set(fetched)].sort(), [...first].sort(), 'exactly the analyses\', the inspector\'s, the first tabs\', the paste\'s and Tidy up\'s chunks are fetched');
  // The first click: the panel in the same task, no "Loading…", no fetch.
  for (const [tab, panel] of [['#tab-cost', '.sidepanel .cost'], ['#tab-latency', '.sidepanel .latency']]) {
    const shown = await page.evaluate(({ tab, panel }) => {
      document.querySelector(tab).click();
      return new Promise((done) => queueMicrotask(() => setTimeout(() => done({ panel: !!document.querySelector(panel), wait: !!document.querySelector('.on-demand-wait') }), 0)));
    }, { tab, panel });
    assert.deepEqual(shown, { panel: true, wait: false }, `${tab} shows at once`);
  }
  assert.equal(chunksOf(requests).length, fetched.length, 'no fetch on the click');
  // The start-up's own order is kept: the prefetch starts after the app said it has started.
  const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
  assert.ok(marks['prefetch start'] >= marks['start-up started'], JSON.stringify(marks));
  assertClean(log);
  await context.close();
});

test('each dialog is fetched when first opened and works; a second opening shows at once', async () => {
  const { page, context, log } = await app.open('/', { serviceWorkers: 'block' });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const fetchedFor = (name) => chunksOf(requests).some((c) => c.startsWith(`cloudwright-web-split-${name}-`));
  // The keyboard shortcuts.
  await page.click('button[title="Keyboard shortcuts (?)"]');
  await page.locator('.modal.help').waitFor({ timeout: 20_000 });
  assert.ok(fetchedFor('help-sheet'));
  assert.ok(await page.locator('.modal.help kbd').count() > 5);
  await page.click('.modal.help button');
  await page.locator('.modal.help').waitFor({ state: 'detached' });
  // The designs list, twice: the second time at once.
  await page.click('#designs');
  await page.locator('.modal.designs li[data-design]').first().waitFor({ timeout: 20_000 });
  assert.ok(fetchedFor('designs-dialog'));
  await page.keyboard.press('Escape');
  await page.locator('.modal.designs').waitFor({ state: 'detached' });
  const again = await page.evaluate(() => { document.querySelector('#designs').click(); return new Promise((done) => setTimeout(() => done(!!document.querySelector('.modal.designs')), 0)); });
  assert.ok(again, 'the second opening shows at once');
  assert.equal(await page.locator('.on-demand-wait').count(), 0);
  await page.keyboard.press('Escape');
  // Share by link: the link is made by the fetched compressor and opens read-only elsewhere.
  await page.click('#copy-link');
  await page.waitForSelector('#share-link', { timeout: 20_000 });
  assert.ok(fetchedFor('share-link') && fetchedFor('share-dialog'));
  assert.match(await page.inputValue('#share-link'), /#d=[A-Za-z0-9_-]{40,}/);
  await page.click('#share-close');
  // The import preview of a CloudFormation template.
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#import')]);
  await chooser.setFiles(CFN);
  await page.locator('.modal.iac-preview').waitFor({ timeout: 60_000 });
  assert.ok(fetchedFor('iac-preview'));
  await page.click('#iac-import');
  await page.locator('.modal.iac-preview').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('.design-name')?.textContent.includes('apigw-rest-lambda'), null, { timeout: 20_000 });
  assertClean(log);
  await context.close();
});

test('a dialog shows "Loading…" in a box with Close while its code is on the way (1440×900, 1024×768)', async () => {
  for (const [width, height] of [[1440, 900], [1024, 768]]) {
    // The shortcuts' chunk is held back, as a slow link would: the wait is on screen.
    let release;
    const held = new Promise((r) => { release = r; });
    const { page, context, log } = await openWith(async (route) => {
      if (/split-help-sheet-/.test(route.request().url())) await held;
      await route.continue();
    }, { viewport: { width, height } });
    await page.click('button[title="Keyboard shortcuts (?)"]');
    const wait = page.locator('.on-demand-dialog .on-demand-wait');
    await wait.waitFor({ timeout: 10_000 });
    assert.equal(await wait.textContent(), 'Loading the keyboard shortcuts…');
    assert.ok(await page.locator('.on-demand-dialog .on-demand-leave').isVisible(), 'a Close button while it loads');
    await shot(page, `s54-dialogs-loading-${width}`);
    release();
    await page.locator('.modal.help').waitFor({ timeout: 20_000 });
    assert.equal(await wait.count(), 0);
    assertClean(log);
    await context.close();
  }
});

test('a blocked chunk shows the message only: no uncaught page error (QA s36 F2)', async () => {
  // Every chunk blocked but the analysis worker's wire (s55-size): the analyses' chunk blocked,
  // the worker takes over, and it needs its wire (with it blocked too the bar says "Figures
  // unavailable": s54-engine's test of both blocked).
  const wire = splitFiles('worker_wire');
  const { page, context, log } = await openWith((route) => (wire.includes(route.request().url().replace(/^.*\//, '')) ? route.continue() : route.abort()));
  for (const [tab, what] of [['#tab-cost', 'Cost'], ['#tab-compare', 'Compare']]) {
    await page.click(tab);
    const error = page.locator('.sidepanel .on-demand-error');
    await error.waitFor({ timeout: 20_000 });
    assert.match(await error.textContent(), new RegExp(`The ${what} panel could not be loaded: `));
  }
  await page.waitForTimeout(500);
  assert.deepEqual(log.pageErrors, [], 'no uncaught page error from the tabs');
  // A dialog says so in its box, with a way out.
  await page.click('#designs');
  await page.locator('.on-demand-dialog .on-demand-error').waitFor({ timeout: 20_000 });
  assert.match(await page.locator('.on-demand-dialog .on-demand-error').textContent(), /The designs list could not be loaded: /);
  await shot(page, 's54-dialogs-error-1440');
  await page.click('.on-demand-dialog .on-demand-leave');
  await page.locator('.on-demand-dialog').waitFor({ state: 'detached' });
  await page.waitForTimeout(500);
  assert.deepEqual(log.pageErrors, [], 'no uncaught page error from the dialog');
  await context.close();
});
