// Never lose an edit, refuse bad values, export any text (issue 15), as a hurried user:
// reload 100 ms after an edit, close the tab right after one, open the design in a second
// tab, fill localStorage, import out-of-range values, export a diagram full of Unicode
// and control characters under a 2,000-character name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, assertClean, shot, savedDesign, centre } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const count = (page, sel) => page.locator(sel).count();
const editing = (page) => page.waitForSelector('.app[data-access="editing"]');

/** Selects a node of the starter design and deletes it. */
async function del(page, id) {
  const b = await page.locator(`g[data-node="${id}"] .hit`).first().boundingBox();
  await page.mouse.click(centre(b).x, centre(b).y);
  await page.keyboard.press('Delete');
}

/** A second tab in the same browser profile, with its own error logs. */
async function secondTab(context) {
  const page = await context.newPage();
  const log = { pageErrors: [], consoleErrors: [] };
  page.on('pageerror', (e) => log.pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') log.consoleErrors.push(m.text()); });
  await page.goto(app.origin + '/');
  await page.waitForSelector('.app');
  return { page, log };
}

test('an edit survives a reload 100 ms later, and so do three deletions 250 ms apart', async () => {
  const { page, log, context } = await app.open('/');
  await editing(page);
  await del(page, 'cert');
  await page.waitForTimeout(100);
  await page.reload();
  await editing(page);
  assert.equal(await count(page, 'g[data-node="cert"]'), 0, 'the deletion 100 ms before the reload survived');

  for (const id of ['waf', 'secrets', 'logs']) {
    await del(page, id);
    await page.waitForTimeout(id === 'logs' ? 100 : 250);
  }
  await page.reload();
  await editing(page);
  for (const id of ['waf', 'secrets', 'logs']) assert.equal(await count(page, `g[data-node="${id}"]`), 0, `${id} stays deleted`);
  assert.equal(await count(page, 'g[data-node="db"]'), 1);
  assertClean(log);
  await context.close();
});

test('an edit survives closing the tab right after it', async () => {
  const { page, context } = await app.open('/');
  await editing(page);
  await del(page, 'waf');
  await page.close(); // no wait at all
  const { page: again, log } = await secondTab(context);
  await editing(again);
  assert.equal(await count(again, 'g[data-node="waf"]'), 0, 'the deletion made just before the close is there');
  assert.equal(await count(again, 'g[data-node="db"]'), 1);
  assert.deepEqual([log.pageErrors, log.consoleErrors], [[], []]);
  await context.close();
});

test('two tabs on one design: the second is read-only and follows; "Edit here instead" hands over; nothing is lost', async () => {
  const { page: a, context } = await app.open('/');
  await editing(a);
  await del(a, 'cert');
  assert.equal((await savedDesign(a)).nodes.cert, undefined);

  const { page: b, log } = await secondTab(context);
  await b.waitForSelector('.app[data-access="read-only"]');
  assert.match(await b.textContent('.banner.read-only'), /open for editing in another tab/);
  assert.equal(await count(b, 'g[data-node="cert"]'), 0, 'the second tab shows the saved design');
  await del(b, 'waf');
  assert.equal(await count(b, 'g[data-node="waf"]'), 1, 'an edit in the read-only tab is refused…');
  assert.match(await b.textContent('.toast'), /read-only/, '…with the reason');

  await del(a, 'waf');
  await b.waitForFunction(() => !document.querySelector('g[data-node="waf"]'), null, { timeout: 10_000 });
  await shot(b, 'two-tabs-read-only-1440');
  await b.setViewportSize({ width: 1024, height: 768 });
  await shot(b, 'two-tabs-read-only-1024');
  await b.setViewportSize({ width: 1440, height: 900 });

  await b.click('#edit-here');
  await editing(b);
  await a.waitForSelector('.app[data-access="read-only"]');
  assert.match(await a.textContent('.banner.read-only'), /moved to another tab/);
  await del(b, 'secrets');
  await a.waitForFunction(() => !document.querySelector('g[data-node="secrets"]'), null, { timeout: 10_000 });
  await shot(a, 'two-tabs-handed-over');

  // Reloading the editing tab lets go of its lock: the watching tab, queued for it, edits
  // now, and the reloaded tab follows it read-only. Both tabs' edits are kept.
  await b.reload();
  await a.waitForSelector('.app[data-access="editing"]', { timeout: 5_000 });
  await b.waitForSelector('.app[data-access="read-only"]');
  for (const p of [a, b]) {
    for (const id of ['cert', 'waf', 'secrets']) assert.equal(await count(p, `g[data-node="${id}"]`), 0, `both tabs' edits are kept (${id})`);
  }
  assert.deepEqual([log.pageErrors, log.consoleErrors], [[], []]);
  await context.close();
});

for (const runBeforeUnload of [true, false]) {
  test(`when the editing tab closes (${runBeforeUnload ? 'with' : 'without'} its unload handlers), the read-only tab edits within 2 s and has its last edit`, async () => {
    const { page: a, context } = await app.open('/');
    await editing(a);
    await del(a, 'cert');
    const { page: b, log } = await secondTab(context);
    await b.waitForSelector('.app[data-access="read-only"]');
    await del(a, 'waf');
    await b.waitForFunction(() => !document.querySelector('g[data-node="waf"]'), null, { timeout: 10_000 });

    const closed = Date.now();
    await a.close({ runBeforeUnload });
    // Before the fix B kept saying "open for editing in another tab" until reloaded.
    await b.waitForSelector('.app[data-access="editing"]', { timeout: 2_500 });
    const took = Date.now() - closed;
    assert.equal(await count(b, '.banner.read-only'), 0, 'the read-only banner is gone');
    assert.match(await b.textContent('.toast'), /closed: this tab edits it now/);
    for (const id of ['cert', 'waf']) assert.equal(await count(b, `g[data-node="${id}"]`), 0, `the closed tab's edit is kept (${id})`);

    await del(b, 'secrets');
    assert.equal(await count(b, 'g[data-node="secrets"]'), 0, 'B edits now');
    assert.equal((await savedDesign(b)).nodes.secrets, undefined, 'and saves');
    await b.reload();
    await editing(b);
    for (const id of ['cert', 'waf', 'secrets']) assert.equal(await count(b, `g[data-node="${id}"]`), 0, `kept after a reload (${id})`);
    assert.deepEqual([log.pageErrors, log.consoleErrors], [[], []]);
    console.log(`# B edited ${took} ms after A closed (runBeforeUnload: ${runBeforeUnload})`);
    await context.close();
  });
}

test('in the read-only tab the refusal message never covers "Edit here instead", and the inspector cannot change anything', async () => {
  const { page: a, context } = await app.open('/');
  await editing(a);
  const { page: b, log } = await secondTab(context);
  await b.waitForSelector('.app[data-access="read-only"]');
  for (const [w, h] of [[1440, 900], [1024, 768]]) {
    await b.setViewportSize({ width: w, height: h });
    await del(b, 'waf'); // selects waf, then Delete is refused
    await b.waitForSelector('.toast');
    assert.match(await b.textContent('.toast'), /read-only/);
    const btn = await b.locator('#edit-here').boundingBox();
    const toast = await b.locator('.toast').boundingBox();
    const overlap = !(toast.x + toast.width <= btn.x || btn.x + btn.width <= toast.x || toast.y + toast.height <= btn.y || btn.y + btn.height <= toast.y);
    assert.ok(!overlap, `the toast ${JSON.stringify(toast)} does not cover the button ${JSON.stringify(btn)} at ${w}px`);
    const hit = await b.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.id, { x: btn.x + btn.width / 2, y: btn.y + btn.height / 2 });
    assert.equal(hit, 'edit-here', 'the button is what a click there reaches');
    await shot(b, `two-tabs-refused-toast-${w}`);

    // waf is selected: its inspector shows its values, all disabled.
    assert.ok(await b.locator('.inspector-fields input').count() > 0, 'the inspector shows the node');
    const enabled = await b.locator('.inspector-fields input:enabled, .inspector-fields select:enabled').count();
    assert.equal(enabled, 0, 'no inspector input or select is enabled in the read-only tab');
    await b.keyboard.press('Escape');
  }
  // Nothing selected (Escape): the design's own settings are disabled too.
  assert.ok(await b.locator('.inspector-fields .field[data-field="name"] input').count() === 1, 'the design settings are shown');
  assert.equal(await b.locator('.inspector-fields input:enabled, .inspector-fields select:enabled').count(), 0);

  await b.click('#edit-here');
  await editing(b);
  await b.waitForFunction(() => document.querySelectorAll('.inspector-fields input:enabled').length > 0, null, { timeout: 5_000 });
  assert.deepEqual([log.pageErrors, log.consoleErrors], [[], []]);
  await context.close();
});

