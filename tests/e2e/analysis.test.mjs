// The analyses a user sees next to the canvas: findings (with suppression), cost, latency,
// comparisons (with switch-and-undo), templates and the designs list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, centre, dropKind } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const money = (s) => Number(s.replace(/[$,]/g, ''));

test('a database dropped in a public subnet is flagged at once, explained, and can be suppressed with a reason', async () => {
  const { page, log, context } = await app.open('/');
  await page.click('#tab-findings');
  assert.equal(await page.locator('.finding.error').count(), 0, 'the starter design has no errors');
  const pub = await page.locator('g.kind-subnet.tier-public .frame').first().boundingBox();
  await dropKind(page, 'rds', pub.x + 40, pub.y + pub.height - 20);
  const f = page.locator('.finding[data-rule="net.db-in-public-subnet"]');
  await f.waitFor();
  assert.match(await f.textContent(), /error/);
  assert.equal(await page.locator('g[data-kind="rds"] .node-badge.error').count() >= 1, true, 'the node carries an error badge');
  await f.locator('summary').click();
  assert.match(await f.textContent(), /Why:.*Fix:/s);
  await shot(page, 'analysis-finding');
  // The reason is asked in the app's own dialog (no window.prompt).
  await f.locator('button.link').click();
  await page.locator('.suppress-dialog .suppress-reason').fill('Demo only: this database holds public test data');
  await page.locator('.suppress-dialog button.primary').click();
  await page.locator('.finding.is-suppressed[data-rule="net.db-in-public-subnet"]').waitFor();
  assert.match(await page.textContent('.finding.is-suppressed[data-rule="net.db-in-public-subnet"]'), /Demo only/);
  // Undo the suppression: the error is live again.
  await page.keyboard.press('Control+z');
  await page.locator('.finding.error[data-rule="net.db-in-public-subnet"]').waitFor();
  assertClean(log);
  await context.close();
});

test('the cost follows the traffic: ten times the requests cost more, line by line', async () => {
  const { page, context } = await app.open('/');
  await page.click('#tab-cost');
  await page.locator('#cost-monthly').waitFor();
  const before = money(await page.textContent('#cost-monthly'));
  assert.ok(before > 50 && before < 5000, `a plausible monthly total (${before})`);
  assert.ok(await page.locator('.bill tbody tr').count() >= 10, 'line items are listed');
  assert.match(await page.textContent('.hidden-costs'), /NAT gateway/);
  assert.ok(await page.locator('.chart svg').count() >= 2, 'growth charts are drawn');
  await shot(page, 'analysis-cost');
  // Users send 10x the requests.
  const users = await page.locator('g[data-node="users"] .hit').boundingBox();
  await page.mouse.click(centre(users).x, centre(users).y);
  await page.click('#tab-inspect');
  const field = page.locator('.field[data-prop="requests_per_month"] input');
  await field.fill('300000000');
  await field.press('Enter');
  await page.click('#tab-cost');
  await page.waitForFunction((b) => Number(document.querySelector('#cost-monthly').textContent.replace(/[$,]/g, '')) > b, before);
  await context.close();
});

test('latency per entry point with its SLO verdict and top paths', async () => {
  const { page, context } = await app.open('/');
  await page.click('#tab-latency');
  await page.locator('.latency .pct').waitFor();
  const text = await page.textContent('.latency');
  assert.match(text, /p99/);
  assert.match(text, /Meets the p99 target of 300 ms|Misses the p99 target of 300 ms/);
  assert.ok(await page.locator('.paths li').count() >= 2);
  await shot(page, 'analysis-latency');
  await context.close();
});


