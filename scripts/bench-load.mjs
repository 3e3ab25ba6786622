// Load and main-thread figures (a measurement, not a test), in headless Chromium against the
// release build served by scripts/serve.mjs (precompressed copies, as a CDN would send them):
//   - navigation → interactive canvas with a cold cache: a fresh browser context (no HTTP
//     cache, no service worker) per run; the time from navigation start until the canvas is
//     drawn and has handled a click on a component (see below), the bytes transferred and how
//     the wasm came (Content-Encoding);
//   - long tasks (Long Tasks API, > 50 ms on the main thread) from an edit that changes the
//     analyses (Delete on a component) until the page is idle again, on a generated design of
//     1,000 nodes (`cloudwright sample 1000`).
// Prints one JSON line per figure.
//   node scripts/bench-load.mjs [dist]      (after trunk build --release && node scripts/precompress.mjs dist)
//   BENCH_NAV_ONLY=1 BENCH_RUNS=7 node scripts/bench-load.mjs dist-before dist   (cold navigation only,
//                                            two builds measured alternately)
//   BENCH_TASKS_ONLY=1 node scripts/bench-load.mjs dist                          (the long tasks only)
import { mkdirSync } from 'node:fs';
import { start, sampleFile, importSample, clickableLeaf } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
mkdirSync('test-output', { recursive: true });
const app = await start(dist);

