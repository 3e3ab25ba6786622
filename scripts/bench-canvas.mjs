// Canvas speed benchmark (a measurement, not a test): loads generated designs of 300 and
// 1,000 nodes into the built app in headless Chromium, drags a node across the canvas, and
// reports frame times during the drag (p50/p95/max of requestAnimationFrame intervals), the
// time to open the design, and the engine's analysis time shown by the app.
//   node scripts/bench-canvas.mjs [dist] [sizes...]     (after trunk build --release)
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { start, shot } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
const sizes = process.argv.slice(3).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [300, 1000];
mkdirSync('test-output', { recursive: true });

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))]; };
const app = await start(dist);
const results = [];
for (const n of SIZES) {
  const file = `test-output/sample-${n}.json`;
  writeFileSync(file, execFileSync('cargo', ['run', '-q', '--profile', 'release-native', '-p', 'cloudwright-cli', '--', 'sample', String(n)], { maxBuffer: 1 << 28 }));
  const { page, context } = await app.open('/');
  const t0 = Date.now();
  const chooser = page.waitForEvent('filechooser');
  await page.click('#import');
  await (await chooser).setFiles(file);
  await page.waitForFunction(() => document.querySelector('.design-name').textContent.startsWith('Synthetic'), null, { timeout: 60_000 });
  await page.waitForTimeout(300);
  const openMs = Date.now() - t0;
  const nodes = await page.locator('g.node').count();
  // Zoom to 100% so a drag crosses real pixels, then drag a leaf in view for ~1.5 s.
  await page.keyboard.press('0');
  await page.waitForTimeout(200);
  const leaf = page.locator('g.node.leaf .hit').nth(5);
  const b = await leaf.boundingBox();
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
  await page.click('#tab-findings');
  await page.waitForTimeout(300);
  const checked = await page.textContent('.timing');
  await shot(page, `bench-${n}`);
  const r = { requested: n, rendered_nodes: nodes, open_ms: openMs, frames: frames.length,
    frame_p50_ms: +pct(frames, 50).toFixed(1), frame_p95_ms: +pct(frames, 95).toFixed(1), frame_max_ms: +Math.max(...frames).toFixed(1), rules: checked };
  results.push(r);
  console.log(JSON.stringify(r));
  await context.close();
}
await app.stop();
writeFileSync('test-output/bench-canvas.json', JSON.stringify(results, null, 2));
