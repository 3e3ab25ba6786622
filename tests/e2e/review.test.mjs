// Design review in the app (issue 18), as an architect meets it in a workshop: save a named
// version, change the design (add a component, change a property, delete one), compare with
// the version — the diagram marks what was added, changed and removed (a ghost where it
// was), with a legend, and the panel gives the cost delta —, leave the comparison (the
// normal view is back), restore the version as one step and undo the restore. The versions
// are still there after a reload. At 1440×900 and 1024×768, with screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, centre, dropKind, inView, openTemplate } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const box = (page, sel) => page.locator(sel).first().boundingBox();
const count = (page, sel) => page.locator(sel).count();
const dollars = (s) => Number(s.replace(/[^\d.-]/g, ''));

async function select(page, id) {
  await inView(page, id);
  const b = await box(page, `g[data-node="${id}"] .hit`);
  await page.mouse.click(centre(b).x, centre(b).y);
}

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  const w = viewport.width;
  test(`versions: save, edit, compare, leave, restore, undo the restore (${w}×${viewport.height})`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await page.locator('g[data-node="db"]').waitFor();
    const original = await savedDesign(page);
    assert.ok(original?.nodes?.db, 'the starter design is saved');

    // Save a version.
    await page.click('#tab-versions');
    assert.match(await page.textContent('.review-panel'), /No versions yet/);
    await page.fill('#version-name', 'Before workshop');
    await page.click('#save-version');
    const row = page.locator('.version[data-version="Before workshop"]');
    await row.waitFor();
    assert.match(await row.locator('.version-cost').textContent(), /^\$[\d,.]+\/month$/);
    assert.match(await row.locator('.version-time').textContent(), /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    const versionCost = dollars(await row.locator('.version-cost').textContent());

    // Edit: add a Lambda in a private subnet, raise the database's storage, delete the Web ACL.
    const lambdas = await count(page, 'g[data-kind="lambda"]');
    const subnet = await box(page, 'g.kind-subnet.tier-private .frame');
    await dropKind(page, 'lambda', subnet.x + 40, subnet.y + subnet.height - 30);
    await page.waitForFunction((n) => document.querySelectorAll('g[data-kind="lambda"]').length === n + 1, lambdas);
    const lambdaId = await page.locator('g[data-kind="lambda"]').last().getAttribute('data-node');
    await page.click('#tab-inspect');
    await select(page, 'db');
    const storage = page.locator('.field[data-prop="storage_gb"] input');
    const oldStorage = await storage.inputValue();
    await storage.fill('900');
    await storage.press('Enter');
    await inView(page, 'waf');
    const wafBox = await box(page, 'g[data-node="waf"] .hit');
    await select(page, 'waf');
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => !document.querySelector('g[data-node="waf"]'));
    const edited = await savedDesign(page);
    assert.equal(edited.nodes.db.props.storage_gb, 900);

    // Compare with the version: marks for each kind of change, a legend, the deltas.
    await page.click('#tab-versions');
    await row.locator('button.compare').click();
    await page.locator('.review-layer').waitFor();
    const legend = page.locator('.review-legend');
    assert.match(await legend.textContent(), /Compared with version “Before workshop” → now/);
    assert.deepEqual(await legend.locator('li').allTextContents(), ['+Added', '−Removed (ghost where it was)', 'ΔChanged']);
    assert.equal(await count(page, `.review-mark.added[data-review-node="${lambdaId}"]`), 1, 'the new Lambda is marked added');
    assert.equal(await count(page, '.review-mark.changed[data-review-node="db"]'), 1, 'the database is marked changed');
    assert.equal(await count(page, '.review-mark.removed[data-review-node="waf"]'), 1, 'the Web ACL is a ghost where it was');
    assert.ok(await count(page, '.review-edge.removed') >= 1, 'its connections are ghosts too');
    // Not colour alone: each mark has its own glyph.
    assert.equal(await page.textContent(`.review-mark.added[data-review-node="${lambdaId}"] .review-badge text`), '+');
    assert.equal(await page.textContent('.review-mark.changed[data-review-node="db"] .review-badge text'), 'Δ');
    assert.equal(await page.textContent('.review-mark.removed[data-review-node="waf"] .review-badge text'), '−');
    // The ghost sits where the Web ACL was in the version.
    const ghost = await box(page, '.review-mark.removed[data-review-node="waf"] .review-ghost');
    assert.ok(ghost && Math.abs(centre(ghost).x - centre(wafBox).x) < 2 && Math.abs(centre(ghost).y - centre(wafBox).y) < 2, 'the ghost is where it was');

    // The panel: the structure and the cost delta (the engine's diff, written by units).
    const diffPanel = page.locator('#review-diff');
    assert.match(await diffPanel.textContent(), /storage_gb: \S+ → 900/);
    assert.match(await diffPanel.locator('.review-item.added').first().textContent(), /Lambda/);
    assert.match(await diffPanel.locator('.review-item.removed').first().textContent(), /Web ACL/);
    const delta = await page.textContent('#review-cost-delta');
    const m = delta.match(/^([+-])\$([\d,.]+)\/month \([+-]?\d+%\)$/);
    assert.ok(m, delta);
    const change = (m[1] === '-' ? -1 : 1) * dollars(m[2]);
    const figures = await diffPanel.locator('.review-cost-total .figures').textContent();
    const [before, afterCost] = figures.split('→').map(dollars);
    assert.equal(Math.round(before), versionCost, 'before is the version\'s cost (listed in whole dollars)');
    assert.ok(Math.abs(afterCost - before - change) < 0.011, `${figures} vs ${delta}`);
    assert.ok(await count(page, '.review-services tbody tr') >= 2, 'cost by service');
    await page.locator('.sidepanel').evaluate((el) => { el.scrollTop = 0; });
    await shot(page, `review-compare-${w}`);

    // Leaving the comparison restores the normal view.
    await page.click('#leave-compare');
    await page.waitForFunction(() => !document.querySelector('.review-layer') && !document.querySelector('.review-legend') && !document.querySelector('#review-diff'));
    // Escape leaves it too.
    await row.locator('button.compare').click();
    await page.locator('.review-layer').waitFor();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('.review-layer'));

    // Restore the version: one step; the design is the version again.
    await row.locator('button.restore').click();
    await page.waitForFunction(() => document.querySelector('g[data-node="waf"]'));
    assert.equal(await count(page, 'g[data-kind="lambda"]'), lambdas);
    assert.match(await page.getAttribute('#undo', 'title'), /^Undo: Restore version “Before workshop”/);
    const restored = await savedDesign(page);
    assert.deepEqual(restored.nodes, original.nodes, 'the components are the version\'s exactly');
    assert.deepEqual(restored.connections, original.connections);
    assert.equal(String(restored.nodes.db.props.storage_gb ?? oldStorage), String(original.nodes.db.props.storage_gb ?? oldStorage));
    await shot(page, `review-restored-${w}`);

    // Undo the restore: every edit is back, in one step.
    await page.click('#undo');
    await page.waitForFunction(() => !document.querySelector('g[data-node="waf"]'));
    assert.equal(await count(page, 'g[data-kind="lambda"]'), lambdas + 1);
    const undone = await savedDesign(page);
    assert.equal(undone.nodes.db.props.storage_gb, 900);
    assert.deepEqual(undone.nodes, edited.nodes);

    // The version is kept in the browser: after a reload it is listed.
    await page.reload();
    await page.locator('g[data-node="db"]').waitFor();
    await page.click('#tab-versions');
    await page.locator('.version[data-version="Before workshop"]').waitFor();

    assertClean(log);
    await context.close();
  });
}

