// A band's name inside the band (QA s26 P-5a): a component spanning AZs is drawn as one band
// across its subnets, and its name wrapped at a component's cell (140 px) put the second line
// of "Aurora global DB (writer)" below the band's dashed bottom edge, where the band's border
// and both AZs' borders ran through "(writer)" — on the canvas, in Present and in the exports.
// A label now wraps at the wider of the cell and its box less 12 px a side
// (`geometry::label_wrap_w`): the band's name is one line, inside the band.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, shot, openTemplate, assertClean, drawnComponent as band } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`${w}×${h}: a band's name is drawn on one line inside the band`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await openTemplate(page, 'multi-region-active-passive.json');
    const b = await band(page, 'east-db');
    assert.deepEqual(b.lines, ['Aurora global DB (writer)'], 'one line: the band is wide enough for it');
    const bottom = b.rect.y + b.rect.h;
    assert.ok(b.label.y + b.label.h <= bottom, `the name ends (${b.label.y + b.label.h}) above the band's bottom edge (${bottom})`);
    assert.ok(b.label.x >= b.rect.x && b.label.x + b.label.w <= b.rect.x + b.rect.w, 'and between its side edges');
    // A component in one subnet keeps wrapping at its cell, as before.
    const leaf = await band(page, 'west-db');
    assert.deepEqual(leaf.lines, ['Aurora global DB ', '(secondary)']);
    await page.locator('.canvas-svg g.node[data-node="east-db"]').scrollIntoViewIfNeeded();
    await shot(page, `s43-band-${w}`);
    assertClean(log);
    await context.close();
  });
}
