// Issue 14, editor polish (QA qa14 bugs 7, 8, 10, 11 and the polish list): undo labels name
// components by their labels; "postgres" + Enter in an empty design places a database with
// the VPC, AZ and subnet it needs; the traffic editor writes huge rates compactly and says its
// limit in the user's unit; the totals bar and the design name are readable at 1024×768.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, inView, openTemplate } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const SMALL = { width: 1024, height: 768 };


const undoTitle = (page) => page.getAttribute('#undo', 'title');

test('undo labels name components by their labels; an emptied name is refused in place and in the inspector', async () => {
  const { page, log, context } = await app.open('/');
  await openTemplate(page, 'three-tier.json');
  const vpcLabel = () => page.locator('g[data-node="vpc"] text.container-label').boundingBox();
  // Rename the VPC in place.
  let b = await vpcLabel();
  await page.mouse.dblclick(b.x + 6, b.y + b.height / 2);
  await page.locator('.label-editor').fill('Prod VPC');
  await page.locator('.label-editor').press('Enter');
  assert.equal(await undoTitle(page), 'Undo: Rename “Production VPC 10.0.0.0/16” to “Prod VPC” (Ctrl+Z)');
  // Bug 7: an emptied name keeps the old one, and the label can be double-clicked again.
  b = await vpcLabel();
  await page.mouse.dblclick(b.x + 6, b.y + b.height / 2);
  await page.locator('.label-editor').fill('   ');
  await page.locator('.label-editor').press('Enter');
  assert.equal(await page.textContent('g[data-node="vpc"] text.container-label'), 'Prod VPC');
  assert.match(await undoTitle(page), /Rename “Production VPC 10\.0\.0\.0\/16” to “Prod VPC”/, 'no new step');
  b = await vpcLabel();
  await page.mouse.dblclick(b.x + 6, b.y + b.height / 2);
  await page.locator('.label-editor').press('Escape');
  await page.locator('.label-editor').waitFor({ state: 'detached' });
  // The inspector refuses an empty label too, says why, and shows the name again. (A pause
  // first, so the click is not the third of the double-click.)
  await page.waitForTimeout(700);
  await page.mouse.click(b.x + 6, b.y + b.height / 2);
  await page.waitForFunction(() => document.querySelector('.inspector')?.dataset.node === 'vpc');
  await page.click('#tab-inspect');
  const labelField = page.locator('.inspector .field input[type="text"]').first();
  await labelField.fill('');
  await labelField.press('Tab');
  await page.locator('.toast.error').waitFor();
  assert.match(await page.textContent('.toast.error'), /label cannot be empty/);
  assert.equal(await labelField.inputValue(), 'Prod VPC');
  assert.equal((await savedDesign(page)).nodes.vpc.label, 'Prod VPC');

  // The span: moving AZ b's member from Private b to Public b is a move, not a removal.
  const app_ = await page.locator('g[data-node="app"] .hit').boundingBox();
  await page.mouse.click(app_.x + app_.width / 2, app_.y + app_.height / 2);
  const field = page.locator('.span-field');
  await field.waitFor();
  await field.locator('.span-az[data-az="az-b"] select').selectOption('public-b');
  await page.waitForFunction(() => document.querySelector('#undo').title.includes('Public b'));
  // Public b is in another row: the whole band moves to the public row in the same AZs (a band
  // is one rectangle across one row of subnets; s14 span-fix).
  assert.equal(await undoTitle(page), 'Undo: Move “Web app tasks” to the row of Public b (Ctrl+Z)');
  // Moving a component: its label, never its id.
  const alb = await page.locator('g[data-node="alb"] .hit').boundingBox();
  await page.mouse.move(alb.x + alb.width / 2, alb.y + 10);
  await page.mouse.down();
  await page.mouse.move(alb.x + alb.width / 2 + 30, alb.y + 10, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('#undo').title.startsWith('Undo: Move “Public ALB”'));
  await page.keyboard.press('Control+z');
  assert.equal(await page.getAttribute('#redo', 'title'), 'Redo: Move “Public ALB” (Ctrl+Shift+Z)');
  for (const t of [await undoTitle(page), await page.getAttribute('#redo', 'title')]) {
    // ("app" is also a word of its label, "Web app tasks": the ids checked are those no label holds.)
    assert.doesNotMatch(t, /\b(vpc|alb|public-b|private-b)\b/, `no internal id in "${t}"`);
  }
  await shot(page, 'polish-undo-labels-1440');
  assertClean(log);
  await context.close();
});

