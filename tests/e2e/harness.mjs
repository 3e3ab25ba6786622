// End-to-end harness: serves dist/ on loopback, drives Debian's Chromium with playwright-core,
// and records everything the product promises never happens: page errors, console errors,
// and requests to any origin other than the page's own (a design never leaves the browser).
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { serve } from '../../scripts/serve.mjs';

export const OUT = 'test-output/screenshots';

const samplesWritten = new Set();
/**
 * `cloudwright sample n` — the seeded, generated estate of about `n` components — as
 * `test-output/sample-<n>.json`, written once per process (the same seed gives the same file
 * from any build). `profile`: the CLI's cargo profile. Tests keep the default 'dev' (what the
 * test run has already built): a debug CLI writes 1,000 nodes in 0.14 s and 9,000 in 0.8 s, while
 * another profile is a build of its own — 'release-native' was ~3 min of a cold CI run for one
 * file (s48-lead). With BENCH_REUSE_SAMPLES=1 a file from an earlier run is kept (no build at all).
 */
export function sampleFile(n, { profile = 'dev' } = {}) {
  const file = `test-output/sample-${n}.json`;
  if (samplesWritten.has(file) || (process.env.BENCH_REUSE_SAMPLES && existsSync(file))) return file;
  mkdirSync('test-output', { recursive: true });
  const build = profile === 'dev' ? [] : ['--profile', profile];
  // Test files run in parallel (scripts/test.sh): another process may be writing or reading
  // the same sample, so it is written beside and renamed in whole (a rename is atomic).
  const part = `${file}.${process.pid}.part`;
  writeFileSync(part, execFileSync('cargo', ['run', '-q', ...build, '-p', 'cloudwright-cli', '--', 'sample', String(n)], { maxBuffer: 1 << 28 }));
  renameSync(part, file);
  samplesWritten.add(file);
  return file;
}
mkdirSync(OUT, { recursive: true });

/**
 * Imports a generated sample (`sampleFile`) with the toolbar's Import button, as a user picks
 * a file, and waits until its name shows (the canvas has it; its analysis may still run).
 */
export async function importSample(page, file, { timeout = 180_000 } = {}) {
  const chooser = page.waitForEvent('filechooser');
  await page.click('#import');
  await (await chooser).setFiles(file);
  await page.waitForFunction(() => document.querySelector('.design-name')?.textContent.startsWith('Synthetic'), null, { timeout });
}

/**
 * A fresh page with generated sample-`n` imported, its analysis settled, everything selected
 * (Ctrl+A) and copied (Ctrl+C): the paste benches' start (`scripts/bench-paste.mjs`,
 * `scripts/profile-paste.mjs`). Returns the `open` result ({ page, context, log }).
 */
export async function openCopiedSample(app, n) {
  const file = sampleFile(n);
  const opened = await app.open('/');
  const { page } = opened;
  await importSample(page, file, { timeout: 180_000 });
  await barSettled(page, { timeout: 300_000 });
  await page.waitForTimeout(1000);
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+c');
  await page.waitForFunction(() => /Copied \d+ component/.test(document.body.innerText), null, { timeout: 60_000 });
  return opened;
}

const LAUNCH = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  // As root Chromium needs --no-sandbox; the networking flags stop it from calling Google
  // services, which this machine's closed network refuses (see ../shared/TOOLCHAIN.md).
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
};

/**
 * Starts the server and the browser once per test file. `serviceWorkers`: each page's default
 * (`open`'s option). 'block' unless a file asks for 'allow': the service worker's install
 * fetches, hashes and stores every file of the build (~205), about half a page's CPU in a test
 * (8 pages held 3 s each: 28–31 s of CPU with it, 15–16 s without; s58-suite), and the suite
 * is CPU-bound on a 2-core machine. The files that test what it does (offline, cold-start,
 * hosting, iac's precache) allow it.
 */
