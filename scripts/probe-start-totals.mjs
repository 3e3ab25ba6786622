// Start-up to the first figures (s54-engine; a measurement, not a test): in a fresh browser
// context (cold HTTP cache, no service worker), on a local server, the time from navigation
// start to the first component drawn (`g.node` in the DOM, a MutationObserver set before the
// app's scripts run) and to the first totals shown (the app's User Timing mark `start-up
// analysed`), with the bytes of wasm fetched by then. Run it on two builds alternately.
//   node scripts/probe-start-totals.mjs distA distB [runs]
import { start } from '../tests/e2e/harness.mjs';

const dists = process.argv.slice(2).filter((a) => !/^\d+$/.test(a));
const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 5);
const apps = [];
for (const d of dists) apps.push([d, await start(d)]);
const rows = Object.fromEntries(dists.map((d) => [d, []]));
try {
  for (let r = 0; r < runs; r++) {
    for (const [d, app] of apps) {
      const { page, context } = await app.open(null, { serviceWorkers: 'block' });
      await context.addInitScript(() => {
        new MutationObserver((_, obs) => {
          if (document.querySelector('g.node')) { window.__drawn = performance.now(); obs.disconnect(); }
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(app.origin + '/');
      await page.waitForFunction(() => performance.getEntriesByName('start-up analysed').length > 0, null, { timeout: 60_000 });
      const x = await page.evaluate(() => {
        const analysed = performance.getEntriesByName('start-up analysed')[0].startTime;
        const wasm = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm') && e.responseEnd <= analysed);
        return { drawn: window.__drawn, analysed, bytes: wasm.reduce((s, e) => s + e.encodedBodySize, 0), files: wasm.length };
      });
      rows[d].push(x);
      await context.close();
    }
  }
} finally {
  for (const [, app] of apps) await app.stop();
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
for (const [d, rs] of Object.entries(rows)) {
  const f = (k) => `${rs.map((x) => x[k].toFixed(0)).join(', ')} (median ${med(rs.map((x) => x[k])).toFixed(0)})`;
  console.log(`${d}\n  first component drawn ms: ${f('drawn')}\n  first totals shown ms:    ${f('analysed')}\n  wasm by then: ${rs[0].files} files, ${rs[0].bytes} bytes (uncompressed server)`);
}