for (const viewport of [{ width: 1440, height: 900 }, SMALL]) {
  test(`at ${viewport.width}: postgres + Enter in an empty design places a database with its VPC, AZ and subnet, as one undo step`, async () => {
    const { page, log, context } = await app.open('/', { viewport, welcome: true });
    await page.locator('.modal.welcome').waitFor();
    await page.click('#welcome-empty');
    await page.locator('#empty-hint').waitFor();
    await page.fill('.palette-search', 'postgres');
    await page.press('.palette-search', 'Enter');
    await page.locator('g[data-kind="rds"]').waitFor();
    for (const kind of ['vpc', 'az', 'subnet']) assert.equal(await page.locator(`g.node[data-kind="${kind}"]`).count(), 1, kind);
    assert.match(await page.textContent('.toast'), /Add RDS database \(with a new VPC, AZ and subnet\)/);
    assert.equal(await undoTitle(page), 'Undo: Add RDS database (with a new VPC, AZ and subnet) (Ctrl+Z)');
    const d = await savedDesign(page);
    const [db] = Object.values(d.nodes).filter((n) => n.kind === 'rds');
    const subnet = d.nodes[db.parent];
    assert.equal(subnet.props.tier, 'isolated', 'a database in the data tier');
    assert.equal(subnet.props.cidr, '10.0.0.0/24');
    assert.equal(subnet.label, 'Isolated (data) a');
    assert.equal(d.nodes[d.nodes[subnet.parent].parent].kind, 'vpc');
    // Everything placed is on screen, nested, and the database is selected.
    const canvas = await page.locator('.canvas').boundingBox();
    for (const kind of ['vpc', 'az', 'subnet', 'rds']) {
      const r = await page.locator(`g.node[data-kind="${kind}"] rect`).first().boundingBox();
      assert.ok(r.x >= canvas.x && r.y >= canvas.y && r.x + r.width <= canvas.x + canvas.width && r.y + r.height <= canvas.y + canvas.height, `${kind} on screen: ${JSON.stringify(r)} in ${JSON.stringify(canvas)}`);
    }
    assert.equal(await page.locator('g.node[data-kind="rds"].selected').count(), 1);
    await shot(page, `polish-postgres-empty-${viewport.width}`);
    // One undo takes all four away (the Undo button: the focus is still in the search box).
    await page.click('#undo');
    await page.waitForFunction(() => document.querySelectorAll('g.node').length === 0);
    // A word for a service the catalog lacks: Enter says so.
    await page.fill('.palette-search', 'mongodb');
    await page.press('.palette-search', 'Enter');
    await page.locator('.toast.error').waitFor();
    assert.match(await page.textContent('.toast.error'), /No component matches “mongodb”\. Amazon DocumentDB .* not in the catalog yet/);
    assertClean(log);
    await context.close();
  });
}

test('palette search lists the best match first: queue → SQS alone, db → the databases first, nginx → a load balancer', async () => {
  const { page, log, context } = await app.open('/');
  const shown = async (q) => {
    await page.fill('.palette-search', q);
    return page.evaluate(() => [...document.querySelectorAll('.palette-item')]
      .filter((li) => li.offsetParent !== null)
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .map((li) => li.dataset.kind));
  };
  assert.deepEqual(await shown('queue'), ['sqs']);
  assert.deepEqual((await shown('db')).slice(0, 3), ['rds', 'aurora', 'dynamodb']);
  assert.equal((await shown('nginx'))[0], 'alb');
  await shown('db');
  await shot(page, 'polish-palette-db-1440');
  assertClean(log);
  await context.close();
});