export async function start(root = 'dist', { serviceWorkers: fileDefault = 'block' } = {}) {
  const server = await serve(root, 0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch(LAUNCH);
  return {
    origin,
    browser,
    /**
     * Opens a fresh page (own storage) and returns it with its error/foreign-request logs.
     * `welcome: true` keeps the first-visit template gallery (issue 14); other tests open as a
     * browser that has answered it, so the starter design is in front. `serviceWorkers:
     * 'block'` (the file's default unless it started with 'allow') keeps the app's service
     * worker (the offline copy) from registering: a request a test blocks with `route` is then
     * not served from its cache instead.
     */
    async open(path = '/', { viewport = { width: 1440, height: 900 }, welcome = false, serviceWorkers = fileDefault } = {}) {
      const context = await browser.newContext({ viewport, serviceWorkers });
      if (!welcome) await context.addInitScript(() => { try { localStorage.setItem('cloudwright:v1:ui:welcomed', '1'); } catch {} });
      const page = await context.newPage();
      const log = { pageErrors: [], consoleErrors: [], foreign: [] };
      page.on('pageerror', (e) => log.pageErrors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') log.consoleErrors.push(m.text()); });
      page.on('request', (r) => {
        const u = r.url();
        if (u.startsWith('data:') || u.startsWith('blob:')) return;
        if (new URL(u).origin !== origin) log.foreign.push(u);
      });
      // Anything foreign is also stopped at the door, so a leak can't succeed while tested.
      await context.route((url) => url.origin !== origin && !['data:', 'blob:'].includes(url.protocol), (route) => route.abort());
      if (path !== null) {
        await page.goto(origin + path);
        await page.waitForSelector('.app', { timeout: 30_000 });
        // The first analysis runs after the first paint (issue 20): tests start once it is shown
        // (a large design's, from the worker, is not waited for: no test opens one here).
        await page.waitForFunction(() => !document.querySelector('.totals-bar[data-pending="true"]'), null, { timeout: 30_000 });
        // The palette and the side panel come a frame or two after the canvas (s22-web).
        await page.waitForFunction(() => document.querySelector('.palette-item') && document.querySelector('.sidepanel .tabs'), null, { timeout: 30_000 });
        // And the idle prefetch of the code a first click needs (the inspector's forms, the Cost
        // and Latency tabs, paste: s55-inspector): a user's first click comes later than a test's,
        // and a test that reads the inspector at once would otherwise meet "Loading the
        // inspector…" (tests of that state hold the chunk back themselves). Locally ~0.1–0.5 s;
        // if it never comes, the test goes on and meets what a user would.
        await page.waitForFunction(() => window.cloudwrightPrefetched === true, null, { timeout: 15_000 }).catch(() => {});
      }
      return { page, context, log };
    },
    async stop() {
      await browser.close();
      server.close();
    },
  };
}

/**
 * The chunk files the load of split point `point` (e.g. `cost_panel`) fetches: its own and the
 * shared ones it depends on, read from the split loader in `dist` (scripts/wasm-split.mjs).
 */
export function splitFiles(point, dist = 'dist') {
  const loader = readFileSync(`${dist}/${readdirSync(dist).find((f) => /^cloudwright-web-split-[0-9a-f]{16}\.js$/.test(f))}`, 'utf8');
  const fileOf = (decl) => loader.match(new RegExp(`${decl} = [\\s\\S]*?fetch\\(new URL\\("\\./([^"]+)"`))[1];
  const deps = loader.match(new RegExp(`__wasm_split_load_${point} = [\\s\\S]*?, \\[([^\\]]*)\\]`))[1].split(',').map((d) => d.trim()).filter(Boolean);
  return [fileOf(`__wasm_split_load_${point}`), ...deps.map((d) => fileOf(`const ${d}`))];
}

/**
 * Asserts what the product promises of every page `open` returned: no page error, no console
 * error, and no request to another origin (a design never leaves the browser). One assertion,
 * so a failure shows all three lists side by side.
 */
export function assertClean(log) {
  const { pageErrors, consoleErrors, foreign } = log;
  assert.deepEqual({ pageErrors, consoleErrors, foreign }, { pageErrors: [], consoleErrors: [], foreign: [] },
    'the page logged an error or requested another origin');
}

/** A request's file name (the URL's last segment, no query): how the tests route a chunk. */
export const fileName = (u) => u.replace(/^.*\//, '').replace(/\?.*$/, '');

/** Waits for the starter's canvas and the palette: the page is ready for the user. */
export const canvasReady = (page) => page.waitForFunction(() => document.querySelectorAll('g.node').length > 10 && document.querySelector('.palette-item'), null, { timeout: 30_000 });

/**
 * Opens `path` in a new context (the service worker blocked) with the own chunk of split point
 * `point` (e.g. `tidy_code`) routed by `route` before the page loads. `before(opened)` runs
 * before the navigation (storage seeding, request listeners); unless `ready` is false, waits
 * for the canvas and the palette. Returns `app.open`'s `{ page, context, log }`.
 */
export async function openRouted(app, point, route, { path = '/', viewport, ready = true, before } = {}) {
  const chunk = splitFiles(point)[0];
  const opened = await app.open(null, { serviceWorkers: 'block', ...(viewport ? { viewport } : {}) });
  await opened.context.route((u) => fileName(u.toString()) === chunk, route);
  if (before) await before(opened);
  await opened.page.goto(app.origin + path);
  if (ready) {
    await opened.page.waitForSelector('.app');
    await canvasReady(opened.page);
  }
  return opened;
}

/** [`openRouted`] with the chunk of `point` held back until `release()` (then let through). */
export async function openHeld(app, point, options = {}) {
  let release;
  const held = new Promise((ok) => { release = ok; });
  return { ...(await openRouted(app, point, async (route) => { await held; await route.continue(); }, options)), release };
}

/** A stored design file of format 4 (one the full reader, `file_reader`, opens). */
export const OLD_STORED = 'crates/cloudwright-engine/tests/fixtures/file/v4-three-tier.json';

/**
 * Seeds a context's browser storage, once (the first page load of the context), with
 * `OLD_STORED` named "My old design" (id `old1`) in the designs list; `current`: it is the
 * design open last, which the start opens; `text`: stored instead of that file.
 */
export async function seedOldStored(context, { current = false, text = null } = {}) {
  const d = JSON.parse(readFileSync(OLD_STORED, 'utf8'));
  d.name = 'My old design';
  await context.addInitScript(({ text, current }) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    if (current) localStorage.setItem('cloudwright:v1:current', 'old1');
    localStorage.setItem('cloudwright:v1:design:old1', text);
    localStorage.setItem('cloudwright:v1:designs', JSON.stringify([{ id: 'old1', name: 'My old design', updated: Date.now() - 1e6, rev: 0 }]));
  }, { text: text ?? JSON.stringify(d), current });
}

/**
 * `log` (as `open` returns it) without the lines a chunk the test blocked makes on purpose
 * (the browser's "Failed to load resource", the loader's "Failed to fetch"): for
 * [`assertClean`] in a test that routes a chunk to fail.
 */
export const withoutFailedFetches = (log) => {
  const failed = (e) => /net::ERR_FAILED|Failed to load resource|Failed to fetch/.test(e);
  return { ...log, consoleErrors: log.consoleErrors.filter((e) => !failed(e)), pageErrors: log.pageErrors.filter((e) => !failed(e)) };
};

/**
 * The drawn leaf components whose centre is really clickable (not drawn out of view or under
 * the palette, a panel or another node), in DOM order: `{ id, x, y, w, h }` each, the centre
 * and size in page pixels. `margin`: the centre also that far inside the canvas's edges
 * (`bottom`: another margin at the bottom, where the zoom controls sit); `spanning: false`
 * leaves out components drawn as a band across AZs. One helper for the tests and the benches
 * (clicking the n-th `.hit` in the DOM instead may select nothing: the benches' -1 samples).
 */
export const clickableLeaves = (page, { margin = 0, bottom = margin, spanning = true } = {}) => page.evaluate(({ margin, bottom, spanning }) => {
  const c = document.querySelector('.canvas').getBoundingClientRect();
  return [...document.querySelectorAll(`.canvas-svg g.node.leaf${spanning ? '' : ':not(.spanning)'}`)].map((g) => {
    const r = g.querySelector('.hit')?.getBoundingClientRect();
    if (!r || r.width === 0) return null;
    const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
    const inside = x > c.left + margin && x < c.right - margin && y > c.top + margin && y < c.bottom - bottom;
    return inside && document.elementFromPoint(x, y)?.closest('g.node') === g ? { id: g.dataset.node, x, y, w: r.width, h: r.height } : null;
  }).filter(Boolean);
}, { margin, bottom, spanning });

/** The `n`-th of [`clickableLeaves`], or null when there are fewer. */
export const clickableLeaf = async (page, n) => (await clickableLeaves(page))[n] ?? null;

/** Writes a full-page screenshot under test-output/screenshots/. */
export async function shot(page, name) {
  const path = `${OUT}/${name}.png`;
  await page.screenshot({ path });
  return path;
}

/**
 * The current design as the app autosaved it, read in the page from IndexedDB (database
 * `cloudwright`, store `kv`: the id is under `cloudwright:v1:current`, the design under
 * `cloudwright:v1:design:<id>`), parsed; null when there is none. Waits `wait` ms first
 * (autosave writes at once, but the write takes a moment).
 */
export async function savedDesign(page, { wait = 700 } = {}) {
  if (wait) await page.waitForTimeout(wait);
  return page.evaluate(async () => {
    const db = await new Promise((ok) => {
      const r = indexedDB.open('cloudwright');
      // No database yet: don't create an empty one under the app's feet.
      r.onupgradeneeded = () => r.transaction.abort();
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ok(null);
    });
    if (!db) return null;
    const get = (key) => new Promise((ok, fail) => {
      const r = db.transaction('kv').objectStore('kv').get(key);
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    try {
      const id = (await get('cloudwright:v1:current')) ?? localStorage.getItem('cloudwright:v1:current');
      if (!id) return null;
      const text = await get(`cloudwright:v1:design:${id}`);
      return text == null ? null : JSON.parse(text);
    } finally {
      db.close();
    }
  });
}

/** The centre of a bounding box. */
export const centre = (b) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** Scrolls the canvas (a trackpad scroll pans) until a component's centre is in view, clear
 *  of the canvas's edges: at 1024×768 Fit shows a large design's middle, so its left column
 *  (the users, the WAF) may be out of view or under the side panel. */
export async function inView(page, id) {
  const canvas = await page.locator('.canvas').first().boundingBox();
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  for (let i = 0; i < 60; i++) {
    const c = centre(await page.locator(`g[data-node="${id}"] .hit`).first().boundingBox());
    const dx = c.x < canvas.x + 60 ? -20 : c.x > canvas.x + canvas.width - 60 ? 20 : 0;
    const dy = c.y < canvas.y + 60 ? -20 : c.y > canvas.y + canvas.height - 60 ? 20 : 0;
    if (!dx && !dy) return;
    await page.mouse.wheel(dx || 0.5, dy);
    await page.waitForTimeout(30);
  }
}

/**
 * Opens a template from the Designs dialog and waits until it is on the canvas.
 * `fit`: 'key' presses Shift+! (fit the whole design), 'button' clicks the toolbar's Fit,
 * false leaves the view as the app opened it. `renamed`: also wait until the design's name
 * changed (a caller that opens templates one after another on the same page).
 */
export async function openTemplate(page, file, { fit = 'key', renamed = false } = {}) {
  const before = renamed ? await page.textContent('.design-name') : null;
  await page.click('#designs');
  await page.locator(`.template-list li[data-template="${file}"] button`).click();
  await page.waitForFunction((b) => !document.querySelector('.modal.designs')
    && (b === null || document.querySelector('.design-name')?.textContent !== b), before);
  await page.locator('g.node').first().waitFor();
  if (fit === 'key') await page.keyboard.press('Shift+!');
  if (fit === 'button') await page.click('text=Fit');
}

/**
 * Opens a fresh page at `w` × `h` with the gallery's "Three-tier VPC" fitted to the view, as
 * QA opens it for the placement tests, and waits for the findings bar's figures.
 */
export async function threeTier(app, w, h) {
  const opened = await app.open('/', { viewport: { width: w, height: h } });
  await openTemplate(opened.page, 'three-tier.json');
  await barSettled(opened.page);
  return opened;
}

/**
 * A point of a node that is really clickable (not under the side panel, a toast or another
 * node): a container's frame or a component's hit box, scanned in 6×4 px steps from its top
 * (`from: 'top'`) or from its middle (`from: 'middle'`, for drags that should grab a
 * component by its body). `null` when no part of it shows.
 */
/** Selects a component with a click on its shape (brought into view first) and waits for its form. */
export async function selectNode(page, id) {
  await inView(page, id);
  const b = await page.locator(`g.node[data-node="${id}"] .hit`).boundingBox();
  await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
  await page.waitForSelector(`.inspector[data-node="${id}"]`);
}

export const visiblePoint = (page, id, { from = 'middle' } = {}) => page.evaluate(({ id, from }) => {
  const g = document.querySelector(`.canvas-svg g.node[data-node="${id}"]`);
  const r = g.querySelector('rect.hit, rect.frame').getBoundingClientRect();
  for (let y = from === 'top' ? r.y + 3 : r.y + r.height / 2; y < r.bottom - 2; y += 4) {
    for (let x = r.x + 6; x < r.right - 4; x += 6) {
      const el = document.elementFromPoint(x, y);
      if (el && el.closest('g.node') === g) return { x, y };
    }
  }
  return null;
}, { id, from });

/** Clicks component `id` where a user can (a point of it no other element covers, `visiblePoint`). */
export async function clickComponent(page, id) {
  const p = await visiblePoint(page, id);
  assert.ok(p, `${id} shows on the canvas`);
  await page.mouse.click(p.x, p.y);
}

/**
 * Selects component `id` with a click and opens the Compare tab on it: waits for its
 * recommendation and for Compare to name the component (`label`, "Web app (a)").
 */
export async function compareFor(page, id, label) {
  await clickComponent(page, id);
  await page.click('#tab-compare');
  await page.locator('#containers-recommendation').waitFor();
  await page.waitForFunction((label) => (document.querySelector('.compare')?.textContent ?? '').includes(`For "${label}"`), label);
}

/** The starter at `w`×`h`, its figures settled, with "Web app (a)" selected and Compare open. */
export async function openCompare(app, w, h) {
  const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
  await barSettled(page, { timeout: 120_000 });
  await compareFor(page, 'app-a', 'Web app (a)');
  return { page, log, context };
}

/**
 * A point (page pixels) on a drawn connector's hit line where a press lands on it, with the
 * connector's id: the middle of a stretch at least 20 px inside the canvas, or 3 px beside it
 * (within the 12 px hit stroke: a press need not be on the 1.5 px line). `only`: the connectors
 * to choose from (all if null); `skip`: those not to use. `null` when none can be pressed.
 */
export const pressableConnector = (page, { only = null, skip = [] } = {}) => page.evaluate(({ only, skip }) => {
  const c = document.querySelector('.canvas').getBoundingClientRect();
  for (const g of document.querySelectorAll('.canvas-svg g.edge')) {
    if (skip.includes(g.dataset.conn) || (only && !only.includes(g.dataset.conn))) continue;
    const hit = g.querySelector(':scope > .edge-hit');
    if (!hit) continue;
    const pts = hit.getAttribute('points').split(' ');
    const m = hit.getScreenCTM();
    for (let i = 0; i + 1 < pts.length; i++) {
      const [[x1, y1], [x2, y2]] = [pts[i], pts[i + 1]].map((s) => s.split(',').map(Number));
      const p = new DOMPoint((x1 + x2) / 2, (y1 + y2) / 2).matrixTransform(m);
      if (p.x < c.left + 20 || p.x > c.right - 20 || p.y < c.top + 20 || p.y > c.bottom - 20) continue;
      const across = Math.abs(x2 - x1) > Math.abs(y2 - y1) ? [0, 1] : [1, 0];
      for (const k of [3, -3, 0]) {
        const [x, y] = [p.x + across[0] * k, p.y + across[1] * k];
        if (document.elementFromPoint(x, y) === hit) return { conn: g.dataset.conn, x, y };
      }
    }
  }
  return null;
}, { only, skip });

/** Drags a palette kind onto the canvas at a page position (HTML5 drag and drop). */
export async function dropKind(page, kind, x, y) {
  const dt = await page.evaluateHandle(() => new DataTransfer());
  await page.dispatchEvent(`.palette-item[data-kind="${kind}"]`, 'dragstart', { dataTransfer: dt });
  await page.evaluate(({ x, y, dt }) => {
    const el = document.elementFromPoint(x, y).closest('.canvas');
    for (const type of ['dragover', 'drop']) {
      el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, dataTransfer: dt }));
    }
  }, { x, y, dt });
}

/**
 * Dispatches a drag event (`dragenter`, `dragover`, `dragleave`, `drop`) of the DataTransfer
 * `dt` at the page point `at`, on the element under it, as the browser does (over the canvas
 * it bubbles to the canvas; over something lying on the canvas, a toast or the empty design's
 * template button, or off it, to the page). Headless Chromium starts no native drag from
 * Playwright's mouse: these are the events a real drag sends.
 */
export const dragEventAt = (page, type, at, dt) => page.evaluate(({ type, x, y, dt }) => {
  document.elementFromPoint(x, y).dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, dataTransfer: dt }));
}, { type, x: at.x, y: at.y, dt });

