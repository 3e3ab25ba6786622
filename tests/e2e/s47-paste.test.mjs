// Issue 20 (a paste of 300 under 50 ms; s47-paste). A paste whose copies go out of the view is
// now applied in two tasks after its key's: the paste (the design, its routes, the selection),
// then the follow pan to the copies (the views in the view unmounted, the copies' built, the
// note "… the view moved to show them"). Nothing may come between them unseen:
// - after the paste's task the view has not moved yet — the split itself (on main the pan was
//   made in the paste's task);
// - a key pressed in between sees the view panned and the note (the window's capture listener
//   applies the waiting pan first), and the pan is not made a second time by its own task;
// - Ctrl+Z pans back to where the user was; a paste left alone pans to the same view.
// 1440×900 and 1024×768, the starter design (25 components: all copied, no room in the view).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, barSettled, viewT, savedDesign, shot } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const NOTE = 'the view moved to show them';
const nodesIn = (d) => Object.keys(d.nodes).length;

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`${viewport.width}×${viewport.height}: a paste out of the view pans in the task after it, and a key between sees the pan`, { timeout: 300_000 }, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await barSettled(page, { timeout: 60_000 });
    await page.waitForSelector('.canvas [data-node]');
    const n0 = nodesIn(await savedDesign(page));
    await page.keyboard.press('Escape');
    const before = await viewT(page);
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+c');
    await page.waitForFunction((n) => document.body.innerText.includes(`Copied ${n} component`), n0, { timeout: 30_000 });

    const steps = await page.evaluate(async (NOTE) => {
      const t = () => document.querySelector('.canvas g.world').getAttribute('transform');
      const note = () => document.querySelector('.toast-text')?.textContent.includes(NOTE) ?? false;
      const drain = async () => { for (let i = 0; i < 200; i++) await Promise.resolve(); };
      const t0 = t();
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'v', code: 'KeyV', ctrlKey: true, bubbles: true, cancelable: true }));
      await drain();
      const key = { moved: t() !== t0, note: note() };
      // The paste's task was queued (a 0 ms timer) before this one: it has run when this runs,
      // and the pan's task, queued by it, has not.
      await new Promise((ok) => setTimeout(ok, 0));
      const between = { moved: t() !== t0, note: note(), selected: document.querySelectorAll('.canvas .sel-mark').length };
      // A key between the two tasks (Shift alone does nothing here): the pan is made first.
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Shift', code: 'ShiftLeft', shiftKey: true, bubbles: true, cancelable: true }));
      await drain();
      const afterKey = { moved: t() !== t0, note: note(), transform: t() };
      await new Promise((ok) => setTimeout(ok, 100));
      const later = { transform: t(), note: note() };
      return { key, between, afterKey, later };
    }, NOTE);
    console.log(JSON.stringify({ viewport, steps }));
    assert.deepEqual(steps.key, { moved: false, note: false }, 'the Ctrl+V task applied nothing (s43-paste)');
    assert.deepEqual({ moved: steps.between.moved, note: steps.between.note }, { moved: false, note: false }, 'after the paste\'s task the view has not moved yet: the pan is the next task\'s');
    assert.deepEqual({ moved: steps.afterKey.moved, note: steps.afterKey.note }, { moved: true, note: true }, 'a key between the two sees the view panned and the note');
    assert.equal(steps.later.transform, steps.afterKey.transform, 'the pan\'s own task did not pan again');
    assert.equal(steps.later.note, true);
    await barSettled(page);
    const pasted = await savedDesign(page);
    assert.equal(nodesIn(pasted), 2 * n0, 'the paste was applied');
    const panned = await viewT(page);
    await shot(page, `s47-paste-${viewport.width}`);

    // Its Undo pans back to where the user was.
    await page.keyboard.press('Control+z');
    await barSettled(page);
    await page.waitForTimeout(200);
    assert.equal(nodesIn(await savedDesign(page)), n0, 'Ctrl+Z undid the paste');
    assert.deepEqual(await viewT(page), before, 'and panned back');

    // The same paste left alone (no key between): the same view, the same note.
    await page.keyboard.press('Control+v');
    await page.waitForFunction((NOTE) => document.querySelector('.toast-text')?.textContent.includes(NOTE), NOTE);
    await barSettled(page);
    await page.waitForTimeout(200);
    assert.deepEqual(await viewT(page), panned, 'a paste left alone pans to the view a key between gave');
    assert.equal(nodesIn(await savedDesign(page)), 2 * n0);
    assertClean(log);
    await context.close();
  });
}
