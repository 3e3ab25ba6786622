// Usage: node scripts/trace-hittest.mjs test-output/probe-drop-*.json   (after probe-hub-drop; s53-drop)
// Each LayoutView::HitTest near the drop's task: its wall and CPU time, and the lifecycle phases
// (style, layout, pre-paint) it forced, nested in it — what a hover hit test after a drop costs.
import { readFileSync } from 'node:fs';
for (const f of process.argv.slice(2)) {
  const raw = JSON.parse(readFileSync(f, 'utf8')); const all = raw.traceEvents ?? raw;
  const names = new Map(); for (const e of all) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const main = all.filter((e) => e.ph === 'X' && e.dur > 0 && names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
  const tasks = main.filter((e) => e.name === 'RunTask' && e.dur > 8000).sort((a, b) => a.ts - b.ts);
  if (!tasks.length) continue; const t = tasks[0];
  const hits = main.filter((e) => /HitTest/.test(e.name) && e.ts >= t.ts - 1000 && e.ts <= t.ts + t.dur + 200000);
  for (const h of hits) {
    if (h.dur < 500) continue;
    const inner = main.filter((e) => e !== h && e.ts >= h.ts && e.ts + e.dur <= h.ts + h.dur && /UpdateLayoutTree|^Layout$|PrePaint|UpdateLayer|Paint/.test(e.name));
    const s = inner.reduce((a, e) => a + e.dur, 0) / 1000;
    console.log(`${f}: ${h.name} at +${((h.ts - t.ts) / 1000).toFixed(1)} ms (task ${(t.dur/1000).toFixed(1)}): ${(h.dur / 1000).toFixed(1)} ms wall, cpu ${((h.tdur ?? 0) / 1000).toFixed(1)}; nested lifecycle ${s.toFixed(1)} ms [${inner.map((e) => e.name + ' ' + (e.dur / 1000).toFixed(1)).join(', ')}]`);
  }
}