/**
 * Starts a palette drag of `kind` (its item's `dragstart`) and holds it over the page point
 * (x, y) (a `dragover` there, [`dragEventAt`]), not dropped: the preview's outline and reason
 * show. Returns the drag's DataTransfer, for the drag's later events (a `drop`, a `dragend`
 * on the palette item).
 */
export async function dragOverKind(page, kind, x, y) {
  const dt = await page.evaluateHandle(() => new DataTransfer());
  await page.dispatchEvent(`.palette-item[data-kind="${kind}"]`, 'dragstart', { dataTransfer: dt });
  await dragEventAt(page, 'dragover', { x, y }, dt);
  return dt;
}

/**
 * Drops a palette kind at a page point ([`dropKind`]) and returns the new node's id: the
 * selected node that was not there (the count can fall: a pan leaves nodes out of view, and the
 * canvas draws only those in view).
 */
export async function dropNew(page, kind, at) {
  const ids = () => page.locator('.canvas-svg g.node').evaluateAll((gs) => gs.map((g) => g.dataset.node));
  const before = await ids();
  await dropKind(page, kind, at.x, at.y);
  const added = await (await page.waitForFunction((before) => {
    const g = document.querySelector('.canvas-svg g.node.selected');
    return g && !before.includes(g.dataset.node) && g.dataset.node;
  }, before)).jsonValue();
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  return added;
}

