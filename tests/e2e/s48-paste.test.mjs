// QA s32 F5 (issue 20): a paste whose copies go out of the view is applied in two tasks after
// its key's (s47-paste): the paste, then the follow pan. The copies' selection used to be set in
// the first, so the frame between them showed the originals deselected, the view not yet moved
// and no note ("nothing selected and nothing moved"). The selection now goes with the pan:
// - after the paste's task the originals are still selected, the view has not moved;
// - no frame from the key to the pan shows the view unmoved with the originals deselected;
// - after the pan the copies are selected and in the view.
// 1440×900 and 1024×768, the starter design (25 components: all copied, no room in the view).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, barSettled, savedDesign, shot } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const NOTE = 'the view moved to show them';
const nodesIn = (d) => Object.keys(d.nodes).length;

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`${viewport.width}×${viewport.height}: a paste out of the view keeps the originals selected until the view pans to the copies`, { timeout: 300_000 }, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await barSettled(page, { timeout: 60_000 });
    await page.waitForSelector('.canvas [data-node]');
    const n0 = nodesIn(await savedDesign(page));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+c');
    await page.waitForFunction((n) => document.body.innerText.includes(`Copied ${n} component`), n0, { timeout: 30_000 });
    const ids0 = await page.evaluate(() => [...document.querySelectorAll('.canvas .sel-mark')].map((m) => m.dataset.sel).sort());
    assert.ok(ids0.length > 0, 'the originals are selected before the paste');

    const steps = await page.evaluate(async ({ NOTE, ids0 }) => {
      const t = () => document.querySelector('.canvas g.world').getAttribute('transform');
      const note = () => document.querySelector('.toast-text')?.textContent.includes(NOTE) ?? false;
      const marks = () => [...document.querySelectorAll('.canvas .sel-mark')].map((m) => m.dataset.sel).sort();
      const t0 = t();
      // Every frame until the note shows: what the user saw.
      const frames = [];
      await new Promise((done) => {
        const f = () => {
          frames.push({ moved: t() !== t0, originals: marks().filter((id) => ids0.includes(id)).length, note: note() });
          if (note() || frames.length > 600) done(); else requestAnimationFrame(f);
        };
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'v', code: 'KeyV', ctrlKey: true, bubbles: true, cancelable: true }));
        // The paste's task (a 0 ms timer queued by the key) runs before this one; the pan's,
        // queued by it, after.
        setTimeout(() => frames.push({ between: true, moved: t() !== t0, marks: marks(), note: note() }), 0);
        requestAnimationFrame(f);
      });
      return { frames, after: { moved: t() !== t0, marks: marks(), note: note() } };
    }, { NOTE, ids0 });
    const between = steps.frames.find((f) => f.between);
    const seen = steps.frames.filter((f) => !f.between);
    console.log(JSON.stringify({ viewport, between, frames: seen.length, after: { ...steps.after, marks: steps.after.marks.length } }));
    assert.ok(between, 'the paste\'s task ran');
    assert.equal(between.moved, false, 'after the paste\'s task the view has not moved yet (s47-paste)');
    assert.deepEqual(between.marks, ids0, 'after the paste\'s task the originals are still selected (QA s32 F5)');
    assert.deepEqual(seen.filter((f) => !f.moved && f.originals === 0), [], 'no frame shows the view unmoved with the originals deselected');
    assert.equal(steps.after.moved, true, 'the view panned');
    assert.ok(steps.after.marks.length > 0 && steps.after.marks.every((id) => !ids0.includes(id)), 'after the pan the copies are selected, not the originals');

    await barSettled(page);
    assert.equal(nodesIn(await savedDesign(page)), 2 * n0, 'the paste was applied');
    await shot(page, `s48-paste-${viewport.width}`);

    // Ctrl+Z right after a paste undoes it whole (no pan left waiting): the design's nodes are
    // the originals' again.
    await page.keyboard.press('Control+z');
    await barSettled(page);
    assert.equal(nodesIn(await savedDesign(page)), n0, 'Ctrl+Z undid the paste');
    assertClean(log);
    await context.close();
  });
}
