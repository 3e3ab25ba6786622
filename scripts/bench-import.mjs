// Importing a large design (a measurement, not a test): in headless Chromium against a built
// dist/, imports `cloudwright sample N` (default 9,000) through the Import button and times,
// from the file chosen:
//   - canvas_ms: the canvas shows the imported design (its name in the toolbar and nodes drawn,
//     read in a requestAnimationFrame, so the frame is painted);
//   - analysed_ms: the totals bar holds the analyses of the imported design (`data-updating`
//     false, the design's revision);
//   - the main thread's long tasks (Long Tasks API, > 50 ms) from the choice until analysed,
//     and the page's User Timing measures of the analysis worker.
// Prints one JSON line per run, with the load average.
//   node scripts/bench-import.mjs [dist] [nodes] [runs]     (after trunk build --release)
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { start, sampleFile } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
const n = Number(process.argv[3] ?? 9000);
const runs = Number(process.argv[4] ?? 3);
mkdirSync('test-output', { recursive: true });
// BENCH_REUSE_SAMPLES=1: keep test-output/sample-N.json from an earlier run (no native build).
const file = sampleFile(n, { profile: 'release-native' });
const app = await start(dist);
for (let i = 0; i < runs; i++) {
  const { page, context, log } = await app.open('/');
  await page.waitForSelector('g.node');
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(+e.duration.toFixed(0)); }).observe({ type: 'longtask' });
  });
  const chooser = page.waitForEvent('filechooser');
  await page.click('#import');
  const t0 = await page.evaluate(() => performance.now());
  await (await chooser).setFiles(file);
  const canvas = await page.evaluate(() => new Promise((done) => {
    const look = () => {
      const named = document.querySelector('.design-name')?.textContent.startsWith('Synthetic');
      if (named && document.querySelectorAll('.canvas-svg g.node').length > 0) done(performance.now());
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }));
  await page.waitForFunction(() => {
    const bar = document.querySelector('.totals-bar');
    return document.querySelector('.design-name')?.textContent.startsWith('Synthetic') && bar?.dataset.updating === 'false' && !bar.textContent.includes('$0');
  }, null, { timeout: 180_000, polling: 50 });
  const analysed = await page.evaluate(() => performance.now());
  const drawn = await page.locator('.canvas-svg g.node').count();
  const long = await page.evaluate(() => window.__long);
  const measures = await page.evaluate(() => performance.getEntriesByType('measure').filter((m) => m.name.startsWith('analysis-')).map((m) => `${m.name}: ${m.duration.toFixed(0)} ms`));
  console.log(JSON.stringify({
    figure: 'import', nodes: n, canvas_ms: Math.round(canvas - t0), analysed_ms: Math.round(analysed - t0), drawn_nodes: drawn,
    long_tasks_ms: long, measures, load: loadavg().map((x) => +x.toFixed(1)),
    errors: [...log.pageErrors, ...log.consoleErrors],
  }));
  await context.close();
}
await app.stop();