/** A pointer drag from one page position to another, in small steps. */
export async function dragMouse(page, from, to) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
}

/** Each component's number of connections in a design file's JSON (`design.connections`): id → count. */
export function connectionCounts(design) {
  const degree = new Map();
  for (const c of Object.values(design.connections)) for (const e of [c.from, c.to]) degree.set(e, (degree.get(e) ?? 0) + 1);
  return degree;
}

/** The laid-out component with the most connections (`BIGHUB=<id>` in the environment picks another). */
export const biggestHub = (design, degree = connectionCounts(design)) =>
  process.env.BIGHUB ?? [...degree.keys()].filter((id) => design.layout?.[id]).sort((a, b) => (degree.get(b) ?? 0) - (degree.get(a) ?? 0))[0];

/**
 * The hub probes' common start (scripts/probe-hub-*.mjs, shot-hub-drag.mjs): the 1,000-node
 * sample imported into a fresh page of `app`, zoomed to 100% ("0"), the design's biggest hub
 * panned into view and `settle` ms given to the canvas. Returns the page, its context, the
 * design's JSON and the hub's id.
 */
export async function openBigHub(app, { viewport, settle = 1500 } = {}) {
  const file = sampleFile(1000);
  const { page, context } = await app.open('/', viewport ? { viewport } : undefined);
  await importSample(page, file, { timeout: 120_000 });
  await page.waitForTimeout(1500);
  await page.keyboard.press('0');
  await page.waitForTimeout(500);
  const design = JSON.parse(readFileSync(file, 'utf8'));
  const id = biggestHub(design, connectionCounts(design));
  await panToMiddle(page, design.layout[id]);
  await page.locator(`.canvas-svg g.node[data-node="${id}"] .hit`).waitFor({ timeout: 60_000 });
  await page.waitForTimeout(settle);
  return { page, context, design, id };
}