test('compare with another saved design; an empty comparison says so', async () => {
  const { page, log, context } = await app.open('/');
  await page.locator('g[data-node="db"]').waitFor();
  await page.click('#tab-versions');
  // A version equal to the design: comparing shows no differences.
  await page.click('#save-version');
  await page.locator('.version[data-version="Version 1"]').waitFor();
  await page.locator('.version button.compare').click();
  await page.locator('#review-diff .review-same').waitFor();
  assert.match(await page.textContent('#review-cost-delta'), /^\+\$0\.00\/month/);
  assert.equal(await count(page, '.review-mark'), 0);
  await page.click('#leave-compare-panel');

  // Open a template as a second design, then compare it with the first.
  await page.click('#designs');
  await page.locator('.modal').waitFor();
  const tpl = page.locator('.template-list li[data-template="serverless-api.json"] button');
  await tpl.click();
  await page.waitForFunction(() => !document.querySelector('.modal'));
  await page.click('#tab-versions');
  await page.locator('#compare-design').waitFor();
  await page.click('#compare-design-go');
  await page.locator('.review-layer').waitFor();
  assert.ok(await count(page, '.review-mark.added') > 0);
  assert.ok(await count(page, '.review-mark.removed') > 0);
  await shot(page, 'review-compare-design-1440');
  await page.click('#leave-compare');

  // Deleting a version takes two clicks (the first one asks).
  await page.click('#designs');
  await page.locator('.design-list button', { hasText: 'Open' }).last().click();
  await page.waitForFunction(() => !document.querySelector('.modal'));
  await page.click('#tab-versions');
  const del = page.locator('.version[data-version="Version 1"] button.delete');
  await del.click();
  assert.equal((await del.textContent()).trim(), 'Delete for good?');
  assert.equal(await count(page, '.version'), 1, 'not deleted by one click');
  await del.click();
  await page.waitForFunction(() => !document.querySelector('.version'));
  assertClean(log);
  await context.close();
});

