// The page's main thread after an edit, with the analyses in the worker (a measurement, not a
// test): loads a generated design into the built app in headless Chromium, waits until the
// analysis worker holds it, then makes edits (delete a leaf, undo; twice) and reports per edit:
// every long task (Long Tasks API) from the key press until the new figures are shown, split
// into the one(s) that read an answer ("answer": a task during which the page's
// `analysis-answer` User Timing measure ran) and the rest ("edit": the edit's own handling —
// the canvas, autosave), the answer's size and the page's time reading it, and the time from
// the key press to the updated totals bar.
//   node scripts/bench-answer.mjs [dist] [sizes...]      (after trunk build --release)
// TAB=findings|cost opens that panel first. With PROFILE=1 also records a CPU profile (Chrome DevTools Protocol) per size and prints
// the heaviest functions of the longest answer task (names need a wasm with its names
// section: see scripts/profile-canvas.mjs).
import { mkdirSync, writeFileSync } from 'node:fs';
import { start, sampleFile, importSample } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
const sizes = process.argv.slice(3).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [300, 1000];
mkdirSync('test-output', { recursive: true });
const app = await start(dist);

async function leafAt(page, i) {
  return page.evaluate((i) => {
    const reachable = [...document.querySelectorAll('g.node.leaf')].map((g) => {
      const r = g.querySelector('.hit')?.getBoundingClientRect();
      if (!r || r.width === 0) return null;
      const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
      return document.elementFromPoint(x, y)?.closest('g.node') === g ? { x, y, id: g.dataset.node } : null;
    }).filter(Boolean);
    return reachable[i] ?? null;
  }, i);
}

for (const n of SIZES) {
  const file = sampleFile(n);
  const { page, context } = await app.open('/');
  await importSample(page, file, { timeout: 180_000 });
  const viaWorker = await page.waitForFunction(() => performance.getEntriesByType('measure').some((m) => m.name.startsWith('analysis-request design')), null, { timeout: 60_000 }).then(() => true, () => false);
  await page.waitForFunction(() => document.querySelector('.totals-bar')?.dataset.updating === 'false', null, { timeout: 300_000 });
  // TAB=findings (or cost): that panel is open during the edits (default: the inspector).
  if (process.env.TAB) await page.click(`#tab-${process.env.TAB}`);
  await page.waitForTimeout(1000);
  let cdp;
  if (process.env.PROFILE) {
    cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const report = [];
  for (const [i, key] of [[3, 'Delete'], [3, 'z'], [5, 'Delete'], [5, 'z']]) {
    if (key === 'Delete') {
      const at = await leafAt(page, i);
      await page.mouse.click(at.x, at.y);
      await page.waitForTimeout(300);
    }
    const r = await page.evaluate((key) => new Promise((done) => {
      const tasks = [];
      const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push({ start: e.startTime, ms: e.duration }); });
      obs.observe({ type: 'longtask' });
      const bar = document.querySelector('.totals-bar');
      const rev0 = Number(bar.dataset.rev);
      const t0 = performance.now();
      window.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: key === 'z', bubbles: true, cancelable: true }));
      const poll = () => {
        if (performance.now() - t0 > 60_000) { obs.disconnect(); done({ timedOut: true }); return; }
        if (bar.dataset.updating === 'false' && Number(bar.dataset.rev) > rev0) {
          const shownMs = performance.now() - t0;
          setTimeout(() => {
            obs.takeRecords().forEach((e) => tasks.push({ start: e.startTime, ms: e.duration }));
            obs.disconnect();
            const answers = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('analysis-answer') && m.startTime >= t0)
              .map((m) => ({ start: m.startTime, ms: m.duration, bytes: Number(m.name.split(' ')[1]) }));
            const inAnswer = (t) => answers.some((a) => a.start >= t.start - 1 && a.start <= t.start + t.ms);
            done({
              shownMs,
              answer_tasks_ms: tasks.filter(inAnswer).map((t) => +t.ms.toFixed(1)),
              edit_tasks_ms: tasks.filter((t) => !inAnswer(t)).map((t) => +t.ms.toFixed(1)),
              answers: answers.map((a) => ({ bytes: a.bytes, read_ms: +a.ms.toFixed(1) })),
            });
          }, 500);
        } else setTimeout(poll, 5);
      };
      poll();
    }), key);
    report.push({ edit: key === 'z' ? 'undo' : 'delete', edit_to_totals_ms: +(r.shownMs ?? NaN).toFixed(1), ...r });
    await page.waitForTimeout(500);
  }
  // The whole answers read so far (the design's first analysis in the worker, a whole answer):
  // what every answer cost the page before answers were patches.
  const whole = await page.evaluate(() => performance.getEntriesByType('measure').filter((m) => m.name.startsWith('analysis-answer') && Number(m.name.split(' ')[1]) > 10000)
    .slice(0, 1).map((m) => ({ bytes: Number(m.name.split(' ')[1]), read_ms: +m.duration.toFixed(1) })));
  console.log(JSON.stringify({ nodes: n, tab: process.env.TAB ?? 'inspect', via_worker: viaWorker, whole_answer: whole, report }));
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(`test-output/profile-answer-${n}.cpuprofile`, JSON.stringify(profile));
    const nodes = new Map(profile.nodes.map((x) => [x.id, x]));
    const parent = new Map();
    for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
    const name = (x) => `${x.callFrame.functionName || '(anon)'} ${x.callFrame.url.split('/').pop()}`.slice(0, 140);
    const dt = profile.timeDeltas;
    const runs = [];
    let cur = null;
    for (let i = 0; i < profile.samples.length; i++) {
      const idle = nodes.get(profile.samples[i]).callFrame.functionName === '(idle)';
      if (!idle) { if (!cur) runs.push(cur = { from: i, to: i, us: 0 }); cur.to = i; cur.us += dt[i + 1] ?? 0; } else cur = null;
    }
    for (const r of runs.sort((a, c) => c.us - a.us).slice(0, 6)) {
      const tot = new Map();
      for (let i = r.from; i <= r.to; i++) {
        const us = dt[i + 1] ?? 0; let id = profile.samples[i]; const seen = new Set();
        while (id !== undefined) { const k = name(nodes.get(id)); if (!seen.has(k)) { tot.set(k, (tot.get(k) ?? 0) + us); seen.add(k); } id = parent.get(id); }
      }
      const top = [...tot].sort((a, c) => c[1] - a[1]).slice(0, 30).map(([f, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms  ${f}`).join('\n');
      console.log(`--- busy ${(r.us / 1000).toFixed(0)} ms\n${top}`);
    }
  }
  await context.close();
}
await app.stop();
