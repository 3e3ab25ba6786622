// Where a canvas drag spends its time (a diagnosis tool, not a test): opens a generated design
// in the built app in headless Chromium, records a CPU profile (Chrome DevTools Protocol,
// Profiler domain) around a press, a drag start, a few moves and the drop, and prints each
// phase's wall time and the functions with the most self and total time.
//   node scripts/profile-canvas.mjs [dist] [nodes] [which]   which: leaf (default) | hub | bighub
// (hub: the component in view with the most connections; bighub: the design's own, panned into
// view first — `logs`, 613 connections at 1,000 nodes; BIGHUB=<id> picks another).
// From the trace it also prints, per phase, the main thread's time split by what the browser
// did (self time per trace event: script, style, layout, paint, …) and the raster threads' time.
// For function names, profile a dist whose .wasm still has its names section: copy dist/ and
// put target/wasm-bindgen/release/cloudwright-web_bg.wasm in place of the hashed _bg.wasm
// (wasm-opt strips the names). Writes test-output/profile-<nodes>-<which>.cpuprofile (open it in
// Chromium's DevTools, Performance panel).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { start, sampleFile, importSample, connectionCounts, biggestHub, panToMiddle } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
const n = Number(process.argv[3] ?? 1000);
const which = process.argv[4] ?? 'leaf';
mkdirSync('test-output', { recursive: true });
const file = sampleFile(n, { profile: 'release-native' });

const app = await start(dist);
const { page, context } = await app.open('/');
await importSample(page, file, { timeout: 120_000 });
await page.waitForTimeout(500);
await page.keyboard.press('0');
await page.waitForTimeout(300);

// The node to drag: a leaf in view, or the visible node with the most connections, or the
// design's node with the most connections brought to the canvas's middle.
let target;
if (which === 'bighub') {
  const design = JSON.parse(readFileSync(file, 'utf8'));
  const degree = connectionCounts(design);
  const id = biggestHub(design, degree);
  console.log(JSON.stringify({ bighub: id, connections: degree.get(id) }));
  await panToMiddle(page, design.layout[id]);
  target = page.locator(`.canvas-svg g.node[data-node="${id}"] .hit`).first();
  await target.waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
} else if (which === 'hub') {
  const id = await page.evaluate(() => [...document.querySelectorAll('g.node.leaf')].map((g) => g.dataset.node));
  const degree = connectionCounts(JSON.parse(readFileSync(file, 'utf8')));
  const best = id.filter((x) => degree.has(x)).sort((a, b) => degree.get(b) - degree.get(a))[0];
  console.log(JSON.stringify({ hub: best, connections: degree.get(best) }));
  target = page.locator(`g.node[data-node="${best}"] .hit`).first();
} else {
  target = page.locator('g.node.leaf .hit').nth(5);
}
await target.scrollIntoViewIfNeeded().catch(() => {});
const b = await target.boundingBox();
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await page.evaluate(() => {
  window.__frames = [];
  let last = performance.now();
  const tick = (t) => { window.__frames.push([+(t - last).toFixed(1), window.__phase]); last = t; if (window.__recording) requestAnimationFrame(tick); };
  window.__recording = true;
  requestAnimationFrame(tick);
});
await cdp.send('Profiler.start');
const tracePath = `test-output/trace-${n}-${which}.json`;
await app.browser.startTracing(page, { path: tracePath, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'blink.user_timing', 'cc', 'viz'] });
const x0 = b.x + b.width / 2, y0 = b.y + b.height / 2;
// Each phase's start is a User Timing mark, so the trace can be cut by phase.
const phase = (p) => page.evaluate((p) => { window.__phase = p; performance.mark(`phase-${p}`); }, p);
await page.mouse.move(x0, y0);
await phase('press');
await page.mouse.down();
await page.waitForTimeout(250);
await phase('start');
await page.mouse.move(x0 + 8, y0 + 6);
await page.waitForTimeout(250);
await phase('move');
for (let i = 1; i <= 20; i++) {
  await page.mouse.move(x0 + 8 + i * 4, y0 + 6 + i * 3);
  await page.waitForTimeout(16);
}
await page.waitForTimeout(100);
await phase('drop');
await page.mouse.up();
await page.waitForTimeout(900);
await phase('end');
const { profile } = await cdp.send('Profiler.stop');
await app.browser.stopTracing();
const frames = await page.evaluate(() => { window.__recording = false; return window.__frames.slice(1); });
writeFileSync(`test-output/profile-${n}-${which}.cpuprofile`, JSON.stringify(profile));

const byPhase = {};
for (const [ms, ph] of frames) (byPhase[ph] ??= []).push(ms);
for (const [ph, xs] of Object.entries(byPhase)) console.log(ph.padEnd(6), 'frames', xs.length, 'max', Math.max(...xs), 'sum', xs.reduce((a, c) => a + c, 0).toFixed(0));