/**
 * Pans the canvas so the world rectangle `r` (a design's `layout` entry) is centred at 40% of the
 * canvas's width and height — its left middle, clear of the minimap and the side panel. A wheel
 * with both deltas pans by exactly them, so one event brings it there at any zoom.
 */
export const panToMiddle = (page, r) => page.evaluate(({ r }) => {
  const svg = document.querySelector('.canvas-svg');
  const c = document.querySelector('.canvas').getBoundingClientRect();
  const [, tx, ty, z] = document.querySelector('.canvas g.world').getAttribute('transform').match(/translate\(([-\d.e]+) ([-\d.e]+)\) scale\(([-\d.e]+)\)/).map(Number);
  const [sx, sy] = [c.left + tx + (r.x + r.w / 2) * z, c.top + ty + (r.y + r.h / 2) * z];
  const [gx, gy] = [c.left + c.width * 0.4, c.top + c.height * 0.4];
  svg.dispatchEvent(new WheelEvent('wheel', { deltaX: (sx - gx) || 0.5, deltaY: sy - gy, clientX: gx, clientY: gy, bubbles: true, cancelable: true }));
}, { r });

/**
 * Zooms in ("=", ×1.2 about the canvas's middle, each step waited for) until the zoom shows at
 * least `pct` %, and returns it: the view a test written when Fit stopped at 70% needs — Fit
 * now shows a whole design, down to 2% (s31-ux), and a large design's components are then too
 * small to click, or culled. Fit centres the design, so its middle stays in the middle.
 */
export async function zoomInTo(page, pct = 70) {
  const zoom = () => page.evaluate(() => Number(document.querySelector('.zoom').textContent.replace('%', '')));
  for (let i = 0; i < 40; i++) {
    const z = await zoom();
    if (z >= pct) return z;
    await page.keyboard.press('=');
    await page.waitForFunction((z) => Number(document.querySelector('.zoom').textContent.replace('%', '')) !== z, z);
  }
  throw new Error(`the zoom stays below ${pct}%: ${await zoom()}%`);
}

/**
 * A drag's connectors are drawn on the edge layer's bitmap (`canvas.edge-layer`,
 * `canvas_follow`). Keeps that bitmap in the page as it is now (`window.__follow`, with the view
 * it was drawn for) and returns how many of its pixels are painted.
 */
export const keepFollowed = (page, { layer = 'edge-layer', key = '__follow' } = {}) => page.evaluate(({ layer, key }) => {
  const cv = document.querySelector(`canvas.${layer}`);
  const img = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height);
  const [, tx, ty, z] = document.querySelector('.canvas g.world').getAttribute('transform').match(/translate\(([-\d.e]+) ([-\d.e]+)\) scale\(([-\d.e]+)\)/).map(Number);
  const ratio = cv.width / cv.getBoundingClientRect().width;
  const prev = window[key];
  window[key] = { img, tx, ty, z, ratio, w: cv.width, h: cv.height };
  let painted = 0, changed = 0;
  for (let i = 3; i < img.data.length; i += 4) {
    if (img.data[i]) painted++;
    if (prev && prev.img.data.length === img.data.length && prev.img.data[i] !== img.data[i]) changed++;
  }
  return { painted, changed, follows: Number(cv.getAttribute('data-follows') ?? 0) };
}, { layer, key });

/** The ghost layer's bitmap size, device px ([width, height]; 0 × 0 between drags). */
export const ghostBitmap = (page) => page.evaluate(() => {
  const cv = document.querySelector('canvas.ghost-layer');
  return [cv.width, cv.height];
});

/**
 * Compares the bitmap kept by `keepFollowed` with how the diagram draws connectors `ids` now
 * (e.g. after the drop: what routing gives). For each connector, points are sampled along its
 * drawn lines (`.canvas-svg g.edge .edge-line`: points, dash offset, computed dash pattern
 * and colour) where its dash pattern has a dash (half a unit in from each end), inside the
 * bitmap: `samples`, how many of them the bitmap paints (`painted`) and in the connector's
 * colour (`coloured`, within 40 per channel; connectors cross). `stray`: painted pixels farther
 * than ~3 px from every line of `ids` and ~12 units from every end (an arrowhead).
 * (`layer`, `key`: another bitmap, e.g. the ghost layer, kept under another name.)
 */
