// The page's own handling of an edit on a large design (a measurement, not a test): opens
// generated designs in the built app in headless Chromium and, per run, selects a leaf in view
// and makes three edits the way a user does — a property edit (the inspector's first numeric
// field, Enter), a relabel (the inspector's label field, Enter) and a drop (a drag of the
// component by a few grid steps) — and reports for each, as the median over the runs:
// - edit task: the longest task (Long Tasks API) that is not the page reading the analysis
//   worker's answer — the edit's own handling: canvas, panels, undo label, autosave;
// - answer task: the longest task during which the page read an answer (`analysis-answer`);
// - worst frame: the longest requestAnimationFrame interval in the 1 s after the action.
// Every task over 50 ms is a "long task"; 0 means none.
//   node scripts/bench-edit.mjs [dist] [runs] [sizes...]      (after trunk build --release)
// BENCH_REUSE_SAMPLES=1 keeps test-output/sample-N.json (no native build). PROFILE=1 also records
// a CPU profile (Chrome DevTools Protocol) per size and prints the heaviest functions of each
// action's busiest stretch (names need a wasm with its names section: see
// scripts/profile-canvas.mjs).
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { start, sampleFile, importSample } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
const RUNS = Number(process.argv[3] ?? 3);
const sizes = process.argv.slice(4).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [300, 1000];
mkdirSync('test-output', { recursive: true });
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };

/** Starts recording long tasks, answer reads and frames; returns nothing (state on window). */
const arm = (page) => page.evaluate(() => {
  window.__b = { t0: performance.now(), tasks: [], frames: [], rev0: Number(document.querySelector('.totals-bar')?.dataset.rev ?? 0) };
  const b = window.__b;
  b.obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) b.tasks.push({ start: e.startTime, ms: e.duration }); });
  b.obs.observe({ type: 'longtask' });
  let last = performance.now();
  const tick = (t) => { b.frames.push([last, t - last]); last = t; if (t - b.t0 < 1200) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
});
/** The figures since `arm` (after the answer, if one came, and half a second more). */
const collect = (page) => page.evaluate(() => new Promise((done) => {
  const b = window.__b;
  const bar = document.querySelector('.totals-bar');
  const poll = () => {
    const answered = bar.dataset.updating === 'false' && Number(bar.dataset.rev) > b.rev0;
    if (!answered && performance.now() - b.t0 < 20_000) { setTimeout(poll, 20); return; }
    setTimeout(() => {
      b.obs.takeRecords().forEach((e) => b.tasks.push({ start: e.startTime, ms: e.duration }));
      b.obs.disconnect();
      const answers = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('analysis-answer') && m.startTime >= b.t0);
      const inAnswer = (t) => answers.some((a) => a.startTime >= t.start - 1 && a.startTime <= t.start + t.ms);
      const max = (xs) => xs.reduce((a, c) => Math.max(a, c), 0);
      done({
        edit_task: +max(b.tasks.filter((t) => !inAnswer(t)).map((t) => t.ms)).toFixed(1),
        answer_task: +max(b.tasks.filter(inAnswer).map((t) => t.ms)).toFixed(1),
        worst_frame: +max(b.frames.filter(([s]) => s >= b.t0 - 1).map(([, ms]) => ms)).toFixed(1),
        edited: Number(bar.dataset.rev) > b.rev0,
      });
    }, 500);
  };
  poll();
}));

/** A leaf well inside the canvas that a click reaches. */
const leafAt = (page, i) => page.evaluate((i) => {
  const c = document.querySelector('.canvas').getBoundingClientRect();
  const ok = [...document.querySelectorAll('.canvas-svg g.node.leaf')].map((g) => {
    const r = g.querySelector('.hit')?.getBoundingClientRect();
    if (!r || r.width === 0) return null;
    const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
    if (!(x > c.left + 120 && x < c.right - 260 && y > c.top + 100 && y < c.bottom - 200)) return null;
    return document.elementFromPoint(x, y)?.closest('g.node') === g ? { x, y, id: g.dataset.node } : null;
  }).filter(Boolean);
  return ok[i % ok.length] ?? null;
}, i);

