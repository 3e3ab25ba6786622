// The path of one edit, split in parts (a measurement, not a test): loads a generated design
// into the built app in headless Chromium, waits until the analysis worker holds it, then
// makes edits (delete a leaf, undo; three times) under a Chrome trace (page and worker
// threads, User Timing marks and measures) and reports, per edit, from the key press:
//   - the page's tasks on the main thread until the totals bar shows the edit (each with what
//     ran in it: the edit's handling, `analysis-request`, `analysis-answer`, style/layout/paint),
//   - the worker's tasks (`worker-*` User Timing measures inside them when the worker marks
//     them: applying the edits, handing on the analysis, the patch, encoding, posting),
//   - the answer's bytes, when the bar and the open panel (TAB) changed, and the next paint.
//   node scripts/profile-edit.mjs [dist] [sizes...]      (after trunk build --release)
//   QUERY=analysis=page node scripts/profile-edit.mjs dist 300   (the page's own analysis)
// TAB=findings|cost|latency opens that panel first (default: findings). TRACE=1 keeps each
// size's trace under test-output/ (open it in chrome://tracing or Perfetto), and with PROFILE=1
// the CPU profile (`cpu-edit-N.cpuprofile`).
// PROFILE=1 also records Chrome's CPU profiler (CDP `Profiler`, 100 µs samples) over the
// edits and prints the page's functions by self time, summed over the edits, in three parts
// of each edit's task: before the `analysis-here` measure (the key, the edit, the canvas),
// inside it (the engine's session) and after it until the bar changed (the views). Function
// names need a build that keeps them (e.g. `data-keep-debug` on the app's rust link in a
// copy of index.html, built to another dist: the shipped build strips them). PROFILE_TOP=N
// rows per part (default 25).
import { mkdirSync, writeFileSync } from 'node:fs';
import { start, sampleFile, importSample, clickableLeaf } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
const sizes = process.argv.slice(3).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [300, 1000];
const TAB = process.env.TAB ?? 'findings';
// QUERY=analysis=page (or analysis=worker) forces the path that analyses the design, as in
// bench-totals.mjs; with the page's path each edit's `analysis-here` measure is the engine's
// part (the session's update and the hand-over), the rest of its task the views'.
const QUERY = (process.env.QUERY ?? '').replace(/^\?/, '');
const EDITS = [[3, 'Delete'], [3, 'z'], [5, 'Delete'], [5, 'z'], [7, 'Delete'], [7, 'z']];
mkdirSync('test-output', { recursive: true });
const app = await start(dist);

const med = (xs) => { const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b); return s.length ? +s[Math.floor((s.length - 1) / 2)].toFixed(1) : NaN; };

