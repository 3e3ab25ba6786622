// The first use of the Cost tab on a slow link (QA s36 F3; s54-dialogs: the idle prefetch of
// the first tabs' code, src/on_demand.rs prefetch_soon): a fresh browser context (cold HTTP
// cache, no service worker: the page's emulated link does not throttle a worker's fetches),
// Chrome's network emulation (CDP Network.emulateNetworkConditions: 150 ms latency, 1.6 Mb/s
// down, 750 kb/s up), the page opened and started (window.cloudwrightStarted), then `WAIT_MS`
// of a user reading the page, then a click on the Cost tab: the time to the panel shown, and
// the same for Latency after it, then the keyboard shortcuts dialog. Two builds alternately,
// run by run.
//   node scripts/probe-slow-link.mjs MAIN_DIST OUR_DIST [runs] [wait ms]
import { start } from '../tests/e2e/harness.mjs';

const [distA, distB] = [process.argv[2], process.argv[3]];
const runs = Number(process.argv[4] ?? 3);
const WAIT_MS = Number(process.argv[5] ?? 3000);
const LINK = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (0.75e6 / 8) };
const apps = { [distA]: await start(distA), [distB]: await start(distB) };
const rows = { [distA]: [], [distB]: [] };
const click = (page, button, shown) => page.evaluate(({ button, shown }) => new Promise((done) => {
  const t0 = performance.now();
  document.querySelector(button).click();
  const check = () => (document.querySelector(shown) ? done(performance.now() - t0) : requestAnimationFrame(check));
  check();
}), { button, shown });
try {
  for (let r = 0; r < runs; r++) {
    for (const dist of [distA, distB]) {
      const app = apps[dist];
      const { page, context } = await app.open(null, { serviceWorkers: 'block' });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', LINK);
      await page.goto(app.origin + '/', { timeout: 300_000 });
      await page.waitForFunction(() => window.cloudwrightStarted === true, null, { timeout: 300_000 });
      const started = await page.evaluate(() => performance.now());
      await page.waitForTimeout(WAIT_MS);
      const prefetched = await page.evaluate(() => window.cloudwrightPrefetched === true);
      // When the idle prefetch ran, after the app said it started (ms; none on a build without it).
      const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
      const since = (m) => (marks[m] === undefined ? '—' : (marks[m] - marks['start-up started']).toFixed(0));
      const cost = await click(page, '#tab-cost', '.sidepanel .cost');
      const latency = await click(page, '#tab-latency', '.sidepanel .latency');
      // A dialog fetched on first use (s54-dialogs): the keyboard shortcuts.
      const help = await click(page, 'button[title="Keyboard shortcuts (?)"]', '.modal.help');
      rows[dist].push({ started, cost, latency, help, prefetched });
      console.log(`run ${r + 1} ${dist}: started at ${started.toFixed(0)} ms; +${WAIT_MS} ms: Cost ${cost.toFixed(0)} ms, Latency ${latency.toFixed(0)} ms, shortcuts ${help.toFixed(0)} ms${prefetched ? ` (prefetch from +${since('prefetch start')} to +${since('prefetch done')} ms after the start)` : ''}`);
      await context.close();
    }
  }
} finally {
  for (const app of Object.values(apps)) await app.stop();
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
for (const [dist, rs] of Object.entries(rows)) {
  console.log(`${dist}: median started ${med(rs.map((x) => x.started)).toFixed(0)} ms; Cost first click ${med(rs.map((x) => x.cost)).toFixed(0)} ms; Latency ${med(rs.map((x) => x.latency)).toFixed(0)} ms; shortcuts ${med(rs.map((x) => x.help)).toFixed(0)} ms (${rs.length} runs)`);
}
