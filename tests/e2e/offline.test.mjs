// Offline (issue 16): after the first visit the service worker holds the whole app; with the
// network off the app starts, an edit is saved and survives a reload; a new build is found on
// the next visit and offered ("New version available — reload"), never half-applied; the
// design survives the update. The app is served from a copy of dist/ so the test can put a
// "new build" in its place. No request leaves the origin, from the page or from the worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { start, shot, savedDesign, dropKind } from './harness.mjs';

let app;
const site = mkdtempSync(join(tmpdir(), 'cloudwright-offline-'));
before(async () => {
  cpSync('dist', site, { recursive: true });
  app = await start(site, { serviceWorkers: 'allow' });
});
after(async () => { await app?.stop(); });

const precacheList = () => JSON.parse(readFileSync(join(site, 'sw.js'), 'utf8').match(/const PRECACHE = (\[[\s\S]*?\n\]);/)[1].replace(/,\n\]$/, '\n]'));

/** Waits until the service worker controls the page and has its build cached. */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  return page.evaluate(async () => {
    const names = (await caches.keys()).filter((k) => k.startsWith('cloudwright:'));
    const counts = await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).length));
    return names.map((n, i) => [n, counts[i]]);
  });
}

const lambdas = (page) => page.locator('g[data-kind="lambda"]').count();

/** Collects every request the page or its workers make to another origin than `origin`. */
function foreignRequests(context, origin) {
  const urls = [];
  context.on('request', (r) => { if (!r.url().startsWith('data:') && new URL(r.url()).origin !== origin) urls.push(r.url()); });
  return urls;
}

/** Drops a Lambda into the first private subnet and waits until the design is saved; returns
 *  how many Lambdas the design had before. */
async function addLambda(page) {
  await page.waitForSelector('g[data-node]');
  const before = await lambdas(page);
  const subnet = await page.locator('g.kind-subnet.tier-private .frame').first().boundingBox();
  await dropKind(page, 'lambda', subnet.x + 40, subnet.y + subnet.height - 30);
  assert.equal(await lambdas(page), before + 1);
  await savedDesign(page);
  return before;
}

/** Whether the page runs the "new build" (the marker the tests put into its index.html). */
const isNew = (page) => page.evaluate(() => document.querySelector('meta[name="cloudwright-test-build"]') !== null);
const markNewBuild = (html) => writeFileSync(html, readFileSync(html, 'utf8').replace('</head>', '<meta name="cloudwright-test-build" content="2" /></head>'));

test('offline: the app starts with the network off, an edit survives a reload; a new build is offered and applied whole', async () => {
  const { page, context, log } = await app.open('/');
  const workerRequests = foreignRequests(context, app.origin);
  const list = precacheList();
  const bytes = list.reduce((s, [, , n]) => s + n, 0);
  console.log(`precache: ${list.length} files, ${bytes} bytes`);
  const caches1 = await controlled(page);
  assert.equal(caches1.length, 1);
  assert.equal(caches1[0][1], list.length, 'every file of the build is cached');

  // Network off: reload, edit, reload.
  await context.setOffline(true);
  await page.reload();
  const before = await addLambda(page);
  await page.reload();
  await page.waitForSelector('g[data-node]');
  assert.equal(await lambdas(page), before + 1, 'the edit made offline is there after an offline reload');
  // The code fetched on first use (s53-split) comes from the offline copy too: a panel never
  // opened before the network went off opens.
  await page.click('#tab-scenarios');
  await page.locator('.sidepanel .scenarios').waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('.on-demand-error').count(), 0);
  await page.click('#tab-inspect');
  await shot(page, 'offline-after-reload');

  // A new build: the same app with one file changed, and its sw.js rewritten by the same script.
  await context.setOffline(false);
  const html = join(site, 'index.html');
  markNewBuild(html);
  execFileSync('node', ['scripts/precache.mjs', site]);
  await page.reload();
  await page.waitForSelector('.banner.update #update-reload', { timeout: 60_000 });
  assert.equal(await isNew(page), false, 'until the user reloads, the page runs the old build whole');
  await shot(page, 'offline-update-offered');
  await Promise.all([page.waitForEvent('load'), page.click('#update-reload')]);
  await page.waitForSelector('g[data-node]');
  assert.equal(await isNew(page), true, 'after "Reload" the page runs the new build');
  assert.equal(await lambdas(page), before + 1, 'the design survived the update');
  const caches2 = await controlled(page);
  assert.equal(caches2.length, 1, 'the old build\'s cache is gone');
  assert.notEqual(caches2[0][0], caches1[0][0]);
  assert.equal(await page.locator('.banner.update').count(), 0);

  assert.deepEqual([log.pageErrors, log.consoleErrors, log.foreign, workerRequests], [[], [], [], []]);
  await context.close();
});

