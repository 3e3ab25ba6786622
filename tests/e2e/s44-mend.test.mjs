// s44-mend: what session 28's QA and the review of s43 left, in Chromium.
//  F2   A band's long name (a component spanning AZs, drawn as one box across its row of
//       subnets): "Internal application load balancer for the order service" across two AZs
//       wrapped to two lines that ran past the band's bottom edge into what is below. A band's
//       name is now one line inside it, cut with "…" when longer, the whole name its tooltip;
//       Tidy up keeps it so.
//  F6   Two refusals told in one toast ran together ("…is not a number Memory per task of…"):
//       joined as sentences.
//  review  One way out of the inspector (`inspector::leave`): a press on the canvas that shows
//       another component takes away a refusal shown under a field — it is told, as another
//       tab or Present tell it; a press on the component shown keeps it under its field.
//  review  A paste still pending (applied in the task after Ctrl+V) when the page goes is
//       applied then, so the journal holds it: a reload right after Ctrl+V keeps the copies.
//  F5   A component released on top of another goes to the nearest free spot: now said.
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, barSettled, shot, selectNode, openTemplate, savedDesign, dragMouse, dropKind, inView, errorToast, anyToast, drawnComponent as drawn, renameComponent } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const field = (page, name) => page.locator('.inspector label.field', { hasText: name }).locator('input');
const VIEWPORTS = [[1440, 900], [1024, 768]];

