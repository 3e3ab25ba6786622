// Totals speed (a measurement, not a test): loads generated designs into the built app in
// headless Chromium, makes an edit that changes the analyses (deletes a component, then
// undoes it) and reports the time from the key press to the updated totals bar (a
// MutationObserver on the monthly figure), and the engine's own time for the totals as the
// bar reports it (data-ms). Also checks that a drag runs no totals (data-runs unchanged).
//   node scripts/bench-totals.mjs [dist] [sizes...]     (after trunk build --release)
//   QUERY=analysis=page (or analysis=worker) forces the path that analyses the design
//   (`analysis_worker::at_once`; left alone, a design under WORKER_FROM_NODES components is
//   analysed on the page, a larger one by the worker).
import { mkdirSync } from 'node:fs';
import { start, sampleFile, importSample, clickableLeaf } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
const sizes = process.argv.slice(3).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [300];
const QUERY = (process.env.QUERY ?? '').replace(/^\?/, '');
mkdirSync('test-output', { recursive: true });
const app = await start(dist);
for (const n of SIZES) {
  const file = sampleFile(n);
  const { page, context } = await app.open(QUERY ? `/?${QUERY}` : '/');
  await importSample(page, file, { timeout: 120_000 });
  await page.waitForTimeout(500);
  await page.keyboard.press('Shift+!');
  await page.waitForTimeout(300);
  const samples = [];
  for (let i = 0; i < 6; i++) {
    // Select a leaf, then time Delete (odd runs: Ctrl+Z brings it back) to the bar's update.
    if (i % 2 === 0) {
      // A leaf whose centre is really clickable (harness `clickableLeaf`).
      const at = await clickableLeaf(page, 3 + i);
      await page.mouse.click(at.x, at.y);
      await page.waitForTimeout(200);
    }
    const key = i % 2 === 0 ? 'Delete' : 'z';
    // The bar holds the edit's figures when its revision is newer and it is not updating: a
    // change of the monthly figure was waited for before, which never comes when the deleted
    // component costs nothing (a VPC endpoint, an IAM role: 30 s timeouts, -1).
    const ms = await page.evaluate((key) => new Promise((done) => {
      const bar = document.querySelector('.totals-bar');
      const rev0 = Number(bar.dataset.rev);
      const t0 = performance.now();
      const obs = new MutationObserver(() => {
        if (bar.dataset.updating === 'false' && Number(bar.dataset.rev) > rev0) { obs.disconnect(); done(performance.now() - t0); }
      });
      obs.observe(bar, { attributes: true, childList: true, characterData: true, subtree: true });
      window.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: key === 'z', bubbles: true, cancelable: true }));
      setTimeout(() => { obs.disconnect(); done(-1); }, 30_000);
    }), key);
    const engineMs = Number(await page.getAttribute('.totals-bar', 'data-ms'));
    samples.push({ edit: key === 'z' ? 'undo' : 'delete', edit_to_bar_ms: +ms.toFixed(1), totals_engine_ms: engineMs });
    await page.waitForTimeout(300);
  }
  const runs = await page.getAttribute('.totals-bar', 'data-runs');
  const leaf = await page.locator('g.node.leaf .hit').nth(2).boundingBox();
  await page.mouse.move(leaf.x + 5, leaf.y + 5);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(leaf.x + 5 + i * 4, leaf.y + 5 + i * 3);
  await page.mouse.up();
  await page.waitForTimeout(300);
  const nodes = await page.evaluate(() => document.querySelector('.design-name').textContent);
  console.log(JSON.stringify({ requested: n, query: QUERY, design: nodes, samples, drag_recomputed_totals: (await page.getAttribute('.totals-bar', 'data-runs')) !== runs }));
  await context.close();
}
await app.stop();