test('templates open as new designs free of errors; the API comparison rules out a type that lacks a needed feature', async () => {
  const { page, context } = await app.open('/');
  await page.click('#designs');
  await page.locator('.template-list li').first().waitFor();
  assert.ok(await page.locator('.template-list li').count() >= 9, 'at least 9 templates');
  await page.click('.template-list li[data-template="serverless-api.json"] button');
  await page.waitForFunction(() => !document.querySelector('.modal.designs'));
  await page.click('#tab-findings');
  await page.locator('.findings-summary').waitFor();
  assert.equal(await page.locator('.finding.error').count(), 0, 'the template has no errors');
  await page.click('#tab-compare');
  await page.locator('#api-recommendation').waitFor();
  assert.match(await page.textContent('.compare'), /For "/, 'the comparison uses the design\'s own API');
  assert.match(await page.textContent('.options tr[data-option="http"]'), /yes/);
  // Its JWTs are issued by the drawn Cognito user pool: a REST API authorizes those with its
  // Cognito authorizer (QA s23 #6); WebSocket has none.
  assert.match(await page.textContent('.options tr[data-option="rest"]'), /yes/, 'REST with a Cognito authorizer');
  assert.match(await page.textContent('.options tr[data-option="websocket"] td.can-do'), /^no$/, 'WebSocket cannot do it');
  assert.match(await page.textContent('.options tr.can-do-why[data-why="websocket"]'), /No — .*Cognito authorizer/, 'WebSocket has no Cognito authorizer');
  assert.match(await page.textContent('.options tr.current[data-option="http"]'), /in use/, 'the API in use is an HTTP API');
  await shot(page, 'analysis-compare');
  await context.close();
});

test('switch a service to another container option from the comparison, and undo it', async () => {
  const { page, context } = await app.open('/');
  const svc = await page.locator('g[data-node="app-a"] .hit').boundingBox();
  await page.mouse.click(centre(svc).x, centre(svc).y);
  await page.click('#tab-compare');
  await page.locator('#containers-recommendation').waitFor();
  assert.match(await page.textContent('.compare'), /For "Web app \(a\)"/);
  const drawn = () => page.locator('.options tr.current').first().getAttribute('data-option');
  assert.equal(await drawn(), 'ecs-fargate', 'the service is drawn on Fargate');
  await page.click('.options tr[data-option="ecs-ec2"] button');
  assert.equal((await savedDesign(page)).nodes['app-a'].props.launch_type, 'ec2');
  await page.locator('.options tr.current[data-option="ecs-ec2"]').waitFor();
  await page.keyboard.press('Control+z');
  assert.notEqual((await savedDesign(page)).nodes['app-a'].props.launch_type, 'ec2', 'undo restores the launch type');
  await page.locator('.options tr.current[data-option="ecs-fargate"]').waitFor();
  await context.close();
});

test('several designs: create, switch, delete and undo the delete', async () => {
  const { page, context } = await app.open('/');
  await page.click('#designs');
  await page.click('.modal.designs button.primary');
  assert.equal(await page.textContent('.design-name'), 'Untitled design');
  assert.equal(await page.locator('g.node').count(), 0, 'a new design is empty');
  await page.click('#designs');
  await page.locator('.design-list li').nth(1).waitFor();
  assert.equal(await page.locator('.design-list li').count(), 2);
  const other = page.locator('.design-list li:not(.current)');
  await other.locator('button.danger').click();
  assert.equal(await page.locator('.design-list li').count(), 1);
  await page.click('.toast .toast-action');
  await page.locator('.design-list li').nth(1).waitFor();
  await page.locator('.design-list li:not(.current) button', { hasText: 'Open' }).click();
  await page.waitForFunction(() => document.querySelector('.design-name').textContent === 'Three-tier web application');
  await context.close();
});

// QA (2026-12-01): the bill's Component column was squeezed to two or three letters a line
// ("We/b/ap/p") in the side panel at 1440 and 1024 px.
for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`the bill reads at ${viewport.width} px: names on one line, nothing wider than the panel`, async () => {
    const { page, context } = await app.open('/', { viewport });
    await page.click('#tab-cost');
    await page.locator('.bill tbody tr').first().waitFor();
    const more = page.locator('button', { hasText: /more line items/ });
    if (await more.count()) await more.first().click();
    const m = await page.evaluate(() => {
      const panel = document.querySelector('.sidepanel');
      const table = document.querySelector('.bill');
      // "Web app (a)" and "PostgreSQL" are one line each: the text's line boxes (not the
      // cell, which is as tall as its row) all share one top.
      const lines = (td) => {
        const r = document.createRange();
        r.selectNodeContents(td);
        return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size;
      };
      const cells = [...table.querySelectorAll('tbody td:first-child')];
      const tall = cells.filter((td) => td.textContent.length <= 12 && lines(td) > 1).map((td) => `${td.textContent}: ${lines(td)} lines`);
      return { tall, tableWidth: table.getBoundingClientRect().width, panelWidth: panel.clientWidth, qty: table.querySelector('.qty')?.textContent };
    });
    assert.deepEqual(m.tall, [], 'short component names wrap');
    assert.ok(m.tableWidth <= m.panelWidth + 1, `the bill (${m.tableWidth} px) fits the panel (${m.panelWidth} px)`);
    assert.match(m.qty, /^[\d,.]+ × ≈?\$\d+\.\d{4} per \S/, 'quantity × unit price per unit');
    await page.locator('.bill').first().scrollIntoViewIfNeeded();
    await shot(page, `analysis-bill-${viewport.width}`);
    await context.close();
  });
}

test('a blank design name is refused in the inspector, with why, and the name is kept', async () => {
  const { page, context } = await app.open('/');
  await page.click('#tab-inspect');
  const input = page.locator('.field[data-field="name"] input');
  const before = await input.inputValue();
  await input.fill('   ');
  await input.press('Enter');
  await page.locator('.field[data-field="name"] .field-error').waitFor();
  assert.match(await page.textContent('.field[data-field="name"] .field-error'), /needs a name/);
  assert.ok((await page.textContent('.toolbar, header')).includes(before.slice(0, 8)), 'the toolbar keeps the old name');
  await context.close();
});
