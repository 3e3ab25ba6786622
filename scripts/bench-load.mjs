// Load and main-thread figures (a measurement, not a test), in headless Chromium against the
// release build served by scripts/serve.mjs (precompressed copies, as a CDN would send them):
//   - navigation → interactive canvas with a cold cache: a fresh browser context (no HTTP
//     cache, no service worker) per run; the time from navigation start until the canvas
//     shows its nodes and the palette answers, the bytes transferred and how the wasm came
//     (Content-Encoding);
//   - long tasks (Long Tasks API, > 50 ms on the main thread) from an edit that changes the
//     analyses (Delete on a component) until the page is idle again, on a generated design of
//     1,000 nodes (`cloudwright sample 1000`).
// Prints one JSON line per figure.
//   node scripts/bench-load.mjs [dist]      (after trunk build --release && node scripts/precompress.mjs dist)
import { mkdirSync } from 'node:fs';
import { start, sampleFile } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
mkdirSync('test-output', { recursive: true });
const app = await start(dist);

// ---- cold navigation
const runs = [];
for (let i = 0; i < 3; i++) {
  const { page, context } = await app.open(null);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let bytes = 0;
  let wasmEncoding = null;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.url.endsWith('.wasm')) wasmEncoding = e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? 'none';
  });
  await page.goto(app.origin + '/');
  await page.waitForSelector('g.node', { timeout: 30_000 });
  await page.waitForSelector('.palette button, .palette [draggable]', { timeout: 30_000 }).catch(() => {});
  const ms = await page.evaluate(() => performance.now());
  // Where the time went: the app wasm's download (responseEnd), the start-up measures the app
  // records (`start-up …`: the first analysis), from navigation start.
  const parts = await page.evaluate(() => ({
    wasm_loaded_ms: Math.round(performance.getEntriesByType('resource').find((r) => r.name.endsWith('_bg.wasm') && !r.name.includes('worker'))?.responseEnd ?? 0),
    measures: performance.getEntries().filter((m) => m.name.startsWith('start-up')).map((m) => `${m.name}: ${Math.round(m.startTime)}+${Math.round(m.duration)} ms`),
  }));
  runs.push({ ms: +ms.toFixed(0), bytes, wasmEncoding, ...parts });
  await context.close();
}
runs.sort((a, b) => a.ms - b.ms);
console.log(JSON.stringify({ figure: 'cold_navigation', median_ms: runs[1].ms, runs: runs.map((r) => r.ms), transferred_kb: +(runs[1].bytes / 1024).toFixed(1), wasm_encoding: runs[1].wasmEncoding, parts: runs.map(({ wasm_loaded_ms, measures }) => ({ wasm_loaded_ms, measures })) }));
// BENCH_NAV_ONLY=1: the cold navigation only.
if (process.env.BENCH_NAV_ONLY) { await app.stop(); process.exit(0); }

// ---- long tasks after an edit at 1,000 nodes
const file = sampleFile(1000, { profile: 'release-native' });
const { page, context } = await app.open('/');
const chooser = page.waitForEvent('filechooser');
await page.click('#import');
await (await chooser).setFiles(file);
await page.waitForFunction(() => document.querySelector('.design-name')?.textContent.startsWith('Synthetic'), null, { timeout: 120_000 });
await page.waitForTimeout(1500);
const samples = [];
for (let i = 0; i < 4; i++) {
  if (i % 2 === 0) {
    const leaf = page.locator('g.node.leaf .hit').nth(3 + i);
    const b = await leaf.boundingBox();
    await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
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