test('under /planner/: a second build is found, offered, and applied whole; the design survives', async () => {
  // A site with the app in a folder, as scripts/deploy-s3.sh BUCKET DIST planner deploys it.
  const root = mkdtempSync(join(tmpdir(), 'cloudwright-planner-'));
  const folder = join(root, 'planner');
  cpSync('dist', folder, { recursive: true });
  const site = await start(root, { serviceWorkers: 'allow' });
  try {
    const { page, context, log } = await site.open('/planner/');
    const workerRequests = foreignRequests(context, site.origin);
    const caches1 = await controlled(page);
    assert.equal(caches1.length, 1);
    assert.match(caches1[0][0], /^cloudwright:\/planner\/:[0-9a-f]{16}$/, 'the cache is the folder\'s own, named after the build');
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope), `${site.origin}/planner/`);
    // The build's JavaScript, as boot.js finds it (index.html's data-js="./name-<hash>.js").
    const jsOf = () => page.evaluate(() => document.querySelector('script[data-js]').dataset.js.replace(/^\.\//, ''));
    const oldJs = await jsOf();

    // An edit, saved.
    const before = await addLambda(page);

    // The second build: its JavaScript under a new name (as a new Trunk build's hash gives it),
    // the old one gone from the server, index.html marked, sw.js rewritten by the same script.
    const html = join(folder, 'index.html');
    const newJs = oldJs.replace(/\.js$/, '-build2.js');
    renameSync(join(folder, oldJs), join(folder, newJs));
    writeFileSync(html, readFileSync(html, 'utf8').replaceAll(oldJs, newJs));
    // The split loader (s53-split) imports the JavaScript by name, as a new build's would: its
    // import and its preload's integrity follow.
    for (const f of readdirSync(folder).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(folder, f), 'utf8');
      if (!text.includes(oldJs)) continue;
      const was = createHash('sha384').update(text).digest('base64');
      const now = text.replaceAll(oldJs, newJs);
      writeFileSync(join(folder, f), now);
      writeFileSync(html, readFileSync(html, 'utf8').replaceAll(`sha384-${was}`, `sha384-${createHash('sha384').update(now).digest('base64')}`));
    }
    markNewBuild(html);
    execFileSync('node', ['scripts/precache.mjs', folder]);

    // The next visit finds it and offers it; the page still runs the first build, whole.
    await page.reload();
    await page.waitForSelector('.banner.update #update-reload', { timeout: 60_000 });
      assert.equal(await isNew(page), false, 'until the user reloads, the page runs the old build');
    assert.equal(await jsOf(), oldJs, 'the old build\'s JavaScript (from its cache: the server no longer has it)');
    assert.equal(await lambdas(page), before + 1);
    await shot(page, 'offline-planner-update-offered');
    await page.setViewportSize({ width: 1024, height: 768 });
    await shot(page, 'offline-planner-update-offered-1024');

    // "Reload": saved, then the new build takes over at once, every file of it.
    await Promise.all([page.waitForEvent('load'), page.click('#update-reload')]);
    await page.waitForSelector('g[data-node]');
    assert.equal(await isNew(page), true, 'after "Reload" the page runs the new build');
    assert.equal(await jsOf(), newJs);
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    assert.ok(loaded.includes(`/planner/${newJs}`) && !loaded.some((p) => p.endsWith(oldJs)), `the new JavaScript only: ${loaded.join(' ')}`);
    assert.equal(await lambdas(page), before + 1, 'the design survived the update');
    const caches2 = await controlled(page);
    assert.equal(caches2.length, 1, 'the old build\'s cache is gone');
    assert.notEqual(caches2[0][0], caches1[0][0]);
    assert.equal(await page.locator('.banner.update').count(), 0);

    // And the new build works offline too.
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('g[data-node]');
    assert.equal(await isNew(page), true);
    assert.equal(await lambdas(page), before + 1);
    await context.setOffline(false);
    assert.deepEqual([log.pageErrors, log.consoleErrors, log.foreign, workerRequests], [[], [], [], []]);
    await context.close();
  } finally {
    await site.stop();
  }
});

test('the web manifest makes the app installable (Chromium finds no installability error)', async () => {
  // A persistent profile: Chromium does not offer to install from an incognito-like context,
  // which is what a fresh Playwright context is.
  const profile = mkdtempSync(join(tmpdir(), 'cloudwright-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    const page = context.pages()[0] ?? await context.newPage();
    await page.goto(app.origin + '/');
    await page.waitForSelector('.app');
    await controlled(page);
    const cdp = await context.newCDPSession(page);
    const { errors } = await cdp.send('Page.getAppManifest');
    assert.deepEqual(errors, [], 'the manifest parses cleanly');
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, []);
    const manifest = JSON.parse(readFileSync(join(site, 'manifest.webmanifest'), 'utf8'));
    for (const size of ['192x192', '512x512']) assert.ok(manifest.icons.some((i) => i.sizes === size && i.type === 'image/png'), size);
  } finally {
    await context.close(); // a persistent browser left open would keep the test process alive
  }
});
