// A paste of many draws its connectors where a fresh opening of the same design draws them
// (s46-paste): after a paste the canvas's routes are brought up to date incrementally
// (`route::reroute`), and when many connectors were routed again (more than
// `canvas::MERGE_FROM`, 64: a paste of the 300 sample adds ~800) the paths' map is made in one
// pass over the routes instead of by inserting each into a copy of the old map. Every drawn
// connector after the paste (the copies', the view moved to them) must have the points a
// fresh import of the saved design draws for it (routes from nothing, `route_all`), and the
// paste's one undo step must put back what the opening drew. 1440×900 and 1024×768.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, sampleFile, importSample, barSettled, pasteAll, savedDesign, importDesign } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

/** Every drawn connector's points, by id. */
const edges = (page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.canvas-svg g.edge')].map((g) => [g.dataset.conn, g.querySelector('.edge-hit').getAttribute('points')])));

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`${viewport.width}×${viewport.height}: a paste of many draws its connectors as a fresh opening does`, { timeout: 600_000 }, async () => {
    const file = sampleFile(300);
    const { page, log, context } = await app.open('/', { viewport });
    await importSample(page, file);
    await barSettled(page, { timeout: 300_000 });
    const opened = await edges(page);
    const { copied } = await pasteAll(page);
    assert.ok(copied >= 300, `copied ${copied}`);
    await page.waitForTimeout(500);
    const pasted = await edges(page);
    const saved = await savedDesign(page);
    const origIds = new Set(Object.keys(opened));
    const newIds = Object.keys(pasted).filter((id) => !origIds.has(id) && saved.connections[id]);
    assert.ok(newIds.length > 64, `the copies' connectors are drawn (${newIds.length}), more than a merge's threshold`);

    // A fresh page with the saved design imported: every connector routed from nothing.
    const fresh = await app.open('/', { viewport });
    await importDesign(fresh.page, { ...saved, name: saved.name }, 'test-output/s46-paste-saved.json');
    await fresh.page.waitForTimeout(500);
    // Both zoomed to fit (Shift+!; its zoom floor leaves part of the design out at 1024 px):
    // the connectors drawn in both pages are compared, the copies' among them.
    await fresh.page.keyboard.press('Shift+!');
    await fresh.page.waitForTimeout(800);
    const again = await edges(fresh.page);
    const cmp = (what, mine) => {
      const both = Object.keys(mine).filter((id) => id in again);
      assert.ok(both.filter((id) => !origIds.has(id)).length > 20, `${what}: copies' connectors drawn in both (${both.length})`);
      const differ = both.filter((id) => mine[id] !== again[id]);
      assert.deepEqual(differ.slice(0, 5).map((id) => [id, mine[id], again[id]]), [], `${what}: ${differ.length} of ${both.length} connectors drawn differently than from nothing`);
      return both.length;
    };
    const n1 = cmp('as pasted', pasted);
    await page.keyboard.press('Shift+!');
    await page.waitForTimeout(800);
    const n2 = cmp('fitted', await edges(page));
    console.log(JSON.stringify({ viewport, copied, new_drawn_after_paste: newIds.length, compared_as_pasted: n1, compared_fitted: n2, of: Object.keys(saved.connections).length }));

    // Undo: one step puts back the design as opened, its connectors drawn as they were.
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(800);
    const undone = await edges(page);
    const wrong = Object.keys(undone).filter((id) => !origIds.has(id) || opened[id] !== undone[id]);
    assert.deepEqual(wrong.slice(0, 5), [], 'after the undo only the opening\'s connectors, drawn as they were');
    assertClean(log);
    await fresh.context.close();
    await context.close();
  });
}
