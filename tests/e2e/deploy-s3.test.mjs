// scripts/deploy-s3.sh (issue 16), run against a stand-in `aws` that records its calls instead
// of calling AWS: the order that keeps every visitor on one whole version (hashed assets first,
// a year immutable; other files no-cache; manifest, index.html and sw.js last), the right
// Content-Type for each file (application/wasm for .wasm), the folder prefix, the edge
// invalidation, and the refusals (bad arguments, a dist/ that is not one whole build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync, readFileSync, readdirSync, chmodSync, existsSync } from 'node:fs';
import { brotliCompressSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const work = mkdtempSync(join(tmpdir(), 'cloudwright-deploy-'));
const log = join(work, 'aws.log');
// The stand-in: one line per call, its arguments separated by tabs.
const bin = join(work, 'bin');
execFileSync('mkdir', ['-p', bin]);
writeFileSync(join(bin, 'aws'), `#!/bin/sh\nprintf '%s\\t' "$@" >> "${log}"\nprintf '\\n' >> "${log}"\n[ "$1" = cloudfront ] && echo I2EXAMPLE\nexit 0\n`);
chmodSync(join(bin, 'aws'), 0o755);

function deploy(args, dist) {
  writeFileSync(log, '');
  const r = spawnSync('bash', [resolve('scripts/deploy-s3.sh'), ...args], {
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, DIST: dist },
    encoding: 'utf8',
  });
  const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t').filter(Boolean));
  return { code: r.status, out: r.stdout, err: r.stderr, calls };
}

/** A copy of the build to deploy (the test may spoil it). */
function build() {
  assert.ok(existsSync('dist/sw.js'), 'build first: trunk build --release');
  const dist = mkdtempSync(join(work, 'dist-'));
  cpSync('dist', dist, { recursive: true });
  return dist;
}

const option = (call, name) => call[call.indexOf(name) + 1];

test('uploads hashed assets first (a year, immutable), entry points last (no-cache), with the right types', () => {
  const dist = build();
  const { code, err, calls } = deploy(['my-bucket', 'E1ABCDEF2GHIJK', 'planner'], dist);
  assert.equal(code, 0, err);
  const uploads = calls.filter((c) => c[0] === 's3' && c[1] === 'cp');
  const files = execFileSync('find', ['.', '-type', 'f'], { cwd: dist, encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => f.slice(2));
  assert.equal(uploads.length, files.length, 'every file of the build, once');
  const key = (c) => c[3].replace('s3://my-bucket/planner/', '');
  for (const c of uploads) assert.ok(c[3].startsWith('s3://my-bucket/planner/'), `into the folder: ${c[3]}`);
  const hashed = (f) => /-[0-9a-f]{16}(_bg)?\.[A-Za-z0-9]+$/.test(f);
  const order = uploads.map(key);
  const lastHashed = order.findLastIndex(hashed);
  const firstOther = order.findIndex((f) => !hashed(f));
  assert.ok(lastHashed < firstOther, 'hashed assets before anything else');
  assert.deepEqual(order.slice(-3), ['manifest.webmanifest', 'index.html', 'sw.js'], 'the entry points last, sw.js the very last');
  for (const c of uploads) {
    const f = key(c);
    assert.equal(option(c, '--cache-control'), hashed(f) ? 'public, max-age=31536000, immutable' : 'no-cache', f);
  }
  const type = Object.fromEntries(uploads.map((c) => [key(c), option(c, '--content-type')]));
  const wasm = Object.keys(type).find((f) => f.endsWith('.wasm'));
  assert.equal(type[wasm], 'application/wasm', 'wasm streams only as application/wasm');
  assert.equal(type['index.html'], 'text/html; charset=utf-8');
  assert.equal(type['sw.js'], 'text/javascript; charset=utf-8');
  assert.equal(type['manifest.webmanifest'], 'application/manifest+json');
  assert.ok(Object.entries(type).filter(([f]) => f.endsWith('.json')).every(([, t]) => t === 'application/json'));
  // Then the no-cache paths are dropped at the edge.
  const inv = calls.at(-1);
  assert.deepEqual(inv.slice(0, 2), ['cloudfront', 'create-invalidation']);
  assert.equal(option(inv, '--distribution-id'), 'E1ABCDEF2GHIJK');
  for (const p of ['/planner/', '/planner/index.html', '/planner/sw.js', '/planner/manifest.webmanifest']) assert.ok(inv.includes(p), p);
  console.log(`deploy-s3: ${uploads.length} uploads, ${order.filter(hashed).length} hashed (immutable), then an invalidation of ${inv.indexOf('--query') - inv.indexOf('--paths') - 1} paths`);
});

test('refuses bad arguments and a dist/ that is not one whole build', () => {
  const dist = build();
  for (const args of [[], ['only-bucket'], ['Bad_Bucket', 'E1ABCDEF2GHIJK'], ['my-bucket', 'not-an-id'], ['my-bucket', 'E1ABCDEF2GHIJK', '../up']]) {
    const r = deploy(args, dist);
    assert.equal(r.code, 2, `${JSON.stringify(args)}: ${r.err}`);
    assert.deepEqual(r.calls, [], 'nothing uploaded');
  }
  // A file the build did not produce (copied in later): the precache list does not name it.
  writeFileSync(join(dist, 'stray.js'), 'alert(1)');
  const r = deploy(['my-bucket', 'E1ABCDEF2GHIJK'], dist);
  assert.equal(r.code, 1);
  assert.match(r.err, /stray\.js is not in sw\.js's precache list/);
  assert.deepEqual(r.calls, [], 'nothing uploaded');
});

test('precompressed copies (x.wasm.br beside x.wasm) are neither precached nor deployed', () => {
  const dist = build();
  const wasm = readdirSync(dist).find((f) => f.endsWith('.wasm'));
  // (The bytes do not matter here: the copy is recognised by its name beside the plain file.)
  writeFileSync(join(dist, `${wasm}.br`), brotliCompressSync(Buffer.from('a stand-in for the compressed wasm')));
  writeFileSync(join(dist, 'lonely.txt.gz'), 'not a copy of anything');
  const printed = execFileSync('node', ['scripts/precache.mjs', dist], { encoding: 'utf8' });
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  assert.ok(!sw.includes(`"${wasm}.br"`), 'the .br copy is not precached');
  assert.ok(sw.includes(`"${wasm}"`) && sw.includes('"lonely.txt.gz"'), 'the wasm itself and a .gz that is no copy are');
  assert.match(printed, /^precache: \d+ files, \d+ bytes \(build [0-9a-f]{16}\)$/m);
  const { code, err, calls } = deploy(['my-bucket', 'E1ABCDEF2GHIJK'], dist);
  assert.equal(code, 0, err);
  const keys = calls.filter((c) => c[1] === 'cp').map((c) => c[3]);
  assert.ok(!keys.includes(`s3://my-bucket/${wasm}.br`) && keys.includes(`s3://my-bucket/${wasm}`) && keys.includes('s3://my-bucket/lonely.txt.gz'));
});
