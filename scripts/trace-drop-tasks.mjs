// Usage: PHASE=drop BENCH_REUSE_SAMPLES=1 node scripts/probe-hub-drop.mjs <dist> 4, then
//        node scripts/trace-drop-tasks.mjs test-output/probe-drop-*.json   (s54-drop; BENCHMARKS.md)
// Every main-thread task over 1 ms from the drop's pointerup on (the drop's own task, then the
// frames that draw its connectors — s54-drop slices them over frames): each task's CPU (trace
// `tdur`) and wall, its script (event dispatch, frame callbacks, timers), style (+elements),
// layout, pre-paint and paint; and the worst of them. One line per trace, then one per task.
import { readFileSync } from 'node:fs';
const ms = (v) => (v / 1000).toFixed(1);
for (const f of process.argv.slice(2)) {
  const raw = JSON.parse(readFileSync(f, 'utf8')); const all = raw.traceEvents ?? raw;
  const names = new Map(); for (const e of all) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const main = all.filter((e) => e.ph === 'X' && e.dur > 0 && names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
  const up = main.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'pointerup').sort((a, b) => a.ts - b.ts)[0];
  if (!up) { console.log(`${f}: no pointerup`); continue; }
  const task0 = main.filter((e) => e.name === 'RunTask' && e.ts <= up.ts && e.ts + e.dur >= up.ts + up.dur)[0];
  const tasks = main.filter((e) => e.name === 'RunTask' && e.ts >= (task0?.ts ?? up.ts) && e.ts < up.ts + 400_000 && e.dur > 1000).sort((a, b) => a.ts - b.ts);
  const top = (es) => es.filter((e) => !es.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur));
  const rows = tasks.map((t) => {
    const inn = (re) => top(main.filter((e) => re.test(e.name) && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur));
    const sum = (es) => es.reduce((a, e) => a + (e.tdur ?? 0), 0);
    const style = inn(/^UpdateLayoutTree$/);
    return { at: t.ts - up.ts, cpu: t.tdur ?? 0, wall: t.dur, script: sum(inn(/^(EventDispatch|FireAnimationFrame|TimerFire|FunctionCall)$/)), style: sum(style), els: style.reduce((a, e) => a + (e.args?.elementCount ?? 0), 0), layout: sum(inn(/^Layout$/)), prepaint: sum(inn(/^PrePaint$/)), paint: sum(inn(/^Paint$/)), raf: inn(/^FireAnimationFrame$/).length };
  });
  const big = rows.filter((r) => r.cpu > 2000);
  const worst = big.reduce((a, r) => Math.max(a, r.cpu), 0);
  console.log(`${f}: drop task cpu ${ms(rows[0]?.cpu ?? 0)}; tasks over 2 ms cpu: ${big.length}, worst cpu ${ms(worst)}, their sum ${ms(big.reduce((a, r) => a + r.cpu, 0))}`);
  for (const r of big) console.log(`   +${ms(r.at).padStart(6)} cpu ${ms(r.cpu).padStart(5)} (wall ${ms(r.wall).padStart(6)}): script ${ms(r.script)}, style ${ms(r.style)} (${r.els} el.), layout ${ms(r.layout)}, prepaint ${ms(r.prepaint)}, paint ${ms(r.paint)}${r.raf ? ', frame callbacks' : ''}`);
}