test('the traffic editor writes huge rates compactly, says its limit in the unit typed, and reads "3.5 M / month"', async () => {
  const { page, log, context } = await app.open('/', { viewport: SMALL });
  await page.click('#total-traffic');
  await page.locator('#traffic-editor').waitFor();
  // 999,999,999,999/s = 1 trillion a second (3 significant digits) = 2,628,000 trillion a month.
  await page.fill('#traffic-rate', '999,999,999,999/s');
  assert.equal(await page.textContent('#traffic-echo'), '= 1T/s = 2,628,000T/month');
  await page.click('#traffic-apply');
  await page.locator('.traffic-editor .field-error').waitFor();
  // The users node carries at most 1e13 a month: 1e13 / 2,628,000 = 3,805,175/s, "3.8 million".
  assert.equal(await page.textContent('.traffic-editor .field-error'),
    'The request rate can be at most 3.8 million requests/s (10 trillion a month); 1 trillion requests/s is more');
  await shot(page, 'polish-traffic-huge-1024');
  // European thousands: refused with what to write, as "1,5/s" is.
  await page.fill('#traffic-rate', '12.000/s');
  await page.click('#traffic-apply');
  await page.waitForFunction(() => document.querySelector('.traffic-editor .field-error')?.textContent.includes('12.000'));
  assert.match(await page.textContent('.traffic-editor .field-error'), /write 12,000 for thousands or 12 for a decimal figure/);
  // Spaces around the slash.
  await page.fill('#traffic-rate', '3.5 M / month');
  assert.equal(await page.textContent('#traffic-echo'), '= 1.33/s = 3.5M/month'); // 3,500,000 / 2,628,000 = 1.332
  await page.click('#traffic-apply');
  await page.locator('#traffic-editor').waitFor({ state: 'detached' });
  assert.equal((await savedDesign(page)).nodes.users.props.requests_per_month, 3_500_000);
  assertClean(log);
  await context.close();
});

/** Boxes of the totals bar's parts, and whether any text in them is cut. */
const totalsLayout = (page) => page.evaluate(() => {
  const bar = document.querySelector('.totals-bar').getBoundingClientRect();
  // An edit's change is drawn inside its figure's box (s29-fix); the status itself is
  // visually hidden.
  const parts = [...document.querySelectorAll('.totals-bar > .total, .totals-actions .tb')]
    .filter((e) => e.getBoundingClientRect().width > 0)
    .map((e) => {
      const r = e.getBoundingClientRect();
      return { id: e.id || e.className, x: r.x, y: r.y, r: r.right, b: r.bottom, text: e.textContent.trim() };
    });
  const cut = [...document.querySelectorAll('.totals-bar .total-value, .totals-bar .total-label, .totals-bar .total-change')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1)
    .map((e) => e.textContent);
  return { bar: { x: bar.x, r: bar.right }, parts, cut, page: document.documentElement.scrollWidth };
});

for (const viewport of [{ width: 1440, height: 900 }, SMALL]) test(`at ${viewport.width}×${viewport.height} with the change chip showing, no figure of the totals bar is clipped or overlapped, and the design name reads`, async () => {
  const { page, log, context } = await app.open('/', { viewport });
  await openTemplate(page, 'three-tier.json');
  // A change: take the WAF away; the chip shows what it did to the bill and the findings.
  await inView(page, 'waf'); // at 1024, Fit shows the design's middle
  const waf = await page.locator('g[data-node="waf"] .hit').boundingBox();
  await page.mouse.click(waf.x + waf.width / 2, waf.y + waf.height / 2);
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => document.querySelector('#total-delta').textContent.trim() !== '');
  const l = await totalsLayout(page);
  assert.deepEqual(l.cut, [], 'no figure cut');
  assert.ok(l.page <= viewport.width, `no sideways scroll: ${l.page}`);
  for (const p of l.parts) assert.ok(p.x >= l.bar.x - 0.5 && p.r <= l.bar.r + 0.5, `${p.id} inside the bar: ${JSON.stringify(p)}`);
  for (const [i, a] of l.parts.entries()) {
    for (const b of l.parts.slice(i + 1)) {
      const overlap = a.x < b.r - 0.5 && b.x < a.r - 0.5 && a.y < b.b - 0.5 && b.y < a.b - 0.5;
      assert.ok(!overlap, `${a.id} and ${b.id} overlap`);
    }
  }
  // The design name ("Three-tier VPC (ALB, ECS Fargate, RDS Multi-AZ)", 48 characters) cannot
  // be whole at 1024, but its first words are: QA saw "Three-ti…" at 1024 (and "Three-tie…"
  // at 1440, beside the long export names). The first 20 characters
  // ("Three-tier VPC (ALB,") fit in the button's text box.
  const name = await page.evaluate(() => {
    const e = document.querySelector('.design-name');
    const text = [...e.childNodes].find((n) => n.nodeType === Node.TEXT_NODE) ?? e.firstChild;
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, 20);
    const cs = getComputedStyle(e);
    const room = e.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    return { text: e.textContent, need: range.getBoundingClientRect().width, room };
  });
  assert.ok(name.need <= name.room, `"${name.text.slice(0, 20)}" fits: ${name.need} px in ${name.room} px`);
  await shot(page, `polish-totals-chip-${viewport.width}`);
  assertClean(log);
  await context.close();
});
