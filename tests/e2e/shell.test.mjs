// The app loads, shows its shell, and keeps the product's promise: no errors, and no request
// to any origin but its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

test('the app loads with header, palette, canvas and side panel', async () => {
  const { page, log, context } = await app.open('/');
  await assert.doesNotReject(page.waitForSelector('.topbar .brand'));
  assert.match(await page.textContent('.topbar .brand'), /Cloudwright/);
  assert.ok(await page.isVisible('.canvas'), 'canvas is visible');
  assert.ok(await page.isVisible('.palette'), 'palette is visible');
  assert.ok(await page.isVisible('.sidepanel'), 'side panel is visible');
  const kinds = await page.locator('.palette-item').count();
  assert.ok(kinds >= 45, `palette lists every catalog kind (got ${kinds})`);
  // Give icons and late requests time to happen before judging.
  await page.waitForLoadState('networkidle');
  await shot(page, 'shell');
  assertClean(log);
  await context.close();
});

// The harness itself must fail when it should: these prove that a console error, a page
// error and an external request are each caught (so the assertions above can fail).
test('harness catches a console error, a page error and an external request', async () => {
  // A bare page on the app's origin, without the app's Content-Security-Policy (which would
  // block the external requests before they are even attempted).
  const { page, log, context } = await app.open(null);
  await context.route(`${app.origin}/__harness`, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>h</title>' }));
  await page.goto(`${app.origin}/__harness`);
  await page.evaluate(() => {
    console.error('deliberate console error');
    setTimeout(() => { throw new Error('deliberate page error'); }, 0);
    fetch('https://example.com/leak').catch(() => {});
    const img = new Image(); img.src = 'https://tracker.invalid/pixel.png';
  });
  await page.waitForTimeout(300);
  assert.equal(log.consoleErrors.filter((e) => e.includes('deliberate console error')).length, 1);
  assert.equal(log.pageErrors.filter((e) => e.includes('deliberate page error')).length, 1);
  assert.ok(log.foreign.some((u) => u.startsWith('https://example.com/')), 'fetch to example.com recorded');
  assert.ok(log.foreign.some((u) => u.startsWith('https://tracker.invalid/')), 'image from tracker recorded');
  // …and the one assertion every test makes fails on each of them alone.
  for (const key of ['pageErrors', 'consoleErrors', 'foreign']) {
    const one = { pageErrors: [], consoleErrors: [], foreign: [], [key]: log[key] };
    assert.throws(() => assertClean(one), /another origin/, `assertClean fails on ${key}`);
  }
  assertClean({ pageErrors: [], consoleErrors: [], foreign: [] });
  await context.close();
});