const app = await start(dist);
const rows = [];
for (const n of SIZES) {
  const file = sampleFile(n, { profile: 'release-native' });
  const { page, context } = await app.open('/');
  await importSample(page, file, { timeout: 180_000 });
  await page.waitForFunction(() => document.querySelector('.totals-bar')?.dataset.updating === 'false', null, { timeout: 300_000 });
  await page.keyboard.press('0');
  await page.waitForTimeout(1000);
  let cdp;
  const marks = [];
  if (process.env.PROFILE) {
    cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    marks.calib = await page.evaluate(() => performance.now());
  }
  const per = { property: [], relabel: [], drop: [] };
  const mark = async (what) => marks.push([what, await page.evaluate(() => performance.now())]);
  for (let run = 0; run < RUNS; run++) {
    const leaf = await leafAt(page, 3 + run * 7);
    await page.mouse.click(leaf.x, leaf.y);
    await page.locator(`.inspector[data-node="${leaf.id}"]`).waitFor();
    await page.waitForTimeout(400);

    // A property edit: the first numeric field, one more than it shows.
    const field = page.locator('.inspector .field[data-prop] input[inputmode="decimal"]').first();
    const v = Number((await field.inputValue()).replace(/[^\d.]/g, '')) || 1;
    await field.fill(String(v + 1));
    await mark('property');
    await arm(page);
    await field.press('Enter');
    per.property.push(await collect(page));

    // A relabel, from the inspector's label field.
    const label = page.locator('.inspector .field input[type="text"]').first();
    await label.fill(`Renamed ${n}-${run}`);
    await mark('relabel');
    await arm(page);
    await label.press('Enter');
    per.relabel.push(await collect(page));

    // A drop: a drag of the component by a few grid steps (a move: no analysis).
    const at = (await page.locator(`.canvas-svg g.node[data-node="${leaf.id}"] .hit`).boundingBox());
    const [x0, y0] = [at.x + at.width / 2, at.y + at.height / 2];
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) { await page.mouse.move(x0 + i * 5, y0 + i * 4); await page.waitForTimeout(16); }
    await page.waitForTimeout(200);
    await mark('drop');
    await arm(page);
    await page.mouse.up();
    // A move changes no analysis: no answer to wait for, the 1.2 s window is enough.
    await page.waitForTimeout(1300);
    per.drop.push(await page.evaluate(() => {
      const b = window.__b;
      b.obs.takeRecords().forEach((e) => b.tasks.push({ start: e.startTime, ms: e.duration }));
      b.obs.disconnect();
      const max = (xs) => xs.reduce((a, c) => Math.max(a, c), 0);
      return { edit_task: +max(b.tasks.map((t) => t.ms)).toFixed(1), answer_task: 0, worst_frame: +max(b.frames.filter(([s]) => s >= b.t0 - 1).map(([, ms]) => ms)).toFixed(1), edited: true };
    }));
    await page.waitForTimeout(300);
  }
  for (const [what, xs] of Object.entries(per)) {
    const row = {
      nodes: n, edit: what, runs: xs.length, edited: xs.every((x) => x.edited),
      edit_task_ms: median(xs.map((x) => x.edit_task)), edit_task_all: xs.map((x) => x.edit_task),
      answer_task_ms: median(xs.map((x) => x.answer_task)),
      worst_frame_ms: median(xs.map((x) => x.worst_frame)), worst_frame_all: xs.map((x) => x.worst_frame),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(`test-output/profile-edit-${n}.cpuprofile`, JSON.stringify(profile));
    printProfile(profile, marks);
  }
  await context.close();
}
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('| nodes | edit | edit task (median; each run) | answer task | worst frame (median; each run) |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.nodes} | ${r.edit} | ${r.edit_task_ms} ms (${r.edit_task_all.join(', ')}) | ${r.answer_task_ms} ms | ${r.worst_frame_ms} ms (${r.worst_frame_all.join(', ')}) |`);
await app.stop();

/** For each action, the heaviest functions (total time) of the busiest stretch in its first second. */
function printProfile(profile, marks) {
  const nodes = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const name = (x) => `${x.callFrame.functionName || '(anon)'} ${x.callFrame.url.split('/').pop()}`.slice(0, 140);
  const dt = profile.timeDeltas;
  // Sample times as the page's performance.now(): the profile's start taken as the moment
  // just after Profiler.start returned (`marks.calib`; a few ms early at most).
  const times = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) { t += dt[i] ?? 0; times.push(marks.calib + (t - profile.startTime) / 1000); }
  const shift = 0;
  for (const [what, at] of marks) {
    const runs = [];
    let cur = null;
    for (let i = 0; i < profile.samples.length; i++) {
      if (times[i] + shift < at || times[i] + shift > at + 1000) { cur = null; continue; }
      const idle = nodes.get(profile.samples[i]).callFrame.functionName === '(idle)';
      if (!idle) { if (!cur) runs.push(cur = { from: i, to: i, us: 0 }); cur.to = i; cur.us += dt[i + 1] ?? 0; } else cur = null;
    }
    const r = runs.sort((a, c) => c.us - a.us)[0];
    if (!r) continue;
    const tot = new Map();
    for (let i = r.from; i <= r.to; i++) {
      const us = dt[i + 1] ?? 0; let id = profile.samples[i]; const seen = new Set();
      while (id !== undefined) { const k = name(nodes.get(id)); if (!seen.has(k)) { tot.set(k, (tot.get(k) ?? 0) + us); seen.add(k); } id = parent.get(id); }
    }
    const top = [...tot].sort((a, c) => c[1] - a[1]).slice(0, 45).map(([f, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms  ${f}`).join('\n');
    console.log(`--- ${what}: busiest ${(r.us / 1000).toFixed(0)} ms\n${top}`);
  }
}
