// Writes precompressed copies of the build's text and wasm files, as a CDN would serve them:
// brotli (quality 11, the maximum; a build is compressed once and served many times) and gzip
// (level 9, for the few clients without brotli). Run after every release build:
//   node scripts/precompress.mjs [dist]            (scripts/serve.sh and scripts/bench.sh do)
//
// The copies go to <dist>/.precompressed/<path>.br and .gz, apart from the build itself: the
// service worker's precache list (scripts/precache.mjs) and the deploy script's check that
// every file is in that list both skip dot paths, so the copies never become part of the app.
// scripts/serve.mjs sends a copy only when the client accepts its encoding and the copy is
// at least as new as the file (a later build without this step falls back to the plain file).
// Prints one line per file: raw, gzip and brotli bytes.
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Extensions worth compressing (images such as PNG are compressed already). */
export const COMPRESSIBLE = new Set(['.wasm', '.js', '.css', '.html', '.svg', '.json', '.webmanifest', '.txt', '.ico']);
/** Where the copies of `<dist>/<path>` live: `<dist>/.precompressed/<path>.br|.gz`. */
export const STORE = '.precompressed';

export async function precompress(dist) {
  await rm(join(dist, STORE), { recursive: true, force: true });
  const rows = [];
  for (const e of await readdir(dist, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath ?? e.path, e.name);
    const path = relative(dist, full).split(sep).join('/');
    if (path.split('/').some((p) => p.startsWith('.')) || !COMPRESSIBLE.has(extname(path))) continue;
    const raw = await readFile(full);
    const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
    const gz = gzipSync(raw, { level: 9 });
    const out = join(dist, STORE, path);
    await mkdir(dirname(out), { recursive: true });
    // Only a copy smaller than the file is worth sending.
    if (br.length < raw.length) await writeFile(out + '.br', br);
    if (gz.length < raw.length) await writeFile(out + '.gz', gz);
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
  console.log(`precompressed ${rows.length} files into ${join(dist, STORE)}/: ${t.raw} bytes raw, ${t.gz} gzip, ${t.br} brotli`);
}
