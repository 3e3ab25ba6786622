// After every Trunk build (a post_build hook in Trunk.toml; TRUNK_STAGING_DIR is the build
// being assembled) — or by hand: `node scripts/precache.mjs dist` — writes sw.js, the service
// worker, from public/sw.js with
//   PRECACHE: every file the build produced (sorted; sw.js itself, dot files and precompressed
//             copies such as x.wasm.br beside x.wasm excepted), as
//             [path relative to the app's folder, SHA-256 hex, bytes], one per line;
//   BUILD:    the first 16 hex digits of the SHA-256 of that list: a new build is a new sw.js.
// The list is read from the directory, never written by hand, so it cannot go stale; the
// worker checks each digest when it installs, and scripts/deploy-s3.sh refuses a dist/ with a
// file the list does not name. Prints the precache size (files, bytes).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, relative, sep } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? 'dist';
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

async function files(root) {
  const out = [];
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const path = relative(dir, join(e.parentPath ?? e.path, e.name)).split(sep).join('/');
    if (path === 'sw.js' || path.split('/').some((part) => part.startsWith('.'))) continue;
    out.push(path);
  }
  // A precompressed copy (`x.wasm.br`, `x.js.gz` beside `x.wasm`, `x.js`) is the same file for
  // a server that negotiates Content-Encoding; the browser asks for the plain name, so only
  // that is precached.
  const all = new Set(out);
  return out.filter((p) => !PRECOMPRESSED.test(p) || !all.has(p.replace(PRECOMPRESSED, ''))).sort();
}
const PRECOMPRESSED = /\.(br|gz|zst)$/;

const entries = [];
for (const path of await files(dir)) {
  const body = await readFile(join(dir, path));
  entries.push([path, sha256(body), body.length]);
}
if (!entries.some(([p]) => p === 'index.html')) throw new Error(`precache: no index.html in ${dir}`);

const build = sha256(JSON.stringify(entries)).slice(0, 16);
const list = `[\n${entries.map((e) => `  ${JSON.stringify(e)},`).join('\n')}\n]`;
const template = await readFile(new URL('../public/sw.js', import.meta.url), 'utf8');
let sw = template;
for (const [from, to] of [["const BUILD = 'dev';", `const BUILD = '${build}';`], ['const PRECACHE = [];', `const PRECACHE = ${list};`]]) {
  if (!sw.includes(from)) throw new Error(`precache: public/sw.js has no line \`${from}\``);
  sw = sw.replace(from, () => to);
}
await writeFile(join(dir, 'sw.js'), sw);
const bytes = entries.reduce((s, [, , n]) => s + n, 0);
console.log(`precache: ${entries.length} files, ${bytes} bytes (build ${build})`);
