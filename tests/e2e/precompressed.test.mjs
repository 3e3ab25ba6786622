// The local server sends what a CDN would (issue 20): the brotli or gzip copy that
// scripts/precompress.mjs wrote after the build, with Content-Encoding and Vary, the wasm as
// application/wasm; the plain file to a client that accepts neither, or when the copy is older
// than the file. Then the real release build in Chromium:
// the wasm arrives compressed and the app starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { serve } from '../../scripts/serve.mjs';
import { precompress } from '../../scripts/precompress.mjs';
import { start, assertClean } from './harness.mjs';

/** GET with the given Accept-Encoding: { status, headers, body (raw bytes as sent) }. */
function get(port, path, acceptEncoding) {
  return new Promise((ok, fail) => {
    const headers = acceptEncoding == null ? {} : { 'accept-encoding': acceptEncoding };
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const parts = [];
      res.on('data', (c) => parts.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    }).on('error', fail).end();
  });
}

test('precompressed copies are sent by Accept-Encoding, with Content-Encoding and Vary', async () => {
  const dist = mkdtempSync(join(tmpdir(), 'cw-dist-'));
  mkdirSync(join(dist, 'icons'));
  // Compressible content: 40 KB of a repeated pattern; a PNG is not compressed again.
  const wasm = Buffer.from('\0asm'.repeat(10_000));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>x</title>' + ' '.repeat(2000));
  writeFileSync(join(dist, 'app-0123456789abcdef_bg.wasm'), wasm);
  writeFileSync(join(dist, 'icons', 'a.svg'), '<svg xmlns="http://www.w3.org/2000/svg">' + '<g/>'.repeat(500) + '</svg>');
  writeFileSync(join(dist, 'icon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  const rows = await precompress(dist);
  assert.ok(rows.some((r) => r.path === 'icons/a.svg'), 'files in folders are compressed too');
  assert.ok(!rows.some((r) => r.path === 'icon.png'), 'PNG is left alone');
  assert.ok(existsSync(join(dist, 'app-0123456789abcdef_bg.wasm.br')), 'copies beside the file');
  assert.ok(existsSync(join(dist, 'icons', 'a.svg.gz')));

  const server = await serve(dist, 0);
  const { port } = server.address();
  try {
    const br = await get(port, '/app-0123456789abcdef_bg.wasm', 'gzip, deflate, br');
    assert.equal(br.status, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers['content-type'], 'application/wasm');
    assert.equal(br.headers.vary, 'Accept-Encoding');
    assert.ok(br.body.length < wasm.length / 10, `brotli body ${br.body.length} bytes`);
    assert.deepEqual(brotliDecompressSync(br.body), wasm);

    const gz = await get(port, '/app-0123456789abcdef_bg.wasm', 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), wasm);

    const refused = await get(port, '/app-0123456789abcdef_bg.wasm', 'br;q=0, gzip;q=0');
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.deepEqual(refused.body, wasm);
    const plain = await get(port, '/app-0123456789abcdef_bg.wasm', null);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'Accept-Encoding');

    const svg = await get(port, '/icons/a.svg', 'br');
    assert.equal(svg.headers['content-encoding'], 'br');
    assert.equal(svg.headers['content-type'], 'image/svg+xml');
    const index = await get(port, '/', 'br');
    assert.equal(index.headers['content-encoding'], 'br');
    assert.match(brotliDecompressSync(index.body).toString(), /<title>x<\/title>/);
    const png = await get(port, '/icon.png', 'br');
    assert.equal(png.headers['content-encoding'], undefined);
    assert.equal(png.headers.vary, undefined);

    // A file newer than its copy (a build that was not precompressed) is sent as it is.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dist, 'index.html'), later, later);
    const fresh = await get(port, '/index.html', 'br, gzip');
    assert.equal(fresh.headers['content-encoding'], undefined);
    assert.match(fresh.body.toString(), /<title>x<\/title>/);
  } finally {
    server.close();
  }
});

test('the release build: the wasm arrives compressed and the app starts', { skip: !existsSync('dist/index.html') && 'no dist/ (trunk build --release)' }, async () => {
  await precompress('dist');
  const app = await start('dist');
  try {
    const { page, context, log } = await app.open(null);
    const encodings = {};
    page.on('response', (r) => { if (r.url().endsWith('.wasm')) encodings.wasm = r.headers()['content-encoding'] ?? 'none'; });
    await page.goto(app.origin + '/');
    await page.waitForSelector('.app', { timeout: 30_000 });
    await page.waitForSelector('g.node', { timeout: 30_000 });
    // Chromium asks loopback for br too (a secure origin); either encoding is a compressed wasm.
    assert.ok(['br', 'gzip'].includes(encodings.wasm), `wasm encoding: ${encodings.wasm}`);
    assertClean(log);
    await context.close();
  } finally {
    await app.stop();
  }
});
