// Issue 20, QA s55 G3 (s56-prefetch): what a first click needs is fetched first. The inspector's
// forms (src/inspector.rs, a split point) were fetched by the idle prefetch, after the first
// analysis: a component selected as soon as the canvas showed fetched its form's 27 files beside
// the analyses' 33 (276 KB) and waited ~3 s on a slow link. The start-up now asks for the forms
// before the analyses' code (src/sidepanel.rs `fetch_first_click_code`), so:
// - with the analyses' own files held back (the page still "Analysing…", the idle prefetch not
//   begun), the forms come in without a click, and a selection shows its form at once; once the
//   files are let through the figures come;
// - the worker's wire is fetched by neither the start-up nor the idle prefetch (s55-size pins it).
// On main's build (c325ead) the first test fails: no forms are fetched while the analyses wait.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, splitFiles, clickComponent, barSettled, shot, fileName as file } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
const DIST = process.env.E2E_DIST ?? 'dist';
before(async () => { app = await start(DIST); });
after(async () => { await app?.stop(); });


for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`${w}×${h}: the analyses' own files held back, the inspector's forms still come; a selection shows its form at once`, { timeout: 120_000 }, async () => {
    const forms = splitFiles('inspector_forms', DIST);
    const own = splitFiles('analyses', DIST).filter((f) => !forms.includes(f));
    let release;
    const held = new Promise((ok) => { release = ok; });
    const { page, context, log } = await app.open(null, { serviceWorkers: 'block', viewport: { width: w, height: h } });
    const got = new Set();
    page.on('requestfinished', (r) => { if (forms.includes(file(r.url()))) got.add(file(r.url())); });
    await context.route((u) => own.includes(file(u.toString())), async (route) => { await held; await route.continue(); });
    await page.goto(app.origin + '/');
    await page.waitForFunction(() => document.querySelectorAll('g.node').length > 10 && document.querySelector('.palette-item'), null, { timeout: 30_000 });
    // Every file of the forms in, with no click (at most 20 s: locally well under one).
    for (let waited = 0; got.size < forms.length && waited < 20_000; waited += 100) await page.waitForTimeout(100);
    assert.equal(got.size, forms.length, `the forms' files fetched while the analyses wait: ${got.size} of ${forms.length}`);
    // (Instantiated after the fetch: a moment.)
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => document.querySelector('.totals-bar')?.dataset.pending), 'true', 'still no figures: the analyses are held back');
    await clickComponent(page, 'app-a');
    const shown = await page.evaluate(() => ({ form: !!document.querySelector('.inspector[data-node="app-a"]'), wait: !!document.querySelector('.on-demand-wait') }));
    assert.deepEqual(shown, { form: true, wait: false }, 'the form at once, no "Loading the inspector…"');
    await shot(page, `s56-prefetch-held-form-${w}`);
    release();
    await barSettled(page, { timeout: 60_000 });
    assert.match(await page.evaluate(() => document.querySelector('#total-monthly-value').textContent), /^\$/, 'the figures once the analyses are let through');
    assertClean(log);
    await context.close();
  });
}
