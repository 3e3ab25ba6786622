// The workshop (issue 13): the totals bar always in view, presentation mode, the hand-over
// report. What a pre-sales engineer does in front of a customer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, centre, dragMouse, savedDesign } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const money = (s) => Number(s.replace(/[$,]/g, ''));
const text = (page, sel) => page.textContent(sel).then((t) => t.trim());

async function setUsersRequests(page, value) {
  const users = await page.locator('g[data-node="users"] .hit').boundingBox();
  await page.mouse.click(centre(users).x, centre(users).y);
  await page.click('#tab-inspect');
  const field = page.locator('.field[data-prop="requests_per_month"] input');
  await field.fill(String(value));
  await field.press('Enter');
}

test('the totals bar shows the monthly cost and the p95, and follows the traffic with the change shown', async () => {
  const { page, context, log } = await app.open('/');
  await page.locator('#total-monthly-value').waitFor();
  const monthly = await text(page, '#total-monthly-value');
  assert.match(monthly, /^\$\d{1,3}(,\d{3})*\.\d\d$/, `a dollar figure (${monthly})`);
  assert.match(await text(page, '#total-yearly'), /^\$[\d,]+\/year$/);
  const p95 = await text(page, '#total-p95-value');
  assert.match(p95, /^[\d,.]+ ms$/, `a p95 in ms (${p95})`);
  assert.match(await text(page, '#total-findings-value'), /error|warning|no errors/);
  assert.match(await text(page, '#total-headroom-value'), /×|overloaded|no limit/);
  await shot(page, 'workshop-totals-1440');
  // Ten times the traffic: the total and the p95 change, and the change is shown.
  await setUsersRequests(page, 300000000);
  await page.waitForFunction((m) => document.querySelector('#total-monthly-value').textContent.trim() !== m, monthly);
  const after10 = await text(page, '#total-monthly-value');
  assert.ok(money(after10) > money(monthly), `more traffic costs more (${monthly} → ${after10})`);
  const delta = await text(page, '#total-delta');
  assert.match(delta, /^\+\$[\d,]+\.\d\d\/month/, `the change is shown (${delta})`);
  const diff = money(after10) - money(monthly);
  assert.ok(Math.abs(money(delta.split('/')[0]) - diff) < 0.011, `the shown change is the difference (${delta} vs ${diff})`);
  // Far more traffic than the fleet can serve: the p95 and the headroom say "overloaded".
  const errors = await text(page, '#total-findings-value');
  await page.waitForFunction(() => document.querySelector('#total-delta').textContent.trim() === '', null, { timeout: 8000 });
  await setUsersRequests(page, 3e12);
  await page.waitForFunction(() => document.querySelector('#total-p95-value').textContent.trim() === 'overloaded');
  assert.equal(await text(page, '#total-headroom-value'), 'overloaded');
  assert.notEqual(await text(page, '#total-findings-value'), errors, 'capacity errors are counted');
  assert.match(await text(page, '#total-delta'), /error/, 'and the change names them');
  await shot(page, 'workshop-totals-overloaded');
  await page.click('#undo');
  // The change fades after a few seconds.
  await page.waitForFunction(() => document.querySelector('#total-delta').textContent.trim() === '', null, { timeout: 8000 });
  // Undo restores the figure exactly.
  await page.click('#undo');
  await page.waitForFunction((m) => document.querySelector('#total-monthly-value').textContent.trim() === m, monthly);
  assertClean(log);
  await context.close();
});

test('each figure opens its panel', async () => {
  const { page, context, log } = await app.open('/');
  await page.click('#total-monthly');
  await page.locator('#cost-monthly').waitFor();
  // The panel rounds to whole dollars from $100: the same figure.
  assert.ok(Math.abs(money(await text(page, '#cost-monthly')) - money(await text(page, '#total-monthly-value'))) <= 0.5, 'the bar and the bill agree');
  await page.click('#total-findings');
  assert.equal(await page.getAttribute('#tab-findings', 'aria-selected'), 'true');
  await page.click('#total-p95');
  assert.equal(await page.getAttribute('#tab-latency', 'aria-selected'), 'true');
  await page.click('#total-headroom');
  assert.equal(await page.getAttribute('#tab-latency', 'aria-selected'), 'true');
  assertClean(log);
  await context.close();
});

