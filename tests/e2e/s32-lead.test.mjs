// s32-lead: QA s17 #1, in Chromium. "Web app (b)" dragged up into Public b (a full subnet:
// it grows, and pushes the rows below it down with all they hold) did nothing, and a toast
// said "the position of “Web app (b)” changed since this edit was made": the growth pushed
// the dragged component too (it still stood in Private b), so its own move no longer
// applied. The move now happens, as one undo step, and undo puts everything back.
// Screenshots at 1440×900 and 1024×768.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, barSettled, visiblePoint } from './harness.mjs';

// E2E_DIST: another build's dist (main's, to see the tests fail on the old code).
const app = await start(process.env.E2E_DIST ?? 'dist');
after(() => app.stop());

const VIEWPORTS = [{ width: 1440, height: 900 }, { width: 1024, height: 768 }];
const placement = (d) => JSON.stringify({ layout: d.layout, parents: Object.fromEntries(Object.entries(d.nodes).map(([id, n]) => [id, n.parent ?? null])) });

for (const viewport of VIEWPORTS) {
  for (const [node, into] of [['app-b', 'public-b'], ['db', 'private-a']]) {
    test(`${viewport.width}: ${node} dragged up into ${into} (which grows) moves there, one undo step`, { timeout: 120_000 }, async () => {
      const { page, log, context } = await app.open('/', { viewport });
      await barSettled(page);
      const before = await savedDesign(page);
      const p = await visiblePoint(page, node);
      assert.ok(p, `${node} shows`);
      const f = await page.locator(`g[data-node="${into}"] .frame`).boundingBox();
      const to = { x: f.x + f.width / 2, y: f.y + f.height / 2 + 5 };
      await page.evaluate(() => {
        window.__t = [];
        new MutationObserver(() => { for (const t of document.querySelectorAll('.toast')) if (!window.__t.includes(t.textContent)) window.__t.push(t.textContent); })
          .observe(document.body, { childList: true, subtree: true, characterData: true });
      });
      const undo = await page.getAttribute('#undo', 'title');
      await page.mouse.move(p.x, p.y);
      await page.mouse.down();
      for (let i = 1; i <= 12; i++) { await page.mouse.move(p.x + (to.x - p.x) * i / 12, p.y + (to.y - p.y) * i / 12); await page.waitForTimeout(20); }
      await page.mouse.up();
      // The drop made an undo step, or said something (on main: the toast).
      await page.waitForFunction((u) => document.querySelector('#undo').getAttribute('title') !== u || window.__t.length > 0, undo, { timeout: 10_000 });
      await barSettled(page);
      const d = await savedDesign(page);
      const toasts = await page.evaluate(() => window.__t.join('\n'));
      assert.equal(d.nodes[node].parent, into, `${node} now in ${into} (toasts: ${toasts})`);
      assert.doesNotMatch(toasts, /changed since this edit was made/);
      assert.notEqual(await page.getAttribute('#undo', 'title'), undo, 'an undo step');
      await shot(page, `s32-lead-${node}-into-${into}-${viewport.width}`);
      await page.click('#undo');
      await page.waitForFunction((u) => document.querySelector('#undo').getAttribute('title') === u, undo);
      await barSettled(page);
      assert.equal(placement(await savedDesign(page)), placement(before), 'undo puts everything back');
      assertClean(log);
      await context.close();
    });
  }
}
