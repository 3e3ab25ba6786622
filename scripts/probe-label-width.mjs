// The diagram's label width estimate against Chromium (a measurement, not a test): opens
// every template in the built app in headless Chromium and, for every label the canvas draws,
// compares the rendered width (`getComputedTextLength`, world units) with the engine's
// estimate (`diagram::geometry::text_width`, ported below: its tables read from
// `diagram/text_metrics.rs`: the engine has no font). Reports the ratio rendered / estimate for
// component labels (each drawn line, its trailing space not counted) and container labels
// (bold), and the font Chromium used.
//   node scripts/probe-label-width.mjs [dist]   (after trunk build --release)
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { start, openTemplate } from '../tests/e2e/harness.mjs';

const metrics = readFileSync('crates/cloudwright-engine/src/diagram/text_metrics.rs', 'utf8');
const constant = (name) => +metrics.match(new RegExp(`pub const ${name}: u\\d+ = (0x[0-9a-fA-F]+|\\d+);`))[1];
const table = (name) => metrics.split(`pub const ${name}: [u16; 352] = [`)[1].split('];')[0]
  .split('\n').flatMap((l) => l.split('//')[0].split(',')).map((x) => x.trim()).filter(Boolean)
  .map((x) => (x === 'F' ? constant('FALLBACK') : +x));
const [REGULAR, BOLD, FIRST, FALLBACK] = [table('REGULAR'), table('BOLD'), constant('FIRST'), constant('FALLBACK')];
const EXTRA = new Map([...metrics.match(/pub const EXTRA[^=]*= \[(.*)\];/)[1].matchAll(/\('(.)', \[(\d+), (\d+)\]\)/gu)].map((m) => [m[1], [+m[2], +m[3]]]));

/** `diagram::geometry::text_width`: the same tables and rounding. */
function estimate(s, bold) {
  let milli = 0;
  for (const c of s) {
    const cp = c.codePointAt(0);
    milli += EXTRA.get(c)?.[bold ? 1 : 0] ?? (bold ? BOLD : REGULAR)[cp - FIRST] ?? FALLBACK;
  }
  return Math.ceil((milli * 12) / 1000) + 2;
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
      // A wrapped line's trailing space is drawn but not estimated: measure without it.
      for (const p of parts) {
        const text = p.textContent.trimEnd();
        out.push({ container, text, w: text ? p.getSubStringLength(0, [...text].length) : 0 });
      }
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