export const compareFollowed = (page, ids, { key = '__follow' } = {}) => page.evaluate(({ ids, key }) => {
  const { img, tx, ty, z, ratio, w, h } = window[key];
  const mask = new OffscreenCanvas(w, h).getContext('2d');
  mask.setTransform(z * ratio, 0, 0, z * ratio, tx * ratio, ty * ratio);
  mask.lineWidth = 1.5 + 6 / z;
  mask.lineCap = 'round';
  const out = [];
  for (const id of ids) {
    const g = document.querySelector(`.canvas-svg g.edge[data-conn="${id}"]`);
    if (!g) { out.push({ id, missing: true }); continue; }
    const kind = [...g.classList].find((c) => c.startsWith('edge-')).slice(5);
    const lines = [...g.querySelectorAll('.edge-line')].filter((p) => p.getAttribute('points'));
    let samples = 0, painted = 0, coloured = 0, end = null;
    for (const p of lines) {
      const cs = getComputedStyle(p);
      const dash = cs.strokeDasharray === 'none' ? [] : cs.strokeDasharray.split(/[ ,]+/).map(parseFloat).filter((x) => x > 0);
      const period = dash.reduce((a, b) => a + b, 0);
      const colour = cs.stroke.match(/[\d.]+/g).map(Number);
      const v = p.getAttribute('points').match(/-?[\d.]+(e-?\d+)?/g).map(Number);
      let along = Number(p.getAttribute('stroke-dashoffset') ?? 0);
      for (let k = 0; k + 3 < v.length; k += 2) {
        const [ax, ay, bx, by] = [v[k], v[k + 1], v[k + 2], v[k + 3]];
        end = [bx, by];
        mask.beginPath(); mask.moveTo(ax, ay); mask.lineTo(bx, by); mask.stroke();
        const len = Math.hypot(bx - ax, by - ay);
        for (let s = 0; s <= len; s += 0.5) {
          if (period) {
            const ph = (((along + s) % period) + period) % period;
            let acc = 0, inDash = false;
            for (let i = 0; i < dash.length; i += 2) { if (ph >= acc + 0.5 && ph <= acc + dash[i] - 0.5) inDash = true; acc += dash[i] + (dash[i + 1] ?? 0); }
            if (!inDash) continue;
          }
          const x = Math.floor(((ax + (bx - ax) * s / len) * z + tx) * ratio), y = Math.floor(((ay + (by - ay) * s / len) * z + ty) * ratio);
          if (x < 2 || y < 2 || x >= w - 2 || y >= h - 2) continue;
          samples++;
          const i = (y * w + x) * 4;
          if (img.data[i + 3] > 0) {
            painted++;
            if (Math.abs(img.data[i] - colour[0]) <= 40 && Math.abs(img.data[i + 1] - colour[1]) <= 40 && Math.abs(img.data[i + 2] - colour[2]) <= 40) coloured++;
          }
        }
        along += len;
      }
    }
    if (end) { mask.beginPath(); mask.arc(end[0], end[1], 12, 0, 2 * Math.PI); mask.fill(); }
    out.push({ id, kind, samples, painted, coloured });
  }
  const m = mask.getImageData(0, 0, w, h).data;
  let stray = 0;
  for (let i = 3; i < img.data.length; i += 4) if (img.data[i] && !m[i]) stray++;
  return { stray, connectors: out };
}, { ids, key });

/**
 * Waits until the totals bar shows the figures of the current design: no first analysis
 * pending, no newer answer awaited (`data-pending`, `data-updating` false), then one frame.
 */
export async function barSettled(page, { timeout = 30_000 } = {}) {
  await page.waitForFunction(() => {
    const b = document.querySelector('.totals-bar');
    return b && b.dataset.pending === 'false' && b.dataset.updating === 'false';
  }, null, { timeout });
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
}

/**
 * The page's horizontal overflow and what sticks out of the window: `scrollWidth` of the
 * document, and every element of `selector` whose box ends past the window's right edge
 * (`[{ id, right }]`), or whose text is cut inside it.
 */
export const sideways = (page, selector = '.topbar *, .totals-bar *') => page.evaluate((selector) => {
  const w = window.innerWidth;
  const out = [...document.querySelectorAll(selector)]
    .filter((e) => e.getClientRects().length && e.getBoundingClientRect().width > 1)
    .filter((e) => e.getBoundingClientRect().right > w + 0.5)
    .map((e) => ({ id: e.id || e.className || e.tagName, right: e.getBoundingClientRect().right }));
  return { width: w, scrollWidth: document.documentElement.scrollWidth, out };
}, selector);

/**
 * Renames a container in place (double-click on its label, type, Enter) and waits until the
 * canvas draws the edit (its undo step).
 */
export async function renameContainer(page, id, label) {
  const b = await page.locator(`g[data-node="${id}"] text.container-label`).boundingBox();
  await renameAt(page, { x: b.x + 6, y: b.y + b.height / 2 }, label);
}

/**
 * Renames a component (a band too) in place: double-click on the middle of its label, type,
 * Enter; waits until the canvas draws the edit (its undo step).
 */
export async function renameComponent(page, id, label) {
  const b = await page.locator(`g.node[data-node="${id}"] text.label`).boundingBox();
  await renameAt(page, centre(b), label);
}

/** The rename field opened by a double-click at page point `at`, filled with `label`, Enter. */
async function renameAt(page, at, label) {
  const undo = await page.getAttribute('#undo', 'title');
  await page.mouse.dblclick(at.x, at.y);
  await page.locator('.label-editor').fill(label);
  await page.locator('.label-editor').press('Enter');
  await page.waitForFunction((u) => document.querySelector('#undo').getAttribute('title') !== u, undo);
}

/** The text of the error toast (a refusal) and of any toast. */
export const errorToast = (page) => page.locator('.toast.error .toast-text');
export const anyToast = (page) => page.locator('.toast .toast-text');

