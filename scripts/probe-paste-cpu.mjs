// The main thread's CPU time (a Chrome trace's `tdur`) of each task of a paste of many, for
// comparing builds on a busy machine, where wall times swing 2–5× (a measurement, not a test):
// bench-paste's steps (import sample-N, Ctrl+A, Ctrl+C, Ctrl+V) under a trace of the
// `toplevel` category, from just before the Ctrl+V until the totals bar shows the pasted
// design's analysis. Prints per run the renderer main thread's tasks of 8 ms or more (wall
// `dur` / CPU `tdur`, in order) and the key's own task's CPU (`key_cpu`: the task that
// dispatched Ctrl+V's keydown), and per size the medians of each run's longest task and
// of the key's task, by CPU.
//   BENCH_REUSE_SAMPLES=1 node scripts/probe-paste-cpu.mjs DIST RUNS [sizes...]
import { loadavg } from 'node:os';
import { start, openCopiedSample } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
const RUNS = Number(process.argv[3] ?? 3);
const sizes = process.argv.slice(4).map(Number).filter(Boolean);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };
const app = await start(dist);
for (const n of sizes.length ? sizes : [300]) {
  const longest = [];
  const keyCpu = [];
  for (let run = 0; run < RUNS; run++) {
    const { page, context } = await openCopiedSample(app, n);
    const rev0 = await page.evaluate(() => Number(document.querySelector('.totals-bar').dataset.rev));
    await app.browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
    await page.keyboard.press('Control+v');
    await page.waitForFunction((r0) => { const b = document.querySelector('.totals-bar'); return b.dataset.updating === 'false' && Number(b.dataset.rev) > r0; }, rev0, { timeout: 120_000, polling: 10 });
    await page.waitForTimeout(200);
    const trace = JSON.parse((await app.browser.stopTracing()).toString());
    const all = trace.traceEvents ?? trace;
    const names = new Map();
    for (const e of all) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
    // The page's renderer: the main thread with the most RunTask time (other tabs are closed).
    const byThread = new Map();
    for (const e of all) {
      if (e.ph !== 'X' || !['RunTask', 'ThreadControllerImpl::RunTask'].includes(e.name) || names.get(`${e.pid}:${e.tid}`) !== 'CrRendererMain') continue;
      const k = `${e.pid}:${e.tid}`;
      (byThread.get(k) ?? byThread.set(k, []).get(k)).push(e);
    }
    const tasks = [...byThread.values()].sort((a, b) => b.reduce((s, e) => s + e.dur, 0) - a.reduce((s, e) => s + e.dur, 0))[0] ?? [];
    const big = tasks.filter((e) => e.dur >= 8000).sort((a, b) => a.ts - b.ts).map((e) => [+(e.dur / 1000).toFixed(1), +((e.tdur ?? 0) / 1000).toFixed(1)]);
    const top = big.reduce((m, [, c]) => Math.max(m, c), 0);
    longest.push(top);
    // The key's own task (Ctrl+V's keydown: the clipboard read, the paste worked out by the
    // engine): the task of the page's main thread that dispatches a keydown, the longest if
    // several (the Control key's own keydown is a task of its own).
    const keydowns = all.filter((e) => e.ph === 'X' && e.name === 'EventDispatch' && e.args?.data?.type === 'keydown' && tasks.length && `${e.pid}:${e.tid}` === `${tasks[0].pid}:${tasks[0].tid}`);
    const keyTasks = tasks.filter((t) => keydowns.some((k) => k.ts >= t.ts && k.ts <= t.ts + t.dur));
    const key = keyTasks.reduce((m, t) => Math.max(m, (t.tdur ?? 0) / 1000), 0);
    keyCpu.push(+key.toFixed(1));
    console.log(JSON.stringify({ nodes: n, run, load: +loadavg()[0].toFixed(1), longest_cpu: top, key_cpu: +key.toFixed(1), tasks_wall_cpu: big }));
    await context.close();
  }
  console.log(JSON.stringify({ nodes: n, dist, median_longest_cpu: median(longest), all: longest, median_key_cpu: median(keyCpu), key_all: keyCpu }));
}
await app.stop();
