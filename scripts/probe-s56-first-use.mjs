// The first use of s56-size's three split points, on a local server (fast link), fresh browser
// context each run (cold HTTP cache, no service worker), the use made as soon as the page can
// take it (before the idle prefetch has fetched Tidy up's code):
//   tidy   — click on Tidy up → the tidy-up applied (the undo button offers it);
//   import — an old-format file (v1) given to the import → the design's name shown;
//   share  — navigation to a share link → the shared design's banner shown (and, for
//            comparison, navigation → the starter's first component, no link).
// Run it on two builds alternately: node scripts/probe-s56-first-use.mjs DIST_A DIST_B [runs]
import { readFileSync } from 'node:fs';
import { start } from '../tests/e2e/harness.mjs';

const dists = [process.argv[2] ?? 'dist', process.argv[3]].filter(Boolean);
const runs = Number(process.argv[4] ?? 3);
const OLD = readFileSync('crates/cloudwright-engine/tests/fixtures/file/v1-three-tier.json');
const apps = [];
for (const d of dists) apps.push(await start(d));
const rows = {};
const push = (d, k, v) => ((rows[`${d} ${k}`] ??= []).push(Math.round(v * 10) / 10));
try {
  // A share link, made once on the first build (the link format is the same on both).
  const { page: p0, context: c0 } = await apps[0].open('/');
  await p0.click('#copy-link');
  await p0.waitForSelector('#share-link', { timeout: 30_000 });
  const fragment = (await p0.inputValue('#share-link')).replace(/^[^#]*/, '');
  await c0.close();
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < apps.length; i++) {
      const app = apps[i];
      const d = dists[i];
      // Tidy up, pressed as soon as the palette is in.
      {
        const { page, context } = await app.open(null, { serviceWorkers: 'block' });
        await page.goto(app.origin + '/');
        await page.waitForFunction(() => document.querySelectorAll('g.node').length > 10 && document.querySelector('.palette-item'), null, { timeout: 30_000 });
        const ms = await page.evaluate(() => new Promise((done) => {
          const t0 = performance.now();
          document.querySelector('#tidy').click();
          const check = () => (/Tidy up/.test(document.querySelector('#undo').getAttribute('title') ?? '') ? done(performance.now() - t0) : requestAnimationFrame(check));
          check();
        }));
        push(d, 'tidy first press → applied (ms)', ms);
        await context.close();
      }
      // An old-format import.
      {
        const { page, context } = await app.open(null, { serviceWorkers: 'block' });
        await page.goto(app.origin + '/');
        await page.waitForFunction(() => document.querySelectorAll('g.node').length > 10 && document.querySelector('.palette-item'), null, { timeout: 30_000 });
        const before = await page.textContent('.design-name');
        const chooser = page.waitForEvent('filechooser');
        await page.click('#import');
        const t0 = Date.now();
        await (await chooser).setFiles({ name: 'v1.json', mimeType: 'application/json', buffer: OLD });
        await page.waitForFunction((b) => document.querySelector('.design-name')?.textContent !== b, before, { timeout: 30_000, polling: 'raf' });
        push(d, 'v1 import → opened (ms, from setFiles)', Date.now() - t0);
        await context.close();
      }
      // Navigation to a share link, and to the starter.
      for (const [what, path, sel] of [['share link → banner', '/' + fragment, '.banner.shared #keep-copy'], ['starter → first component', '/', 'g.node']]) {
        const { page, context } = await app.open(null, { serviceWorkers: 'block' });
        await page.goto(app.origin + path);
        await page.waitForSelector(sel, { timeout: 30_000 });
        const ms = await page.evaluate(() => performance.now());
        push(d, `${what} (ms since navigation)`, ms);
        await context.close();
      }
    }
  }
} finally {
  for (const a of apps) await a.stop();
}
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
for (const [k, v] of Object.entries(rows)) console.log(`${k}: ${v.join(', ')} (median ${median(v)})`);