// The trace, per phase: self time per event name on the page's main thread (an event's
// duration less its children's: FunctionCall = script, UpdateLayoutTree = style, Layout,
// PrePaint/Paint = paint recording, …) and the whole time of the other threads' raster and
// compositor tasks (RasterTask: drawing the tiles — software raster without a GPU).
{
  const raw = JSON.parse(readFileSync(tracePath, 'utf8'));
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const marks = events.filter((e) => e.name?.startsWith('phase-') && (e.ph === 'R' || e.ph === 'I' || e.ph === 'i' || e.ph === 'n' || e.ph === 'b')).map((e) => [e.name.slice(6), e.ts]).sort((a, c) => a[1] - c[1]);
  const seen = new Set();
  const cuts = marks.filter(([p]) => !seen.has(p) && seen.add(p));
  const phaseOf = (ts) => { let p = null; for (const [q, t] of cuts) if (ts >= t) p = q; return p; };
  const main = [...names].filter(([, v]) => v === 'CrRendererMain').map(([k]) => k);
  // The main thread whose events overlap the marks (the page's renderer).
  const threadEvents = (key) => events.filter((e) => `${e.pid}:${e.tid}` === key && e.ph === 'X' && e.dur > 0).sort((a, c) => a.ts - c.ts || c.dur - a.dur);
  const pageMain = main.map((k) => [k, threadEvents(k)]).sort((a, c) => c[1].length - a[1].length)[0];
  const split = {};
  if (pageMain) {
    const stack = [];
    const add = (e) => {
      const ph = phaseOf(e.ts);
      if (!ph || ph === 'end') return;
      const self = e.dur - (e.__children ?? 0);
      ((split[ph] ??= {}).main ??= {})[e.name] = (split[ph].main[e.name] ?? 0) + self;
    };
    for (const e of pageMain[1]) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) add(stack.pop());
      if (stack.length) stack.at(-1).__children = (stack.at(-1).__children ?? 0) + e.dur;
      stack.push(e);
    }
    while (stack.length) add(stack.pop());
  }
  for (const e of events) {
    if (e.ph !== 'X' || !/^(RasterTask|ImageDecodeTask|DrawFrame|Commit)$/.test(e.name)) continue;
    const t = names.get(`${e.pid}:${e.tid}`) ?? '';
    if (t === 'CrRendererMain') continue;
    const ph = phaseOf(e.ts);
    if (!ph || ph === 'end') continue;
    ((split[ph] ??= {}).other ??= {})[`${e.name} (${t.replace(/\d+$/, '')})`] = ((split[ph].other ??= {})[`${e.name} (${t.replace(/\d+$/, '')})`] ?? 0) + e.dur;
  }
  for (const [ph, { main: m = {}, other = {} }] of Object.entries(split)) {
    const total = Object.values(m).reduce((a, c) => a + c, 0);
    console.log(`--- trace ${ph}: main thread busy ${(total / 1000).toFixed(1)} ms`);
    for (const [k, us] of Object.entries(m).sort((a, c) => c[1] - a[1]).slice(0, 12)) console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`);
    for (const [k, us] of Object.entries(other).sort((a, c) => c[1] - a[1])) console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`);
  }
}

// Self and total time per function (µs), from the samples.
const nodes = new Map(profile.nodes.map((x) => [x.id, x]));
const parent = new Map();
for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
const self = new Map(), total = new Map();
const name = (x) => `${x.callFrame.functionName || '(anon)'} ${x.callFrame.url.split('/').pop()}`.slice(0, 150);
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const us = dt[i + 1] ?? 0;
  let id = profile.samples[i];
  const leaf = nodes.get(id);
  self.set(name(leaf), (self.get(name(leaf)) ?? 0) + us);
  const seen = new Set();
  while (id !== undefined) {
    const k = name(nodes.get(id));
    if (!seen.has(k)) { total.set(k, (total.get(k) ?? 0) + us); seen.add(k); }
    id = parent.get(id);
  }
}
const top = (m, k) => [...m].sort((a, c) => c[1] - a[1]).slice(0, k).map(([f, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms  ${f}`).join('\n');
console.log('--- self\n' + top(self, 25));
console.log('--- total\n' + top(total, 40));
// The longest busy stretches (consecutive samples that are not idle), each with its heaviest
// functions: a long frame is one of these.
const runs = [];
let cur = null, t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  t += dt[i] ?? 0;
  const idle = nodes.get(profile.samples[i]).callFrame.functionName === '(idle)';
  if (!idle) { if (!cur) runs.push(cur = { from: i, to: i, t0: t }); cur.to = i; cur.t1 = t; } else cur = null;
}
for (const r of runs.sort((a, c) => (c.t1 - c.t0) - (a.t1 - a.t0)).slice(0, 4)) {
  const tot = new Map();
  for (let i = r.from; i <= r.to; i++) {
    const us = dt[i + 1] ?? 0; let id = profile.samples[i]; const seen = new Set();
    while (id !== undefined) { const k = name(nodes.get(id)); if (!seen.has(k)) { tot.set(k, (tot.get(k) ?? 0) + us); seen.add(k); } id = parent.get(id); }
  }
  console.log(`--- busy ${((r.t1 - r.t0) / 1000).toFixed(0)} ms at ${((r.t0 - profile.startTime) / 1000).toFixed(0)} ms\n` + top([...tot].filter(([k]) => /cloudwright|route|diagram|engine|\(program\)|garbage/i.test(k)), 25));
}
await context.close();
await app.stop();
