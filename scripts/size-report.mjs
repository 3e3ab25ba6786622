// Prints the download size of the built app: every .wasm, .js and .css in dist/, raw, gzip
// and brotli (what a CDN would serve). Size is a feature: this is reported on every test run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const rows = [];
for (const f of readdirSync(dist)) {
  const p = join(dist, f);
  if (!statSync(p).isFile() || !['.wasm', '.js', '.css'].includes(extname(f))) continue;
  const raw = readFileSync(p);
  const gz = gzipSync(raw, { level: 9 }).length;
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  rows.push({ f, raw: raw.length, gz, br });
}
rows.sort((a, b) => b.raw - a.raw);
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KB';
console.log('size report (dist/):');
console.log('  ' + 'file'.padEnd(44) + 'raw'.padStart(11) + 'gzip'.padStart(11) + 'brotli'.padStart(11));
let t = { raw: 0, gz: 0, br: 0 };
for (const r of rows) {
  console.log('  ' + r.f.padEnd(44) + kb(r.raw) + kb(r.gz) + kb(r.br));
  t.raw += r.raw; t.gz += r.gz; t.br += r.br;
}
console.log('  ' + 'total'.padEnd(44) + kb(t.raw) + kb(t.gz) + kb(t.br));
// The component icons (dist/icons/*.svg) are part of a first visit too: the palette and the
// welcome gallery's thumbnails request every one (54 requests on the starter page,
// measured in Chromium, s21-size). Each is its own request, so each is compressed on its own.
// (The PNG app icons are for installing the app, not for a visit.)
const icons = { raw: 0, gz: 0, br: 0, n: 0 };
try {
  for (const f of readdirSync(join(dist, 'icons'))) {
    if (extname(f) !== '.svg') continue;
    const raw = readFileSync(join(dist, 'icons', f));
    icons.raw += raw.length;
    icons.gz += gzipSync(raw, { level: 9 }).length;
    icons.br += brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    icons.n += 1;
  }
} catch { /* a build without icons */ }
console.log('  ' + `icons/*.svg (${icons.n} files)`.padEnd(44) + kb(icons.raw) + kb(icons.gz) + kb(icons.br));
// What a first visit loads before the canvas works: everything but the modules fetched on first
// use (the IaC worker: an import or export starts it). The service worker then copies the rest
// for offline use in the background (the precache line below), after the app is interactive.
// Fetched only when needed: the IaC worker on the first import or export, the analysis
// worker once an analysis on the page takes over two frames (a large design; analysis_worker.rs).
const onDemand = (f) => /^cloudwright-(iac|analysis)-worker/.test(f);
// The app's code split off by scripts/wasm-split.mjs: each chunk is fetched the first time a view
// that needs it opens (a side-panel tab, the report, presentation mode; src/on_demand.rs).
// The split loader (cloudwright-web-split-<hash>.js) is imported by the app's glue: first visit.
const chunk = (f) => /^cloudwright-web-(split|chunk)-.+\.wasm$/.test(f);
const sum = (rs) => rs.reduce((a, r) => ({ raw: a.raw + r.raw, gz: a.gz + r.gz, br: a.br + r.br }), { raw: 0, gz: 0, br: 0 });
const chunks = sum(rows.filter((r) => chunk(r.f)));
const first = sum(rows.filter((r) => !onDemand(r.f) && !chunk(r.f)));
console.log('  ' + `app chunks fetched on first use (${rows.filter((r) => chunk(r.f)).length} files)`.padEnd(44) + kb(chunks.raw) + kb(chunks.gz) + kb(chunks.br));
console.log('  ' + 'first visit (all but on-demand workers, chunks)'.padEnd(44) + kb(first.raw) + kb(first.gz) + kb(first.br));
console.log('  ' + 'first visit with the icons'.padEnd(44) + kb(first.raw + icons.raw) + kb(first.gz + icons.gz) + kb(first.br + icons.br));
// The page's own analyses (s54-engine, src/analysis_worker.rs `Code`): a split point the page
// fetches right after start-up, with the shared chunks the split loader names for it — not
// needed before the canvas works, needed before the first figures show.
try {
  const loaderFile = readdirSync(dist).find((f) => /^cloudwright-web-split-[0-9a-f]{16}\.js$/.test(f));
  const loader = readFileSync(join(dist, loaderFile), 'utf8');
  // (The loader's form: `wrapAsyncCb("analyses", makeLoad(…` since s55-unavail named each
  // split point's load for its console line; `fetch(new URL(…), { integrity })` since s55-tidy.)
  const entry = loader.match(/__wasm_split_load_analyses = wrapAsyncCb\((?:"\w+", )?makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?\n, \[([^\]]*)\]\)\);/);
  // Said, not skipped, when the loader's form changes again (the line went missing unseen once).
  if (!entry) throw new Error('no `__wasm_split_load_analyses` entry of the expected form');
  {
    const chunkFile = (v) => loader.match(new RegExp(`const ${v} = makeLoad\\(\\(\\) => \\{\\s*const src = fetch\\(new URL\\("\\./([^"]+)"`))[1];
    const files = [entry[1], ...entry[2].split(',').map((v) => v.trim()).filter(Boolean).map(chunkFile)];
    const analyses = sum(rows.filter((r) => files.includes(r.f)));
    console.log('  ' + `the page's analyses, after start-up (${files.length} files)`.padEnd(44) + kb(analyses.raw) + kb(analyses.gz) + kb(analyses.br));
    console.log('  ' + 'first visit and its analyses'.padEnd(44) + kb(first.raw + analyses.raw) + kb(first.gz + analyses.gz) + kb(first.br + analyses.br));
  }
} catch (e) {
  console.error('size report: the analyses chunk could not be read from the split loader: ' + e.message);
}
if (rows.length === 0) { console.error('size report: no .wasm/.js/.css in ' + dist); process.exit(1); }
// What the service worker keeps for offline use: every file of the build (scripts/precache.mjs).
try {
  const list = JSON.parse(readFileSync(join(dist, 'sw.js'), 'utf8').match(/const PRECACHE = (\[[\s\S]*?\n\]);/)[1].replace(/,\n\]$/, '\n]'));
  const bytes = list.reduce((s, [, , n]) => s + n, 0);
  console.log(`  precache (offline copy): ${list.length} files, ${(bytes / 1024).toFixed(1)} KB`);
} catch {
  console.error('size report: no precache list in ' + join(dist, 'sw.js'));
  process.exit(1);
}
