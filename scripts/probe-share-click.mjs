// "Copy link" on a slow link (s55-unavail; review s54 R2, QA s37 G2): in a fresh browser
// context (cold cache, no service worker) the share-link and share-dialog chunks are each held
// back `delay` ms, as a slow link would; a click with no hover before it (a tap). Measures from
// the click to the first thing on screen (a box or the dialog) and to the link shown.
// Run it on two builds alternately:
//   node scripts/probe-share-click.mjs [dist] [runs] [delay ms]
import { start } from '../tests/e2e/harness.mjs';

const dist = process.argv[2] ?? 'dist';
const runs = Number(process.argv[3] ?? 3);
const delay = Number(process.argv[4] ?? 1500);
const SHARE = /cloudwright-web-split-share-(link|dialog)-[0-9a-f]{16}\.wasm$/;
const app = await start(dist);
const rows = [];
try {
  for (let r = 0; r < runs; r++) {
    const { page, context } = await app.open('/', { serviceWorkers: 'block' });
    await context.route(SHARE, async (route) => { await new Promise((ok) => setTimeout(ok, delay)); await route.continue(); });
    const t = await page.evaluate(() => new Promise((done) => {
      const t0 = performance.now();
      let first = null;
      document.querySelector('#copy-link').click();
      const check = () => {
        if (first === null && document.querySelector('.on-demand-dialog, .modal.share')) first = performance.now() - t0;
        if (document.querySelector('#share-link')) done({ first, link: performance.now() - t0 });
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    }));
    rows.push(t);
    await context.close();
  }
} finally {
  await app.stop();
}
const f = (v) => (v === null ? '—' : `${v.toFixed(0)} ms`);
console.log(`${dist}: chunks held ${delay} ms each; click → first on screen / link shown: ${rows.map((t) => `${f(t.first)} / ${f(t.link)}`).join('; ')}`);
