// User text is text (issue 16): classic injection payloads (tests/e2e/fixtures/xss-payloads.json:
// markup with handlers, </svg><script>, javascript: URLs, CSS injection, direction overrides,
// 100 KB strings) in every piece of free text a design holds — its name, component labels,
// connection labels, suppression reasons, scenario names, CloudFront path rules (the model has
// no "notes" field) — imported from a file and typed in the UI. Everywhere they show (canvas,
// side panels, presentation, the report in its sandboxed frame, the downloaded report HTML and
// Markdown, the exported SVG opened on its own, a design opened from a shared link): no dialog
// opens, no script runs, no element is injected, nothing is fetched from elsewhere, and the text
// shows literally — except that a direction-override character (U+202A–U+202E, U+2066–U+2069)
// is drawn as a visible mark such as ⟨RLO⟩ (the engine's text::reveal_bidi), so it cannot make
// "invoice‮fdp.exe" read as "invoiceexe.pdf". No text node of the page holds one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { start, assertClean, shot, centre } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const PAYLOADS = JSON.parse(readFileSync('tests/e2e/fixtures/xss-payloads.json', 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'cloudwright-xss-'));

/** The directional formatting characters and the marks the app draws for them (text::BIDI_CONTROLS). */
const BIDI = { '\u202a': 'LRE', '\u202b': 'RLE', '\u202c': 'PDF', '\u202d': 'LRO', '\u202e': 'RLO', '\u2066': 'LRI', '\u2067': 'RLI', '\u2068': 'FSI', '\u2069': 'PDI' };
const BIDI_RE = /[\u202a-\u202e\u2066-\u2069]/g;
/** User text as the app and the exports show it (text::reveal_bidi). */
const shown = (s) => s.replace(BIDI_RE, (c) => `\u27e8${BIDI[c]}\u27e9`);
/** Markdown as the report writes user text (text::md_escape after reveal_bidi). */
const md = (s) => shown(s).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g, ' ').replace(/[\\`*_[\]<>#|~&!]/g, '\\$&');
// A label as the diagram draws it: at most 160 characters, then "…" (engine
// diagram::geometry::drawn_label); the design, the inspector and the panels keep it whole.
const asDrawn = (s) => { const t = shown(s); const cs = [...t]; return cs.length > 160 ? `${cs.slice(0, 160).join('').trimEnd()}\u2026` : t; };
const words = (t) => t.split(/\s+/).filter(Boolean).join(' '); // wrapping drops the spaces it breaks at
// A component's label on the canvas and in the SVG export is also drawn on three lines at most,
// the last ending with "…" (diagram::geometry::label_lines, qa23 #2): what is drawn is the label
// as drawn, or its beginning then "…" — literal text either way.
const drawnAs = (seen, p) => {
  const whole = words(asDrawn(p)), t = words(seen ?? '');
  if (t === whole) return true;
  // Cut to its frame: a component's label at its end, a container's in the middle (its start,
  // "…", its end: `geometry::container_label_text`).
  const at = t.indexOf('\u2026');
  if (at < 0 || t.length <= 10) return false;
  const head = t.slice(0, at).trimEnd(), tail = t.slice(at + 1).trimStart();
  return whole.startsWith(head) && whole.endsWith(tail);
};
const hasBidi = (s) => /[\u202a-\u202e\u2066-\u2069]/.test(s);

/** Scenario names are at most 60 characters (fields::MAX_SCENARIO_NAME); the direction overrides first. */
const SHORT = [...PAYLOADS.filter(hasBidi), ...PAYLOADS.filter((p) => !hasBidi(p))].filter((p) => [...p].length <= 60);

/** Records dialogs (and dismisses them) on a page; `answer` replies to an expected prompt. */
function watchDialogs(page) {
  const dialogs = [];
  const w = { dialogs, answer: null };
  page.on('dialog', (d) => {
    if (d.type() === 'prompt' && w.answer !== null) { d.accept(w.answer).catch(() => {}); w.answer = null; return; }
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  return w;
}

/** Nothing ran and nothing was injected into the page. */
async function inert(page) {
  await page.waitForTimeout(800); // time for an onerror/onload/onbegin to fire
  return page.evaluate(() => ({
    xss: window.__xss ?? null,
    scripts: document.scripts.length,
    injected: document.querySelectorAll('body script, body iframe:not(#report-frame), body object, body embed, body style, body base, body form, body img[src="x"], body math, body link').length,
    handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
  }));
}
const CLEAN = { xss: null, scripts: 1, injected: 0, handlers: [] };

/**
 * Text nodes and title attributes of a document that hold a directional formatting character
 * (the text a user reads; input values are what they typed and stay as typed).
 */
const bidiLeftIn = (doc) => {
  const re = /[\u202a-\u202e\u2066-\u2069]/;
  const out = [];
  const walk = doc.createTreeWalker(doc.documentElement, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (n.parentElement?.closest('textarea')) continue;
    if (re.test(n.data)) out.push(`${n.parentElement?.tagName}.${n.parentElement?.className?.baseVal ?? n.parentElement?.className}: ${JSON.stringify(n.data.slice(0, 60))}`);
  }
  for (const e of doc.querySelectorAll('[title]')) if (re.test(e.getAttribute('title'))) out.push(`${e.tagName}[title]: ${JSON.stringify(e.getAttribute('title').slice(0, 60))}`);
  return out;
};
async function bidiLeft(page) {
  return page.evaluate(`(${bidiLeftIn})(document)`);
}

/**
 * three-tier with a payload in every free-text field: the design's name, each component's
 * label, each connection's label, a suppression reason on every component (rule "*": every
 * finding on it; four of them have SSH open to the world, so those findings show the reason),
 * nine scenarios (the most a design keeps) and CloudFront path rules.
 */
function payloadDesign() {
  const d = JSON.parse(readFileSync('templates/three-tier.json', 'utf8'));
  const ids = Object.keys(d.nodes).sort();
  assert.ok(ids.length >= PAYLOADS.length);
  d.name = PAYLOADS[0];
  ids.forEach((id, i) => { d.nodes[id].label = PAYLOADS[i % PAYLOADS.length]; });
  Object.keys(d.connections).sort().forEach((id, i) => { d.connections[id].label = PAYLOADS[(i + 7) % PAYLOADS.length]; });
  const reasons = {};
  ids.forEach((id, i) => { reasons[id] = PAYLOADS[(i + 11) % PAYLOADS.length]; });
  // The components whose findings show a reason: the direction override, markup, a 100 KB string.
  // (three-tier draws its ECS service once, spanning the AZs: `app`; the ALB too: `alb`.)
  Object.assign(reasons, { app: PAYLOADS.find((p) => p.includes('\u202e')), alb: PAYLOADS[0], db: PAYLOADS.find((p) => p.length >= 100_000) });
  for (const id of ids) d.nodes[id].suppressions = [{ rule: '*', reason: reasons[id] }];
  for (const id of ['app', 'alb', 'db']) d.nodes[id].ingress = [{ port: 22, cidr: '0.0.0.0/0' }];
  d.scenarios = SHORT.slice(0, 9).map((name, i) => ({ id: `s${i + 1}`, name, traffic_multiplier: i + 2 }));
  d.nodes.cdn.props.path_origins = [`${PAYLOADS[4]} -> assets`, '/* -> alb', PAYLOADS[5]];
  return { design: d, ids, reasons };
}

async function importFile(page, design, name) {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(design));
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#import')]);
  await chooser.setFiles(file);
  await page.waitForFunction((n) => document.querySelector('.design-name')?.textContent === n, shown(design.name));
}

/** Each component's label as drawn on the canvas equals the payload as shown. */
async function canvasShowsLabels(page, ids) {
  for (const [i, id] of ids.entries()) {
    const p = PAYLOADS[i % PAYLOADS.length];
    const seen = await page.textContent(`g[data-node="${id}"] text.label`);
    assert.ok(drawnAs(seen, p), `label ${i} shows literally on the canvas: ${JSON.stringify(seen)} for ${JSON.stringify(asDrawn(p))}`);
  }
}

/** Opens an HTML or SVG file on its own (file://, no app, no CSP) and reads what it shows. */
async function openOnItsOwn(path) {
  const plain = await app.browser.newContext();
  const viewer = await plain.newPage();
  const w = watchDialogs(viewer);
  const requests = [];
  viewer.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
  await viewer.goto(pathToFileURL(path).href);
  await viewer.waitForTimeout(800);
  const seen = await viewer.evaluate(`(() => ({
    root: document.documentElement.tagName,
    parseError: document.querySelector('parsererror') !== null,
    xss: window.__xss ?? null,
    active: document.querySelectorAll('script, foreignObject, iframe, object, embed, animate, set, link, base, form, img[src="x"]').length,
    handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
    links: [...document.querySelectorAll('[href], [src]')].map((e) => e.getAttribute('href') ?? e.getAttribute('src')).filter((h) => !h.startsWith('data:') && !h.startsWith('#')),
    // Each text as drawn: a component's label is wrapped into <tspan> lines, each keeping the
    // space it broke at (none inside a word broken across lines: geometry::label_line_texts).
    texts: [...document.querySelectorAll('text')].map((t) => t.textContent),
    body: document.documentElement.textContent,
    bidi: (${bidiLeftIn})(document),
  }))()`);
  return { ...seen, viewer, plain, dialogs: w.dialogs, requests };
}

test('payloads imported from a file: literal and inert on the canvas, in the panels, the presentation, the report, the exports and a shared link', async () => {
  assert.ok(PAYLOADS.length >= 20);
  assert.ok(PAYLOADS.some((p) => p.length >= 100_000), 'a 100 KB string');
  assert.ok(PAYLOADS.some((p) => p.includes('\u202e')), 'a right-to-left override');
  const { page, context, log } = await app.open('/');
  const w = watchDialogs(page);
  const { design, ids, reasons } = payloadDesign();
  await importFile(page, design, 'payloads.json');
  await canvasShowsLabels(page, ids);
  // The disguise does not work: "invoice" RLO "fdp.exe" reads as typed, with the mark.
  const rtl = ids[PAYLOADS.findIndex((p) => p.startsWith('invoice\u202e'))];
  assert.equal(await page.textContent(`g[data-node="${rtl}"] text.label`), 'invoice\u27e8RLO\u27e9fdp.exe');
  assert.equal(await page.$eval('.design-name', (e) => getComputedStyle(e).unicodeBidi), 'isolate', 'user text is a bidi island');
  assert.equal(await page.$eval('g[data-node] text.label', (e) => getComputedStyle(e).unicodeBidi), 'isolate');
  await shot(page, 'xss-imported');
  await page.setViewportSize({ width: 1024, height: 768 });
  await shot(page, 'xss-imported-1024');
  await page.setViewportSize({ width: 1440, height: 900 });

  // The scenario bar: every name, as shown.
  const bar = await page.$$eval('.scenario-bar .scn .user-text', (es) => es.map((e) => e.textContent));
  assert.deepEqual(bar, design.scenarios.map((s) => shown(s.name)));

  // Every panel: the suppressed findings show their reasons; nothing is left to obey a direction override.
  const left = [];
  for (const tab of ['findings', 'cost', 'latency', 'compare', 'scenarios', 'inspect']) {
    await page.click(`#tab-${tab}`);
    await page.waitForTimeout(tab === 'scenarios' ? 1500 : 400);
    if (tab === 'findings') {
      await page.waitForSelector('.finding.is-suppressed .suppression');
      const why = await page.$$eval('.finding.is-suppressed .suppression .user-text', (es) => es.map((e) => e.textContent));
      for (const id of ['app', 'alb', 'db']) assert.ok(why.includes(shown(reasons[id])), `the reason on ${id} shows literally`);
      await shot(page, 'xss-findings');
    }
    if (tab === 'scenarios') {
      await page.waitForSelector('#scenario-chart svg');
      const chart = await page.$eval('#scenario-chart', (e) => ({ active: e.querySelectorAll('script, foreignObject, iframe, object, embed, animate, set, style').length, text: e.textContent }));
      assert.equal(chart.active, 0, 'the scenario chart holds no active element');
      for (const s of design.scenarios) assert.ok(chart.text.includes(shown(s.name)), `the chart's legend names ${JSON.stringify(s.name)}`);
      const names = await page.$$eval('.scenario-row .scenario-name', (es) => es.map((e) => e.textContent));
      for (const s of design.scenarios) assert.ok(names.includes(shown(s.name)), `the table names ${JSON.stringify(s.name)}`);
      await shot(page, 'xss-scenarios');
    }
    left.push(...(await bidiLeft(page)).map((t) => `${tab}: ${t}`));
  }
  // The inspector of the CloudFront distribution (its path rules) and of a labelled component.
  const cdn = await page.locator('g[data-node="cdn"] .hit').boundingBox();
  await page.mouse.click(centre(cdn).x, centre(cdn).y);
  await page.waitForSelector('.inspector label.field');
  left.push(...(await bidiLeft(page)).map((t) => `inspector: ${t}`));
  await page.keyboard.press('Escape');
  // Presentation mode.
  await page.click('#present');
  await page.waitForSelector('.present');
  await page.waitForTimeout(500);
  left.push(...(await bidiLeft(page)).map((t) => `present: ${t}`));
  await shot(page, 'xss-present');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('.present'));
  assert.deepEqual(left, [], 'no text of the app obeys a direction override');
  assert.deepEqual(await inert(page), CLEAN);

  // The report, in its sandboxed frame.
  await page.click('#report');
  const frameEl = await page.waitForSelector('#report-frame');
  assert.equal(await frameEl.getAttribute('sandbox'), 'allow-same-origin allow-modals', 'no allow-scripts');
  const frame = await frameEl.contentFrame();
  await frame.waitForSelector('section#findings');
  const inFrame = await frame.evaluate(`(() => ({
    scripts: document.querySelectorAll('script, iframe, object, embed, form, base, link, img[src="x"], foreignObject, animate').length,
    handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
    text: document.body.textContent,
    bidi: (${bidiLeftIn})(document),
  }))()`);
  assert.deepEqual([inFrame.scripts, inFrame.handlers, inFrame.bidi], [0, [], []]);
  assert.ok(inFrame.text.includes(shown(design.name)), 'the report names the design literally');
  for (const id of ['app', 'alb', 'db']) assert.ok(inFrame.text.includes(shown(reasons[id])), `the report gives the reason on ${id} literally`);
  for (const s of design.scenarios) assert.ok(inFrame.text.includes(shown(s.name)), `the report names scenario ${JSON.stringify(s.name)}`);
  await shot(page, 'xss-report');
  // Downloaded: the HTML opened on its own (no sandbox, no CSP), and the Markdown.
  const [htmlDl] = await Promise.all([page.waitForEvent('download'), page.click('#report-html')]);
  const htmlPath = join(dir, 'report.html');
  await htmlDl.saveAs(htmlPath);
  const report = await openOnItsOwn(htmlPath);
  assert.deepEqual([report.xss, report.active, report.handlers, report.links, report.bidi, report.dialogs, report.requests], [null, 0, [], [], [], [], []], 'the downloaded report is inert');
  assert.ok(report.body.includes(shown(design.name)));
  for (const id of ['app', 'alb', 'db']) assert.ok(report.body.includes(shown(reasons[id])), `the downloaded report gives the reason on ${id}`);
  await report.viewer.screenshot({ path: 'test-output/screenshots/xss-report-html.png' });
  await report.plain.close();
  const [mdDl] = await Promise.all([page.waitForEvent('download'), page.click('#report-md')]);
  const markdown = readFileSync(await mdDl.path(), 'utf8');
  assert.equal(hasBidi(markdown), false, 'the Markdown holds no direction override');
  const markup = [...markdown.matchAll(/(^|[^\\])<\/?(script|img|svg|iframe|object|embed|style|a|form|base|link|math|details|input|body|b)[\s>]/gi)].map((m) => markdown.slice(Math.max(0, m.index - 40), m.index + 60));
  assert.deepEqual(markup, [], 'no payload became markup in the Markdown');
  assert.ok(markdown.includes(md(design.name)), 'the Markdown names the design, escaped');
  for (const id of ['app', 'alb']) assert.ok(markdown.includes(md(reasons[id])), `the Markdown gives the reason on ${id}, escaped`);
  await page.click('#report-close');

  // The exported SVG, opened on its own (a file, outside the app and its CSP).
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
  const svgPath = join(dir, 'export.svg');
  await dl.saveAs(svgPath);
  const svg = await openOnItsOwn(svgPath);
  assert.equal(svg.root, 'svg');
  assert.equal(svg.parseError, false, 'the SVG is well-formed XML');
  assert.deepEqual([svg.xss, svg.active, svg.handlers, svg.links, svg.bidi], [null, 0, [], [], []]);
  const drawn = svg.texts.map(words);
  for (const [i] of ids.entries()) {
    const p = PAYLOADS[i % PAYLOADS.length];
    assert.ok(drawn.some((t) => drawnAs(t, p)), `payload ${i} is text in the SVG: ${JSON.stringify(words(p)).slice(0, 80)}`);
  }
  assert.ok(drawn.includes(words(shown(design.name))), 'the design name is text in the SVG');
  await svg.viewer.screenshot({ path: 'test-output/screenshots/xss-export-svg.png' });
  assert.deepEqual([svg.dialogs, svg.requests], [[], []]);
  await svg.plain.close();

  // A shared link: the same design opens read-only elsewhere, literal and inert, and exactly the same.
  await page.click('#copy-link');
  await page.waitForSelector('#share-link');
  const link = await page.inputValue('#share-link');
  await page.click('#share-close');
  const [jsonDl] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const original = readFileSync(await jsonDl.path(), 'utf8');
  const other = await app.open(null);
  const w2 = watchDialogs(other.page);
  await other.page.goto(link);
  await other.page.waitForSelector('.banner.shared #keep-copy');
  await canvasShowsLabels(other.page, ids);
  assert.equal(await other.page.textContent('.design-name'), shown(design.name));
  assert.deepEqual(await bidiLeft(other.page), []);
  assert.deepEqual(await inert(other.page), CLEAN);
  const [sharedDl] = await Promise.all([other.page.waitForEvent('download'), other.page.click('#export-json')]);
  assert.equal(readFileSync(await sharedDl.path(), 'utf8'), original, 'the shared design holds the payloads exactly as typed');
  await shot(other.page, 'xss-shared-link');
  assert.deepEqual([w2.dialogs, other.log.pageErrors, other.log.consoleErrors, other.log.foreign], [[], [], [], []]);
  await other.context.close();

  assert.deepEqual(await inert(page), CLEAN);
  assert.deepEqual(w.dialogs, []);
  assertClean(log);
  await context.close();
});

