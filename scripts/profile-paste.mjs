// Where a paste of many spends its main thread (a measurement, not a test): bench-paste's
// steps (import sample-N, Ctrl+A, Ctrl+C, Ctrl+V) with Chrome's CPU profiler (CDP `Profiler`,
// 100 µs samples) from just before the Ctrl+V until the totals bar shows the pasted design's
// analysis. Prints the longest task and, over the samples in it, the functions by self and
// inclusive time (wasm names need a build that keeps them: BENCHMARKS.md s36-speed).
//   BENCH_REUSE_SAMPLES=1 node scripts/profile-paste.mjs DIST [sizes...]   PROFILE_TOP=N
import { writeFileSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { start, openCopiedSample } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
const sizes = process.argv.slice(3).map(Number).filter(Boolean);
const app = await start(dist);
for (const n of sizes.length ? sizes : [300]) {
  const { page, context } = await openCopiedSample(app, n);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await page.evaluate(() => {
    window.__p = { t0: performance.now(), tasks: [], rev0: Number(document.querySelector('.totals-bar').dataset.rev) };
    window.__p.obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__p.tasks.push({ start: e.startTime, dur: e.duration }); });
    window.__p.obs.observe({ type: 'longtask' });
  });
  await cdp.send('Profiler.start');
  await page.keyboard.press('Control+v');
  const r = await page.evaluate(() => new Promise((done) => {
    const p = window.__p;
    const bar = document.querySelector('.totals-bar');
    const poll = () => {
      const answered = bar.dataset.updating === 'false' && Number(bar.dataset.rev) > p.rev0;
      if (!answered && performance.now() - p.t0 < 120_000) { setTimeout(poll, 10); return; }
      p.obs.takeRecords().forEach((e) => p.tasks.push({ start: e.startTime, dur: e.duration }));
      p.obs.disconnect();
      done({ to_totals: performance.now() - p.t0, tasks: p.tasks, origin: performance.timeOrigin });
    };
    poll();
  }));
  const { profile } = await cdp.send('Profiler.stop');
  mkdirSync('test-output', { recursive: true });
  writeFileSync(`test-output/cpu-paste-${n}.cpuprofile`, JSON.stringify(profile));
  const longest = r.tasks.reduce((a, t) => (t.dur > (a?.dur ?? 0) ? t : a), null);
  console.log(JSON.stringify({ nodes: n, load: loadavg().map((x) => +x.toFixed(2)), to_totals: +r.to_totals.toFixed(0), tasks: r.tasks.map((t) => +t.dur.toFixed(1)) }));
  selfTimes(profile);
  await context.close();
}
await app.stop();

// Self and inclusive time (ms) per function over every non-idle sample of the profile
// (the paste's tasks; the longest dominates), and the total.
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const self = new Map(), incl = new Map();
  let total = 0;
  const nameOf = (f) => `${f.functionName || '(anonymous)'} ${f.url ? f.url.split('/').pop().replace(/-[0-9a-f]{16}/, '') : ''}`.trim();
  const dts = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (dts[i + 1] ?? 0) / 1000;
    const node = byId.get(profile.samples[i]);
    const name = nameOf(node.callFrame);
    if (name === '(idle)' || name === '(program)') continue;
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) seen.add(nameOf(byId.get(id).callFrame));
    for (const s of seen) incl.set(s, (incl.get(s) ?? 0) + dt);
    self.set(name, (self.get(name) ?? 0) + dt);
    total += dt;
  }
  const top = Number(process.env.PROFILE_TOP ?? 30);
  console.log(`-- busy ${total.toFixed(1)} ms sampled; self:`);
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(2).padStart(8)}  ${k}`);
  console.log('-- inclusive:');
  for (const [k, ms] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(2).padStart(8)}  ${k}`);
}