// ---- cold navigation → interactive canvas
// "Interactive" = the canvas is drawn and has answered a click on a component. In the page
// (a script added before any of the app's), the moment the first `g.node` is in the DOM
// (`drawn_ms`, a MutationObserver) a task is queued that clicks the first component's hit area
// (pointerdown, pointerup, click at its centre, on the element `elementFromPoint` finds there:
// the app's own handlers select it); it runs as soon as the main thread is free (`input_ms`:
// after the wasm's start-up task, and before or after the first analysis, whichever holds the
// thread). The figure (`ms`) is the start of the animation frame that paints the selection
// (the first frame whose callback finds `g.node.selected`), from navigation start, on the
// page's clock. A click sent from outside (CDP) would add the harness's own
// delay: under load it took 0.9 s after the canvas was painted just to find the node and send
// the click. After the figure, a real mouse click (Playwright) checks that input works.
// Also recorded: `shell_ms`, when the palette's components and the side panel's tabs are in the
// DOM (since s22-web they come in a task after the canvas's first frame), the app wasm's `responseEnd`, the app's User Timing (`start-up main`: the wasm
// started; `start-up first analysis`; `start-up analysed`: the first analysis shown), first
// contentful paint and the long tasks (> 50 ms) up to the figure. `first_analysis` (the
// `start-up first analysis` measure) is the page's first request for an analysis, timed
// synchronously: since s54-engine (the analyses a chunk fetched after start-up) on a first
// visit that is only the request parked and the chunk's fetch started, not the analysis; the
// whole analysis only when the chunk is already in; read `analysed_ms` for when the figures
// are shown (review s37 R16; BENCHMARKS.md, "How to run").
// Several dist folders are measured alternately, run by run, so a before/after pair shares
// the machine's load: `BENCH_NAV_ONLY=1 BENCH_RUNS=7 node scripts/bench-load.mjs dist-before dist`.
const NAV_RUNS = Number(process.env.BENCH_RUNS ?? 5);
const dists = process.argv.slice(2).length ? process.argv.slice(2) : [dist];
const apps = [app];
for (const d of dists.slice(1)) apps.push(await start(d));
const WATCH = () => {
  const b = window.__bench = { drawn: null, input: null, painted: null, shell: null, long: [] };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) b.long.push(`${Math.round(e.startTime)}+${Math.round(e.duration)}`); }).observe({ type: 'longtask' });
  const click = () => {
    const hit = document.querySelector('g.node.leaf .hit');
    if (!hit) return setTimeout(click, 10);
    const r = hit.getBoundingClientRect();
    const x = r.x + r.width / 2, y = r.y + r.height / 2;
    const target = document.elementFromPoint(x, y) ?? hit;
    b.input = performance.now();
    const o = { bubbles: true, cancelable: true, composed: true, clientX: x, clientY: y, pointerId: 1, pointerType: 'mouse', isPrimary: true, button: 0, buttons: 1 };
    target.dispatchEvent(new PointerEvent('pointerdown', o));
    target.dispatchEvent(new PointerEvent('pointerup', { ...o, buttons: 0 }));
    target.dispatchEvent(new MouseEvent('click', { ...o, buttons: 0 }));
    // The animation frame in which the selection is in the DOM: the frame that paints it.
    const look = () => { if (document.querySelector('g.node.selected')) b.painted = performance.now(); else requestAnimationFrame(look); };
    requestAnimationFrame(look);
  };
  // When the palette's components and the side panel's tabs are both in the DOM (the whole shell).
  new MutationObserver((_, obs) => {
    if (document.querySelector('.palette-item') && document.querySelector('#tab-findings')) {
      b.shell = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
  new MutationObserver((_, obs) => {
    if (document.querySelector('g.node')) {
      b.drawn = performance.now();
      obs.disconnect();
      setTimeout(click);
    }
  }).observe(document, { childList: true, subtree: true });
};
async function coldRun(a) {
  const { page, context } = await a.open(null);
  await context.addInitScript(WATCH);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let bytes = 0;
  let wasmEncoding = null;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.url.endsWith('.wasm')) wasmEncoding = e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? 'none';
  });
  await page.goto(a.origin + '/');
  await page.waitForFunction(() => window.__bench?.painted != null, null, { timeout: 60_000, polling: 50 });
  // The first analysis shown, for the record.
  await page.waitForFunction(() => /\$/.test(document.querySelector('#total-monthly-value')?.textContent ?? ''), null, { timeout: 30_000 });
  // A real click selects another component (the canvas takes real input).
  const other = await page.$('g.node.leaf:not(.selected)');
  const box = await (await other.$('.hit')).boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction((g) => g.classList.contains('selected'), other, { timeout: 30_000 });
  const r = await page.evaluate(() => {
    const mark = (n) => performance.getEntriesByName(n)[0];
    const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('_bg.wasm') && !r.name.includes('worker'));
    return {
      ms: Math.round(window.__bench.painted),
      input_ms: Math.round(window.__bench.input),
      drawn_ms: Math.round(window.__bench.drawn),
      shell_ms: Math.round(window.__bench.shell),
      wasm_loaded_ms: Math.round(wasm?.responseEnd ?? 0),
      main_ms: Math.round(mark('start-up main')?.startTime ?? NaN),
      analysed_ms: Math.round(mark('start-up analysed')?.startTime ?? NaN),
      long_tasks: window.__bench.long.slice(),
      fcp_ms: Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN),
      // The first request's synchronous part (see the note at the top), not the first analysis.
      first_analysis: performance.getEntriesByType('measure').filter((m) => m.name === 'start-up first analysis').map((m) => `${Math.round(m.startTime)}+${Math.round(m.duration)}`)[0] ?? null,
      // The palette and side panel mounted after the canvas's first frame (s22-web; absent before).
      rest: performance.getEntriesByType('measure').filter((m) => m.name === 'start-up rest').map((m) => `${Math.round(m.startTime)}+${Math.round(m.duration)}`)[0] ?? null,
    };
  });
  await context.close();
  return { ...r, bytes, wasmEncoding };
}
const median = (xs) => { const s = [...xs].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const byDist = dists.map(() => []);
// BENCH_TASKS_ONLY=1: the long tasks after an edit only (no cold navigation), for repeated runs.
const TASKS_ONLY = Boolean(process.env.BENCH_TASKS_ONLY);
// One run each first, not counted: the browser's own first start-up (its caches, the
// compiler's threads) would otherwise land on the first build measured.
if (!TASKS_ONLY) for (const a of apps) await coldRun(a);
for (let i = 0; i < (TASKS_ONLY ? 0 : NAV_RUNS); i++) {
  for (let k = 0; k < dists.length; k++) byDist[k].push(await coldRun(apps[k]));
}
for (let k = 0; k < (TASKS_ONLY ? 0 : dists.length); k++) {
  const runs = byDist[k];
  const pick = (f) => runs.map((r) => r[f]);
  console.log(JSON.stringify({
    figure: 'cold_navigation', dist: dists[k], median_ms: median(pick('ms')), runs: pick('ms'),
    median_drawn_ms: median(pick('drawn_ms')), median_wasm_loaded_ms: median(pick('wasm_loaded_ms')), median_main_ms: median(pick('main_ms')),
    transferred_kb: +(median(pick('bytes')) / 1024).toFixed(1), wasm_encoding: runs[0].wasmEncoding,
    median_input_ms: median(pick('input_ms')),
    median_analysed_ms: median(pick('analysed_ms')),
    median_shell_ms: median(pick('shell_ms')),
    parts: runs.map(({ ms, input_ms, drawn_ms, shell_ms, wasm_loaded_ms, main_ms, first_analysis, rest, analysed_ms, fcp_ms, long_tasks }) => ({ ms, input_ms, drawn_ms, shell_ms, wasm_loaded_ms, main_ms, first_analysis, rest, analysed_ms, fcp_ms, long_tasks })),
  }));
}
for (const a of apps.slice(1)) await a.stop();
// BENCH_NAV_ONLY=1: the cold navigation only.
if (process.env.BENCH_NAV_ONLY) { await app.stop(); process.exit(0); }

// ---- long tasks after an edit at 1,000 nodes
const file = sampleFile(1000, { profile: 'release-native' });
const { page, context } = await app.open('/');
await importSample(page, file, { timeout: 120_000 });
// The edits start once the design's first analysis is shown: reading the worker's first
// (whole) answer is the opening's work, not an edit's (`scripts/probe-open.mjs` measures it);
// a fixed wait let it land in the first edit's window on a loaded machine.
await page.waitForFunction(() => document.querySelector('.totals-bar')?.dataset.updating === 'false'
  && document.querySelector('#total-monthly-value')?.textContent !== '…', null, { timeout: 300_000 });
await page.waitForTimeout(1500);
const samples = [];
for (let i = 0; i < 4; i++) {
  if (i % 2 === 0) {
    // A leaf whose centre is really clickable (harness `clickableLeaf`).
    const at = await clickableLeaf(page, 3 + i);
    await page.mouse.click(at.x, at.y);
    await page.waitForTimeout(300);
  }
  const key = i % 2 === 0 ? 'Delete' : 'z';
  const tasks = await page.evaluate((key) => new Promise((done) => {
    const seen = [];
    const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) seen.push(+e.duration.toFixed(1)); });
    obs.observe({ type: 'longtask' });
    window.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: key === 'z', bubbles: true, cancelable: true }));
    setTimeout(() => { obs.takeRecords().forEach((e) => seen.push(+e.duration.toFixed(1))); obs.disconnect(); done(seen); }, 2500);
  }), key);
  samples.push({ edit: key === 'z' ? 'undo' : 'delete', long_tasks_ms: tasks });
}
const all = samples.flatMap((s) => s.long_tasks_ms);
console.log(JSON.stringify({ figure: 'long_tasks_after_edit', nodes: 1000, max_ms: all.length ? Math.max(...all) : 0, count: all.length, samples }));
// The page's side of the analysis worker (User Timing measures the app records): sending the
// whole design (on import) against sending an edit, and reading an answer back.
const measures = await page.evaluate(() => performance.getEntriesByType('measure').filter((m) => m.name.startsWith('analysis-')).map((m) => ({ name: m.name, ms: +m.duration.toFixed(1) })));
console.log(JSON.stringify({ figure: 'worker_messages', nodes: 1000, measures }));
await context.close();
await app.stop();
