// Writes precompressed copies of the build's text and wasm files, as a CDN would serve them:
// brotli (quality 11, the maximum; a build is compressed once and served many times) and gzip
// (level 9, for the few clients without brotli). Run after every release build:
//   node scripts/precompress.mjs [dist]            (scripts/serve.sh and scripts/bench.sh do)
//
// The copies go beside each file, as <path>.br and <path>.gz (the layout static servers and
// CDNs read): the service worker's precache list (scripts/precache.mjs) and the deploy script
// skip a precompressed copy beside its file, so the copies never become part of the app (a
// browser asks for the plain name; CloudFront compresses at the edge).
// scripts/serve.mjs sends a copy only when the client accepts its encoding and the copy is
// at least as new as the file (a later build without this step falls back to the plain file).
// Prints the totals: raw, gzip and brotli bytes.
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Extensions worth compressing (images such as PNG are compressed already). */
export const COMPRESSIBLE = new Set(['.wasm', '.js', '.css', '.html', '.svg', '.json', '.webmanifest', '.txt', '.ico']);
/** The copies of `<dist>/<path>`: `<path>.br` and `<path>.gz`, by encoding. */
export const ENCODINGS = [['br', '.br'], ['gzip', '.gz']];

export async function precompress(dist) {
  const rows = [];
  for (const e of await readdir(dist, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath ?? e.path, e.name);
    const path = relative(dist, full).split(sep).join('/');
    if (path.split('/').some((p) => p.startsWith('.')) || !COMPRESSIBLE.has(extname(path))) continue;
    const raw = await readFile(full);
    const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
    const gz = gzipSync(raw, { level: 9 });
    // Only a copy smaller than the file is worth sending (a larger one is removed).
    for (const [ext, body] of [['.br', br], ['.gz', gz]]) {
      if (body.length < raw.length) await writeFile(full + ext, body);
      else await rm(full + ext, { force: true });
    }
    rows.push({ path, raw: raw.length, gz: gz.length, br: br.length });
  }
  return rows.sort((a, b) => b.raw - a.raw);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2] ?? 'dist';
  if (!(await stat(join(dist, 'index.html')).catch(() => null))) {
    console.error(`precompress: no build in ${dist}/ (index.html); run: trunk build --release`);
    process.exit(1);
  }
  const rows = await precompress(dist);
  const t = rows.reduce((s, r) => ({ raw: s.raw + r.raw, gz: s.gz + r.gz, br: s.br + r.br }), { raw: 0, gz: 0, br: 0 });
  console.log(`precompressed ${rows.length} files in ${dist}/ (.br and .gz beside each): ${t.raw} bytes raw, ${t.gz} gzip, ${t.br} brotli`);
}
