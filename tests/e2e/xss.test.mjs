// User text is text (issue 16): classic injection payloads (tests/e2e/fixtures/xss-payloads.json:
// markup with handlers, </svg><script>, javascript: URLs, CSS injection, RTL overrides,
// 100 KB strings) as a design's name and labels, imported from a file and typed in the
// inspector: no dialog opens, no script runs, no element is injected, nothing is fetched
// from elsewhere, and the text shows literally — in the app and in the exported SVG opened
// on its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { start, shot, centre } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const PAYLOADS = JSON.parse(readFileSync('tests/e2e/fixtures/xss-payloads.json', 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'cloudwright-xss-'));

/** Records dialogs (and dismisses them) on a page. */
function watchDialogs(page) {
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  return dialogs;
}

/** Nothing ran and nothing was injected into the page. */
async function inert(page) {
  await page.waitForTimeout(800); // time for an onerror/onload/onbegin to fire
  return page.evaluate(() => ({
    xss: window.__xss ?? null,
    scripts: document.scripts.length,
    injected: document.querySelectorAll('body script, body iframe, body object, body embed, body style, body base, body form, body img[src="x"], body math').length,
    handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
  }));
}
const CLEAN = { xss: null, scripts: 1, injected: 0, handlers: [] };

test('payloads imported from a file: shown literally, inert, also in the exported SVG on its own', async () => {
  assert.ok(PAYLOADS.length >= 20);
  const { page, context, log } = await app.open('/');
  const dialogs = watchDialogs(page);
  const design = JSON.parse(readFileSync('templates/three-tier.json', 'utf8'));
  const ids = Object.keys(design.nodes).sort();
  assert.ok(ids.length >= PAYLOADS.length);
  design.name = PAYLOADS[0];
  PAYLOADS.forEach((p, i) => { design.nodes[ids[i]].label = p; });
  const file = join(dir, 'payloads.json');
  writeFileSync(file, JSON.stringify(design));
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#import')]);
  await chooser.setFiles(file);
  await page.waitForFunction((n) => document.querySelector('.design-name')?.textContent === n, PAYLOADS[0]);
  for (const [i, p] of PAYLOADS.entries()) {
    const shown = await page.textContent(`g[data-node="${ids[i]}"] text.label`);
    assert.equal(shown, p, `payload ${i} shows literally on the canvas`);
  }
  await shot(page, 'xss-imported');
  assert.deepEqual(await inert(page), CLEAN);
  assert.deepEqual(dialogs, []);

  // The exported SVG, opened on its own (a file, outside the app and its CSP).
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
  const svgPath = join(dir, 'export.svg');
  await dl.saveAs(svgPath);
  const plain = await app.browser.newContext();
  const viewer = await plain.newPage();
  const svgDialogs = watchDialogs(viewer);
  const requests = [];
  viewer.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
  await viewer.goto(pathToFileURL(svgPath).href);
  await viewer.waitForTimeout(800);
  const svg = await viewer.evaluate(() => ({
    root: document.documentElement.tagName,
    parseError: document.querySelector('parsererror') !== null,
    xss: window.__xss ?? null,
    active: document.querySelectorAll('script, foreignObject, iframe, object, embed, animate, set, style').length,
    handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
    links: [...document.querySelectorAll('[href]')].map((e) => e.getAttribute('href')).filter((h) => !h.startsWith('data:') && !h.startsWith('#')),
    // Each label as drawn: a component's label is wrapped at spaces into <tspan> lines.
    labels: [...document.querySelectorAll('text')].map((t) => {
      const lines = [...t.querySelectorAll('tspan')].map((l) => l.textContent);
      return lines.length ? lines.join(' ') : t.textContent;
    }),
  }));
  assert.equal(svg.root, 'svg');
  assert.equal(svg.parseError, false, 'the SVG is well-formed XML');
  assert.deepEqual([svg.xss, svg.active, svg.handlers, svg.links], [null, 0, [], []]);
  const words = (t) => t.split(' ').filter(Boolean).join(' '); // wrapping drops the spaces it breaks at
  // Wrapped lines keep the space they break at (so the SVG's text reads as the label), so
  // both sides are compared word by word.
  const drawn = svg.labels.map(words);
  for (const [i, p] of PAYLOADS.entries()) assert.ok(drawn.includes(words(p)), `payload ${i} is text in the SVG: ${JSON.stringify(words(p)).slice(0, 80)}`);
  await viewer.screenshot({ path: 'test-output/screenshots/xss-export-svg.png' });
  assert.deepEqual([svgDialogs, requests], [[], []]);
  await plain.close();

  assert.deepEqual([log.pageErrors, log.consoleErrors, log.foreign], [[], [], []]);
  await context.close();
});

test('payloads typed as a label in the inspector: shown literally, inert', async () => {
  const { page, context, log } = await app.open('/');
  const dialogs = watchDialogs(page);
  const node = await page.locator('g[data-node="app-a"] .hit').boundingBox();
  await page.mouse.click(centre(node).x, centre(node).y);
  const input = page.locator('.inspector label.field', { hasText: 'Label' }).locator('input').first();
  for (const [i, p] of PAYLOADS.entries()) {
    await input.fill(p);
    await input.press('Tab');
    assert.equal(await page.textContent('g[data-node="app-a"] text.label'), p, `payload ${i} typed shows literally`);
    if (i === 0) await shot(page, 'xss-typed');
  }
  assert.deepEqual(await inert(page), CLEAN);
  assert.deepEqual(dialogs, []);
  assert.deepEqual([log.pageErrors, log.consoleErrors, log.foreign], [[], [], []]);
  await context.close();
});
