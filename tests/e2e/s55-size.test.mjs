// Issue 20, the first visit's download (s55-size): the page's reader of the analysis worker's
// answers — the MessagePack reader, the patches, the request's writer (src/worker_wire.rs) — is
// a split point of its own, `cloudwright-web-split-worker-wire-<hash>.wasm`, fetched when a
// design is analysed by the worker (800 components or more, or `?analysis=worker`, or the
// analyses' chunk failed) — not when idle after the start (s56-prefetch: s55-fix fetched it then,
// 39 KB on every first visit's link beside what a first click needs; offline, the service
// worker's precache serves it):
// - a first visit (the starter) never fetches it;
// - a design the worker analyses fetches it when the worker starts; held back until after the
//   worker's `Ready`, the worker's messages wait for it and the figures come once it is in, an
//   edit's patched answer too; a 1,000-component design imported is analysed by the worker;
// - blocked, the page analyses the design itself and says the background analysis could not
//   start (never "Analysing…" for ever);
// - the service worker precaches it (offline use).
// On main's build there is no such chunk: every test fails at `splitFiles('worker_wire')`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { start, assertClean, splitFiles, clickableLeaf, barSettled, sampleFile, importSample, errorToast, fileName as file, withoutFailedFetches as unexpected } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const CHUNK = /cloudwright-web-(split|chunk)-[a-z0-9-]+-[0-9a-f]{16}\.wasm$/;
/** The wire's own split module (its shared chunks may be other split points' too). */
const wireFile = () => splitFiles('worker_wire')[0];
const figures = (page) => page.evaluate(() => {
  const t = (id) => document.querySelector(id)?.textContent;
  return { monthly: t('#total-monthly-value'), p95: t('#total-p95-value'), findings: t('#total-findings-value'), headroom: t('#total-headroom-value') };
});
const measures = (page, prefix) => page.evaluate((prefix) => performance.getEntriesByType('measure').filter((m) => m.name.startsWith(prefix)).length, prefix);
/** The aborted or held fetches themselves are expected; nothing else. */

test('the build puts the worker\'s wire in a chunk of its own, precached for offline use', () => {
  const wire = wireFile();
  assert.match(wire, /^cloudwright-web-split-worker-wire-[0-9a-f]{16}\.wasm$/);
  const sw = readFileSync(`dist/${readdirSync('dist').find((f) => f === 'sw.js')}`, 'utf8');
  for (const f of splitFiles('worker_wire')) assert.ok(sw.includes(f), `sw.js precaches ${f}`);
});

test('a first visit never fetches the worker\'s wire, and starts no worker', { timeout: 120_000 }, async () => {
  const wire = wireFile();
  const { page, context, log } = await app.open(null, { serviceWorkers: 'block' });
  const requests = [];
  page.on('request', (r) => requests.push(file(r.url())));
  await page.goto(app.origin + '/');
  await page.waitForFunction(() => window.cloudwrightPrefetched === true, null, { timeout: 30_000 });
  await barSettled(page);
  // An edit analysed (on the page: the starter is small), then a moment.
  const at = await clickableLeaf(page, 0);
  await page.mouse.click(at.x, at.y);
  await page.keyboard.press('Delete');
  await barSettled(page);
  await page.waitForTimeout(1000);
  assert.ok(requests.some((u) => CHUNK.test(u)), 'chunks were fetched (the analyses, the first tabs)');
  // Not in the start-up, nor in the idle prefetch (s56-prefetch; s55-fix's build fetched it there).
  assert.deepEqual(requests.filter((u) => u === wire), [], 'the wire not fetched on a first visit');
  assert.equal(page.workers().length, 0, 'no analysis worker started');
  assertClean(log);
  await context.close();
});