test('payloads typed in the UI — a label, a suppression reason, a scenario name, the design name: literal and inert', async () => {
  const { page, context, log } = await app.open('/');
  const w = watchDialogs(page);
  // A design with one finding to suppress (SSH open to the world on app) and one scenario.
  const d = JSON.parse(readFileSync('templates/three-tier.json', 'utf8'));
  d.name = 'Typed payloads';
  d.nodes['app'].ingress = [{ port: 22, cidr: '0.0.0.0/0' }];
  d.scenarios = [{ id: 's1', name: 'Scenario one', traffic_multiplier: 2 }];
  await importFile(page, d, 'typed.json');

  // The design's name, in the design inspector: any text but invisible controls (refused, with why).
  // (Nothing is selected yet: the Inspect tab shows the design's own fields.)
  const name = page.locator('.inspector label.field[data-field="name"] input');
  for (const [i, p] of PAYLOADS.entries()) {
    await name.fill(p);
    await name.press('Tab');
    if (hasBidi(p)) {
      assert.match(await page.textContent('.inspector label.field[data-field="name"] .field-error'), /invisible control character U\+20/, `name ${i} refused`);
    } else {
      await page.waitForFunction((n) => document.querySelector('.design-name')?.textContent === n, p);
    }
  }

  // A component's label, in the inspector.
  const node = await page.locator('g[data-node="app"] .hit').boundingBox();
  await page.mouse.click(centre(node).x, centre(node).y);
  const input = page.locator('.inspector label.field', { hasText: 'Label' }).locator('input').first();
  for (const [i, p] of PAYLOADS.entries()) {
    await input.fill(p);
    await input.press('Tab');
    const seen = await page.textContent('g[data-node="app"] text.label');
    assert.ok(drawnAs(seen, p), `label ${i} typed shows literally: ${JSON.stringify(seen)} for ${JSON.stringify(asDrawn(p))}`);
    assert.equal(await input.inputValue(), p, 'the field keeps what was typed');
    if (i === 0) await shot(page, 'xss-typed');
  }
  await input.fill('App A');
  await input.press('Tab');
  await page.keyboard.press('Escape');

  // A suppression reason, typed in the app's own dialog "Suppress on this node…" opens
  // (the reason is kept trimmed).
  await page.click('#tab-findings');
  const suppressible = page.locator('li.finding', { has: page.locator('button', { hasText: 'Suppress on this node' }) }).first();
  const rule = await suppressible.getAttribute('data-rule');
  const item = page.locator(`li.finding[data-rule="${rule}"]`);
  for (const [i, p] of PAYLOADS.entries()) {
    await item.locator('button', { hasText: 'Suppress on this node' }).click();
    const dialog = page.locator('.suppress-dialog');
    await dialog.waitFor();
    await dialog.locator('.suppress-reason').fill(p);
    await dialog.locator('button.primary').click();
    await page.waitForSelector(`li.finding.is-suppressed[data-rule="${rule}"] .suppression .user-text`);
    assert.equal(await item.locator('.suppression .user-text').textContent(), shown(p.trim()), `reason ${i} typed shows literally`);
    if (p.includes('\u202e')) await shot(page, 'xss-typed-reason');
    await item.locator('button', { hasText: 'Unsuppress' }).click();
    await page.waitForSelector(`li.finding[data-rule="${rule}"]:not(.is-suppressed)`);
  }

  // A scenario's name, renamed in the Scenarios tab (names are at most 60 characters).
  await page.click('#tab-scenarios');
  for (const [i, p] of SHORT.entries()) {
    await page.click('.scenario-row .scenario-rename');
    const rename = page.locator('.scenario-rename-input');
    await rename.fill(p);
    await rename.press('Tab');
    await page.waitForFunction((n) => document.querySelector('.scenario-bar .scn .user-text')?.textContent === n, shown(p.trim()));
    assert.ok((await page.$$eval('.scenario-row .scenario-name', (es) => es.map((e) => e.textContent))).includes(shown(p.trim())), `scenario name ${i} typed shows literally in the table`);
  }

  assert.deepEqual(await bidiLeft(page), []);
  assert.deepEqual(await inert(page), CLEAN);
  assert.deepEqual(w.dialogs, []);
  assertClean(log);
  await context.close();
});
