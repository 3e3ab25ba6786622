// Issue 20, the first visit's download (s53-split): the code of the views a first visit does not
// show is split off the app's wasm (scripts/wasm-split.mjs, src/on_demand.rs) and fetched the
// first time the view opens: the Cost, Latency, Compare, Scenarios and Versions tabs, the
// report and presentation mode. The starter page fetches none of it (once its own analyses, a chunk
// fetched right after start-up, are in: s54-engine.test.mjs); each view opens (after a
// short "Loading…"); a part that cannot be fetched says so, and opening the view again retries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { start, assertClean, shot, splitFiles } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const CHUNK = /cloudwright-web-(split|chunk)-[a-z0-9-]+-[0-9a-f]{16}\.wasm$/;
const chunksOf = (requests) => requests.filter((u) => CHUNK.test(u)).map((u) => u.replace(/^.*\//, ''));

test('the build splits the app: hashed chunks beside the app, the loader preloaded with integrity', () => {
  const files = readdirSync('dist');
  const chunks = files.filter((f) => CHUNK.test(f));
  for (const name of ['cost-panel', 'latency-panel', 'compare-panel', 'scenario-panel', 'versions-panel', 'report', 'presentation']) {
    assert.ok(chunks.some((f) => f.startsWith(`cloudwright-web-split-${name}-`)), `a chunk for ${name}: ${chunks}`);
  }
  const html = readFileSync('dist/index.html', 'utf8');
  const loader = files.find((f) => /^cloudwright-web-split-[0-9a-f]{16}\.js$/.test(f));
  assert.ok(loader, 'the split loader is in dist/');
  assert.match(html, new RegExp(`<link[^>]*integrity="sha384-[^"]+"[^>]*href="\\./${loader}"|<link[^>]*href="\\./${loader}"[^>]*integrity="sha384-`), 'the loader is preloaded with its integrity');
  // The service worker keeps every chunk for offline use.
  const sw = readFileSync('dist/sw.js', 'utf8');
  for (const c of chunks) assert.ok(sw.includes(`"${c}"`), `${c} is precached`);
});

test('the starter page fetches no chunk; each split view is fetched when it first opens and works', async () => {
  const { page, context, log } = await app.open('/', { serviceWorkers: 'block' });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.waitForTimeout(500);
  // Only the inspector's forms (fetched from the start: s56-prefetch), the Cost and Latency tabs'
  // code, the paste's and, last, Tidy up's (s56-size), which the app fetches when idle after its start (s54-dialogs, s55-size,
  // s55-inspector; src/on_demand.rs prefetch_soon).
  const prefetched = new Set([...splitFiles('inspector_forms'), ...splitFiles('cost_panel'), ...splitFiles('latency_panel'), ...splitFiles('paste_code'), ...splitFiles('tidy_code')]);
  assert.deepEqual(chunksOf(requests).filter((c) => !prefetched.has(c)), [], 'nothing else split off is fetched before a click');
  const tabs = [['#tab-cost', '.cost', 'cost-panel'], ['#tab-latency', '.latency', 'latency-panel'], ['#tab-compare', '.compare', 'compare-panel'],
    ['#tab-scenarios', '.scenarios', 'scenario-panel'], ['#tab-versions', '.review-panel', 'versions-panel']];
  for (const [tab, panel, name] of tabs) {
    await page.click(tab);
    await page.locator(`.sidepanel ${panel}`).first().waitFor({ timeout: 20_000 });
    // (The page's own list: the Cost and Latency chunks may have come with the idle prefetch,
    // before this test listened.)
    const fetched = chunksOf(await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)));
    assert.ok(fetched.some((c) => c.startsWith(`cloudwright-web-split-${name}-`)), `${tab} fetched its chunk`);
    assert.equal(await page.locator('.on-demand-error').count(), 0);
  }
  // A second opening fetches nothing more, and shows at once (no "Loading…").
  const fetched = chunksOf(requests).length;
  await page.click('#tab-inspect');
  await page.click('#tab-scenarios');
  assert.equal(await page.locator('.sidepanel .scenarios').count(), 1, 'shown at once');
  assert.equal(await page.locator('.on-demand-wait').count(), 0);
  assert.equal(chunksOf(requests).length, fetched);
  // The report and presentation mode.
  await page.click('#report');
  await page.locator('#report-frame').waitFor({ timeout: 20_000 });
  assert.ok(chunksOf(requests).some((c) => c.startsWith('cloudwright-web-split-report-')));
  await page.click('#report-close');
  await page.click('#present');
  await page.locator('.present #present-monthly').waitFor({ timeout: 20_000 });
  assert.ok(chunksOf(requests).some((c) => c.startsWith('cloudwright-web-split-presentation-')));
  await page.click('#present-leave');
  await shot(page, 's53-split-scenarios-1440');
  assertClean(log);
  await context.close();
});

test('a part of the app that cannot be fetched says so, and opening the view again retries', async () => {
  const { page, context } = await app.open('/', { serviceWorkers: 'block', viewport: { width: 1024, height: 768 } });
  let blocked = true;
  await context.route(CHUNK, (route) => (blocked ? route.abort() : route.continue()));
  await page.click('#tab-scenarios');
  const error = page.locator('.sidepanel .on-demand-error');
  await error.waitFor({ timeout: 20_000 });
  assert.match(await error.textContent(), /The Scenarios panel could not be loaded: .*the app was updated since this page was opened\)\. Check the connection and open it again, or reload the page\./);
  await shot(page, 's53-split-error-1024');
  // The report says so in its own dialog.
  await page.click('#report');
  await page.locator('.report-dialog .on-demand-error').waitFor({ timeout: 20_000 });
  await page.click('#report-close');
  // Back online: opening the tab again fetches the chunk and shows the panel.
  blocked = false;
  await page.click('#tab-inspect');
  await page.click('#tab-scenarios');
  await page.locator('.sidepanel .scenarios').waitFor({ timeout: 20_000 });
  assert.equal(await error.count(), 0);
  await page.click('#report');
  await page.locator('#report-frame').waitFor({ timeout: 20_000 });
  await context.close();
});

test('presentation mode whose part cannot be fetched says so and has a way out (review s36 R13)', async () => {
  const { page, context } = await app.open('/', { serviceWorkers: 'block', viewport: { width: 1440, height: 900 } });
  await context.route(CHUNK, (route) => route.abort());
  await page.click('#present');
  const error = page.locator('.present-wait .on-demand-error');
  await error.waitFor({ timeout: 20_000 });
  assert.match(await error.textContent(), /The presentation could not be loaded: /);
  await shot(page, 's53-split-present-error-1440');
  // A button leaves the mode: no keyboard needed (a touch screen, a projector's remote).
  await page.click('.present-wait .on-demand-leave');
  await page.locator('.present-wait').waitFor({ state: 'detached', timeout: 10_000 });
  await page.locator('#present').waitFor();
  await context.close();
});