test('the wire held back until after the worker\'s Ready: the figures come once it is in, an edit\'s too', { timeout: 180_000 }, async () => {
  const wire = wireFile();
  const starter = await app.open('/', { serviceWorkers: 'block' });
  const expected = await figures(starter.page);
  await starter.context.close();

  const { page, context, log } = await app.open(null, { serviceWorkers: 'block' });
  let release;
  const held = new Promise((ok) => { release = ok; });
  let asked = 0;
  await context.route((u) => file(u.toString()) === wire, async (route) => { asked += 1; await held; await route.continue(); });
  await page.goto(app.origin + '/?analysis=worker');
  await page.waitForSelector('.app');
  await page.waitForFunction(() => document.querySelector('g.node'));
  // The worker starts at once (every design goes to it here): its wasm, its `Ready` posted.
  await page.waitForFunction(() => performance.getEntriesByName('analysis-answer', 'mark').length > 0, null, { timeout: 60_000 });
  await page.waitForTimeout(500);
  assert.equal(asked, 1, 'the wire is asked for when the worker starts');
  assert.equal(await measures(page, 'analysis-worker ready'), 0, 'the worker\'s Ready waits for the wire');
  const bar = await page.evaluate(() => document.querySelector('.totals-bar').dataset.pending);
  assert.equal(bar, 'true', 'no figures without the wire');
  release();
  await barSettled(page, { timeout: 60_000 });
  assert.equal(await measures(page, 'analysis-worker ready'), 1, 'Ready read once the wire is in');
  assert.deepEqual(await figures(page), expected, 'the worker\'s figures are the page\'s');
  assert.ok(await measures(page, 'analysis-request design') >= 1, 'the design sent with the wire\'s writer');
  // An edit: sent as an edit, answered with a patch the wire rebuilds.
  const rev = await page.evaluate(() => Number(document.querySelector('.totals-bar').dataset.rev));
  const at = await clickableLeaf(page, 0);
  await page.mouse.click(at.x, at.y);
  await page.keyboard.press('Delete');
  await page.waitForFunction((rev) => Number(document.querySelector('.totals-bar').dataset.rev) > rev, rev, { timeout: 30_000 });
  await barSettled(page, { timeout: 60_000 });
  assert.ok(await measures(page, 'analysis-request edits') >= 1, 'the edit sent to the worker');
  assert.notDeepEqual(await figures(page), expected, 'the edit\'s figures are shown');
  assertClean(unexpected(log));
  await context.close();
});

test('the wire blocked: the page analyses the design itself and says so', { timeout: 180_000 }, async () => {
  const wire = wireFile();
  const starter = await app.open('/', { serviceWorkers: 'block' });
  const expected = await figures(starter.page);
  await starter.context.close();

  const { page, context, log } = await app.open(null, { serviceWorkers: 'block' });
  await context.route((u) => file(u.toString()) === wire, (route) => route.abort());
  await page.goto(app.origin + '/?analysis=worker');
  await page.waitForSelector('.app');
  await barSettled(page, { timeout: 60_000 });
  assert.deepEqual(await figures(page), expected, 'the page\'s own figures');
  await errorToast(page).filter({ hasText: 'The background analysis could not start' }).first().waitFor({ timeout: 10_000 });
  assert.equal(await measures(page, 'analysis-worker ready'), 0);
  assertClean(unexpected(log));
  await context.close();
});

test('a 1,000-component design imported is analysed by the worker (the wire fetched when it starts)', { timeout: 600_000 }, async () => {
  const wire = wireFile();
  const sample = sampleFile(1000);
  const { page, context, log } = await app.open('/', { serviceWorkers: 'block' });
  const requests = [];
  page.on('request', (r) => requests.push(file(r.url())));
  // (Not by the idle prefetch, s56-prefetch: the worker's start fetches it, once.)
  await page.waitForFunction(() => window.cloudwrightPrefetched === true, null, { timeout: 30_000 });
  await importSample(page, sample);
  await barSettled(page, { timeout: 300_000 });
  assert.equal(requests.filter((u) => u === wire).length, 1, 'the wire fetched once, when the worker started');
  assert.equal(await measures(page, 'analysis-worker ready'), 1, 'the worker took over');
  assert.match(await page.evaluate(() => document.querySelector('#total-monthly-value').textContent), /^\$/);
  assertClean(log);
  await context.close();
});