test('with localStorage full and IndexedDB fine, everything is saved and said so; the list has the new name', async () => {
  const { page, log, context } = await app.open(null);
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await page.goto(app.origin + '/');
  await editing(page);
  await del(page, 'cert');
  // Nothing selected now: the inspector shows the design's own settings.
  await page.fill('.field[data-field="name"] input', 'Renamed while localStorage is full');
  await page.press('.field[data-field="name"] input', 'Enter');
  await page.waitForTimeout(500);
  assert.equal(await count(page, '.banner.error'), 0, 'no "Not saved": the design was saved');
  assert.equal(await count(page, '.toast.error'), 0);
  await page.click('#designs');
  await page.waitForSelector('.design-list li.current');
  assert.equal(await page.textContent('.design-list li.current .design-title'), 'Renamed while localStorage is full', 'the list shows the new name');
  await page.reload();
  await editing(page);
  assert.equal(await page.textContent('.design-name'), 'Renamed while localStorage is full');
  assert.equal(await count(page, 'g[data-node="cert"]'), 0);
  assertClean(log);
  await context.close();
});

/** Imports a design file through the Import button. */
async function importFile(page, name, design) {
  const chooser = page.waitForEvent('filechooser');
  await page.click('#import');
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(design)) });
}

test('values out of range are refused on import with their JSON path; exports take any text and a long name', async () => {
  const { page, log, context } = await app.open('/');
  await editing(page);
  const starter = await savedDesign(page);

  const bad = structuredClone(starter);
  bad.workload = { ...bad.workload, peak_to_average: 1e308 };
  bad.layout.db.x = 1e308;
  bad.region = 'mars-north-1';
  await importFile(page, 'bad-values.json', bad);
  await page.waitForSelector('.import-errors');
  const problems = await page.textContent('.import-errors');
  assert.match(problems, /\$\.workload\.peak_to_average: Peak-to-average traffic must be between 1 and 100 ×; got 1e308/);
  assert.match(problems, /\$\.layout\["db"\]\.x: Position x must be between -1,000,000 and 1,000,000 px; got 1e308/);
  assert.match(problems, /\$\.region: Home region must be one of us-east-1/);
  await page.click('.import-errors button');

  const text = 'Orders → API 🚀 שלום';
  const odd = structuredClone(starter);
  odd.name = `${text} ${'W'.repeat(2000)}`;
  odd.nodes.alb.label = `${text}\u000b\u0000 end`;
  await importFile(page, 'odd.json', odd);
  await page.waitForFunction(() => document.querySelector('.design-name')?.textContent.startsWith('Orders'));
  // The message quotes the name cut short, so it does not cover the page.
  const toast = await page.textContent('.toast-text');
  assert.match(toast, /^Imported "Orders → API 🚀 שלום W+…" from odd\.json\.$/);
  assert.ok(toast.length < 120, `the message quotes the name cut short (${toast.length} chars)`);
  for (const [w, h] of [[1440, 900], [1024, 768]]) {
    await page.setViewportSize({ width: w, height: h });
    const bar = await page.locator('.toolbar').boundingBox();
    assert.ok(bar.x + bar.width <= w, `the toolbar stays on screen at ${w}px`);
    const name = await page.locator('.design-name').boundingBox();
    assert.ok(name.width < w * 0.4, `the name is cut (${name.width}px)`);
    await shot(page, `long-name-toolbar-${w}`);
  }
  assert.ok((await page.getAttribute('.design-name', 'title')).startsWith(odd.name), 'the full name is on hover');

  const png = page.waitForEvent('download');
  await page.click('#export-png');
  const pngFile = await png;
  assert.ok(pngFile.suggestedFilename().length <= 64, `the file name is capped: ${pngFile.suggestedFilename().length}`);
  assert.deepEqual([...readFileSync(await pngFile.path()).subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
  assert.equal(await count(page, '.toast.error'), 0, 'no "export failed"');

  const svg = page.waitForEvent('download');
  await page.click('#export-svg');
  const svgText = readFileSync(await (await svg).path(), 'utf8');
  const parsed = await page.evaluate((s) => {
    const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
    return { error: doc.querySelector('parsererror')?.textContent ?? null, text: doc.documentElement.textContent };
  }, svgText);
  assert.equal(parsed.error, null, 'the SVG is well-formed XML');
  assert.ok(parsed.text.includes(`${text} end`), 'the label is kept, control characters dropped');
  assertClean(log);
  await context.close();
});
