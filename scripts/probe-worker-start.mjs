// The analysis worker's start (a measurement, not a test): imports generated designs into the
// built app in headless Chromium and reports, per design, what the page did before the worker
// answered — the page's own analyses (the starter's and the design's, `here_ms`, when they ran
// here: the User Timing measure `analysis-here`), whether the worker started (by size: `WORKER_FROM_NODES`), and the worker's start-up from
// `Worker::new` to its `Ready` (the User Timing measure `analysis-worker ready`, the figure
// behind `READY_WITHIN_MS`) — with the load average.
//   node scripts/probe-worker-start.mjs [dist] [sizes...] [--runs=N]   (after trunk build --release)
import { loadavg } from 'node:os';
import { start, sampleFile, importSample } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const dist = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? 'dist';
const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const app = await start(dist);
for (const n of sizes.length ? sizes : [300, 1000]) {
  const file = sampleFile(n, { profile: process.env.SAMPLE_PROFILE ?? 'dev' });
  for (let r = 0; r < runs; r++) {
    const { page, context } = await app.open('/');
    await importSample(page, file, { timeout: 180_000 });
    // Settled: the bar shows this design's figures, and the worker (if started) is ready.
    await page.waitForFunction(() => document.querySelector('.totals-bar')?.dataset.pending === 'false' && document.querySelector('.totals-bar')?.dataset.updating === 'false', null, { timeout: 300_000 });
    await page.waitForTimeout(3000);
    const m = await page.evaluate(() => {
      const all = performance.getEntriesByType('measure');
      const here = all.filter((x) => x.name === 'analysis-here').map((x) => +x.duration.toFixed(1));
      const ready = all.find((x) => x.name === 'analysis-worker ready');
      return { here_ms: here, ready_ms: ready ? +ready.duration.toFixed(1) : null, sent_design: all.some((x) => x.name.startsWith('analysis-request design')), started: performance.getEntriesByType('mark').some((x) => x.name === 'analysis-worker start') };
    });
    console.log(JSON.stringify({ nodes: n, run: r, worker_started: m.started || m.sent_design, ...m, load: loadavg().map((x) => +x.toFixed(2)) }));
    await context.close();
  }
}
await app.stop();
