// A selection right after the canvas shows (QA s55 G3; s56-prefetch; a measurement, not a test):
// in a fresh browser context (cold HTTP cache, no service worker), on a slow link (CDP
// Network.emulateNetworkConditions: 150 ms latency, 1.6 Mb/s down, 750 kb/s up; `fast`: the
// local server as it is), the page opened, and as soon as the starter's components are drawn
// (`g.node` > 10) a click on "Web app (a)": the time from the click to its inspector's form in
// the DOM; with the time from navigation to the canvas, to the first figures (the app's mark
// `start-up analysed`) and to the inspector's form. Two (or more) builds alternated run by run.
//   node scripts/probe-first-select.mjs distA distB [runs] [slow|fast]
// The dists must be precompressed (scripts/precompress.mjs), as a CDN serves them.
import { start, visiblePoint } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const dists = args.filter((a) => !/^\d+$/.test(a) && !['slow', 'fast'].includes(a));
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
const slow = !args.includes('fast');
const LINK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 };
const apps = [];
for (const d of dists) apps.push([d, await start(d)]);
const rows = Object.fromEntries(dists.map((d) => [d, []]));
try {
  for (let r = 0; r < runs; r++) {
    for (const [d, app] of apps) {
      const { page, context } = await app.open(null, { serviceWorkers: 'block' });
      if (slow) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', LINK);
      }
      await page.goto(app.origin + '/', { timeout: 300_000 });
      await page.waitForFunction(() => document.querySelectorAll('g.node').length > 10, null, { timeout: 300_000, polling: 20 });
      const canvas = await page.evaluate(() => performance.now());
      const p = await visiblePoint(page, 'app-a');
      // The click as a user's (CDP input), the form waited for in the page; timed by this
      // process's clock (the round trips add a few ms to both builds alike).
      const t0 = Date.now();
      await page.mouse.click(p.x, p.y);
      await page.waitForSelector('.inspector[data-node="app-a"]', { timeout: 300_000 });
      const click = Date.now() - t0;
      const x = { form: await page.evaluate(() => performance.now()) };
      await page.waitForFunction(() => performance.getEntriesByName('start-up analysed').length > 0, null, { timeout: 300_000 });
      const figures = await page.evaluate(() => performance.getEntriesByName('start-up analysed')[0].startTime);
      const row = { canvas, click, form: x.form, figures };
      rows[d].push(row);
      console.log(`run ${r + 1} ${d} (${slow ? 'slow' : 'fast'}): canvas ${canvas.toFixed(0)} ms, click→form ${row.click.toFixed(0)} ms (form at ${x.form.toFixed(0)}), first figures ${figures.toFixed(0)} ms`);
      await context.close();
    }
  }
} finally {
  for (const [, app] of apps) await app.stop();
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
for (const [d, rs] of Object.entries(rows)) {
  console.log(`${d} (${slow ? 'slow' : 'fast'}, ${rs.length} runs, medians): canvas ${med(rs.map((x) => x.canvas)).toFixed(0)} ms; click→form ${med(rs.map((x) => x.click)).toFixed(0)} ms; first figures ${med(rs.map((x) => x.figures)).toFixed(0)} ms`);
}
