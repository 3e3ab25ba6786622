// Issue 20, a delete at 300 nodes (BENCHMARKS.md s25-edit): the inspector follows an edit
// that removed the component it shows in the next animation frame's callback, not in the
// edit's task. A delete empties the selection there, and the inspector dropped the deleted
// component's form and built the design's settings before the page's analysis and the totals
// bar (about a third of the delete's script before its analysis, the whole difference between
// a delete's and an undo's edit → bar). Now the bar gets its figures first, and the frame
// painted after the edit still shows the design's settings: the swap runs in that frame's
// animation-frame callbacks, before its paint.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, sampleFile, importSample, clickableLeaves, shot } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const settled = (page) => page.waitForFunction(() => document.querySelector('.totals-bar')?.dataset.updating === 'false' && document.querySelector('.totals-bar')?.dataset.pending === 'false', null, { timeout: 180_000 });

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`a delete's bar comes before the inspector's swap, and the next frame shows the design's settings (${w}×${h})`, { timeout: 600_000 }, async () => {
    const { page, log, context } = await app.open('/?analysis=page', { viewport: { width: w, height: h } });
    await importSample(page, sampleFile(300), { timeout: 300_000 });
    await settled(page);
    await page.keyboard.press('Shift+!');
    await page.waitForTimeout(500);
    for (const n of [3, 5]) {
      const leaf = (await clickableLeaves(page))[n];
      assert.ok(leaf, 'a clickable leaf');
      await page.mouse.click(leaf.x, leaf.y);
      // A click is followed at once: the form of the clicked component.
      await page.waitForSelector(`.inspector[data-node="${leaf.id}"]`);
      await page.waitForTimeout(300);
      const seen = await page.evaluate(() => new Promise((done) => {
        const bar = document.querySelector('.totals-bar');
        const rev0 = Number(bar.dataset.rev);
        const shows = () => {
          const i = document.querySelector('.inspector-fields .inspector');
          return { node: i?.dataset.node ?? null, title: i?.querySelector('h2')?.textContent ?? null, name: !!i?.querySelector('[data-field="name"] input') };
        };
        const obs = new MutationObserver(() => {
          if (bar.dataset.updating === 'false' && Number(bar.dataset.rev) > rev0) {
            obs.disconnect();
            const atBar = shows();
            // The next frame's animation-frame callbacks run before its paint; the app's was
            // asked for in the edit's task, before this one.
            requestAnimationFrame(() => done({ atBar, beforePaint: shows() }));
          }
        });
        obs.observe(bar, { attributes: true, childList: true, characterData: true, subtree: true });
        window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true, cancelable: true }));
      }));
      assert.equal(seen.atBar.node, leaf.id, `when the bar changed the deleted ${leaf.id}'s form had not been dropped yet (the swap waits for the frame)`);
      assert.deepEqual(seen.beforePaint, { node: null, title: 'Design', name: true }, 'before the next frame is painted the inspector shows the design\'s settings');
      await settled(page);
      assert.equal(await page.locator('.inspector[data-node]').count(), 0, 'no component form left');
      assert.equal(await page.locator(`.canvas-svg g.node[data-node="${leaf.id}"]`).count(), 0, 'the component is deleted');
    }
    // Undo: the component comes back unselected, the design's settings stay; select it again.
    await page.evaluate(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, bubbles: true, cancelable: true })));
    await settled(page);
    assert.equal(await page.locator('.inspector-fields .inspector h2').first().textContent(), 'Design');
    await shot(page, `s25-edit-after-delete-${w}`);
    assertClean(log);
    await context.close();
  });
}
