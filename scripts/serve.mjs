// A tiny static file server for dist/, on loopback only. Used by `scripts/serve.sh` and by the
// end-to-end tests, so both serve the app exactly the same way (including the wasm MIME type
// that streaming compilation needs).
// Like a CDN, it sends the precompressed copy scripts/precompress.mjs wrote after the build
// (<path>.br or <path>.gz beside the file) when the request accepts that encoding, with
// `Content-Encoding` and `Vary: Accept-Encoding`; brotli first, then gzip, else the file as is.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPRESSIBLE, ENCODINGS } from './precompress.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8', '.ico': 'image/x-icon',
};

/** The encodings a request accepts, from its Accept-Encoding header (q=0 refuses one). */
export function accepted(header = '') {
  const ok = new Set();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';').map((x) => x.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) ok.add(name);
  }
  return ok;
}

/** The precompressed copy of `file` to send for a request accepting `encodings`, if any:
 *  [encoding, path of the copy]. A copy older than the file (a later build that was not
 *  precompressed) is never sent. */
async function precompressed(file, encodings) {
  if (!COMPRESSIBLE.has(extname(file))) return null;
  const plain = await stat(file);
  for (const [enc, ext] of ENCODINGS) {
    if (!encodings.has(enc) && !encodings.has('*')) continue;
    const copy = file + ext;
    const s = await stat(copy).catch(() => null);
    if (s?.isFile() && s.mtimeMs >= plain.mtimeMs) return [enc, copy];
  }
  return null;
}

export function serve(root, port = 0, host = '127.0.0.1') {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(base, path));
      if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
      if (COMPRESSIBLE.has(extname(file))) headers.vary = 'Accept-Encoding';
      const copy = await precompressed(file, accepted(req.headers['accept-encoding']));
      if (copy) headers['content-encoding'] = copy[0];
      const body = await readFile(copy ? copy[1] : file);
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? 'dist';
  const port = Number(process.argv[3] ?? 8080);
  const server = await serve(root, port);
  const { port: p } = server.address();
  console.log(`Cloudwright is being served at http://127.0.0.1:${p}/  (Ctrl+C to stop)`);
}
