// Usage: PHASE=drop BENCH_REUSE_SAMPLES=1 node scripts/probe-hub-drop.mjs <dist> 4, then
//        node scripts/trace-first-task.mjs test-output/probe-drop-*.json   (s45-drop; BENCHMARKS.md)
// The drop's own task (the first main-thread task over 8 ms of a probe-hub-drop trace) apart
// from the later ones: CPU (tdur) of the task, its script, style (+elements), layout, pre-paint;
// and the later tasks' CPU.   node first-task.mjs <trace.json>...
import { readFileSync } from 'node:fs';
for (const f of process.argv.slice(2)) {
  const raw = JSON.parse(readFileSync(f, 'utf8')); const all = raw.traceEvents ?? raw;
  const names = new Map(); for (const e of all) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const main = all.filter((e) => e.ph === 'X' && e.dur > 0 && names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
  const tasks = main.filter((e) => e.name === 'RunTask' && e.dur > 8000).sort((a, b) => a.ts - b.ts);
  if (!tasks.length) continue;
  const t = tasks[0];
  const inn = (n) => main.filter((e) => e.name === n && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur);
  const top = (es) => es.filter((e) => !es.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur));
  const sum = (es) => top(es).reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000;
  const els = inn('UpdateLayoutTree').reduce((a, e) => a + (e.args?.elementCount ?? 0), 0);
  const later = tasks.slice(1).reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000;
  console.log(`${f}: drop task cpu ${(t.tdur / 1000).toFixed(1)} (wall ${(t.dur / 1000).toFixed(1)}): script ${sum(inn('EventDispatch')).toFixed(1)}, style ${sum(inn('UpdateLayoutTree')).toFixed(1)} (${els} el.), layout ${sum(inn('Layout')).toFixed(1)}, prepaint ${sum(inn('PrePaint')).toFixed(1)}; later tasks cpu ${later.toFixed(1)} (${tasks.length - 1})`);
}
