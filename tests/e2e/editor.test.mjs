// The canvas editor, one user story per test: place, nest, refuse an illegal drop, connect,
// refuse an illegal connection, edit a property (and refuse a bad value), undo/redo,
// reload and find the design, search-and-place, import a bad file, export SVG, storage full.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, assertClean, shot, savedDesign, centre, dropKind, dragMouse, sampleFile } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const box = (page, sel) => page.locator(sel).first().boundingBox();
const count = (page, sel) => page.locator(sel).count();
/** The design as autosaved in IndexedDB (waits a moment for the write). */
const saved = (page) => savedDesign(page);

test('place a component by dropping it into a subnet: it nests there', async () => {
  const { page, log, context } = await app.open('/');
  const subnet = await box(page, 'g.kind-subnet.tier-private .frame');
  const before = await count(page, 'g[data-kind="lambda"]');
  await dropKind(page, 'lambda', subnet.x + 40, subnet.y + subnet.height - 30);
  assert.equal(await count(page, 'g[data-kind="lambda"]'), before + 1);
  assert.match(await page.textContent('.inspector .kind-name'), /Lambda/);
  const d = await saved(page);
  const lambda = Object.values(d.nodes).find((n) => n.kind === 'lambda');
  assert.ok(lambda, 'the new node is autosaved');
  assert.equal(d.nodes[lambda.parent].kind, 'subnet', 'and nested in the subnet it was dropped on');
  await shot(page, 'editor-placed');
  assertClean(log);
  await context.close();
});

test('an illegal drop is refused with the reason, where the user dropped it', async () => {
  const { page, context } = await app.open('/');
  const before = await count(page, 'g[data-kind="rds"]');
  const canvas = await box(page, '.canvas');
  await dropKind(page, 'rds', canvas.x + 30, canvas.y + canvas.height - 30); // empty canvas: top level
  await page.waitForSelector('.toast.error');
  const text = await page.textContent('.toast.error');
  assert.match(text, /RDS database cannot sit at the top level: it belongs in a Subnet/);
  assert.equal(await count(page, 'g[data-kind="rds"]'), before, 'nothing was added');
  await shot(page, 'editor-refused-drop');
  await context.close();
});

test('connect two components by dragging from the handle; an illegal connection is refused', async () => {
  const { page, context } = await app.open('/');
  const edges = await count(page, 'g.edge');
  // Select the S3 bucket, then drag its handle onto the CloudWatch node... not allowed? Use
  // the ALB -> S3 endpoint? Use a clearly legal one: Web app (a) -> Static assets (sync).
  const appNode = await box(page, 'g[data-node="app-a"] .hit');
  await page.mouse.click(centre(appNode).x, centre(appNode).y);
  const handle = await box(page, '.selection-layer g[data-sel="app-a"] .connect-handle');
  const target = await box(page, 'g[data-node="secrets"] .hit');
  await dragMouse(page, centre(handle), centre(target));
  assert.equal(await count(page, 'g.edge'), edges + 1, 'a connection was added');
  assert.match(await page.textContent('.inspector'), /Connection/);

  // RDS cannot call the internet users.
  const db = await box(page, 'g[data-node="db"] .hit');
  await page.mouse.click(centre(db).x, centre(db).y);
  const h2 = await box(page, '.selection-layer g[data-sel="db"] .connect-handle');
  const users = await box(page, 'g[data-node="users"] .hit');
  await dragMouse(page, centre(h2), centre(users));
  await page.waitForSelector('.toast.error');
  assert.match(await page.textContent('.toast.error'), /Cannot connect/);
  assert.equal(await count(page, 'g.edge'), edges + 1, 'no connection was added');
  await context.close();
});

test('edit a property: a bad value is refused with the reason and the old value stays', async () => {
  const { page, context } = await app.open('/');
  const db = await box(page, 'g[data-node="db"] .hit');
  await page.mouse.click(centre(db).x, centre(db).y);
  const field = page.locator('.field[data-prop="storage_gb"] input');
  const old = await field.inputValue();
  await field.fill('999999999');
  await field.press('Enter');
  await page.waitForSelector('.field[data-prop="storage_gb"] .field-error');
  assert.match(await page.textContent('.field[data-prop="storage_gb"] .field-error'), /between 20 and 65,536 GB/);
  assert.equal(await field.inputValue(), old, 'the previous value stays');
  await field.fill('250');
  await field.press('Enter');
  await page.waitForTimeout(100);
  assert.equal(await count(page, '.field[data-prop="storage_gb"] .field-error'), 0);
  const d = await saved(page);
  assert.equal(d.nodes.db.props.storage_gb, 250);
  await shot(page, 'editor-inspector');
  await context.close();
});

