// Screenshots of the 1,000-node design's biggest hub (`logs`, 613 connections) mid-drag and
// after the drop (the same real move as probe-hub-svg.mjs), at 1440×900 (SIZE=1024x768: another
// viewport), for comparing builds:
//   node scripts/shot-hub-drag.mjs <dist> <tag>         → test-output/hub-{mid,drop}-<tag>.png
//   node scripts/shot-hub-drag.mjs compare <a.png> <b.png>   → how many pixels differ
import { readFileSync, writeFileSync } from 'node:fs';
import { start, openBigHub } from '../tests/e2e/harness.mjs';

if (process.argv[2] === 'compare') {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
  const page = await browser.newPage();
  const url = (f) => `data:image/png;base64,${readFileSync(f).toString('base64')}`;
  const out = await page.evaluate(async ([a, b]) => {
    const px = async (u) => { const i = new Image(); i.src = u; await i.decode(); const c = new OffscreenCanvas(i.width, i.height).getContext('2d'); c.drawImage(i, 0, 0); return c.getImageData(0, 0, i.width, i.height); };
    const [x, y] = [await px(a), await px(b)];
    if (x.width !== y.width || x.height !== y.height) return { size: [x.width, x.height, y.width, y.height] };
    let differ = 0, maxd = 0; const at = [];
    for (let k = 0; k < x.data.length; k += 4) {
      const d = Math.max(...[0, 1, 2, 3].map((j) => Math.abs(x.data[k + j] - y.data[k + j])));
      if (d) { differ++; if (at.length < 80) at.push([(k / 4) % x.width, Math.floor(k / 4 / x.width), d]); }
      maxd = Math.max(maxd, d);
    }
    return { pixels: x.width * x.height, differ, maxChannelDiff: maxd, at: JSON.stringify(at) };
  }, [url(process.argv[3]), url(process.argv[4])]);
  console.log(JSON.stringify(out));
  await browser.close();
  process.exit(0);
}

const app = await start(process.argv[2]);
const tag = process.argv[3] ?? 'x';
const [width, height] = (process.env.SIZE ?? '1440x900').split('x').map(Number);
const { page, id } = await openBigHub(app, { viewport: { width, height }, settle: 2500 });
const b = await page.locator(`.canvas-svg g.node[data-node="${id}"] .hit`).boundingBox();
const [x0, y0] = [b.x + b.width / 2, b.y + b.height / 2];
await page.mouse.move(x0, y0); await page.mouse.down(); await page.mouse.move(x0 - 8, y0 - 6);
for (let i = 1; i <= 10; i++) { await page.mouse.move(x0 - 8 - 3 * i, y0 - 6 - 2.25 * i); await page.waitForTimeout(16); }
await page.waitForTimeout(1500);
writeFileSync(`test-output/hub-mid-${tag}.png`, await page.screenshot());
for (let i = 11; i <= 20; i++) { await page.mouse.move(x0 - 8 - 3 * i, y0 - 6 - 2.25 * i); await page.waitForTimeout(16); }
await page.mouse.up();
await page.waitForTimeout(2500);
writeFileSync(`test-output/hub-drop-${tag}.png`, await page.screenshot());
console.log(`test-output/hub-{mid,drop}-${tag}.png`);
await app.stop();
