// After every Trunk build (a post_build hook in Trunk.toml, before precache.mjs): splits the
// app's wasm so the code of the views a first visit does not show is fetched on first use
// (issue 20; src/on_demand.rs, ARCHITECTURE.md "Code fetched on first use").
//
// Trunk cannot split: it runs wasm-bindgen and wasm-opt on the whole linked wasm. The split
// must happen before wasm-bindgen (the splitter reads the linker's relocations, kept by
// crates/cloudwright-web/build.rs), so this hook starts again from the linked wasm in the
// cargo target directory and replaces the app's two files that Trunk wrote:
//   1. wasm-split-cli (crate wasm_split_cli_support, pinned in scripts/setup.sh) cuts the
//      linked wasm at every `#[wasm_split]` function: the main module, one `split_<name>.wasm`
//      per split point, `chunk_<n>.wasm` for code several split points share, and the JS
//      loader `__wasm_split.js` that fetches and instantiates them on first call;
//   2. wasm-bindgen (the version Trunk uses) makes the main module's JS glue, keeping the
//      exports the chunks link against (--keep-lld-exports);
//   3. wasm-opt -Oz (release builds) on the main module and on every chunk (`optimise`);
//   4. every file gets a content-hashed name (`<name>-<16 hex>`, the form deploy-s3.sh caches
//      for a year), the JS files name each other by those names, and index.html's boot tag
//      (data-js, data-wasm) and preload links (href, sha384 integrity) point at the new files;
//      the loader is preloaded too, so it arrives with the glue that imports it.
// All files stay JS modules and fetches of the page's own origin: the Content-Security-Policy
// (script-src 'self' 'wasm-unsafe-eval') needs nothing new. precache.mjs, which runs next,
// lists the chunks for the service worker like every other file, so they work offline.
//
// By hand (a dist/ built by Trunk): node scripts/wasm-split.mjs dist [release|debug]
// (WASM_SPLIT_NAMES=1: keep the wasm's function names, for a CPU profile; see step 3)
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const APP = 'cloudwright-web';
const dist = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? 'dist';
const profile = process.env.TRUNK_PROFILE ?? process.argv[3] ?? 'release';
const release = profile === 'release';

// The npm package's wasm-opt (binaryen 132, as Trunk uses), else the one on PATH.
const localOpt = new URL('../node_modules/.bin/wasm-opt', import.meta.url).pathname;
const WASM_OPT = existsSync(localOpt) ? localOpt : 'wasm-opt';
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const sha = (alg, buf) => createHash(alg).update(buf).digest();
const hex16 = (buf) => sha('sha256', buf).toString('hex').slice(0, 16);
const sri = (buf) => 'sha384-' + sha('sha384', buf).toString('base64');

// The tools, checked before any work, with what to do when one is missing or another version
// (review s36 R6: a machine without the splitter stopped on a bare ENOENT stack trace).
function tool(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.code === 'ENOENT') throw new Error(`wasm-split: ${cmd} is not installed (or not on PATH): run scripts/setup.sh, which installs the pinned version`);
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}
tool('wasm-split-cli', ['--help']);
const lock = readFileSync(new URL('../Cargo.lock', import.meta.url), 'utf8');
const bindgenWanted = lock.match(/\nname = "wasm-bindgen"\nversion = "([^"]+)"/)?.[1];
const bindgenHave = tool('wasm-bindgen', ['--version']).trim().split(/\s+/).pop();
if (bindgenWanted && bindgenHave !== bindgenWanted) {
  throw new Error(`wasm-split: wasm-bindgen ${bindgenHave} on PATH, but Cargo.lock has ${bindgenWanted}: run scripts/setup.sh`);
}
// The linked wasm is found by the profile's directory, so a cargo profile Trunk was told to use
// for the app (data-cargo-profile, data-cargo-profile-release/-debug on its <link>) would leave
// this step splitting another, stale wasm without a word (review s36 R7): refused instead.
const appLink = readFileSync(new URL('../index.html', import.meta.url), 'utf8')
  .match(/<link[^>]*data-bin="cloudwright-web"[^>]*>/)?.[0] ?? '';