test('undo and redo every change; a drag is one step', async () => {
  const { page, context } = await app.open('/');
  const before = await box(page, 'g[data-node="secrets"] .hit');
  // Right, clear of "Logs & metrics" below: 40 px down put its box over that one's corner, a
  // drop now moved off it (QA s27 F0).
  await dragMouse(page, centre(before), { x: centre(before).x + 60, y: centre(before).y });
  const moved = await box(page, 'g[data-node="secrets"] .hit');
  assert.ok(Math.abs(moved.x - before.x - 60) < 12, 'moved with the pointer (snapped to the grid)');
  await page.keyboard.press('Delete');
  assert.equal(await count(page, 'g[data-node="secrets"]'), 0, 'deleted');
  await page.keyboard.press('Control+z');
  assert.equal(await count(page, 'g[data-node="secrets"]'), 1, 'undo brings it back');
  await page.keyboard.press('Control+z');
  const back = await box(page, 'g[data-node="secrets"] .hit');
  assert.ok(Math.abs(back.x - before.x) < 1 && Math.abs(back.y - before.y) < 1, 'a second undo reverts the whole drag');
  await page.keyboard.press('Control+Shift+z');
  await page.keyboard.press('Control+y');
  assert.equal(await count(page, 'g[data-node="secrets"]'), 0, 'redo replays the move and the delete');
  assert.equal(await page.isDisabled('#redo'), true);
  await context.close();
});

test('reload finds the design, its view and its undo history', async () => {
  const { page, context } = await app.open('/');
  const node = await box(page, 'g[data-node="cert"] .hit');
  await page.mouse.click(centre(node).x, centre(node).y);
  await page.keyboard.press('Delete');
  await page.keyboard.press('+');
  await saved(page);
  const zoom = await page.textContent('.zoom');
  await page.reload();
  await page.waitForSelector('.app');
  assert.equal(await count(page, 'g[data-node="cert"]'), 0, 'the deletion survived the reload');
  assert.equal(await page.textContent('.zoom'), zoom, 'so did the view');
  assert.equal(await page.isDisabled('#undo'), false, 'and the history');
  await page.keyboard.press('Control+z');
  assert.equal(await count(page, 'g[data-node="cert"]'), 1, 'undo after reload works');
  await context.close();
});

test('search the palette and press Enter to place (a NAT gateway goes into a public subnet)', async () => {
  const { page, context } = await app.open('/');
  const before = await count(page, 'g[data-kind="nat-gateway"]');
  await page.fill('.palette-search', 'nat');
  assert.equal(await page.locator('.palette-item:visible').first().getAttribute('data-kind'), 'nat-gateway');
  await page.press('.palette-search', 'Enter');
  assert.equal(await count(page, 'g[data-kind="nat-gateway"]'), before + 1);
  const d = await saved(page);
  const added = Object.values(d.nodes).filter((n) => n.kind === 'nat-gateway').find((n) => !['nat-a', 'nat-b'].includes(n.id));
  assert.equal(d.nodes[added.parent].props.tier, 'public');
  await context.close();
});

test('importing a bad file says what and where, and leaves the design untouched', async () => {
  const { page, context } = await app.open('/');
  const name = await page.textContent('.design-name');
  const nodes = await count(page, 'g.node');
  const bad = JSON.stringify({ schema_version: 2, name: 'Bad', region: 'us-east-1',
    nodes: { x: { id: 'x', kind: 'teleporter' }, db: { id: 'db', kind: 'rds', props: { storage_gb: 'lots' } } } });
  const chooser = page.waitForEvent('filechooser');
  await page.click('#import');
  await (await chooser).setFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await page.waitForSelector('.import-errors');
  const text = await page.textContent('.import-errors');
  assert.match(text, /bad\.json was not imported/);
  assert.match(text, /teleporter/);
  assert.match(text, /\$\.nodes\["db"\]/);
  await shot(page, 'editor-import-errors');
  await page.click('.import-errors button');
  assert.equal(await page.textContent('.design-name'), name);
  assert.equal(await count(page, 'g.node'), nodes);
  await context.close();
});

