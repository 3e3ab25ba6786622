// Issue 14: findings and the diagram are linked. Clicking a finding selects its components and
// frames them (pans/zooms the canvas to them); a component's badge lists its findings on hover;
// the inspector lists the selected component's findings; suppressing asks for the reason in
// the app's own dialog (never window.prompt): Esc cancels, an empty reason is refused, and the
// suppression is one undo step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, centre, dropKind, inView } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [['1440', { width: 1440, height: 900 }], ['1024', { width: 1024, height: 768 }]];
const RULE = 'net.db-in-public-subnet';
const within = (a, b) => a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;

/** The starter design with a database dropped in a public subnet (an error finding); returns
 * the new database's id. Every browser dialog (window.prompt, alert) is recorded in `dialogs`. */
async function withDbInPublicSubnet(page, dialogs) {
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  const pub = await page.locator('g[data-node="public-a"] .frame').boundingBox();
  await dropKind(page, 'rds', pub.x + pub.width / 2, pub.y + pub.height / 2);
  const d = await savedDesign(page);
  const db = Object.values(d.nodes).find((n) => n.kind === 'rds' && n.parent === 'public-a');
  assert.ok(db, 'the database is in the public subnet');
  return db.id;
}

for (const [vp, viewport] of VIEWPORTS) {
  test(`${vp}: clicking a finding selects its component and frames it on the canvas`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    const dialogs = [];
    const db = await withDbInPublicSubnet(page, dialogs);
    // Look elsewhere: clear the selection and zoom in on the far corner, so the database is off screen.
    await page.keyboard.press('Escape');
    const canvas = await page.locator('.canvas').boundingBox();
    for (let i = 0; i < 8; i++) {
      await page.mouse.move(canvas.x + canvas.width - 10, canvas.y + canvas.height - 10);
      await page.mouse.wheel(0, -120);
    }
    // Off screen (nodes far off screen are not even drawn).
    const hit = page.locator(`g[data-node="${db}"] .hit`);
    const away = (await hit.count()) ? await hit.first().boundingBox() : null;
    assert.ok(!away || !within(away, canvas), 'the database is off screen before');
    await page.click('#tab-findings');
    await page.locator(`.finding[data-rule="${RULE}"] .finding-head`).click();
    assert.equal(await page.locator(`g[data-node="${db}"].selected`).count(), 1, 'the finding selects its database');
    // Framed: the database is fully inside the canvas, and at a readable zoom (≤ 100%).
    const framed = await page.locator(`g[data-node="${db}"] .hit`).boundingBox();
    assert.ok(framed && within(framed, canvas), `on screen: ${JSON.stringify(framed)} in ${JSON.stringify(canvas)}`);
    const zoom = parseInt(await page.textContent('.zoom'), 10);
    assert.ok(zoom >= 70 && zoom <= 100, `zoom ${zoom}%`);
    await shot(page, `findings-framed-${vp}`);
    assert.deepEqual(dialogs, []);
    assertClean(log);
    await context.close();
  });

  test(`${vp}: a badge lists its component's findings on hover; the inspector lists them too`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    const dialogs = [];
    const db = await withDbInPublicSubnet(page, dialogs);
    const badge = page.locator(`g[data-node="${db}"] .node-badge.error`);
    await badge.waitFor();
    const b = await badge.boundingBox();
    await page.mouse.move(centre(b).x, centre(b).y);
    const tip = page.locator('.badge-tip');
    await tip.waitFor();
    assert.match(await tip.textContent(), /Database in a public subnet/);
    // The severity and the title are two words (QA qa14: "WARNING" ran into the title).
    assert.match(await tip.textContent(), /error Database in a public subnet/);
    // The list stays inside the canvas.
    const canvas = await page.locator('.canvas').boundingBox();
    assert.ok(within(await tip.boundingBox(), canvas), 'the tooltip is inside the canvas');
    await shot(page, `findings-badge-tip-${vp}`);
    await page.mouse.move(canvas.x + 5, canvas.y + 5);
    assert.equal(await tip.count(), 0, 'gone when the pointer leaves the badge');
    // The inspector of the selected database lists its findings.
    await page.click('#tab-inspect');
    const item = page.locator(`.inspector .node-findings .node-finding[data-rule="${RULE}"]`);
    await item.waitFor();
    assert.match(await item.textContent(), /error.*Database in a public subnet/s);
    await shot(page, `findings-inspector-${vp}`);
    // Another component without findings says so.
    await inView(page, 'users');
    const cdn = await page.locator('g[data-node="users"] .hit').boundingBox();
    await page.mouse.click(centre(cdn).x, centre(cdn).y);
    await page.locator('.inspector[data-node="users"]').waitFor();
    assert.equal(await page.locator(`.inspector .node-finding[data-rule="${RULE}"]`).count(), 0);
    assertClean(log);
    await context.close();
  });

  test(`${vp}: suppressing asks for the reason in the app's dialog: Esc cancels, empty is refused, one undo step`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    const dialogs = [];
    const db = await withDbInPublicSubnet(page, dialogs);
    await page.click('#tab-findings');
    const f = page.locator(`.finding[data-rule="${RULE}"]`);
    await f.locator('button.link').click();
    const dialog = page.locator('.suppress-dialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /Database in a public subnet/);
    // The reason field has the focus; Esc closes without a change.
    // The app focuses it on the next animation frame after the dialog mounts:
    // wait for that frame (a loaded CI machine may be slower than one poll).
    await page.waitForFunction(() => document.activeElement?.classList.contains('suppress-reason'), null, { timeout: 3000 })
      .catch(() => assert.fail('the reason field is focused'));
    await page.keyboard.press('Escape');
    assert.equal(await dialog.count(), 0, 'Esc cancels');
    assert.equal(await page.locator(`.finding.is-suppressed[data-rule="${RULE}"]`).count(), 0, 'nothing suppressed');
    assert.equal(await page.locator(`g[data-node="${db}"].selected`).count(), 1, 'Esc in the dialog does not clear the selection');
    // An empty (blank) reason is refused, the dialog stays.
    await f.locator('button.link').click();
    await dialog.waitFor();
    await page.locator('.suppress-reason').fill('   ');
    await dialog.locator('button.primary').click();
    await dialog.locator('.field-error').waitFor();
    assert.match(await dialog.locator('.field-error').textContent(), /Give a reason/);
    await shot(page, `findings-suppress-dialog-${vp}`);
    // A reason, then Enter: suppressed, with the reason shown.
    await page.locator('.suppress-reason').fill('Demo only: public test data');
    await page.keyboard.press('Enter');
    await page.locator(`.finding.is-suppressed[data-rule="${RULE}"]`).waitFor();
    assert.match(await page.textContent(`.finding.is-suppressed[data-rule="${RULE}"]`), /Demo only: public test data/);
    const d = await savedDesign(page);
    assert.deepEqual(d.nodes[db].suppressions, [{ rule: RULE, reason: 'Demo only: public test data' }]);
    // One undo: live again.
    await page.keyboard.press('Control+z');
    await page.locator(`.finding.error[data-rule="${RULE}"]`).waitFor();
    assert.equal(await page.locator(`g[data-node="${db}"]`).count(), 1, 'the undo took back only the suppression');
    // From the inspector too: select the database, suppress there.
    const node = await page.locator(`g[data-node="${db}"] .hit`).boundingBox();
    await page.mouse.click(centre(node).x, centre(node).y);
    await page.click('#tab-inspect');
    await page.locator(`.node-finding[data-rule="${RULE}"] button.link`).click();
    await page.locator('.suppress-reason').fill('Accepted for the demo');
    await dialog.locator('button.primary').click();
    await page.locator(`.node-finding.is-suppressed[data-rule="${RULE}"]`).waitFor();
    assert.deepEqual(dialogs, [], 'no window.prompt or alert');
    assertClean(log);
    await context.close();
  });
}