/** Closes every toast shown (their close buttons), so the next one waited for is new. */
export const closeToasts = (page) => page.evaluate(() => document.querySelectorAll('.toast-close').forEach((b) => b.click()));

/** Waits for a toast whose text matches `re` and returns its text; fails naming `what` and every toast shown. */
export async function toast(page, re, what) {
  const t = anyToast(page).filter({ hasText: re });
  await t.first().waitFor({ timeout: 3000 }).catch(async () => { throw new Error(`${what}: ${JSON.stringify(await anyToast(page).allTextContents())}`); });
  return t.first().textContent();
}

/**
 * A component's drawing in its own units (before its view's translate): its box (the hit
 * rect), its label's lines (tspans), the label's box (getBBox) and its tooltip (the hit rect's
 * title; null when the label is not cut).
 */
export const drawnComponent = (page, id) => page.$eval(`.canvas-svg g.node[data-node="${id}"]`, (g) => {
  const hit = g.querySelector('rect.hit');
  const label = g.querySelector('text.label');
  const b = label.getBBox();
  return {
    rect: { x: +hit.getAttribute('x'), y: +hit.getAttribute('y'), w: +hit.getAttribute('width'), h: +hit.getAttribute('height') },
    lines: [...label.querySelectorAll('tspan')].map((t) => t.textContent),
    label: { x: b.x, y: b.y, w: b.width, h: b.height },
    title: hit.querySelector('title')?.textContent ?? null,
  };
});

/**
 * Drags node `id` by its middle (dx, dy) px in small moves, as a hand does, and lets go; waits
 * until the drop is drawn (the connectors' follow layer gone) and `settle` ms more. `midway`:
 * run before letting go; `beforeUp`: run just before (e.g. to listen for the pointerup).
 * True when it moved (no "Not moved" toast).
 */
export async function dragNode(page, id, dx, dy, { midway, beforeUp, settle = 700 } = {}) {
  const b = await page.locator(`.canvas-svg g.node[data-node="${id}"] .hit`).boundingBox();
  const [x0, y0] = [b.x + b.width / 2, b.y + b.height / 2];
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x0 + Math.sign(dx) * 8, y0 + Math.sign(dy) * 6);
  for (let i = 1; i <= 10; i++) { await page.mouse.move(x0 + Math.sign(dx) * 8 + (dx * i) / 10, y0 + Math.sign(dy) * 6 + (dy * i) / 10); await page.waitForTimeout(16); }
  await page.waitForTimeout(200);
  if (midway) await midway();
  if (beforeUp) await beforeUp();
  await page.mouse.up();
  await page.waitForFunction(() => !document.querySelector('canvas.edge-layer[data-follows]'));
  await page.waitForTimeout(settle);
  const toast = await page.evaluate(() => document.querySelector('.toast')?.textContent ?? '');
  return !/Not moved/.test(toast);
}

/**
 * Each drawn connector's lines checked against its hit line (its route): a solid connector's
 * line, a dashed one's pieces piece by piece — each piece's points the route's stretch, its dash
 * offset the length of the route before it, an arrowhead on the last piece only. `conn`: only
 * that connector. Returns `{ n, pieces, bad, nbad, badHidden, nbadHidden }`: the connectors and
 * pieces checked, and what is wrong — on drawn lines (computed `visibility`) in `bad`, on undrawn
 * pieces (s45-drop: their writes wait for the page's next idle moment) in `badHidden`; the
 * lists cut to their first few, the counts whole. Shared by s40-hub and s45-drop.
 */
export const connectorLines = (page, conn = null) => page.evaluate((conn) => {
  const bad = [], badHidden = [];
  let n = 0, pieces = 0;
  for (const g of document.querySelectorAll(conn ? `.canvas-svg g.edge[data-conn="${conn}"]` : '.canvas-svg g.edge')) {
    const hit = g.querySelector(':scope > .edge-hit');
    if (!hit) continue;
    n++;
    const pts = hit.getAttribute('points').split(' ');
    const line = g.querySelector(':scope > polyline.edge-line');
    if (line) {
      if (line.getAttribute('points') !== hit.getAttribute('points')) bad.push(`${g.dataset.conn}: line ${line.getAttribute('points')} vs hit ${hit.getAttribute('points')}`);
      continue;
    }
    const ps = [...g.querySelectorAll(':scope > .edge-pieces > polyline')];
    if (ps.length !== pts.length - 1) { bad.push(`${g.dataset.conn}: ${ps.length} pieces for ${pts.length} points`); continue; }
    let along = 0;
    ps.forEach((p, i) => {
      pieces++;
      const into = getComputedStyle(p).visibility === 'visible' ? bad : badHidden;
      if (p.getAttribute('points') !== `${pts[i]} ${pts[i + 1]}`) into.push(`${g.dataset.conn} piece ${i}: ${p.getAttribute('points')} vs ${pts[i]} ${pts[i + 1]}`);
      else {
        const off = Number(p.getAttribute('stroke-dashoffset'));
        if (!(Math.abs(off - along) <= 1e-9 * Math.max(1, along))) into.push(`${g.dataset.conn} piece ${i}: offset ${off} vs ${along}`);
      }
      if (i < ps.length - 1 && p.hasAttribute('marker-end')) into.push(`${g.dataset.conn} piece ${i}: an arrowhead before the last piece`);
      const [[x1, y1], [x2, y2]] = [pts[i], pts[i + 1]].map((t) => t.split(',').map(Number));
      along += Math.hypot(x2 - x1, y2 - y1);
    });
  }
  return { n, pieces, bad: bad.slice(0, 8), nbad: bad.length, badHidden: badHidden.slice(0, 4), nbadHidden: badHidden.length };
}, conn);

/**
 * Imports a design file written from `design` (an object in the file format) with the Import
 * button, and waits until its name shows and the bar has its figures.
 */