if (/data-cargo-profile/.test(appLink)) {
  throw new Error('wasm-split: the app\'s <link> in index.html names a cargo profile; this step reads target/wasm32-unknown-unknown/{release,debug} only — teach it the profile\'s directory first');
}
// Trunk passes --keep-debug, --no-demangle, --reference-types and --weak-refs to wasm-bindgen
// only for data-* attributes on the app's <link>; this step runs wasm-bindgen itself, without
// them, so such an attribute would silently do nothing (review s36 R9): refused until passed on.
const bindgenFlags = appLink.match(/data-(keep-debug|no-demangle|reference-types|weak-refs)\b/);
if (bindgenFlags) {
  throw new Error(`wasm-split: the app's <link> in index.html sets ${bindgenFlags[0]}, which this step's own wasm-bindgen run does not pass on: add it to step 2 first`);
}

/**
 * wasm-opt -Oz on the main module and on every chunk, in place. The main module (what a first
 * visit downloads) goes through the wasm-opt command, as Trunk would run it; the chunks (125 of
 * them) through binaryen's JS API in this process, while the command runs beside it on the
 * other core. Why: the npm package's wasm-opt is binaryen compiled to wasm, which node compiles
 * afresh at every start, ~1.6 s of CPU, so one command per chunk took 245 s of a release build
 * on 2 cores and this takes ~40 s (BENCHMARKS.md, s60-ci). The API runs the same passes
 * (optimise level 2, shrink level 2, the module's own features); its output is not byte for
 * byte the command's (+1.4 KB brotli over all 125 chunks, +0.2%: it keeps a few blocks the
 * command folds), so the main module, whose size is the first visit's, stays on the command.
 * Each chunk is validated after the passes; an invalid one stops the build.
 */
async function optimise(main, chunks, keepNames) {
  const g = keepNames ? ['-g'] : [];
  const command = new Promise((resolve, reject) => {
    const child = spawn(WASM_OPT, ['-Oz', ...g, main, '-o', main], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`wasm-split: wasm-opt -Oz ${main} exited with ${code}`))));
  });
  const api = new URL('../node_modules/binaryen/index.js', import.meta.url);
  if (!existsSync(api)) {
    // No npm package (a wasm-opt found on PATH instead): the command for every chunk too.
    for (const f of chunks) run(WASM_OPT, ['-Oz', ...g, f, '-o', f]);
    return command;
  }
  const { default: binaryen } = await import(api);
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(2);
  binaryen.setDebugInfo(keepNames);
  for (const f of chunks) {
    const module = binaryen.readBinary(readFileSync(f));
    try {
      module.optimize();
      if (!module.validate()) throw new Error(`wasm-split: binaryen's optimisation of ${f} is not a valid module`);
      writeFileSync(f, module.emitBinary());
    } finally {
      module.dispose();
    }
  }
  return command;
}

const targetDir = process.env.CARGO_TARGET_DIR
  ?? JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { encoding: 'utf8' })).target_directory;
const linked = join(targetDir, 'wasm32-unknown-unknown', release ? 'release' : 'debug', `${APP}.wasm`);
if (!existsSync(linked)) throw new Error(`wasm-split: no linked wasm at ${linked}`);

