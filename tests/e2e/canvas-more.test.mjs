// More of what the architect does on the canvas: box selection, copy and paste into another
// design, resizing a container, renaming in place, aligning, the help sheet and zooming.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, centre, dragMouse as drag } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });


test('box-select, copy, and paste into another design', async () => {
  const { page, log, context } = await app.open('/');
  // A box around the three nodes in the left column (Customers, DNS, CDN).
  const users = await page.locator('g[data-node="users"] .hit').boundingBox();
  const cdn = await page.locator('g[data-node="cdn"] .hit').boundingBox();
  await drag(page, { x: users.x - 10, y: users.y - 10 }, { x: cdn.x + cdn.width + 10, y: cdn.y + cdn.height + 10 });
  assert.equal(await page.locator('g.node.selected').count(), 3, 'three nodes selected by the box');
  await page.keyboard.press('Control+c');
  await page.click('#designs');
  await page.click('.modal.designs button.primary');
  await page.locator('.canvas').click({ position: { x: 300, y: 300 } });
  await page.keyboard.press('Control+v');
  // A paste is applied in the task after its key's (s43-paste).
  await page.waitForFunction(() => document.querySelectorAll('g.node').length > 0);
  assert.equal(await page.locator('g.node').count(), 3, 'pasted into the new design');
  assert.equal(await page.locator('g.edge').count(), 2, 'with the connections among them');
  await shot(page, 'canvas-pasted');
  assertClean(log);
  await context.close();
});

test('resize a container; rename a node in place; align two nodes', async () => {
  const { page, context } = await app.open('/');
  const subnet = page.locator('g[data-node="isolated-b"]');
  const frame = await subnet.locator('.frame').boundingBox();
  await page.mouse.click(frame.x + 20, frame.y + 8);
  const handle = await page.locator('.selection-layer g[data-sel="isolated-b"] .resize-handle').boundingBox();
  await drag(page, centre(handle), { x: centre(handle).x + 40, y: centre(handle).y + 30 });
  const bigger = await subnet.locator('.frame').boundingBox();
  assert.ok(bigger.width > frame.width + 25 && bigger.height > frame.height + 15, 'the container grew');
  await page.keyboard.press('Control+z');
  const back = await subnet.locator('.frame').boundingBox();
  assert.ok(Math.abs(back.width - frame.width) < 1, 'undo restores the size');

  const dns = page.locator('g[data-node="dns"]');
  const d = await dns.locator('.hit').boundingBox();
  await page.mouse.dblclick(centre(d).x, d.y + d.height - 10);
  await page.locator('.label-editor').fill('Route 53 zone');
  await page.locator('.label-editor').press('Enter');
  assert.equal(await dns.locator('text.label').textContent(), 'Route 53 zone');

  // Shift-click two nodes and align their tops.
  const a = await page.locator('g[data-node="waf"] .hit').boundingBox();
  const b = await page.locator('g[data-node="assets"] .hit').boundingBox();
  await page.mouse.click(centre(a).x, centre(a).y);
  await page.keyboard.down('Shift');
  await page.mouse.click(centre(b).x, centre(b).y);
  await page.keyboard.up('Shift');
  await page.click('.inspector button:has-text("Align top")');
  const a2 = await page.locator('g[data-node="waf"] .hit').boundingBox();
  const b2 = await page.locator('g[data-node="assets"] .hit').boundingBox();
  assert.ok(Math.abs(a2.y - b2.y) < 1, 'tops aligned');
  await context.close();
});

test('the help sheet lists the shortcuts; + and Shift+1 zoom', async () => {
  const { page, context } = await app.open('/');
  await page.keyboard.press('?');
  await page.locator('.modal.help').waitFor();
  assert.match(await page.textContent('.modal.help'), /Undo.*Redo.*Zoom to fit/s);
  await shot(page, 'canvas-help');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.modal.help').count(), 0);
  const z0 = await page.textContent('.zoom');
  await page.keyboard.press('+');
  assert.notEqual(await page.textContent('.zoom'), z0, '+ zooms in');
  await page.keyboard.press('Shift+!');
  assert.equal(await page.textContent('.zoom'), z0, 'Shift+1 fits the design again');
  await context.close();
});