test('a drag computes no totals; readable at 1024x768', async () => {
  const { page, context, log } = await app.open('/', { viewport: { width: 1024, height: 768 } });
  await page.locator('#total-monthly-value').waitFor();
  await page.waitForTimeout(300);
  const runs = await page.getAttribute('.totals-bar', 'data-runs');
  const b = await page.locator('g[data-node="secrets"] .hit').boundingBox();
  await dragMouse(page, centre(b), { x: centre(b).x + 40, y: centre(b).y + 30 });
  await page.waitForTimeout(300);
  assert.equal(await page.getAttribute('.totals-bar', 'data-runs'), runs, 'moving a node does not recompute the totals');
  assert.equal(await text(page, '#total-delta'), '', 'and shows no change');
  // Every figure fits in the bar at 1024 px: no button is cut off.
  const bar = await page.locator('.totals-bar').boundingBox();
  for (const id of ['#total-monthly', '#total-p95', '#total-findings', '#total-headroom']) {
    const r = await page.locator(id).boundingBox();
    assert.ok(r.x >= bar.x && r.x + r.width <= bar.x + bar.width + 0.5, `${id} is inside the bar`);
  }
  await shot(page, 'workshop-totals-1024');
  assertClean(log);
  await context.close();
});

async function presentAndCheck(page, viewport, name) {
  await page.locator('.present').waitFor();
  // The presentation covers the whole window: palette, inspector and canvas are out of reach.
  const r = await page.locator('.present').boundingBox();
  assert.deepEqual([r.x, r.y, r.width, r.height], [0, 0, viewport.width, viewport.height]);
  assert.equal(await page.evaluate(() => !!document.elementFromPoint(20, 300).closest('.present')), true, 'no palette under the pointer');
  assert.ok(await page.locator('.present-overlay .critical-node').count() >= 2, 'the critical path of the main entry is highlighted');
  // Every figure fits on screen.
  for (const id of ['#present-monthly', '#present-p95', '#present-findings', '#present-headroom', '#present-leave']) {
    const b = await page.locator(id).boundingBox();
    assert.ok(b.x >= 0 && b.x + b.width <= viewport.width + 0.5 && b.y + b.height <= viewport.height, `${id} on screen at ${viewport.width}x${viewport.height}`);
  }
  await shot(page, name);
}

test('presentation mode: full screen, large figures, a component card; Delete, undo and drags change nothing; Escape returns', async () => {
  const viewport = { width: 1024, height: 768 };
  const { page, context, log } = await app.open('/', { viewport });
  await page.locator('#total-monthly-value').waitFor();
  const monthly = await text(page, '#total-monthly-value');
  const before = await savedDesign(page);
  await page.click('#present');
  await page.waitForFunction(() => document.fullscreenElement !== null, null, { timeout: 5000 });
  assert.equal(await text(page, '#present-monthly .pval'), monthly, 'the same total as the bar');
  await presentAndCheck(page, viewport, 'present-1024x768');
  // Click the database: its card gives its monthly cost; it is not on the critical path.
  const db = page.locator('.present-overlay .hit[data-node="db"]');
  const b = await db.boundingBox();
  await page.mouse.click(centre(b).x, centre(b).y);
  await page.locator('#present-card[data-node="db"]').waitFor();
  assert.match(await text(page, '#present-card-monthly'), /^\$[\d,]+\.\d\d$/);
  assert.match(await text(page, '#present-card'), /per month · \d+% of the total/);
  assert.match(await text(page, '#present-card'), /not on the critical path/);
  // The last component of the critical path: its latency contribution.
  // (The highlight outlines are drawn in path order; the hit areas lie on top of them.)
  const lb = await page.locator('.present-overlay .critical-node').last().boundingBox();
  await page.mouse.click(centre(lb).x, centre(lb).y);
  await page.waitForFunction(() => /mean on the critical path · [1-9]\d*% of it/.test(document.querySelector('#present-card')?.textContent ?? ''));
  await shot(page, 'present-1024x768-card');
  // Nothing can change the design: Delete, Backspace, undo, arrows, a drag.
  for (const key of ['Delete', 'Backspace', 'Control+z', 'ArrowLeft']) {
    await page.keyboard.press(key);
    await page.locator('.toast.error').waitFor();
    assert.match(await text(page, '.toast.error'), /Presentation mode: the design cannot be changed/, key);
  }
  await page.mouse.move(centre(b).x, centre(b).y);
  await page.mouse.down();
  await page.mouse.move(centre(b).x + 120, centre(b).y + 80, { steps: 6 });
  await page.mouse.up();
  assert.equal(await page.locator('.present').count(), 1, 'still presenting');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('.present') && document.fullscreenElement === null, null, { timeout: 5000 });
  assert.deepEqual(await savedDesign(page), before, 'the design is exactly as before');
  assert.equal(await page.locator('g[data-node="db"]').count(), 1, 'the database is still on the canvas');
  assert.equal(await page.isDisabled('#undo'), true, 'and nothing entered the history');
  // The P key enters again; the Leave button leaves.
  await page.keyboard.press('p');
  await page.locator('.present').waitFor();
  await page.click('#present-leave');
  await page.waitForFunction(() => !document.querySelector('.present'));
  assertClean(log);
  await context.close();
});

