// Issue 20: importing a large design shows it on the canvas before any analysis — the
// analyses of a design of 1,000 components or more go to the analysis worker from the start
// (never a first, long run on the page) — and the totals then arrive from the worker. Timings
// are measured by scripts/bench-import.mjs, not asserted here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, sampleFile } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const sample1000 = () => sampleFile(1000);

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`a 1,000-node import shows the canvas first, then the worker's totals (${viewport.width}×${viewport.height})`, async () => {
    const { page, context, log } = await app.open('/', { viewport });
    await page.waitForSelector('g.node');
    const before = await page.evaluate(() => document.querySelector('#total-monthly-value').textContent);
    // Record the bar's states from the first frame that shows the imported design.
    const chooser = page.waitForEvent('filechooser');
    await page.click('#import');
    await (await chooser).setFiles(sample1000());
    const first = await page.evaluate(() => new Promise((done) => {
      const look = () => {
        if (document.querySelector('.design-name')?.textContent.startsWith('Synthetic') && document.querySelector('.canvas-svg g.node')) {
          const bar = document.querySelector('.totals-bar');
          done({ updating: bar.dataset.updating, busy: bar.getAttribute('aria-busy'), nodes: document.querySelectorAll('.canvas-svg g.node').length,
            monthly: document.querySelector('#total-monthly-value').textContent, status: document.querySelector('#total-delta').textContent, statusTitle: document.querySelector('#total-delta').title,
            pageAnalyses: performance.getEntriesByType('measure').filter((m) => m.name.startsWith('analysis-request')).length });
        } else requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    }));
    assert.ok(first.nodes > 0, 'the canvas draws the imported design');
    assert.equal(first.updating, 'true', 'the analyses are not done on the page before the canvas shows: the bar is marked as updating');
    assert.equal(first.busy, 'true');
    // No figure until the worker's: not the starter's, not an empty placeholder's $0.00.
    assert.equal(first.monthly, '…');
    // Short in the bar (one row at 1024 px, s27 #4), the count in its title.
    assert.equal(first.status.trim(), 'Analysing…');
    assert.match(first.statusTitle, /^Analysing 1001 components in the background…/);
    await shot(page, `import-large-canvas-first-${viewport.width}`);
    // The worker gets the whole design once, and answers.
    await page.waitForFunction(() => performance.getEntriesByType('measure').some((m) => m.name.startsWith('analysis-request design')), null, { timeout: 180_000 });
    await page.waitForFunction(() => document.querySelector('.totals-bar')?.dataset.updating === 'false', null, { timeout: 300_000 });
    const after = await page.evaluate(() => ['#total-monthly-value', '#total-findings-value'].map((id) => document.querySelector(id).textContent));
    assert.notEqual(after[0], before, 'the bill is the imported design\'s, not the starter\'s');
    assert.match(after[0], /\$/);
    assert.match(after[1], /[1-9]/, 'the generated estate has findings');
    assert.equal(await page.textContent('#total-delta'), '', 'no change chip: nothing was edited (the first answer is not compared with the placeholder)');
    await shot(page, `import-large-analysed-${viewport.width}`);
    assertClean(log);
    await context.close();
  });
}

test('importing a design over a large one never shows the previous design\'s figures as the new one\'s', async () => {
  const { page, context, log } = await app.open('/', { viewport: { width: 1440, height: 900 } });
  await page.waitForSelector('g.node');
  const importFile = async (file) => {
    const chooser = page.waitForEvent('filechooser');
    await page.click('#import');
    await (await chooser).setFiles(file);
  };
  await importFile(sample1000());
  await page.waitForFunction(() => document.querySelector('.design-name')?.textContent.includes('1000')
    && document.querySelector('.totals-bar')?.dataset.updating === 'false' && document.querySelector('#total-monthly-value').textContent !== '…', null, { timeout: 300_000 });
  const large = await page.textContent('#total-monthly-value');
  // The worker is running now: the next design goes to it too.
  await importFile(sampleFile(300));
  // Every frame until the answer: either "…" or the new design's figure, never the old one.
  const seen = await page.evaluate((large) => new Promise((done) => {
    const shown = [];
    const look = () => {
      const v = document.querySelector('#total-monthly-value').textContent;
      if (document.querySelector('.design-name')?.textContent.includes('300')) shown.push(v);
      if (shown.length && v !== '…' && document.querySelector('.totals-bar').dataset.updating === 'false') done(shown);
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }), large);
  assert.ok(!seen.includes(large), `the 1,000-node design's ${large} was shown for the 300-node design: ${[...new Set(seen)].join(', ')}`);
  assert.equal(await page.textContent('#total-delta'), '', 'no change chip after opening another design');
  assertClean(log);
  await context.close();
});
