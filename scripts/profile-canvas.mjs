// Where a canvas drag spends its time (a diagnosis tool, not a test): opens a generated design
// in the built app in headless Chromium, records a CPU profile (Chrome DevTools Protocol,
// Profiler domain) around a press, a drag start, a few moves and the drop, and prints each
// phase's wall time and the functions with the most self and total time.
//   node scripts/profile-canvas.mjs [dist] [nodes] [which]   which: leaf (default) | hub
// For function names, profile a dist whose .wasm still has its names section: copy dist/ and
// put target/wasm-bindgen/release/cloudwright-web_bg.wasm in place of the hashed _bg.wasm
// (wasm-opt strips the names). Writes test-output/profile-<nodes>-<which>.cpuprofile (open it in
// Chromium's DevTools, Performance panel).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { start, sampleFile, importSample } from '../tests/e2e/harness.mjs';

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

// The node to drag: a leaf in view, or the visible node with the most connections.
let target;
if (which === 'hub') {
  const id = await page.evaluate(() => [...document.querySelectorAll('g.node.leaf')].map((g) => g.dataset.node));
  const conns = Object.values(JSON.parse(readFileSync(file, 'utf8')).connections);
  const degree = new Map();
  for (const c of conns) for (const e of [c.from, c.to]) degree.set(e, (degree.get(e) ?? 0) + 1);
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
await app.browser.startTracing(page, { path: `test-output/trace-${n}-${which}.json`, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'viz'] });
const x0 = b.x + b.width / 2, y0 = b.y + b.height / 2;
await page.evaluate(() => { window.__phase = 'press'; });
await page.mouse.move(x0, y0);
await page.mouse.down();
await page.waitForTimeout(150);
await page.evaluate(() => { window.__phase = 'start'; });
await page.mouse.move(x0 + 8, y0 + 6);
await page.waitForTimeout(150);
await page.evaluate(() => { window.__phase = 'move'; });
for (let i = 1; i <= 20; i++) {
  await page.mouse.move(x0 + 8 + i * 4, y0 + 6 + i * 3);
  await page.waitForTimeout(16);
}
await page.evaluate(() => { window.__phase = 'drop'; });
await page.mouse.up();
await page.waitForTimeout(600);
const { profile } = await cdp.send('Profiler.stop');
await app.browser.stopTracing();
const frames = await page.evaluate(() => { window.__recording = false; return window.__frames.slice(1); });
writeFileSync(`test-output/profile-${n}-${which}.cpuprofile`, JSON.stringify(profile));

const byPhase = {};
for (const [ms, ph] of frames) (byPhase[ph] ??= []).push(ms);
for (const [ph, xs] of Object.entries(byPhase)) console.log(ph.padEnd(6), 'frames', xs.length, 'max', Math.max(...xs), 'sum', xs.reduce((a, c) => a + c, 0).toFixed(0));

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
