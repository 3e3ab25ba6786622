// Hosting (issue 16): the built app works from a folder of a site (served here under
// /planner/, as scripts/deploy-s3.sh FOLDER does) as well as from a plain static server's
// root (every other e2e file); its Content-Security-Policy allows no inline script, and the
// hosting's response header (hosting/cloudformation.yaml) says the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { start, assertClean, shot } from './harness.mjs';

let app;
before(async () => {
  const site = mkdtempSync(join(tmpdir(), 'cloudwright-site-'));
  symlinkSync(resolve('dist'), join(site, 'planner'));
  app = await start(site, { serviceWorkers: 'allow' });
});
after(async () => { await app?.stop(); });

const metaCsp = () => readFileSync('dist/index.html', 'utf8').match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
const headerCsp = () => readFileSync('hosting/cloudformation.yaml', 'utf8').match(/ContentSecurityPolicy: "([^"]+)"/)[1];
const directives = (csp) => Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));

test('the CSP: no inline script, wasm-unsafe-eval only, the header matches the meta tag', () => {
  const meta = directives(metaCsp());
  assert.deepEqual(meta['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(meta['connect-src'], ["'self'"]);
  assert.deepEqual(meta['object-src'], ["'none'"]);
  assert.deepEqual(meta['base-uri'], ["'none'"]);
  assert.deepEqual(meta['form-action'], ["'self'"]);
  const header = directives(headerCsp());
  assert.deepEqual(header['frame-ancestors'], ["'none'"], 'the header adds frame-ancestors (a meta tag cannot)');
  delete header['frame-ancestors'];
  assert.deepEqual(header, meta, 'hosting/cloudformation.yaml sends the same policy as index.html');
  // The built page has no inline script: every <script> is a file.
  const html = readFileSync('dist/index.html', 'utf8');
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.ok(scripts.length > 0);
  for (const s of scripts) assert.match(s, /\ssrc="/, `inline script in dist/index.html: ${s}`);
  assert.doesNotMatch(html, /(href|src)="\//, 'every URL in index.html is relative (sub-path hosting)');
});

test('the hosting stack: every response header, a private bucket read through OAC, compression, cache by Cache-Control', () => {
  const yaml = readFileSync('hosting/cloudformation.yaml', 'utf8');
  const must = {
    'HSTS, two years': /StrictTransportSecurity:\s+AccessControlMaxAgeSec: 63072000/,
    nosniff: /ContentTypeOptions:\s+Override: true/,
    'no referrer': /ReferrerPolicy: no-referrer/,
    'no framing': /FrameOption: DENY/,
    'the policy on the behaviour': /ResponseHeadersPolicyId: !Ref SecurityHeadersPolicy/,
    'no public bucket': /BlockPublicAcls: true\s+BlockPublicPolicy: true\s+IgnorePublicAcls: true\s+RestrictPublicBuckets: true/,
    'Origin Access Control': /OriginAccessControlId: !GetAtt OriginAccessControl.Id/,
    'HTTPS only': /ViewerProtocolPolicy: redirect-to-https/,
    compression: /Compress: true/,
    'gzip and brotli in the cache key': /EnableAcceptEncodingGzip: true\s+EnableAcceptEncodingBrotli: true/,
    'each object\'s Cache-Control honoured (no-cache revalidates)': /MinTTL: 0/,
  };
  for (const [what, re] of Object.entries(must)) assert.match(yaml, re, what);
});

test('served from /planner/: the app starts, opens a template, its worker serves that folder only, and its share links open there', async () => {
  const { page, context, log } = await app.open('/planner/');
  await page.waitForSelector('g[data-node]');
  // The logo (a relative image) is there.
  assert.ok(await page.$eval('.brand img', (i) => i.complete && i.naturalWidth > 0), 'the logo loads from the folder');
  // A template, fetched relative to the page.
  await page.click('#designs');
  await page.click('li[data-template="serverless-api.json"] button');
  await page.waitForFunction(() => document.querySelector('.design-name')?.textContent.includes('Serverless'));
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, `${app.origin}/planner/`);
  await shot(page, 'hosting-planner');
  // A share link made in the folder opens in the folder.
  await page.click('#copy-link');
  await page.waitForSelector('#share-link');
  const link = await page.inputValue('#share-link');
  assert.ok(link.startsWith(`${app.origin}/planner/#d=`), link.slice(0, 60));
  await page.click('#share-close');
  const other = await app.open(null);
  await other.page.goto(link);
  await other.page.waitForSelector('.banner.shared #keep-copy');
  assert.match(await other.page.textContent('.design-name'), /Serverless/);
  assertClean(other.log);
  await other.context.close();
  assertClean(log);
  await context.close();
});

test('an injected inline handler does not run: the policy blocks it', async () => {
  const { page, context, log } = await app.open('/planner/');
  const blocked = await page.evaluate(() => new Promise((ok) => {
    document.addEventListener('securitypolicyviolation', (e) => ok(e.violatedDirective), { once: true });
    document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="window.__pwned = 1" onload="window.__pwned = 1">');
    setTimeout(() => ok(null), 2000);
  }));
  assert.match(String(blocked), /^script-src/);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual([log.pageErrors, log.foreign], [[], []]);
  await context.close();
});
