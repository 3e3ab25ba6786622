// The first use of a view whose code is fetched on first use (s53-split; src/on_demand.rs):
// from the click on its tab (or button) to the view shown, in a fresh browser context (cold
// HTTP cache, no service worker), on a local server; then the same click again (code loaded).
// Also the page's start: navigation to the totals shown. Run it on two builds alternately.
//   node scripts/probe-first-use.mjs [dist] [runs]
import { start } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
const runs = Number(process.argv[3] ?? 3);
const VIEWS = [
  ['scenarios', '#tab-scenarios', '.sidepanel .scenarios'],
  ['cost', '#tab-cost', '.sidepanel .cost'],
  ['versions', '#tab-versions', '.sidepanel .review-panel'],
  ['report', '#report', '#report-frame'],
  // The dialogs split off in s54-dialogs.
  ['help', 'button[title="Keyboard shortcuts (?)"]', '.modal.help'],
  ['designs', '#designs', '.modal.designs'],
];
const CLOSE = { report: '#report-close', help: '.modal.help > button', designs: '.modal.designs > button:last-child' };
const app = await start(dist);
const rows = {};
try {
  for (let r = 0; r < runs; r++) {
    for (const [name, button, shown] of VIEWS) {
      const { page, context } = await app.open('/', { serviceWorkers: 'block' });
      const start = await page.evaluate(() => performance.getEntriesByType('navigation')[0].duration);
      const time = () => page.evaluate(({ button, shown }) => new Promise((done) => {
        const t0 = performance.now();
        document.querySelector(button).click();
        const check = () => (document.querySelector(shown) ? done(performance.now() - t0) : requestAnimationFrame(check));
        check();
      }), { button, shown });
      const first = await time();
      await page.click(CLOSE[name] ?? '#tab-inspect');
      const again = await time();
      const bytes = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /cloudwright-web-(split|chunk)-/.test(e.name)).reduce((s, e) => s + e.transferSize, 0));
      (rows[name] ??= []).push({ first, again, bytes, start });
      await context.close();
    }
  }
} finally {
  await app.stop();
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
for (const [name, rs] of Object.entries(rows)) {
  console.log(`${name.padEnd(10)} first use ms: ${rs.map((x) => x.first.toFixed(0)).join(', ')} (median ${med(rs.map((x) => x.first)).toFixed(0)}); again: ${rs.map((x) => x.again.toFixed(0)).join(', ')}; chunk bytes fetched: ${rs[0].bytes}`);
}
