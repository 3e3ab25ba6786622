// Probe (not a test): the totals bar's states, frame by frame, while the 1,000-node sample is imported.
import { start, sampleFile, shot } from '../tests/e2e/harness.mjs';
const root = process.argv[2] ?? 'dist';
const app = await start(root);
for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  const { page, context } = await app.open('/', { viewport });
  await page.waitForSelector('g.node');
  await page.waitForTimeout(1500);
  await page.evaluate(() => {
    window.__frames = [];
    const t0 = performance.now();
    const look = () => {
      const bar = document.querySelector('.totals-bar');
      const v = document.querySelector('#total-monthly-value')?.textContent;
      const widths = [...document.querySelectorAll('.totals-bar .total')].map((b) => Math.round(b.getBoundingClientRect().width));
      const last = window.__frames.at(-1);
      const s = { t: Math.round(performance.now() - t0), v, f: document.querySelector('#total-findings-value')?.textContent, name: document.querySelector('.design-name')?.textContent, up: bar.dataset.updating, pending: bar.dataset.pending, widths: widths.join(',') };
      if (!last || last.v !== s.v || last.up !== s.up || last.pending !== s.pending || last.widths !== s.widths || last.name !== s.name) window.__frames.push(s);
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  const chooser = page.waitForEvent('filechooser');
  await page.click('#import');
  await (await chooser).setFiles(sampleFile(1000));
  await page.waitForFunction(() => document.querySelector('.design-name')?.textContent.startsWith('Synthetic') && document.querySelector('.totals-bar').dataset.updating === 'false' && document.querySelector('#total-monthly-value').textContent !== '…', null, { timeout: 300_000 });
  await page.waitForTimeout(4000);
  console.log(viewport.width, JSON.stringify(await page.evaluate(() => window.__frames), null, 0));
  await shot(page, `s26-probe-import-${viewport.width}`);
  await context.close();
}
await app.stop();
