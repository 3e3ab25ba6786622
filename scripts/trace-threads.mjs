// Per-thread sums of a Chrome trace (e.g. probe-hub-drop.mjs's test-output/probe-start-N.json):
// each thread's events by name, wall and CPU (`tdur`), in the W ms (default 150) after the
// renderer main thread's first task over 8 ms — the raster workers' `RasterTask` (software
// raster of the tiles a change repaints) beside the main thread's `BeginMainFrame`, Paint,
// Commit. A frame can wait on raster as long as on the main thread (s41-hub, s42-hub).
//   node scripts/trace-threads.mjs test-output/probe-start-1.json [W]
import { readFileSync } from 'node:fs';
const f = process.argv[2]; const W = +(process.argv[3] ?? 150) * 1000;
const raw = JSON.parse(readFileSync(f, 'utf8')); const all = raw.traceEvents ?? raw;
const names = new Map(); for (const e of all) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
const ev = all.filter((e) => e.ph === 'X' && e.dur > 0);
const main = ev.filter((e) => names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' && e.name === 'RunTask' && e.dur > 8000).sort((a, b) => a.ts - b.ts);
const t0 = main[0].ts;
const by = new Map();
for (const e of ev) {
  if (e.ts < t0 || e.ts > t0 + W) continue;
  const th = names.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`;
  const k = `${th} | ${e.name}`;
  const o = by.get(k) ?? { n: 0, dur: 0, tdur: 0 }; o.n++; o.dur += e.dur; o.tdur += e.tdur ?? 0; by.set(k, o);
}
const top = [...by].filter(([k]) => /RasterTask|RunTask|ThreadControllerImpl::RunTask|TileManager|Playback|Compositor|Draw|Upload|BeginMainFrame|Paint$|PaintArtifact|Commit|UpdateLayers|ImageDecode|Canvas/.test(k)).sort((a, b) => b[1].dur - a[1].dur).slice(0, 30);
for (const [k, o] of top) console.log(`${(o.dur / 1000).toFixed(1).padStart(7)} wall ${(o.tdur / 1000).toFixed(1).padStart(7)} cpu  n=${String(o.n).padStart(4)}  ${k}`);