for (const [w, h] of VIEWPORTS) {
  test(`${w}×${h}: two refusals told in one toast read as two sentences (QA s28 F6)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    await selectNode(page, 'app-a');
    for (const name of ['Maximum tasks', 'Memory per task']) {
      await field(page, name).fill('lots');
      await field(page, name).press('Enter');
    }
    await page.waitForFunction(() => document.querySelectorAll('.inspector .field-error').length === 2);
    // The form goes with the tab: both refusals are told, in one toast.
    await page.click('#tab-cost');
    await errorToast(page).waitFor({ timeout: 3000 });
    const text = await errorToast(page).textContent();
    assert.equal(text.match(/was not changed/g)?.length, 2, text);
    assert.match(text, /^(Maximum tasks|Memory per task) of “Web app \(a\)” was not changed: “lots” is not a number\. (Maximum tasks|Memory per task) of “Web app \(a\)” was not changed: “lots” is not a number\.$/);
    await shot(page, `s44-mend-two-refusals-${w}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: a press on the canvas that shows another component tells the refusal shown under a field; one on the component shown keeps it there`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    await selectNode(page, 'app-a');
    const tasks = field(page, 'Maximum tasks');
    await tasks.fill('lots');
    await tasks.press('Enter');
    const under = page.locator('.inspector .field-error');
    await under.waitFor();
    // The component shown, pressed again: the message stays under its field, no toast.
    await selectNode(page, 'app-a');
    await page.waitForTimeout(300);
    assert.equal(await under.count(), 1, 'still under its field');
    assert.equal(await errorToast(page).count(), 0, 'not told twice');
    // Another component of the same kind: the fields stay, the message goes — and is told.
    await selectNode(page, 'app-b');
    await errorToast(page).waitFor({ timeout: 3000 });
    assert.match(await errorToast(page).textContent(), /^Maximum tasks of “Web app \(a\)” was not changed: “lots” is not a number\.$/);
    assert.equal(await under.count(), 0);
    await shot(page, `s44-mend-canvas-leave-${w}`);
    assertClean(log);
    await context.close();
  });
}

test('a paste still pending when the page goes is kept: reload right after Ctrl+V, the copies are there', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1440, height: 900 } });
  await barSettled(page);
  const n0 = Object.keys((await savedDesign(page)).nodes).length;
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+c');
  await page.waitForFunction((n) => document.body.innerText.includes(`Copied ${n} component`), n0);
  // The paste is applied in the task after Ctrl+V's. The page goes before that task runs:
  // the page's zero-delay timers are held back from here on (as when the tab is closed at
  // once, before the next task), so only the page leaving can apply it.
  await page.evaluate(() => {
    const orig = window.setTimeout;
    window.setTimeout = function (f, ms, ...rest) { return (ms | 0) === 0 ? 0 : orig.call(window, f, ms, ...rest); };
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'v', code: 'KeyV', ctrlKey: true, bubbles: true, cancelable: true }));
  });
  await page.reload();
  await barSettled(page, { timeout: 60_000 });
  const after = await savedDesign(page, { wait: 1500 });
  assert.equal(Object.keys(after.nodes).length, 2 * n0, `the ${n0} copies survived the reload`);
  assertClean(log);
  await context.close();
});

/** Every drawn component's box and label box in world units (the node's transform added). */
const allBoxes = (page) => page.$$eval('.canvas-svg .world g.node.leaf', (gs) => gs.map((g) => {
  const m = (g.getAttribute('transform') ?? '').match(/translate\(([-\d.e]+)[ ,]+([-\d.e]+)\)/);
  const [tx, ty] = m ? [+m[1], +m[2]] : [0, 0];
  const hit = g.querySelector('rect.hit');
  const b = g.querySelector('text.label')?.getBBox();
  return {
    id: g.dataset.node,
    rect: { x: tx + +hit.getAttribute('x'), y: ty + +hit.getAttribute('y'), w: +hit.getAttribute('width'), h: +hit.getAttribute('height') },
    label: b ? { x: tx + b.x, y: ty + b.y, w: b.width, h: b.height } : null,
  };
}));
const meets = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

for (const [w, h] of VIEWPORTS) {
  test(`${w}×${h}: a band's long name is one line inside the band, the whole name its tooltip, tidied or not (QA s28 F2)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await openTemplate(page, 'three-tier.json');
    await barSettled(page);
    // The database's band across two AZs: the narrowest of the template (348 px).
    const name = 'Internal application load balancer for the order service';
    await inView(page, 'db');
    await renameComponent(page, 'db', name);
    for (const how of ['as laid out', 'tidied']) {
      if (how === 'tidied') {
        await page.click('#tidy');
        await page.waitForFunction(() => /Tidy up/.test(document.querySelector('#undo').getAttribute('title')));
        await page.waitForTimeout(300);
        await inView(page, 'db');
      }
      const b = await drawn(page, 'db');
      assert.equal(b.lines.length, 1, `${how}: one line, ${JSON.stringify(b.lines)}`);
      assert.ok(b.label.y + b.label.h <= b.rect.y + b.rect.h + 0.5, `${how}: the name ends (${b.label.y + b.label.h}) above the band's bottom edge (${b.rect.y + b.rect.h})`);
      assert.ok(b.label.x >= b.rect.x && b.label.x + b.label.w <= b.rect.x + b.rect.w, `${how}: and between its side edges`);
      if (b.lines[0].endsWith('…')) {
        assert.equal(b.title, name, `${how}: cut, the whole name is the band's tooltip`);
      } else {
        assert.equal(b.lines[0].trim(), name);
      }
      // Nothing else's box or label is under the band's name.
      const boxes = await allBoxes(page);
      const band = boxes.find((x) => x.id === 'db');
      for (const o of boxes.filter((x) => x.id !== 'db')) {
        assert.ok(!meets(band.label, o.rect) && !(o.label && meets(band.label, o.label)), `${how}: the band's name meets ${o.id}`);
      }
      await shot(page, `s44-mend-band-${how === 'tidied' ? 'tidied' : 'drawn'}-${w}`);
    }
    // The inspector names it whole.
    await selectNode(page, 'db');
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: a component released on top of another is placed beside it and says so; one released beside others says nothing (QA s28 F5)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await barSettled(page);
    const note = anyToast(page).filter({ hasText: 'released on top of' });
    // DNS dragged onto the CDN (both at the top level).
    await inView(page, 'cdn');
    const before = await savedDesign(page);
    const cdn = await page.locator('g.node[data-node="cdn"] .hit').boundingBox();
    const dns = await page.locator('g.node[data-node="dns"] .hit').boundingBox();
    await dragMouse(page, { x: dns.x + dns.width / 2, y: dns.y + dns.height / 2 }, { x: cdn.x + cdn.width / 2 + 10, y: cdn.y + cdn.height / 2 });
    await note.waitFor({ timeout: 3000 });
    assert.match(await note.textContent(), /^Moved to the nearest free spot: released on top of “CDN”\.$/);
    const moved = await savedDesign(page);
    assert.notDeepEqual(moved.layout.dns, before.layout.dns, 'moved');
    assert.ok(!meets(moved.layout.dns, moved.layout.cdn), 'beside the CDN, not on it');
    assert.deepEqual(moved.layout.cdn, before.layout.cdn, 'the CDN stays');
    await shot(page, `s44-mend-drop-beside-${w}`);
    await page.locator('.toast-close').click();
    // A new Lambda function released on Web app (a): placed beside it, said so.
    await inView(page, 'app-a');
    const appA = await page.locator('g.node[data-node="app-a"] .hit').boundingBox();
    await dropKind(page, 'lambda', appA.x + appA.width / 2, appA.y + appA.height / 2);
    await note.waitFor({ timeout: 3000 });
    assert.match(await note.textContent(), /^Placed at the nearest free spot: released on top of “Web app \(a\)”\.$/);
    await page.locator('.toast-close').click();
    // DNS moved 20 px to the right, clear of everything: nothing said.
    await inView(page, 'dns');
    const d2 = await page.locator('g.node[data-node="dns"] .hit').boundingBox();
    const undo = await page.getAttribute('#undo', 'title');
    await dragMouse(page, { x: d2.x + d2.width / 2, y: d2.y + d2.height / 2 }, { x: d2.x + d2.width / 2 + 20, y: d2.y + d2.height / 2 });
    await page.waitForFunction((u) => document.querySelector('#undo').getAttribute('title') !== u, undo);
    await page.waitForTimeout(400);
    assert.equal(await note.count(), 0, 'an ordinary drop is not told');
    assertClean(log);
    await context.close();
  });
}
