// The diagram's label width estimate against Chromium (a measurement, not a test): opens
// every template in the built app in headless Chromium and, for every label the canvas draws,
// compares the rendered width (`getComputedTextLength`, world units) with the engine's
// estimate (`diagram::geometry::text_width`, ported below line for line: the engine has no
// font). Reports the ratio rendered / estimate for component labels (each drawn line) and
// container labels (bold), and the font Chromium used.
//   node scripts/probe-label-width.mjs [dist]   (after trunk build --release)
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { start, openTemplate } from '../tests/e2e/harness.mjs';

/** `diagram::geometry::text_width`, the same classes and rounding. */
function estimate(s, bold) {
  let em = 0;
  for (const c of s) {
    if ("ilj'|.,:;!".includes(c)) em += 0.25;
    else if ('ftrI ()[]/-'.includes(c)) em += 0.34;
    else if ('mwMW&%@'.includes(c)) em += 0.87;
    else if (c >= 'A' && c <= 'Z') em += 0.70;
    else if (c.codePointAt(0) < 128) em += 0.57;
    else em += 0.9;
  }
  return Math.ceil(em * 12 * (bold ? 1.08 : 1)) + 2;
}

const dist = process.argv[2] ?? 'dist';
const templates = JSON.parse(readFileSync('templates/index.json', 'utf8'));
const files = (Array.isArray(templates) ? templates : templates.templates ?? []).map((t) => t.file ?? t);
const app = await start(dist);
const rows = { leaf: [], container: [] };
let font = null;
for (const file of files) {
  const { page, context } = await app.open('/');
  await openTemplate(page, file);
  const m = await page.evaluate(() => {
    const out = [];
    for (const t of document.querySelectorAll('.canvas-svg g.world g.node text.label')) {
      const container = t.classList.contains('container-label');
      const parts = container ? [t] : [...t.querySelectorAll('tspan')];
      for (const p of parts) out.push({ container, text: p.textContent, w: p.getComputedTextLength() });
    }
    const any = document.querySelector('.canvas-svg text.label');
    return { out, font: any ? getComputedStyle(any).fontFamily : null };
  });
  font = m.font;
  for (const r of m.out) {
    const text = r.text.trimEnd();
    if (!text || text.endsWith('…')) continue;
    const est = estimate(text, r.container);
    rows[r.container ? 'container' : 'leaf'].push({ file, text, w: +r.w.toFixed(1), est, ratio: r.w / est });
  }
  await context.close();
}
await app.stop();
const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
for (const [kind, rs] of Object.entries(rows)) {
  const r = rs.map((x) => x.ratio);
  const worst = rs.reduce((a, x) => (x.ratio > a.ratio ? x : a), rs[0]);
  console.log(JSON.stringify({ kind, labels: rs.length, median: +q(r, 0.5).toFixed(3), p90: +q(r, 0.9).toFixed(3), max: +Math.max(...r).toFixed(3), over: rs.filter((x) => x.ratio > 1).length, worst }));
}
console.log(JSON.stringify({ font, load: loadavg().map((x) => +x.toFixed(2)) }));
