// Capacity as a user meets it in the latency panel: the design's headroom, each component's
// utilisation at a traffic multiple they pick, and "overloaded" (never a fine-looking number)
// once a component saturates — in the latency figures, the paths, and the growth charts (the
// knee marked, with a note naming the bottleneck).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, centre, inView } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const buttonId = (m) => `#traffic-x${String(m).replace('.', '_')}`;

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`headroom, utilisation and overload at a chosen traffic multiple (${viewport.width}×${viewport.height})`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await page.click('#tab-latency');
    await page.locator('#headroom').waitFor();
    const headroom = await page.textContent('#headroom');
    const m = Number((headroom.match(/Headroom ([\d.,]+)×/) ?? [])[1]?.replace(/,/g, ''));
    assert.ok(m > 1, `the starter design has headroom above today's traffic: ${headroom}`);
    assert.match(headroom, /saturates|is reached/);
    // Today's traffic: figures are numbers, components listed with their utilisation.
    await page.locator('.capacity-list li').first().waitFor();
    assert.doesNotMatch(await page.textContent('.latency .pct'), /overloaded/);
    assert.equal(await page.locator('.capacity-list li.overloaded').count(), 0);
    // The users send 1.5 times the headroom: the same panel says overloaded, not a number.
    await inView(page, 'users'); // at 1024, Fit shows the design's middle
    const users = await page.locator('g[data-node="users"] .hit').boundingBox();
    await page.mouse.click(centre(users).x, centre(users).y);
    await page.click('#tab-inspect');
    const field = page.locator('.field[data-prop="requests_per_month"] input');
    // The input holds the number as the app writes figures, grouped ("31,536,000"), and reads
    // it back (QA s18 refused it; s19 reads grouped figures; s21-inspector #5 shows them).
    assert.match(await field.inputValue(), /^\d{1,3}(,\d{3})*(\.\d+)?$/);
    const requests = Number((await field.inputValue()).replaceAll(',', ''));
    await field.fill(String(Math.round(requests * m * 1.5)));
    await field.press('Enter');
    await page.click('#tab-latency');
    await page.locator('.capacity-list li.overloaded').first().waitFor();
    await page.locator('.latency .overload').first().waitFor();
    assert.match(await page.textContent('.latency .pct'), /overloaded/);
    assert.match(await page.textContent('#headroom'), /Overloaded at today's traffic/);
    assert.match(await page.textContent('.capacity-findings'), /overloaded|exceeds/);
    await shot(page, `capacity-overloaded-${viewport.width}`);
    // At half that traffic (0.75 of the headroom) it is back within capacity.
    await page.click(buttonId(0.5));
    assert.equal(await page.getAttribute(buttonId(0.5), 'aria-pressed'), 'true');
    await page.waitForFunction(() => document.querySelectorAll('.capacity-list li.overloaded').length === 0);
    assert.doesNotMatch(await page.textContent('.latency .pct'), /overloaded/);
    await shot(page, `capacity-half-${viewport.width}`);
    // The growth chart stops at the knee and says from where the design is overloaded, and
    // the findings panel carries the saturation as an error.
    await page.click('#tab-cost');
    const note = page.locator('#growth-overloaded');
    await note.waitFor();
    assert.match(await note.textContent(), /Overloaded from ×.*saturates at 0\.67× today's traffic/);
    // Both growth charts mark the knee (1 / 1.5 = 0.67× of the traffic now set).
    const charts = page.locator('.charts .chart svg');
    assert.equal(await charts.count(), 2);
    for (const svg of await charts.all()) assert.match(await svg.textContent(), /saturates ×0\.67/);
    await page.locator('.charts').scrollIntoViewIfNeeded();
    await shot(page, `capacity-growth-${viewport.width}`);
    await page.click('#tab-findings');
    await page.locator('.finding.error[data-rule^="cap."]').first().waitFor();
    assertClean(log);
    await context.close();
  });
}
