// The page's handling of a large paste (a measurement, not a test): opens a generated design
// of N nodes in the built app in headless Chromium, selects everything (Ctrl+A), copies
// (Ctrl+C) and pastes (Ctrl+V), as QA did (2026-12-03: one task of 2.3 s at 300 nodes, 9.6 s
// at 1,000), and reports as the median over the runs (each run on a freshly imported page):
// - paste task: the longest task (Long Tasks API) from the key press until the totals bar
//   shows the new revision — the paste's own handling (the edit, the canvas, the panels);
// - to totals: from the key press to the totals bar showing the analysis of the pasted design
//   (data-rev past the one before, not updating).
//   node scripts/bench-paste.mjs [dist] [runs] [sizes...]      (after trunk build --release)
// BENCH_REUSE_SAMPLES=1 keeps test-output/sample-N.json (no native build).
import { loadavg } from 'node:os';
import { start, openCopiedSample } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
const RUNS = Number(process.argv[3] ?? 3);
const sizes = process.argv.slice(4).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [300, 1000];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };

const app = await start(dist);
const rows = [];
for (const n of SIZES) {
  const per = [];
  for (let run = 0; run < RUNS; run++) {
    const { page, context } = await openCopiedSample(app, n);
    await page.evaluate(() => {
      window.__p = { t0: performance.now(), tasks: [], rev0: Number(document.querySelector('.totals-bar').dataset.rev) };
      window.__p.obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__p.tasks.push(e.duration); });
      window.__p.obs.observe({ type: 'longtask' });
    });
    await page.keyboard.press('Control+v');
    const r = await page.evaluate(() => new Promise((done) => {
      const p = window.__p;
      const bar = document.querySelector('.totals-bar');
      const poll = () => {
        const answered = bar.dataset.updating === 'false' && Number(bar.dataset.rev) > p.rev0;
        if (!answered && performance.now() - p.t0 < 120_000) { setTimeout(poll, 10); return; }
        const at = performance.now() - p.t0;
        p.obs.takeRecords().forEach((e) => p.tasks.push(e.duration));
        p.obs.disconnect();
        done({ paste_task: +p.tasks.reduce((a, c) => Math.max(a, c), 0).toFixed(1), to_totals: +at.toFixed(0), answered, pasted: /Pasted \d+ component/.test(document.body.innerText) });
      };
      poll();
    }));
    per.push(r);
    await context.close();
  }
  const row = {
    nodes: n, runs: per.length, pasted: per.every((x) => x.pasted && x.answered),
    paste_task_ms: median(per.map((x) => x.paste_task)), paste_task_all: per.map((x) => x.paste_task),
    to_totals_ms: median(per.map((x) => x.to_totals)), to_totals_all: per.map((x) => x.to_totals),
    load: loadavg()[0].toFixed(1),
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('| nodes | paste task (median; each run) | to totals (median; each run) | load |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.nodes} | ${r.paste_task_ms} ms (${r.paste_task_all.join(', ')}) | ${r.to_totals_ms} ms (${r.to_totals_all.join(', ')}) | ${r.load} |`);
await app.stop();
