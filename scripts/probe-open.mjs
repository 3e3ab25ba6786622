// Probe (a measurement, not a test): the page's long tasks while a large design is opened.
// Imports a generated design into the built app in headless Chromium under a Chrome trace,
// from the file chooser until the totals bar shows the first analysis (+ 1.5 s), and prints
// each main-thread task of TASK_MS (default 30) ms or more, from the import's click: its
// length, its style + layout, paint and GC, and the User Timing measures that ran inside it
// (`analysis-answer <bytes>`: reading the worker's answer; `analysis-here`, ...).
//   node scripts/probe-open.mjs [dist] [nodes] [runs]     (after trunk build --release)
// PROFILE=1 also records Chrome's CPU profiler (100 µs samples) and prints, for each of those
// tasks, its functions by self time (PROFILE_TOP rows, default 15). Names need a build that
// keeps them (`data-keep-debug` on the app's rust link in a copy of index.html, built to
// another dist: the shipped build strips them).
// INVALIDATIONS=1 also records Chrome's style invalidation tracking and prints, for each of
// those tasks, the style recalcs' and layouts' element counts and the invalidations' most
// frequent reasons and elements (what made the browser restyle: a class, an attribute, a
// node inserted).
import { start, sampleFile } from '../tests/e2e/harness.mjs';
import { loadavg } from 'node:os';

const dist = process.argv[2] ?? 'dist';
const n = Number(process.argv[3] ?? 1000);
const runs = Number(process.argv[4] ?? 3);
const TASK_MS = Number(process.env.TASK_MS ?? 30);
const app = await start(dist);
for (let r = 0; r < runs; r++) {
  const { page, context } = await app.open('/');
  await page.waitForSelector('g.node');
  await page.waitForTimeout(1000);
  const cdp = process.env.PROFILE ? await context.newCDPSession(page) : null;
  if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start'); }
  await app.browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'blink.user_timing', 'v8', 'disabled-by-default-devtools.timeline', '__metadata',
    ...(process.env.INVALIDATIONS ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : [])] });
  await page.evaluate(() => performance.mark('probe-open'));
  const chooser = page.waitForEvent('filechooser');
  await page.click('#import');
  await (await chooser).setFiles(sampleFile(n, { profile: 'release-native' }));
  await page.waitForFunction(() => document.querySelector('.design-name')?.textContent.startsWith('Synthetic')
    && document.querySelector('.totals-bar')?.dataset.updating === 'false'
    && document.querySelector('#total-monthly-value')?.textContent !== '…', null, { timeout: 300_000 });
  await page.waitForTimeout(1500);
  const ev = JSON.parse((await app.browser.stopTracing()).toString()).traceEvents;
  const profile = cdp ? (await cdp.send('Profiler.stop')).profile : null;
  const at0 = ev.find((e) => e.name === 'probe-open');
  const key = `${at0.pid}:${at0.tid}`;
  const on = (e) => `${e.pid}:${e.tid}` === key;
  const top = (e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask';
  const measures = [];
  const open = new Map();
  for (const e of ev.filter((e) => on(e) && e.cat?.includes('blink.user_timing'))) {
    if (e.ph === 'b') open.set(`${e.name}:${e.id2?.local ?? e.id}`, e);
    else if (e.ph === 'e') { const b = open.get(`${e.name}:${e.id2?.local ?? e.id}`); if (b) measures.push({ name: e.name, ts: b.ts, ms: (e.ts - b.ts) / 1000 }); }
  }
  const rel = (ts) => Math.round((ts - at0.ts) / 1000);
  const tasks = ev.filter((e) => on(e) && e.ph === 'X' && top(e) && e.ts >= at0.ts && (e.dur ?? 0) >= TASK_MS * 1000).map((t) => {
    const kids = ev.filter((e) => on(e) && e.ph === 'X' && !top(e) && e.ts >= t.ts && e.ts < t.ts + t.dur);
    const sum = (re) => +(kids.filter((e) => re.test(e.name)).reduce((s, e) => s + e.dur, 0) / 1000).toFixed(1);
    return {
      at: rel(t.ts), ms: +(t.dur / 1000).toFixed(1),
      style_layout: sum(/^(UpdateLayoutTree|Layout|RecalculateStyles)$/), paint: sum(/^(Paint|PrePaint|Layerize|UpdateLayer|Commit)$/),
      gc: sum(/^(MinorGC|MajorGC|V8\.GC_SCAVENGER$|V8\.GCFinalizeMC$|V8.GC_MARK_COMPACTOR$)/),
      measures: measures.filter((m) => m.ts >= t.ts && m.ts < t.ts + t.dur).map((m) => `${m.name}: ${m.ms.toFixed(1)}`),
      ...(profile ? { self_ms: selfTimes(profile, t.ts, t.ts + t.dur) } : {}),
      ...(process.env.INVALIDATIONS ? invalidations(ev.filter(on), t.ts, t.ts + t.dur) : {}),
    };
  }).filter((t, i, all) => i === 0 || all[i - 1].at !== t.at || all[i - 1].ms < t.ms); // (a task and its nested run)
  console.log(JSON.stringify({ nodes: n, run: r, load: loadavg().map((x) => +x.toFixed(1)), long_tasks: tasks }));
  await context.close();
}
await app.stop();

// What the task restyled and laid out, and why: the recalcs' element counts, the layouts'
// dirty/total objects, and the invalidation records counted by reason and by element.
function invalidations(ev, a, b) {
  const inside = ev.filter((e) => e.ts >= a && e.ts < b);
  const recalcs = inside.filter((e) => e.name === 'UpdateLayoutTree' || e.name === 'RecalculateStyles')
    .map((e) => `${(e.dur / 1000).toFixed(1)} ms, ${e.args?.elementCount ?? e.args?.endData?.elementCount ?? '?'} elements`);
  const layouts = inside.filter((e) => e.name === 'Layout')
    .map((e) => `${(e.dur / 1000).toFixed(1)} ms, ${e.args?.beginData?.dirtyObjects ?? '?'}/${e.args?.beginData?.totalObjects ?? '?'} objects`);
  const count = (xs) => [...xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map())].sort((x, y) => y[1] - x[1]).slice(0, 12).map(([k, v]) => `${v}× ${k}`);
  const inv = ev.filter((e) => /Invalidation/.test(e.name) && e.ts >= a - 200_000 && e.ts < b);
  const data = inv.map((e) => ({ name: e.name, ...(e.args?.data ?? {}) }));
  return {
    recalcs, layouts,
    invalidation_reasons: count(data.map((d) => `${d.name}: ${d.reason ?? d.changedClass ?? d.changedAttribute ?? d.changedId ?? d.extraData ?? ''}`.slice(0, 120))),
    invalidated_elements: count(data.map((d) => `${d.nodeName ?? ''}`.slice(0, 80))),
  };
}

// The profile's functions by self time (ms) in [a, b) (trace clock, µs): the top PROFILE_TOP.
function selfTimes(profile, a, b) {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < a || t >= b) continue;
    const f = byId.get(profile.samples[i]).callFrame;
    const name = f.functionName || '(anonymous)';
    if (name === '(idle)' || name === '(program)') continue;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  return [...self].sort((x, y) => y[1] - x[1]).slice(0, Number(process.env.PROFILE_TOP ?? 15)).map(([n, ms]) => `${ms.toFixed(1)} ${n.slice(0, 90)}`);
}
