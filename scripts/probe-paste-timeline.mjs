// The whole paste of many, task by task (a measurement, not a test): bench-paste's steps
// (import sample-N, Ctrl+A, Ctrl+C, Ctrl+V) under a Chrome trace, from the key press until the
// totals bar shows the pasted design's analysis, and every animation frame recorded in the page
// (view transform, nodes drawn, selected, the note, the totals' revision). Prints, in order,
// the renderer main thread's tasks of 2 ms or more (start after the key, wall, CPU, what runs
// in them), the worker's tasks, and the frames where what is seen changed (QA s32 F5).
//   BENCH_REUSE_SAMPLES=1 node scripts/probe-paste-timeline.mjs DIST RUNS [sizes...]
import { loadavg } from 'node:os';
import { start, openCopiedSample } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
const RUNS = Number(process.argv[3] ?? 1);
const sizes = process.argv.slice(4).map(Number).filter(Boolean);
const app = await start(dist);
const KINDS = ['EventDispatch', 'TimerFire', 'FireAnimationFrame', 'FunctionCall', 'UpdateLayoutTree', 'Layout', 'Paint', 'ParseHTML', 'PrePaint', 'Layerize', 'HitTest', 'MajorGC', 'MinorGC', 'V8.GC_MC_BACKGROUND', 'BlinkGC.AtomicPhase', 'ScheduleStyleRecalculation', 'UpdateLayerTree', 'Commit'];
for (const n of sizes.length ? sizes : [1000]) {
  for (let run = 0; run < RUNS; run++) {
    const { page, context } = await openCopiedSample(app, n);
    await page.evaluate(() => {
      const bar = document.querySelector('.totals-bar');
      window.__rec = { t0: 0, frames: [], rev0: Number(bar.dataset.rev) };
      const f = () => {
        const r = window.__rec;
        if (r.t0) {
          const w = document.querySelector('.canvas g.world')?.getAttribute('transform') ?? '';
          const nn = document.querySelectorAll('.canvas-svg g.node').length;
          const sel = document.querySelectorAll('.canvas-svg g.node.selected').length;
          const note = [...document.querySelectorAll('.toast-text')].map((t) => t.textContent).join('|').slice(0, 60);
          const tot = `${bar.dataset.rev}/${bar.dataset.updating}`;
          const k = `${w} n=${nn} sel=${sel} tot=${tot} note=${note}`;
          if (!r.frames.length || r.frames.at(-1).k !== k) r.frames.push({ t: Math.round(performance.now() - r.t0), k });
        }
        if (!r.done) requestAnimationFrame(f);
      };
      requestAnimationFrame(f);
      addEventListener('keydown', () => { if (!window.__rec.t0) window.__rec.t0 = performance.now(); }, { capture: true });
    });
    await app.browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
    await page.keyboard.press('Control+v');
    await page.waitForFunction((r0) => { const b = document.querySelector('.totals-bar'); return b.dataset.updating === 'false' && Number(b.dataset.rev) > r0; }, (await page.evaluate(() => window.__rec.rev0)), { timeout: 120_000, polling: 10 });
    await page.waitForTimeout(300);
    const rec = await page.evaluate(() => { window.__rec.done = true; return window.__rec; });
    const trace = JSON.parse((await app.browser.stopTracing()).toString());
    const all = trace.traceEvents ?? trace;
    const names = new Map();
    for (const e of all) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
    const isTask = (e) => e.ph === 'X' && ['RunTask', 'ThreadControllerImpl::RunTask'].includes(e.name);
    const byThread = new Map();
    for (const e of all) {
      if (!isTask(e)) continue;
      const k = `${e.pid}:${e.tid}`;
      (byThread.get(k) ?? byThread.set(k, []).get(k)).push(e);
    }
    const mains = [...byThread.entries()].filter(([k]) => names.get(k) === 'CrRendererMain').sort((a, b) => b[1].reduce((s, e) => s + e.dur, 0) - a[1].reduce((s, e) => s + e.dur, 0));
    const [mk, tasks] = mains[0];
    const pid = mk.split(':')[0];
    const keyTask = tasks.filter((t) => all.some((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown' && `${e.pid}:${e.tid}` === mk && e.ts >= t.ts && e.ts <= t.ts + t.dur)).sort((a, b) => a.ts - b.ts)[0];
    const T0 = keyTask?.ts ?? tasks[0].ts;
    const inside = (k, t) => all.filter((e) => `${e.pid}:${e.tid}` === k && e.ph === 'X' && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur + 1 && KINDS.includes(e.name));
    const what = (k, t) => {
      const m = new Map();
      for (const e of inside(k, t)) {
        const nm = e.name === 'EventDispatch' ? `Event:${e.args?.data?.type}` : e.name;
        m.set(nm, (m.get(nm) ?? 0) + e.dur / 1000);
      }
      return [...m.entries()].filter(([, d]) => d >= 0.5).map(([nm, d]) => `${nm} ${d.toFixed(1)}`).join(', ');
    };
    console.log(`\n== ${dist} nodes ${n} run ${run} load ${loadavg()[0].toFixed(1)}`);
    console.log('main thread tasks >= 2 ms (t after keydown task start, wall, cpu: contents)');
    for (const t of tasks.filter((t) => t.ts >= T0 && t.dur >= 2000).sort((a, b) => a.ts - b.ts)) {
      console.log(`  t+${((t.ts - T0) / 1000).toFixed(0).padStart(5)} wall ${(t.dur / 1000).toFixed(1).padStart(6)} cpu ${((t.tdur ?? 0) / 1000).toFixed(1).padStart(6)}: ${what(mk, t)}`);
    }
    for (const [k, ts] of byThread) {
      if (!k.startsWith(pid + ':') || !/Worker/i.test(names.get(k) ?? '')) continue;
      const big = ts.filter((t) => t.ts >= T0 && t.dur >= 2000).sort((a, b) => a.ts - b.ts);
      if (!big.length) continue;
      console.log(`${names.get(k)} ${k} tasks >= 2 ms:`);
      for (const t of big) console.log(`  t+${((t.ts - T0) / 1000).toFixed(0).padStart(5)} wall ${(t.dur / 1000).toFixed(1).padStart(6)} cpu ${((t.tdur ?? 0) / 1000).toFixed(1).padStart(6)}: ${what(k, t)}`);
    }
    console.log('frames (t after keydown, what is seen):');
    for (const f of rec.frames) console.log(`  t+${String(f.t).padStart(5)} ${f.k}`);
    await context.close();
  }
}
await app.stop();