export async function importDesign(page, design, path, { drawn = true } = {}) {
  writeFileSync(path, JSON.stringify(design));
  const chooser = page.waitForEvent('filechooser');
  await page.click('#import');
  await (await chooser).setFiles(path);
  await page.waitForFunction((n) => document.querySelector('.design-name')?.textContent === n, design.name);
  // `drawn: false`: a file with no layout (a rule fixture) has nothing on the canvas to wait for.
  if (drawn) await page.locator('g.node').first().waitFor();
  await barSettled(page);
}

/**
 * Imports infrastructure-as-code files (CloudFormation/SAM templates, Terraform files: a path
 * or a list of paths) as a user does: the toolbar's Import button, the files picked, the
 * preview waited for (`preview(page)`, if given, runs while it shows: what a test reads or
 * shoots there), "Import as new design" (`#iac-import`) clicked, the preview closed. The new
 * design's drawing and figures are the caller's to wait for (each test waits for its own).
 */
export async function importIac(page, files, { preview, timeout = 60_000 } = {}) {
  const chooser = page.waitForEvent('filechooser');
  await page.click('#import');
  await (await chooser).setFiles(files);
  await page.waitForSelector('.iac-preview', { timeout });
  if (preview) await preview(page);
  await page.click('#iac-import');
  await page.waitForSelector('.iac-preview', { state: 'detached' });
}

/**
 * A node's shape in page pixels: its container frame or component hit box, with its centre
 * ({ x, y, right, bottom, cx, cy }).
 */
export const nodeBox = (page, id) => page.evaluate((id) => {
  const g = document.querySelector(`.canvas-svg g.node[data-node="${id}"]`);
  const r = (g.querySelector('.frame') ?? g.querySelector('.hit')).getBoundingClientRect();
  return { x: r.x, y: r.y, right: r.right, bottom: r.bottom, cx: r.x + r.width / 2, cy: r.y + r.height / 2 };
}, id);

/**
 * The paste tests' opening: nothing selected (Escape), everything selected (Ctrl+A), copied
 * (Ctrl+C, its "Copied N components" waited for) and pasted (Ctrl+V), until the paste's note
 * "… the view moved to show them" shows and the bar has its figures. Returns the view before
 * the paste ([tx, ty, zoom], `viewT`) and the number of components copied.
 */
export async function pasteAll(page) {
  await page.keyboard.press('Escape');
  const before = await viewT(page);
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+c');
  await page.waitForFunction(() => /Copied \d+ component/.test(document.body.innerText));
  const copied = Number((await page.evaluate(() => document.body.innerText.match(/Copied (\d+) component/)[1])));
  await page.keyboard.press('Control+v');
  await page.waitForFunction(() => document.querySelector('.toast-text')?.textContent.includes('the view moved to show them'));
  await barSettled(page);
  return { before, copied };
}

/** The canvas view's pan and zoom as drawn: [tx, ty, zoom] of the world layer's transform. */
export const viewT = (page) => page.evaluate(() => {
  const m = document.querySelector('.canvas g.world').getAttribute('transform').match(/translate\(([-\d.e]+)[ ,]+([-\d.e]+)\) scale\(([-\d.e]+)\)/);
  return m.slice(1).map(Number);
});

/**
 * The starter with the paste's chunk held back until `release()` (then let through, or failed
 * with `fail`), every toast's text collected in `toasts` as it shows (one replaced before the
 * next check is still seen): `{ ...open's, release, paste (the chunk's file), toasts }`.
 */
export async function openPasteHeld(app, { viewport, fail = false } = {}) {
  const paste = splitFiles('paste_code')[0];
  let release;
  const held = new Promise((ok) => { release = ok; });
  const opened = await app.open(null, { serviceWorkers: 'block', ...(viewport ? { viewport } : {}) });
  await opened.context.route((u) => fileName(u.toString()) === paste, async (route) => { await held; await (fail ? route.abort() : route.continue()); });
  // Every toast's text as it shows (one replaced before the next check is still seen).
  const toasts = [];
  await opened.page.exposeFunction('__toast', (t) => toasts.push(t));
  await opened.page.addInitScript(() => {
    new MutationObserver(() => document.querySelectorAll('.toast .toast-text').forEach((t) => {
      const now = t.textContent.trim();
      if (t.dataset.seen !== now) { t.dataset.seen = now; window.__toast(now); }
    })).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await opened.page.goto(app.origin + '/');
  await opened.page.waitForSelector('.app');
  await opened.page.waitForFunction(() => document.querySelectorAll('g.node').length > 10 && document.querySelector('.palette-item'), null, { timeout: 30_000 });
  return { ...opened, release, paste, toasts };
}
/** Selects Customers, DNS and CDN with a box (the starter's left column) and copies them. */
export async function copyThree(page) {
  const users = await page.locator('g[data-node="users"] .hit').boundingBox();
  const cdn = await page.locator('g[data-node="cdn"] .hit').boundingBox();
  await dragMouse(page, { x: users.x - 10, y: users.y - 10 }, { x: cdn.x + cdn.width + 10, y: cdn.y + cdn.height + 10 });
  assert.equal(await page.locator('g.node.selected').count(), 3, 'three nodes selected by the box');
  await page.keyboard.press('Control+c');
  await page.waitForFunction(() => /Copied 3 components/.test(document.body.innerText));
}
/** Lets the paste's held chunk through (or fails it: `openPasteHeld`'s `fail`) and waits a moment more (the queued input). */
export async function releasePaste(page, release, paste) {
  const got = page.waitForEvent('requestfinished', { predicate: (r) => fileName(r.url()) === paste, timeout: 30_000 }).catch(() => {});
  const failed = page.waitForEvent('requestfailed', { predicate: (r) => fileName(r.url()) === paste, timeout: 30_000 }).catch(() => {});
  release();
  await Promise.race([got, failed]);
  await page.waitForTimeout(1500);
}