// CI on stop 57 (8007415): "Tried to access a reactive value that has already been disposed"
// — "Compare with another design" re-reads the saved designs when the panel mounts; a read
// that answered after the panel had closed (another tab chosen) read the closed panel's
// signals. Here the designs list's storage read is held 400 ms (the request's success event
// is passed on late) while the user leaves the tab: nothing may fail.
test('the Versions panel closed while its storage read is on its way: no error', async () => {
  const { page, log, context } = await app.open('/');
  await context.addInitScript(() => {
    const get = IDBObjectStore.prototype.get;
    IDBObjectStore.prototype.get = function (key) {
      const req = get.call(this, key);
      if (window.__slowList && key === 'cloudwright:v1:designs') {
        window.__slowReads = (window.__slowReads ?? 0) + 1;
        req.addEventListener = (type, f, o) => EventTarget.prototype.addEventListener.call(req, type,
          (e) => setTimeout(() => (typeof f === 'function' ? f(e) : f.handleEvent(e)), 400), o);
      }
      return req;
    };
  });
  await page.reload();
  await page.locator('g[data-node="db"]').waitFor();
  // A second design, so the list has another to offer (each answer is then read against the
  // panel's choice).
  await openTemplate(page, 'serverless-api.json');
  await page.click('#tab-versions');
  await page.locator('.review-panel').waitFor();
  await page.click('#tab-cost');
  for (let i = 0; i < 3; i++) {
    await page.evaluate(() => { window.__slowList = true; window.__slowReads = 0; });
    await page.click('#tab-versions');
    await page.locator('.review-panel').waitFor();
    await page.waitForFunction(() => window.__slowReads > 0, null, { timeout: 5_000 });
    await page.click('#tab-cost');
    await page.waitForTimeout(700);
  }
  await page.evaluate(() => { window.__slowList = false; });
  // Back on the tab, the list is read and shown.
  await page.click('#tab-versions');
  await page.locator('.review-panel').waitFor();
  assertClean(log);
  await context.close();
});