test('export the diagram as SVG and as the JSON file, and import the JSON back', async () => {
  const { page, context } = await app.open('/');
  const svgDl = page.waitForEvent('download');
  await page.click('#export-svg');
  const svg = readFileSync(await (await svgDl).path(), 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /PostgreSQL/);
  assert.match(svg, /data:image\/svg\+xml,%3C/, 'icons are embedded (UTF-8, percent-encoded: any character)');
  const jsonDl = page.waitForEvent('download');
  await page.click('#export-json');
  const json = readFileSync(await (await jsonDl).path(), 'utf8');
  assert.equal(JSON.parse(json).schema_version, 5);
  const chooser = page.waitForEvent('filechooser');
  await page.click('#import');
  await (await chooser).setFiles({ name: 'copy.json', mimeType: 'application/json', buffer: Buffer.from(json.replace('Three-tier web application', 'Imported copy')) });
  await page.waitForFunction(() => document.querySelector('.design-name').textContent === 'Imported copy');
  await context.close();
});

test('export the diagram as PNG', async () => {
  const { page, log, context } = await app.open('/');
  const dl = page.waitForEvent('download');
  await page.click('#export-png');
  const d = await dl;
  assert.match(d.suggestedFilename(), /\.png$/);
  const png = readFileSync(await d.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
  assert.ok(png.length > 20_000, `a real picture (${png.length} bytes)`);
  assertClean(log);
  await context.close();
});

test('when browser storage is full the user is told and offered an export; nothing is lost', async () => {
  const { page, context } = await app.open(null);
  // Design bodies live in IndexedDB: make its writes fail the way a full disk quota does.
  await page.addInitScript(() => {
    const real = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (window.__storageFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return real.apply(this, args);
    };
  });
  await page.goto(app.origin + '/');
  await page.waitForSelector('.app');
  await page.evaluate(() => { window.__storageFull = true; });
  const node = await box(page, 'g[data-node="waf"] .hit');
  await page.mouse.click(centre(node).x, centre(node).y);
  await page.keyboard.press('Delete');
  await page.waitForSelector('.banner.error');
  assert.match(await page.textContent('.banner.error'), /storage is full/);
  assert.equal(await count(page, 'g[data-node="waf"]'), 0, 'the change stands in the tab');
  const dl = page.waitForEvent('download');
  await page.click('.banner.error button');
  const json = JSON.parse(readFileSync(await (await dl).path(), 'utf8'));
  assert.equal(json.nodes.waf, undefined, 'the export has the latest design');
  await shot(page, 'editor-storage-full');
  await context.close();
});

test('a design larger than localStorage can hold (> 5 MiB) is kept in IndexedDB and survives a reload', { timeout: 1_500_000 }, async () => {
  // The debug CLI the test run has built (0.8 s for 9,000 nodes); `--release` was a build of
  // its own in a cold CI run.
  const text = readFileSync(sampleFile(9000), 'utf8');
  assert.ok(text.length > 5 * 1024 * 1024, `the design file is ${text.length} bytes`);
  const original = JSON.parse(text);
  const { page, log, context } = await app.open('/');
  const chooser = page.waitForEvent('filechooser');
  await page.click('#import');
  await (await chooser).setFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction((n) => document.querySelector('.design-name').textContent === n, original.name, { timeout: 180_000 });
  // Wait for the autosave of the imported design.
  for (let i = 0; i < 60; i++) {
    const d = await savedDesign(page, { wait: 500 });
    if (d?.name === original.name) break;
  }
  assert.equal((await savedDesign(page, { wait: 0 }))?.name, original.name, 'the big design was saved');
  assert.equal(await count(page, '.banner.error'), 0, 'no storage problem');
  const local = await page.evaluate(() => Object.keys(localStorage).reduce((n, k) => n + k.length + localStorage.getItem(k).length, 0));
  assert.ok(local < 64 * 1024, `localStorage keeps only the small index (${local} chars)`);
  await page.reload();
  await page.waitForSelector('.app', { timeout: 180_000 });
  assert.equal(await page.textContent('.design-name'), original.name, 'the big design reopens after a reload');
  // 9,000 nodes keep the page busy (analyses, capacity included, on the main thread until
  // issue 20 moves them off it) for minutes on a loaded CI machine: be patient. This test is
  // about storage, not speed; speed is measured by benchmarks.
  const dl = page.waitForEvent('download', { timeout: 600_000 });
  await page.click('#export-json', { timeout: 600_000 });
  const exported = JSON.parse(readFileSync(await (await dl).path(), 'utf8'));
  assert.equal(Object.keys(exported.nodes).length, Object.keys(original.nodes).length);
  assert.deepEqual(exported, original, 'intact: the export after the reload equals the imported file');
  assertClean(log);
  await context.close();
});

test('designs saved in localStorage by an older version move into IndexedDB on start', async () => {
  // A design file, as the older version kept it in localStorage.
  const { page: first, context: c1 } = await app.open('/');
  const starter = await savedDesign(first);
  await c1.close();
  const legacy = JSON.stringify({ ...starter, name: 'Legacy design' });
  const { page, log, context } = await app.open(null);
  await page.addInitScript((legacy) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem('cloudwright:v1:designs', JSON.stringify([{ id: 'legacy1', name: 'Legacy design', updated: 1 }]));
    localStorage.setItem('cloudwright:v1:current', 'legacy1');
    localStorage.setItem('cloudwright:v1:design:legacy1', legacy);
    localStorage.setItem('cloudwright:v1:session:legacy1', JSON.stringify({ history: { undo: [], redo: [] }, view: { tx: 10, ty: 20, zoom: 2 } }));
  }, legacy);
  await page.goto(app.origin + '/');
  await page.waitForSelector('.app');
  assert.equal(await page.textContent('.design-name'), 'Legacy design');
  await page.waitForFunction(() => !localStorage.getItem('cloudwright:v1:design:legacy1'));
  assert.equal((await savedDesign(page, { wait: 0 })).name, 'Legacy design', 'the body is now in IndexedDB');
  await page.reload();
  await page.waitForSelector('.app');
  assert.equal(await page.textContent('.design-name'), 'Legacy design', 'and reopens from there');
  assertClean(log);
  await context.close();
});