test('presentation mode reads on a 1920x1080 projector', async () => {
  const viewport = { width: 1920, height: 1080 };
  const { page, context, log } = await app.open('/', { viewport });
  await page.locator('#total-monthly-value').waitFor();
  await page.keyboard.press('p');
  await presentAndCheck(page, viewport, 'present-1920x1080');
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('#present-monthly .pval')).fontSize));
  assert.ok(size >= 48, `the total is large (${size}px)`);
  assertClean(log);
  await context.close();
});

const SECTIONS = [['summary', 'Summary'], ['diagram', 'Diagram'], ['assumptions', 'Assumptions'], ['findings', 'Findings'], ['bill', 'Bill'],
  ['latency', 'Latency'], ['comparisons', 'Comparisons'], ['scenarios', 'Scenarios'], ['must-be-true', 'What must be true']];

test('the report opens with every section, downloads as Markdown, and prints to a PDF', async () => {
  const { page, context, log } = await app.open('/');
  await page.locator('#total-monthly-value').waitFor();
  const monthly = await text(page, '#total-monthly-value');
  await page.click('#report');
  await page.locator('#report-frame').waitFor();
  const frame = page.frameLocator('#report-frame');
  for (const [id, title] of SECTIONS) {
    assert.equal((await frame.locator(`section#${id} > h2`).textContent()).trim(), title, `section ${id}`);
  }
  assert.equal(await frame.locator('section#diagram svg').count(), 1, 'the diagram is inline SVG');
  assert.ok(await frame.locator('section#diagram svg image').count() > 5, 'with its icons');
  assert.match(await frame.locator('section#bill').textContent(), new RegExp(`${monthly.replace(/[$.]/g, '\\$&')} per month`), 'the bill is the totals bar\'s figure');
  assert.ok(await frame.locator('section#bill tr.estimated').count() > 0, 'estimated prices are flagged');
  assert.ok(await frame.locator('section#latency table.critical-path tbody tr').count() >= 3, 'the critical path, hop by hop');
  assert.ok(await frame.locator('section#must-be-true li').count() >= 8, 'what must be true');
  await shot(page, 'report-dialog');
  // Markdown: the same sections.
  const dl = page.waitForEvent('download');
  await page.click('#report-md');
  const md = await (await (await dl).createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8'));
  for (const [, title] of SECTIONS) assert.ok(md.includes(`\n## ${title}\n`), `Markdown has ${title}`);
  assert.ok(md.includes(`Monthly cost: ${monthly}`));
  // Print: the report's own page (what the frame shows) through Chromium's print to PDF.
  const html = await page.getAttribute('#report-frame', 'srcdoc');
  const printPage = await context.newPage();
  await printPage.setContent(html, { waitUntil: 'load' });
  await printPage.emulateMedia({ media: 'print' });
  const pdf = await printPage.pdf({ path: 'test-output/report.pdf', format: 'A4', printBackground: true, preferCSSPageSize: true });
  assert.ok(pdf.length > 20_000, `a PDF of some pages (${pdf.length} bytes)`);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 5, `one page per major section at least (${pages} pages)`);
  await printPage.close();
  // Escape closes it.
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('#report-frame'));
  assertClean(log);
  await context.close();
});
