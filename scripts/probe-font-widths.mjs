// Advance widths of the diagram's label fonts in headless Chromium (a measurement, not a test):
// for each font, normal and bold, the width at 12 px of every printable ASCII character and of
// every label in templates/*.json, as SVG text (`getComputedTextLength`, what the canvas draws),
// so `diagram::geometry::text_width` can be checked to err wide for every font of the stack.
// System fonts are named as installed (DejaVu Sans and Liberation Sans, metric-compatible
// with Arial and so Helvetica, on this machine); others are loaded from files given as
// FAMILY=REGULAR.ttf,BOLD.ttf, e.g. from Debian's packages, unpacked without installing them
// (an installed Roboto would change what the app renders here):
//   apt-get download fonts-roboto-unhinted fonts-cantarell fonts-noto-core && for f in *.deb; do dpkg-deb -x $f x; done
//   node scripts/probe-font-widths.mjs Roboto=x/…/Roboto-Regular.ttf,x/…/Roboto-Bold.ttf … > widths.json
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';

// --table: print `diagram::label_widths`' tables (Rust) from the widths measured, not the JSON.
const table = process.argv.includes('--table');
const files = Object.fromEntries(process.argv.slice(2).filter((a) => a !== '--table').map((a) => {
  const [family, paths] = a.split('=');
  return [family, paths.split(',').map((p) => readFileSync(p).toString('base64'))];
}));
// CSS font-family values: the generic families show what this machine's Chromium picks.
const families = ['"DejaVu Sans"', '"Liberation Sans"', ...Object.keys(files).map((f) => `"${f}"`), 'system-ui', 'sans-serif'];
const chars = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
// Beyond ASCII: the ellipsis the cuts end with, the brackets of a direction mark (`⟨RLO⟩`,
// `text::reveal_bidi`: no font here has them, so a fallback font's), Latin-1 and Latin Extended-A (U+00A0–U+017F),
// and a few others a label may hold (arrows, euro, CJK, an emoji).
const others = ['…', '⟨', '⟩', ...Array.from({ length: 0x180 - 0xa0 }, (_, i) => String.fromCharCode(0xa0 + i)), '→', '€', '中', 'あ', '🚀'];
const labels = new Set();
for (const f of readdirSync('templates').filter((f) => f.endsWith('.json') && f !== 'index.json')) {
  const nodes = JSON.parse(readFileSync(`templates/${f}`, 'utf8')).nodes ?? {};
  for (const n of Object.values(nodes)) if (n.label) labels.add(n.label);
}
// And the long labels of tests/e2e/s29-fix.test.mjs, and text beyond ASCII.
for (const l of ['Public subnet for the load balancers and NAT gateways of the payments platform',
  'Production VPC of the payments platform shared with the data lake, the batch jobs, the reporting services and the partner integrations 10.0.0.0/16',
  'Zürich façade œuvre Ærøskøbing Łódź', 'Déploiement et reprise…']) labels.add(l);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
// `white-space: pre`: a run of spaces is measured, not collapsed.
await page.setContent('<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="100"><text id="t" x="0" y="50" font-size="12" style="white-space: pre"></text></svg>');
const version = browser.version();
const out = await page.evaluate(async ({ families, files, chars, others, labels }) => {
  for (const [family, [regular, bold]] of Object.entries(files)) {
    for (const [b64, weight] of [[regular, '400'], [bold, '700']]) {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const face = new FontFace(family, bytes, { weight });
      await face.load();
      document.fonts.add(face);
    }
  }
  const t = document.getElementById('t');
  const width = (family, weight, s) => {
    t.setAttribute('font-family', family);
    t.setAttribute('font-weight', weight);
    t.textContent = s;
    return t.getComputedTextLength();
  };
  const canvas = document.createElement('canvas').getContext('2d');
  const result = {};
  for (const family of families) {
    for (const weight of ['400', '700']) {
      // Which font draws it: a missing family falls back, which this check catches.
      canvas.font = `${weight} 100px ${family}, monospace`;
      const a = canvas.measureText('mmmiii').width;
      canvas.font = `${weight} 100px monospace`;
      const fellBack = Math.abs(a - canvas.measureText('mmmiii').width) < 0.01;
      result[`${family} ${weight}`] = {
        fellBack,
        chars: Object.fromEntries(chars.map((c) => [c, +width(family, weight, c.repeat(10)) / 10])),
        others: Object.fromEntries(others.map((c) => [c, +width(family, weight, c.repeat(10)) / 10])),
        labels: Object.fromEntries(labels.map((l) => [l, +width(family, weight, l).toFixed(2)])),
      };
    }
  }
  return result;
}, { families, files, chars, others, labels: [...labels] });
await browser.close();
const date = new Date().toISOString();
if (!table) {
  console.log(JSON.stringify({ date, chromium: version, load: loadavg().map((x) => +x.toFixed(2)), fonts: out }, null, 1));
} else {
  // Per character, the widest of the text fonts measured (not the generic families, which are
  // one of them, nor an emoji font, whose letters are another font's), in thousandths of an
  // em rounded up; U+007F–U+009F (controls, drawn as nothing or a box) get the fallback.
  const text = families.filter((f) => f.startsWith('"') && !f.includes('Emoji'));
  for (const weight of ['400', '700']) {
    const widest = (c) => Math.max(...text.map((f) => out[`${f} ${weight}`].chars[c] ?? out[`${f} ${weight}`].others[c]));
    const milli = [];
    for (let cp = 0x20; cp < 0x180; cp++) {
      const c = String.fromCharCode(cp);
      milli.push(cp >= 0x7f && cp < 0xa0 ? null : Math.ceil((widest(c) / 12) * 1000 - 1e-9));
    }
    const extra = ['…', '⟨', '⟩'].map((c) => `${c} ${Math.ceil((widest(c) / 12) * 1000 - 1e-9)}`).join(', ');
    console.log(`// ${weight}: ${text.join(', ')}; ${extra}`);
    console.log(milli.map((m) => m ?? 'FALLBACK').join(', '));
  }
  console.log(`// measured ${date}, Chromium ${version}`);
}
