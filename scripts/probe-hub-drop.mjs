// probe: the hub's drop, one light trace (devtools.timeline) per drag; forced style/layout inside script
import { readFileSync } from 'node:fs';
import { start, openBigHub } from '../tests/e2e/harness.mjs';
const dist = process.argv[2] ?? 'dist';
const runs = +(process.argv[3] ?? 2);
const app = await start(dist);
const { page, context, design, id } = await openBigHub(app);
const cdp = process.env.PROFILE ? await context.newCDPSession(page) : null;
for (let r = 0; r < runs; r++) {
  const [dx, dy] = r % 2 ? [-60, -45] : [60, 45];
  await page.keyboard.press('Escape');
  await page.waitForTimeout(400);
  const b = await page.locator(`.canvas-svg g.node[data-node="${id}"] .hit`).boundingBox();
  const [x0, y0] = [b.x + b.width / 2, b.y + b.height / 2];
  const phases = process.env.PHASE ? process.env.PHASE.split(',') : ['drop'];
  const trace = async (ph, f) => {
    if (cdp && ph === 'drop' && r % 2 === 1) {
      await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start');
      const t0 = await page.evaluate(() => performance.timeOrigin + performance.now());
      await f(); await page.waitForTimeout(700);
      const { profile } = await cdp.send('Profiler.stop');
      (await import('node:fs')).writeFileSync(`test-output/probe-drop-${r}.cpuprofile`, JSON.stringify(profile));
      return;
    }
    if (!phases.includes(ph)) return f();
    const path = `test-output/probe-${ph}-${r}.json`;
    await app.browser.startTracing(page, { path, categories: ['devtools.timeline', 'toplevel', 'disabled-by-default-devtools.timeline', 'blink', 'cc'] });
    await f();
    await page.waitForTimeout(700);
    await app.browser.stopTracing();
    const raw = JSON.parse(readFileSync(path, 'utf8'));
    const ev = (raw.traceEvents ?? raw).filter((e) => e.ph === 'X' && e.dur > 0);
    const names = new Map(); for (const e of (raw.traceEvents ?? raw)) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
    const main = ev.filter((e) => names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
    const tasks = main.filter((e) => e.name === 'RunTask' && e.dur > 8000).sort((a, b) => a.ts - b.ts);
    const t00 = tasks[0]?.ts ?? 0;
    // The main thread's CPU time (trace `tdur`, less swayed by other processes than wall time
    // on a loaded machine) over the phase's tasks over 8 ms, and by kind of work inside them.
    const cpu = (f) => main.filter((e) => f(e) && !main.some((o) => o !== e && o.name === e.name && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur) && tasks.some((t) => e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur)).reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000;
    console.log(`${ph} run ${r} cpu: tasks ${cpu((e) => e.name === 'RunTask' && e.dur > 8000).toFixed(1)}, script ${cpu((e) => e.name === 'EventDispatch' || e.name === 'TimerFire' || e.name === 'FireAnimationFrame').toFixed(1)}, style ${cpu((e) => e.name === 'UpdateLayoutTree').toFixed(1)}, layout ${cpu((e) => e.name === 'Layout').toFixed(1)}, prepaint ${cpu((e) => e.name === 'PrePaint').toFixed(1)}, paint ${cpu((e) => e.name === 'Paint').toFixed(1)} ms`);
    for (const t of tasks) {
      const inner = main.filter((e) => e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e !== t && e.dur > 1500 && /FunctionCall|UpdateLayoutTree|^Layout$|Paint$|PrePaint|EventDispatch|TimerFire|FireAnimationFrame|RunMicrotasks|ParseHTML|Commit|UpdateLayer|HitTest/.test(e.name));
      console.log(`${ph} run ${r} task at ${((t.ts - t00) / 1000).toFixed(1)} ms: ${(t.dur / 1000).toFixed(1)} ms`);
      for (const e of inner) console.log(`   +${((e.ts - t.ts) / 1000).toFixed(1).padStart(6)} ${(e.dur / 1000).toFixed(1).padStart(6)} ${e.name} ${e.name === 'UpdateLayoutTree' ? e.args?.elementCount ?? '' : ''}${e.name === 'EventDispatch' ? e.args?.data?.type : ''}`);
    }
  };
  await page.mouse.move(x0, y0);
  await page.waitForTimeout(100);
  await trace('press', () => page.mouse.down());
  await page.waitForTimeout(250);
  await trace('start', () => page.mouse.move(x0 + Math.sign(dx) * 8, y0 + Math.sign(dy) * 6));
  await page.waitForTimeout(250);
  for (let i = 1; i <= 20; i++) {
    await page.mouse.move(x0 + Math.sign(dx) * 8 + (dx * i) / 20, y0 + Math.sign(dy) * 6 + (dy * i) / 20);
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(100);
  await trace('drop', () => page.mouse.up());
  const toast = await page.evaluate(() => document.querySelector('.toast')?.textContent ?? null);
  console.log('toast', toast);
  await page.waitForTimeout(900);
}
await app.stop();