const work = mkdtempSync(join(tmpdir(), 'cw-split-'));
try {
  // 1. Split. The loader imports the glue as ./cloudwright-web.js; the main module imports the
  //    loader as ./__wasm_split.js. Both are renamed in step 4.
  const split = join(work, 'split');
  run('wasm-split-cli', [linked, split, '--out-name', APP]);
  // 2. The glue, for the main module only (the chunks need none: they link against its exports).
  const bg = join(work, 'bg');
  run('wasm-bindgen', ['--target=web', '--keep-lld-exports', '--no-typescript', `--out-dir=${bg}`, `--out-name=${APP}`, join(split, `${APP}.wasm`)]);
  const chunks = readdirSync(split).filter((f) => f.endsWith('.wasm') && f !== `${APP}.wasm`).sort();
  // 3. Optimise each module as Trunk would (data-wasm-opt="z" for the app before the split).
  const wasmFiles = [join(bg, `${APP}_bg.wasm`), ...chunks.map((c) => join(split, c))];
  //    WASM_SPLIT_NAMES=1 keeps the function names through wasm-opt (`-g`; wasm-bindgen keeps
  //    them by default) so a CPU profile of a release build names its wasm frames; the same
  //    optimisation, a bigger file: for profiling only, never for a shipped build.
  const keepNames = Boolean(process.env.WASM_SPLIT_NAMES);
  if (release) await optimise(wasmFiles[0], wasmFiles.slice(1), keepNames);

  // 4. Hashed names, then the cross references.
  const out = {};
  const renamed = new Map();
  for (const c of chunks) {
    const body = readFileSync(join(split, c));
    const name = `${APP}-${c.replace(/\.wasm$/, '').replace(/_/g, '-')}-${hex16(body)}.wasm`;
    renamed.set(c, name);
    out[name] = body;
  }
  let loader = readFileSync(join(split, '__wasm_split.js'), 'utf8');
  // A chunk's fetch starts before its dependencies' loads are awaited; when one of those fails
  // first (offline, a chunk gone), the load rejects without ever awaiting this fetch, whose
  // own rejection then escaped as an uncaught "TypeError: Failed to fetch" page error beside
  // the app's message (QA s36 F2). Marked as handled here; awaiting it still rejects.
  const fetches = loader.match(/const src = fetch\([^;]*\);/g) ?? [];
  if (fetches.length !== chunks.length) throw new Error(`wasm-split: the loader has ${fetches.length} chunk fetches for ${chunks.length} chunks: its form changed, check the F2 guard`);
  loader = loader.replace(/(const src = fetch\([^;]*\);)/g, '$1\n    src.catch(() => {});');
  // A load that fails is said once, in one line naming the part of the app and why (QA s37
  // F6: `console.error(e)` printed "TypeError: Failed to fetch" with the loader's stack, which
  // reads as a crash). Its words are the app's (QA s55 G8: it said "opening it again tries
  // again" where the figures say reload): the app says so where the part is needed, with
  // what tries again there (a Retry, the same click again), and a reload always does, the
  // design kept. Each split point's load passes its name to the callback wrapper.
  const errorLine = '            console.error(e);';
  if (!loader.includes(`function wrapAsyncCb(callee) {`) || loader.split(errorLine).length !== 2) throw new Error('wasm-split: the loader\'s wrapAsyncCb changed, check the F6 line');
  loader = loader.replace('function wrapAsyncCb(callee) {', 'function wrapAsyncCb(name, callee) {');
  loader = loader.replace(errorLine, '            console.warn(`Cloudwright: the code of "${name}" could not be fetched (${e && e.message ? e.message : e}). The app says so where it is needed, with what tries again there; reloading the page (the design is kept) does too.`);');
  const wrapped = loader.match(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(/g) ?? [];
  if (wrapped.length === 0 || (loader.match(/wrapAsyncCb\(/g) ?? []).length !== wrapped.length + 1) throw new Error('wasm-split: not every wrapAsyncCb call is a split point\'s load, check the F6 names');
  loader = loader.replace(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(/g, 'export const __wasm_split_load_$1 = wrapAsyncCb("$1", ');
  for (const [from, to] of renamed) {
    const quoted = `"./${from}"`;
    if (!loader.includes(quoted)) throw new Error(`wasm-split: the loader never names ${from}`);
    loader = loader.replaceAll(quoted, `"./${to}"`);
    // Subresource integrity for each chunk's fetch, as the glue, the main wasm and the loader
    // have theirs (review s36 R11: a wrong or partial chunk under the right name was compiled
    // unchecked). SHA-256, not Trunk's SHA-384: the loader is preloaded on the first visit and
    // its hashes do not compress, so the shorter hash costs ~1 KB less there (BENCHMARKS.md,
    // s55-tidy). A fetch with integrity resolves once the whole body is checked, so a chunk is
    // compiled after its download rather than during it.
    const call = new RegExp(`fetch\\(new URL\\("\\./${to.replace(/[.]/g, '\\.')}", import\\.meta\\.url\\)\\)`, 'g');
    const integrity = 'sha256-' + sha('sha256', out[to]).toString('base64');
    if (!call.test(loader)) throw new Error(`wasm-split: the loader's fetch of ${to} has another form: check the integrity step`);
    loader = loader.replace(call, (m) => `${m.slice(0, -1)}, { integrity: "${integrity}" })`);
  }
  let glue = readFileSync(join(bg, `${APP}.js`), 'utf8');
  const mainWasm = readFileSync(join(bg, `${APP}_bg.wasm`));
  // The glue and the loader import each other, so neither name can hash the other's final
  // text: both take one hash of everything this step produced (any change renames both).
  const h = hex16(Buffer.concat([mainWasm, Buffer.from(glue), Buffer.from(loader)]));
  const names = { js: `${APP}-${h}.js`, wasm: `${APP}-${h}_bg.wasm`, loader: `${APP}-split-${h}.js` };
  const swapImport = (text, from, to, what) => {
    const re = new RegExp(`(from\\s*)(["'])${from.replace(/[.]/g, '\\.')}\\2`, 'g');
    if (!re.test(text)) throw new Error(`wasm-split: ${what} has no import from ${from}`);
    return text.replace(re, `$1$2${to}$2`);
  };
  loader = swapImport(loader, `./${APP}.js`, `./${names.js}`, 'the loader');
  glue = swapImport(glue, './__wasm_split.js', `./${names.loader}`, 'the glue');
  // The glue's default path of its wasm (unused: boot.js passes the path) names the new file too.
  glue = glue.replaceAll(`${APP}_bg.wasm`, names.wasm);
  out[names.js] = Buffer.from(glue);
  out[names.wasm] = mainWasm;
  out[names.loader] = Buffer.from(loader);

  // index.html: Trunk's names for the app's two files become the new ones.
  const indexPath = join(dist, 'index.html');
  let html = readFileSync(indexPath, 'utf8');
  const tag = html.match(/<script[^>]*data-js="([^"]*)"[^>]*data-wasm="([^"]*)"[^>]*><\/script>/);
  if (!tag) throw new Error('wasm-split: index.html has no boot tag with data-js and data-wasm');
  const base = (p) => p.replace(/^.*\//, '');
  const oldJs = base(tag[1]);
  const oldWasm = base(tag[2]);
  for (const [old, now] of [[oldJs, names.js], [oldWasm, names.wasm]]) {
    // A preload link's integrity describes the old file: drop it with the name, set it anew below.
    html = html.replace(new RegExp(`(<link[^>]*href="[^"]*)${old.replace(/[.]/g, '\\.')}("[^>]*>)`, 'g'), (m, a, b) => (a + now + b).replace(/\s*integrity="[^"]*"/, ''));
    html = html.replaceAll(old, now);
    unlinkSync(join(dist, old));
  }
  const withIntegrity = (name) => {
    html = html.replace(new RegExp(`<link([^>]*href="[^"]*${name.replace(/[.]/g, '\\.')}")`), `<link integrity="${sri(out[name])}"$1`);
  };
  withIntegrity(names.js);
  withIntegrity(names.wasm);
  // The loader is imported by the glue: preload it with the glue (no extra round trip).
  const jsLink = html.match(new RegExp(`<link[^>]*href="([^"]*)${names.js.replace(/[.]/g, '\\.')}"[^>]*>`));
  if (jsLink) {
    const preload = `<link rel="modulepreload" href="${jsLink[1]}${names.loader}" crossorigin="anonymous" integrity="${sri(out[names.loader])}">`;
    html = html.replace(jsLink[0], `${jsLink[0]}\n${preload}`);
  }
  // The glue's inline JS snippets (wasm_bindgen(inline_js)): Trunk's copies, preloaded with their
  // integrity, must be the very files this glue imports.
  const snippets = join(bg, 'snippets');
  if (existsSync(snippets)) {
    for (const e of readdirSync(snippets, { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const rel = join(e.parentPath ?? e.path, e.name).slice(bg.length + 1);
      const ours = readFileSync(join(bg, rel));
      const trunks = existsSync(join(dist, rel)) ? readFileSync(join(dist, rel)) : null;
      if (!trunks || !ours.equals(trunks)) throw new Error(`wasm-split: ${rel} differs from Trunk's copy`);
    }
  }
  for (const [name, body] of Object.entries(out)) writeFileSync(join(dist, name), body);
  writeFileSync(indexPath, html);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`wasm-split: ${names.wasm} ${kb(mainWasm.length)}; ${chunks.length} chunks fetched on first use: ${[...renamed.values()].map((n) => `${n} ${kb(out[n].length)}`).join(', ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