test('when IndexedDB is unavailable the design is kept in localStorage instead', async () => {
  const { page, log, context } = await app.open(null);
  await page.addInitScript(() => {
    IDBFactory.prototype.open = function () { throw new DOMException('IndexedDB is disabled.', 'SecurityError'); };
  });
  await page.goto(app.origin + '/');
  await page.waitForSelector('.app');
  const node = await box(page, 'g[data-node="waf"] .hit');
  await page.mouse.click(centre(node).x, centre(node).y);
  await page.keyboard.press('Delete');
  await page.waitForTimeout(700);
  assert.equal(await count(page, '.banner.error'), 0, 'saved, so no problem to report');
  await page.reload();
  await page.waitForSelector('.app');
  assert.equal(await count(page, 'g[data-node="waf"]'), 0, 'the deletion survived the reload');
  assert.equal(await count(page, 'g[data-node="db"]'), 1);
  assertClean(log);
  await context.close();
});

// QA s10 #4: Escape takes back a connector being drawn (and a resize, not tested here), as a drag
// (before, the release still made the connection, and the resize was kept).
test('Escape cancels a connector being drawn; nothing to undo', async () => {
  const { page, context } = await app.open('/');
  const edges = await count(page, 'g.edge');
  const undoLabel = async () => (await page.getAttribute('#undo', 'title')) ?? '';
  const undoBefore = await undoLabel();
  const appNode = await box(page, 'g[data-node="app-a"] .hit');
  await page.mouse.click(centre(appNode).x, centre(appNode).y);
  const handle = await box(page, '.selection-layer g[data-sel="app-a"] .connect-handle');
  const target = await box(page, 'g[data-node="secrets"] .hit');
  await page.mouse.move(centre(handle).x, centre(handle).y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(centre(handle).x + (centre(target).x - centre(handle).x) * i / 8, centre(handle).y + (centre(target).y - centre(handle).y) * i / 8);
  await page.keyboard.press('Escape');
  await page.mouse.up();
  await page.waitForTimeout(200);
  assert.equal(await count(page, 'g.edge'), edges, 'no connection made');
  assert.equal(await undoLabel(), undoBefore, 'nothing on the undo stack');
  await context.close();
});