for (const n of SIZES) {
  const file = sampleFile(n, { profile: 'release-native' });
  const { page, context, } = await app.open(QUERY ? `/?${QUERY}` : '/');
  await importSample(page, file, { timeout: 180_000 });
  // Through the worker: once it holds the design. On the page (`QUERY=analysis=page`): once
  // the page's session has warmed up (a build before s30-edit has no warm-up: 5 s then).
  if (QUERY === 'analysis=page') await page.waitForFunction(() => performance.getEntriesByName('analysis-here warm-up', 'measure').length > 0, null, { timeout: 5_000 }).catch(() => {});
  else await page.waitForFunction(() => performance.getEntriesByType('measure').some((m) => m.name.startsWith('analysis-request design')), null, { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('.totals-bar')?.dataset.updating === 'false', null, { timeout: 300_000 });
  await page.click(`#tab-${TAB}`);
  await page.waitForTimeout(1500);
  const cdp = process.env.PROFILE ? await context.newCDPSession(page) : null;
  if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start'); }
  await app.browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'blink.user_timing', 'v8', 'disabled-by-default-devtools.timeline', '__metadata'] });
  const marks = [];
  for (const [k, [i, key]] of EDITS.entries()) {
    if (key === 'Delete') {
      const at = await clickableLeaf(page, i);
      await page.mouse.click(at.x, at.y);
      await page.waitForTimeout(300);
    }
    marks.push(await page.evaluate(({ key, k }) => new Promise((done) => {
      const bar = document.querySelector('.totals-bar');
      const panel = document.querySelector('.sidepanel .tab-body') ?? document.querySelector('.sidepanel');
      const rev0 = Number(bar.dataset.rev);
      let barAt = null, panelAt = null;
      const t0 = performance.now();
      performance.mark(`bench-edit-${k}`);
      const pobs = new MutationObserver(() => { if (panelAt === null && barAt !== null) panelAt = performance.now(); if (panelAt === null) panelAt = -performance.now(); });
      pobs.observe(panel, { attributes: true, childList: true, characterData: true, subtree: true });
      const obs = new MutationObserver(() => {
        if (bar.dataset.updating === 'false' && Number(bar.dataset.rev) > rev0) {
          obs.disconnect();
          barAt = performance.now();
          performance.mark(`bench-bar-${k}`);
          // The panel changes in the same task as the bar (both read one signal): its last
          // mutation in that task is seen by the observer after this one.
          requestAnimationFrame(() => setTimeout(() => {
            pobs.disconnect();
            performance.mark(`bench-painted-${k}`);
            done({ bar_ms: barAt - t0, painted_ms: performance.now() - t0 });
          }, 0));
        }
      });
      obs.observe(bar, { attributes: true, childList: true, characterData: true, subtree: true });
      window.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: key === 'z', bubbles: true, cancelable: true }));
    }), { key, k }));
    await page.waitForTimeout(600);
  }
  const trace = JSON.parse((await app.browser.stopTracing()).toString());
  const profile = cdp ? (await cdp.send('Profiler.stop')).profile : null;
  if (process.env.TRACE) writeFileSync(`test-output/trace-edit-${n}.json`, JSON.stringify(trace));
  // (And the CPU profile, for its call tree: open it in DevTools' Performance panel.)
  if (process.env.TRACE && profile) writeFileSync(`test-output/cpu-edit-${n}.cpuprofile`, JSON.stringify(profile));
  const ev = trace.traceEvents;
  const threadName = new Map(ev.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
  const mark = (name) => ev.find((e) => e.cat?.includes('blink.user_timing') && e.name === name)?.ts;
  const main = ev.find((e) => e.name === `bench-edit-0`);
  const mainKey = `${main.pid}:${main.tid}`;
  const workerKeys = [...threadName].filter(([, v]) => v === 'DedicatedWorker thread').map(([k]) => k);
  // Top-level tasks per thread, and the nested events that name what ran.
  const tasks = (key) => ev.filter((e) => `${e.pid}:${e.tid}` === key && e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')).map((e) => ({ ts: e.ts, end: e.ts + (e.dur ?? 0) }));
  const inner = (key, a, b) => ev.filter((e) => `${e.pid}:${e.tid}` === key && e.ph === 'X' && e.ts >= a && e.ts < b && e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask');
  // User Timing measures (async begin/end pairs) on a thread.
  const measures = (key) => {
    const open = new Map(), out = [];
    for (const e of ev.filter((e) => e.cat?.includes('blink.user_timing') && `${e.pid}:${e.tid}` === key)) {
      if (e.ph === 'b') open.set(`${e.name}:${e.id2?.local ?? e.id}`, e);
      else if (e.ph === 'e') { const b = open.get(`${e.name}:${e.id2?.local ?? e.id}`); if (b) out.push({ name: e.name, ts: b.ts, ms: (e.ts - b.ts) / 1000 }); }
    }
    return out;
  };
  const mainTasks = tasks(mainKey), mainMeasures = measures(mainKey);
  const wMeasures = workerKeys.flatMap(measures);
  const rows = [];
  for (let k = 0; k < EDITS.length; k++) {
    const t0 = mark(`bench-edit-${k}`), tb = mark(`bench-bar-${k}`), tp = mark(`bench-painted-${k}`);
    if (!t0 || !tb) continue;
    const rel = (ts) => +((ts - t0) / 1000).toFixed(1);
    const busy = (key, a, b) => tasks(key).filter((t) => t.end > a && t.ts < b).map((t) => {
      const kids = inner(key, t.ts, t.end);
      const sum = (re) => +(kids.filter((e) => re.test(e.name)).reduce((s, e) => s + e.dur, 0) / 1000).toFixed(1);
      return { at: rel(t.ts), ms: +((t.end - t.ts) / 1000).toFixed(1), gc: sum(/^(MinorGC|MajorGC|V8\.GC_SCAVENGER$|V8\.GCFinalizeMC$|V8.GC_MARK_COMPACTOR$)/), style_layout: sum(/^(UpdateLayoutTree|Layout|RecalculateStyles)$/), paint: sum(/^(Paint|PrePaint|Layerize|UpdateLayer|Commit)$/) };
    }).filter((t) => t.ms >= 0.5);
    const m = (list) => list.filter((x) => x.ts >= t0 && x.ts <= (tp ?? tb)).map((x) => ({ name: x.name, at: rel(x.ts), ms: +x.ms.toFixed(2) }));
    rows.push({ edit: EDITS[k][1] === 'z' ? 'undo' : 'delete', bar_ms: +marks[k].bar_ms.toFixed(1), painted_ms: +marks[k].painted_ms.toFixed(1),
      page: busy(mainKey, t0, tp ?? tb), page_measures: m(mainMeasures),
      worker: workerKeys.flatMap((w) => busy(w, t0, tb)), worker_measures: m(wMeasures) });
  }
  for (const r of rows) console.log(JSON.stringify({ nodes: n, tab: TAB, ...r }));
  // The split, medians over the edits: page before posting, the request, the worker, the answer on the page, after.
  const pick = (r, re) => r.page_measures.filter((x) => re.test(x.name));
  const split = rows.map((r) => {
    const req = pick(r, /^analysis-request/)[0], ans = pick(r, /^analysis-answer/).at(-1);
    const wk = r.worker.filter((t) => req && t.at >= req.at);
    return {
      key_to_request: req?.at, request_ms: req?.ms,
      worker_busy_ms: wk.reduce((s, t) => s + t.ms, 0),
      worker_first_at: wk[0]?.at, worker_last_end: wk.length ? wk.at(-1).at + wk.at(-1).ms : NaN,
      answer_at: ans?.at, answer_ms: ans?.ms, answer_bytes: ans ? Number(ans.name.split(' ')[1]) : NaN,
      answer_task_ms: ans ? (r.page.find((t) => t.at <= ans.at && t.at + t.ms >= ans.at)?.ms ?? NaN) : NaN,
      bar: r.bar_ms, painted: r.painted_ms,
      page_busy_before_answer_ms: +r.page.filter((t) => !ans || t.at < ans.at - 0.05).reduce((s, t) => s + t.ms, 0).toFixed(1),
    };
  });
  if (profile) selfTimes(profile, rows.map((r, k) => {
    const t0 = mark(`bench-edit-${k}`), tb = mark(`bench-bar-${k}`);
    const here = mainMeasures.find((x) => x.name === 'analysis-here' && x.ts >= t0 && x.ts <= tb);
    return { t0, tb, a: here?.ts, b: here ? here.ts + here.ms * 1000 : undefined, kind: EDITS[k][1] === 'z' ? 'undo' : 'delete' };
  }), n);
  const keys = Object.keys(split[0] ?? {});
  console.log(JSON.stringify({ nodes: n, tab: TAB, load: (await import('node:os')).loadavg().map((x) => +x.toFixed(2)), median: Object.fromEntries(keys.map((k) => [k, med(split.map((s) => s[k]))])) }));
  await context.close();
}
await app.stop();

// Self time per function (ms, summed over the edits) in each part of the edits' windows.
// The profile's timestamps and the trace's are the same clock (µs); a sample is counted in
// the part its time falls in.
function selfTimes(profile, windows, n) {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  // SPLIT=1: the deletes' and the undos' samples apart (`delete before`, `undo engine`, ...).
  const names = process.env.SPLIT ? ['delete', 'undo'].flatMap((k) => ['before', 'engine', 'after'].map((p) => `${k} ${p}`)) : ['before', 'engine', 'after'];
  const incl = Object.fromEntries(names.map((p) => [p, new Map()]));
  const parts = Object.fromEntries(names.map((p) => [p, new Map()]));
  const count = Object.fromEntries(names.map((p) => [p, 0]));
  let t = profile.startTime;
  const dts = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    t += dts[i];
    const dt = (dts[i + 1] ?? 0);
    const w = windows.find((w) => w.t0 && w.tb && t >= w.t0 && t <= w.tb);
    if (!w) continue;
    const part0 = w.a === undefined ? 'before' : t < w.a ? 'before' : t <= w.b ? 'engine' : 'after';
    const part = process.env.SPLIT ? `${w.kind} ${part0}` : part0;
    const node = byId.get(profile.samples[i]);
    const f = node.callFrame;
    const nameOf = (f) => `${f.functionName || '(anonymous)'} ${f.url ? f.url.split('/').pop().replace(/-[0-9a-f]{16}/, '') : ''}`.trim();
    const name = nameOf(f);
    if (name === '(idle)' || name === '(program)') continue;
    // Inclusive: each function on the sample's stack once.
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) seen.add(nameOf(byId.get(id).callFrame));
    for (const s of seen) incl[part].set(s, (incl[part].get(s) ?? 0) + dt / 1000);
    parts[part].set(name, (parts[part].get(name) ?? 0) + dt / 1000);
    count[part] += dt / 1000;
  }
  const top = Number(process.env.PROFILE_TOP ?? 25);
  for (const [part, m] of Object.entries(parts)) {
    console.log(`-- ${n} nodes, ${part}: ${count[part].toFixed(1)} ms sampled over ${windows.length} edits`);
    for (const [name, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(2).padStart(8)}  ${name}`);
    console.log(`-- ${n} nodes, ${part}, inclusive:`);
    for (const [name, ms] of [...incl[part]].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(2).padStart(8)}  ${name}`);
  }
}
