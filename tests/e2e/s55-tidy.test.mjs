// s55-tidy: one truth in the engine's seams, and the words the user reads.
//  G4   (QA s37) Switch back to ECS said nothing, though the way there toasts what it did: every
//       Switch now toasts its label, there and back.
//  F7   (QA s37) The report said "seed" to the reader ("…are Cloudwright's, not the seed's") and
//       cited "AWS news blog (2024)" for a price: articles and blog posts by their titles.
//  R11  (review s36) The chunks the split loader fetches had no integrity: each fetch now names
//       its chunk's SHA-256, so a chunk that is not the one built (here: a valid module with a
//       section added) is refused and the view says it could not be loaded.
// Screenshots at 1440×900 and 1024×768.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { start, assertClean, shot, barSettled, toast, closeToasts, splitFiles, openCompare } from './harness.mjs';

const DIST = process.env.E2E_DIST ?? 'dist';
let app;
before(async () => { app = await start(DIST); });
after(async () => { await app?.stop(); });

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`${w}×${h}: a Switch to EKS and back both say what they did (QA s37 G4)`, async () => {
    const { page, log, context } = await openCompare(app, w, h);
    await page.click('.options tr[data-option="eks-ec2"] button');
    await page.locator('.options tr.current[data-option="eks-ec2"]').waitFor({ timeout: 60_000 });
    const there = await toast(page, /to EKS on EC2/, 'the Switch to EKS says what it did');
    assert.match(there, /^Switch “Web app \(a\)” and “Web app \(b\)” to EKS on EC2/);
    await closeToasts(page);
    await barSettled(page, { timeout: 60_000 });
    await page.click('.options tr[data-option="ecs-fargate"] button');
    await page.locator('.options tr.current[data-option="ecs-fargate"]').waitFor({ timeout: 60_000 });
    const back = await toast(page, /back to ECS on Fargate/, 'the Switch back says what it did');
    assert.equal(back, 'Switch “Web app (a)” and “Web app (b)” back to ECS on Fargate as it was.');
    await shot(page, `s55-tidy-switch-back-${w}`);
    assertClean(log);
    await context.close();
  });
}

test('the report never says "seed", and cites blog posts by their titles (QA s37 F7)', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1440, height: 900 } });
  await barSettled(page, { timeout: 120_000 });
  await page.click('#report');
  const frame = await (await page.waitForSelector('#report-frame', { timeout: 30_000 })).contentFrame();
  await frame.waitForSelector('section#comparisons', { timeout: 30_000 });
  const text = await frame.evaluate(() => document.body.innerText);
  assert.deepEqual(text.match(/.{0,60}\bseed\b.{0,30}/gi) ?? [], [], 'no "seed" in the report');
  assert.ok(/are Cloudwright's, not the article's/.test(text), 'the ranking weights are said to be ours, not the article\'s');
  assert.ok(!/news blog \(2024\)/i.test(text), 'no "AWS news blog (2024)"');
  assert.ok(/AWS News Blog, “New – AWS Public IPv4 Address Charge \+ Public IP Insights” \(2023-07-28\)/.test(text), 'the public IPv4 price cites its post by title');
  assertClean(log);
  await context.close();
});

test('every chunk the loader fetches names its SHA-256 (review s36 R11)', () => {
  const files = readdirSync(DIST);
  const loader = readFileSync(`${DIST}/${files.find((f) => /^cloudwright-web-split-[0-9a-f]{16}\.js$/.test(f))}`, 'utf8');
  const fetches = [...loader.matchAll(/fetch\(new URL\("\.\/([^"]+)", import\.meta\.url\)(?:, \{ integrity: "([^"]+)" \})?\)/g)];
  const chunks = files.filter((f) => /^cloudwright-web-(split|chunk)-.*\.wasm$/.test(f));
  assert.equal(fetches.length, chunks.length, 'one fetch per chunk');
  for (const [, file, integrity] of fetches) {
    const want = 'sha256-' + createHash('sha256').update(readFileSync(`${DIST}/${file}`)).digest('base64');
    assert.equal(integrity, want, `${file}'s integrity`);
  }
});

test('1024×768: a chunk that is not the one built is refused, and the view says so (review s36 R11)', async () => {
  const { page, context } = await app.open('/', { serviceWorkers: 'block', viewport: { width: 1024, height: 768 } });
  await barSettled(page, { timeout: 120_000 });
  // The Scenarios panel's own chunk, served as a valid module that is not the one built: a
  // custom section (id 0, name "x", one byte) appended. Unchecked, it compiles and runs.
  const own = splitFiles('scenario_panel', DIST)[0];
  const body = Buffer.concat([readFileSync(`${DIST}/${own}`), Buffer.from([0, 3, 1, 0x78, 0])]);
  await context.route(new RegExp(own.replace(/[.]/g, '\\.') + '$'), (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body }));
  await page.click('#tab-scenarios');
  const error = page.locator('.sidepanel .on-demand-error');
  await error.waitFor({ timeout: 20_000 });
  assert.match(await error.textContent(), /The Scenarios panel could not be loaded: /);
  assert.equal(await page.locator('.sidepanel .scenarios').count(), 0, 'the panel is not shown from a chunk that failed its check');
  await shot(page, 's55-tidy-chunk-refused-1024');
  await context.close();
});
