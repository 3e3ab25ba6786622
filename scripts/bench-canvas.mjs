// Canvas speed benchmark (a measurement, not a test): loads generated designs of 300 and
// 1,000 nodes into the built app in headless Chromium, drags a node across the canvas, and
// reports frame times during the drag (p50/p95/max of requestAnimationFrame intervals; then the
// same for the node in view with the most connections), the
// time to open the design, and the engine's analysis time shown by the app.
//   node scripts/bench-canvas.mjs [dist] [sizes...]     (after trunk build --release)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { start, shot, sampleFile, importSample } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
const sizes = process.argv.slice(3).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [300, 1000];
mkdirSync('test-output', { recursive: true });

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))]; };
const app = await start(dist);
const results = [];
for (const n of SIZES) {
  // BENCH_REUSE_SAMPLES=1: keep test-output/sample-N.json from an earlier run (no native build).
  const file = sampleFile(n, { profile: 'release-native' });
  const { page, context } = await app.open('/');
  const t0 = Date.now();
  await importSample(page, file, { timeout: 60_000 });
  await page.waitForTimeout(300);
  const openMs = Date.now() - t0;
  const nodes = await page.locator('g.node').count();
  // Zoom so a drag crosses real pixels, then drag a leaf in view for ~1.5 s; then the node in
  // view with the most connections (a hub: every one of its connectors follows each move).
  await page.keyboard.press('0');
  await page.waitForTimeout(200);
  const dragFrames = async (target) => {
    const b = await target.boundingBox();
    await page.evaluate(() => {
      window.__frames = [];
      let last = performance.now();
      const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__recording) requestAnimationFrame(tick); };
      window.__recording = true;
      requestAnimationFrame(tick);
    });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 90; i++) {
      await page.mouse.move(b.x + b.width / 2 + i * 3, b.y + b.height / 2 + i * 2);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    const frames = await page.evaluate(() => { window.__recording = false; return window.__frames.slice(1); });
    await page.waitForTimeout(500);
    return frames;
  };
  const frames = await dragFrames(page.locator('g.node.leaf .hit').nth(5));
  const degree = new Map();
  for (const c of Object.values(JSON.parse(readFileSync(file, 'utf8')).connections)) for (const e of [c.from, c.to]) degree.set(e, (degree.get(e) ?? 0) + 1);
  const shown = await page.$$eval('.canvas-svg g.node.leaf', (gs) => gs.map((g) => g.dataset.node));
  const hub = shown.sort((a, b) => (degree.get(b) ?? 0) - (degree.get(a) ?? 0))[0];
  const hubFrames = await dragFrames(page.locator(`.canvas-svg g.node[data-node="${hub}"] .hit`));
  await page.click('#tab-findings');
  await page.waitForTimeout(300);
  const checked = await page.textContent('.timing');
  await shot(page, `bench-${n}`);
  const r = { requested: n, rendered_nodes: nodes, open_ms: openMs, frames: frames.length,
    frame_p50_ms: +pct(frames, 50).toFixed(1), frame_p95_ms: +pct(frames, 95).toFixed(1), frame_max_ms: +Math.max(...frames).toFixed(1),
    hub_connections: degree.get(hub) ?? 0, hub_frame_p95_ms: +pct(hubFrames, 95).toFixed(1), hub_frame_max_ms: +Math.max(...hubFrames).toFixed(1), rules: checked };
  results.push(r);
  console.log(JSON.stringify(r));
  await context.close();
}
await app.stop();
writeFileSync('test-output/bench-canvas.json', JSON.stringify(results, null, 2));
