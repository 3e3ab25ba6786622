// A hub's drop hands its connectors' lines to the page one connector at a time (s40-hub): the
// 613-connector hub of the 1,000-node sample rewrites ~2,400 lines' `points` at a real drop, and
// each string handed from the app to JS on its own was decoded on its own (a TextDecoder call
// per line). Now one string per connector, split in JS: the drop decodes fewer than half as many
// strings as it writes `points`. And the lines are what they were: every drawn connector's line
// (a solid one) or pieces (a dashed one) lie on its hit line's points, piece by piece, each
// piece's dash offset the length of the route before it, the arrowhead on the last piece only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openBigHub, connectorLines } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

test('a hub\'s drop decodes one string per connector, and its lines lie on its routes', async (t) => {
  const { page, id } = await openBigHub(app);
  const before = await connectorLines(page);
  assert.ok(before.n > 600, `connectors drawn: ${before.n}`);
  assert.equal(before.nbad + before.nbadHidden, 0, `the lines as first drawn: ${JSON.stringify(before)}`);
  // Count the strings decoded and the `points` written from the release on.
  await page.evaluate(() => {
    const dec = TextDecoder.prototype.decode;
    window.__decodes = 0; window.__counting = false;
    TextDecoder.prototype.decode = function (...a) { if (window.__counting) window.__decodes++; return dec.apply(this, a); };
    window.__points = 0;
    new MutationObserver((ms) => { for (const m of ms) if (window.__counting && m.attributeName === 'points') window.__points++; })
      .observe(document.querySelector('.canvas-svg'), { attributes: true, attributeFilter: ['points'], subtree: true });
  });
  const moved = () => page.evaluate((id) => document.querySelector(`.canvas-svg g.node[data-node="${id}"]`).getAttribute('transform'), id);
  const was = await moved();
  const undo = await page.getAttribute('#undo', 'title');
  const b = await page.locator(`.canvas-svg g.node[data-node="${id}"] .hit`).boundingBox();
  const [x0, y0] = [b.x + b.width / 2, b.y + b.height / 2];
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= 6; i++) { await page.mouse.move(x0 - i * 10, y0 - i * 7.5); await page.waitForTimeout(40); }
  await page.waitForTimeout(300);
  await page.evaluate(() => { window.__counting = true; });
  await page.mouse.up();
  await page.waitForFunction((u) => document.querySelector('#undo').getAttribute('title') !== u, undo, { timeout: 60_000 });
  await page.waitForTimeout(1500);
  const { decodes, points } = await page.evaluate(() => { window.__counting = false; return { decodes: window.__decodes, points: window.__points }; });
  assert.notEqual(await moved(), was, 'the hub moved');
  t.diagnostic(`drop: ${points} points written, ${decodes} strings decoded`);
  assert.ok(points > 1500, `points written at the drop: ${points}`);
  assert.ok(decodes * 2 < points, `strings decoded at the drop: ${decodes}, points written: ${points}`);
  const after = await connectorLines(page);
  assert.ok(after.n > 600, `connectors drawn: ${after.n}`);
  assert.equal(after.nbad + after.nbadHidden, 0, `the lines after the drop, once settled: ${JSON.stringify(after)}`);
  await page.close();
});
