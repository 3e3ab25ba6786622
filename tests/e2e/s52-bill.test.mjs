// s52-bill: the bill's words, in Chromium (review s34 R4; QA s34 F3, F4).
//  F3   QA's no-subnet three-tier (three empty AZ boxes, the ALB and the endpoints at VPC
//       level): the lines billed on an assumed AZ count said so only in their hover title.
//       The line's own text now says "(assumed)" by the count, in the Cost tab and the report.
//       Review s35 R12: only a count the engine guessed (the ALB's default 2); the endpoints'
//       az_count 3 is the template's own, set: no "(assumed)", its title says "as set".
//  F4/R4  The gallery's cloudwright-hosting: "App bucket (private, OAC) (PUT requests)" read
//       like a stutter; the sentence now says the charges' own names, then the component:
//       no ") (", no figure in a name.
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, assertClean, barSettled, shot, importDesign, openTemplate } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [[1440, 900], [1024, 768]];
const NOSUB = JSON.parse(readFileSync(new URL('./fixtures/s52-bill-nosub.json', import.meta.url), 'utf8'));
// The number rule's words, shared with crates/cloudwright-engine/tests/bill_texts.rs `number_word`.
const RULE = JSON.parse(readFileSync(new URL('../../crates/cloudwright-engine/tests/fixtures/words/number-words.json', import.meta.url), 'utf8'));
const numberWord = (name) => name.split(/[\s()[\]{}/:;,"“”]+/).map((w) => w.replace(/^\.+|\.+$/g, '')).filter(Boolean)
  .find((w) => (/\d/.test(w) && !RULE.product_tokens.includes(w)) || RULE.number_words.includes(w.toLowerCase()));

/** The Cost tab's lines, all of them: [{ component, what, title }]. */
async function costLines(page) {
  await page.click('#tab-cost');
  await page.locator('.bill').waitFor();
  const more = page.locator('.sidepanel .cost button', { hasText: /more line items/ });
  if (await more.count()) await more.first().click();
  return page.$$eval('.bill tbody tr', (rows) => rows.map((r) => ({
    component: r.children[0].textContent,
    what: r.children[1].textContent,
    title: r.getAttribute('title'),
  })));
}

for (const [w, h] of VIEWPORTS) {
  test(`${w}×${h}: QA's no-subnet three-tier says the assumed AZ count on the line (QA s34 F3)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await importDesign(page, NOSUB, join(tmpdir(), `s52-bill-nosub-${process.pid}-${w}.json`));
    const lines = await costLines(page);
    const assumed = lines.filter((l) => l.what.includes('assumed'));
    // The ALB's addresses, on its default count (guessed); the ECR and CloudWatch Logs
    // endpoints on the count set in the template (3): theirs, not assumed (R12).
    assert.ok(assumed.some((l) => /public IPv4, one per enabled AZ \(2, assumed\): 2 × 730 h/.test(l.what)), lines.map((l) => l.what).join('\n'));
    for (const l of assumed) {
      assert.match(l.title, /assumed \d AZs \(its default AZ count\): no AZ of VPC .* has a subnet yet, and a load balancer is enabled in one subnet per AZ/, l.title);
    }
    const ecr = lines.find((l) => /interface endpoints ecr\.api \+ ecr\.dkr: 2 × 3 AZ × 730 h/.test(l.what));
    assert.ok(ecr, lines.map((l) => l.what).join('\n'));
    assert.match(ecr.title, /3 AZs, its AZ count as set: no AZ of VPC .* has a subnet yet, and an interface endpoint is enabled in one subnet per AZ/, ecr.title);
    await page.locator('.bill tbody tr', { hasText: 'assumed' }).first().scrollIntoViewIfNeeded();
    await shot(page, `s52-bill-nosub-cost-${w}`);

    await page.click('#report');
    const frame = await (await page.waitForSelector('#report-frame')).contentFrame();
    await frame.waitForSelector('section#bill');
    const rows = await frame.evaluate(() => [...document.querySelectorAll('section#bill table.lines tbody tr')].map((r) => [...r.children].map((c) => c.textContent)));
    assert.ok(rows.some((r) => r.some((c) => c.includes('(2, assumed)'))), rows.map((r) => r.join(' | ')).join('\n'));
    assert.ok(!rows.some((r) => r.some((c) => c.includes('3 AZ (assumed)'))), rows.map((r) => r.join(' | ')).join('\n'));
    await frame.evaluate(() => [...document.querySelectorAll('section#bill table.lines tbody tr')].find((r) => r.textContent.includes('assumed'))?.scrollIntoView({ block: 'center' }));
    await shot(page, `s52-bill-nosub-report-${w}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: the gallery's cloudwright-hosting says its unused charges by their own names, a label's brackets never followed by a second pair (QA s34 F4, review s34 R4)`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await openTemplate(page, 'cloudwright-hosting.json');
    await barSettled(page);
    await costLines(page);
    const sentence = (await page.locator('#bill-unused').textContent()).trim();
    assert.match(sentence, /^Not used, nothing billed: /);
    assert.ok(!sentence.includes(') ('), sentence);
    assert.ok(sentence.includes('App bucket (private, OAC) — '), sentence);
    const names = sentence.replace(/^Not used, nothing billed: /, '').replace(/\.$/, '').split('; ').map((e) => e.slice(e.lastIndexOf(' — ') + 3));
    // No number ("2", "3,000", "2x", "10GB", "two"); a product's name with a figure is a name
    // ("S3 storage", "EC2 instance hours": review s35 R6). The rule's one copy of its words
    // is the engine test's JSON (review s36 R4: this test had its own, looser rule).
    for (const n of names) assert.ok(!numberWord(n) && !/[()"“”]/.test(n), `a figure or bracket in "${n}": ${sentence}`);
    await page.locator('#bill-unused').scrollIntoViewIfNeeded();
    await shot(page, `s52-bill-hosting-unused-${w}`);
    assertClean(log);
    await context.close();
  });
}
