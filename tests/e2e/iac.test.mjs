// Infrastructure as code in the app (issue 17): pick CloudFormation/SAM templates or Terraform
// files → a preview with the import report and the diagram → "Import as new design" (a new
// saved design, the one that was open untouched), drawn and priced; bad files explained,
// nothing half-imported; CloudFormation and Terraform exports download and parse (the CLI's
// importer reads them back to the same components); the IaC worker's wasm is fetched only
// when an import or export starts, is precached by the service worker, and works offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { start, assertClean, shot, savedDesign, importIac } from './harness.mjs';

const SAMPLES = 'crates/cloudwright-engine/tests/fixtures/iac/cfn-samples/cloudformation';
const TF = 'crates/cloudwright-engine/tests/fixtures/iac/terraform';
const WORKER_WASM = 'cloudwright-iac-worker_bg.wasm';

let app;
before(async () => { app = await start('dist', { serviceWorkers: 'allow' }); });
after(async () => { await app?.stop(); });

/** Picks files with the Import button's file chooser. */
async function pick(page, files) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#import')]);
  assert.ok(chooser.isMultiple(), 'several files (Terraform modules) can be picked together');
  await chooser.setFiles(files);
}

/** The number of designs in the designs list. */
async function designCount(page) {
  await page.click('#designs');
  await page.waitForSelector('.modal.designs');
  const n = await page.locator('.modal.designs li[data-design]').count();
  await page.keyboard.press('Escape');
  await page.waitForSelector('.modal.designs', { state: 'detached' });
  return n;
}

/** The CLI's importer (the engine's, natively): the design a code file imports as. */
function cliImport(path) {
  const cli = ['target/debug/cloudwright', 'target/release-native/cloudwright'].find(existsSync);
  assert.ok(cli, 'the CLI is built (cargo build -p cloudwright-cli) to read the downloads back');
  return JSON.parse(execFileSync(cli, ['import', path], { stdio: ['ignore', 'pipe', 'pipe'] }).toString());
}

const kinds = (d) => Object.values(d.nodes).map((n) => n.kind).sort();

test('the IaC worker is not part of the start-up download; it is precached', async () => {
  const { page, log } = await app.open('/');
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  await page.reload();
  await page.waitForSelector('g[data-node]');
  await page.waitForTimeout(500);
  assert.ok(!urls.some((u) => u.includes('cloudwright-iac-worker')), `start-up fetched the worker: ${urls.filter((u) => u.includes('iac-worker'))}`);
  const sw = readFileSync('dist/sw.js', 'utf8');
  for (const f of ['cloudwright-iac-worker_loader.js', 'cloudwright-iac-worker.js', WORKER_WASM]) {
    assert.ok(sw.includes(`"${f}"`), `the service worker precaches ${f}`);
  }
  const main = readdirSync('dist').find((f) => /^cloudwright-web-.*_bg\.wasm$/.test(f));
  const size = (f) => { const b = readFileSync(join('dist', f)); return `${b.length} B, brotli ${brotliCompressSync(b).length} B`; };
  console.log(`main wasm ${main}: ${size(main)}; IaC worker wasm: ${size(WORKER_WASM)}`);
  assertClean(log);
});

test('import two CloudFormation templates: preview with report and diagram, then a new design, drawn and priced', async () => {
  const { page, log } = await app.open('/');
  await page.waitForSelector('g[data-node]');
  const before = await designCount(page);
  const name = await page.textContent('.design-name');
  const workerRequests = [];
  page.on('request', (r) => { if (r.url().includes('cloudwright-iac-worker')) workerRequests.push(r.url()); });
  await pick(page, [`${SAMPLES}/ecs-fargate-cluster-vpc.yaml`, `${SAMPLES}/ecs-fargate-service.yaml`]);
  await page.waitForSelector('.iac-preview', { timeout: 60_000 });
  assert.ok(workerRequests.some((u) => u.endsWith(WORKER_WASM)), 'the worker wasm is fetched when the import starts');
  const summary = await page.textContent('.iac-summary');
  assert.match(summary, /\d+ resources: \d+ drawn, \d+ merged, \d+ not drawn/);
  assert.match(summary, /\$[\d,.]+\/month/, 'the preview is priced');
  assert.match(await page.textContent('.iac-preview h2'), /ecs-fargate-cluster-vpc\.yaml \(\+1 files\)/);
  // Per resource: drawn as what, merged, not drawn and why.
  assert.match(await page.textContent('tr[data-id="PublicLoadBalancer"]'), /drawn as Application Load Balancer/);
  assert.match(await page.textContent('tr[data-id="Service"]'), /drawn as/);
  assert.match(await page.textContent('tr[data-id="ECSRole"]'), /not drawn: identity and permissions/);
  assert.ok(await page.locator('tr.merged').count() > 0, 'merged resources are listed');
  // The picture: the engine's SVG, loaded as an image.
  const img = page.locator('.iac-picture img');
  await img.evaluate((el) => el.decode());
  assert.ok(await img.evaluate((el) => el.naturalWidth > 300), 'the diagram is drawn');
  await shot(page, 'iac-preview-1440');
  await page.setViewportSize({ width: 1024, height: 768 });
  await shot(page, 'iac-preview-1024');
  const fits = await page.locator('#iac-import').boundingBox();
  assert.ok(fits && fits.y + fits.height <= 768 && fits.x + fits.width <= 1024, 'the import button is on screen at 1024×768');
  await page.setViewportSize({ width: 1440, height: 900 });
  // The design that was open is untouched until the user says so.
  assert.equal(await page.textContent('.design-name'), name);
  await page.click('#iac-import');
  await page.waitForSelector('.iac-preview', { state: 'detached' });
  await page.waitForFunction((n) => document.querySelector('.design-name')?.textContent !== n, name);
  for (const kind of ['vpc', 'subnet', 'alb', 'ecs-service', 'nat-gateway']) {
    assert.ok(await page.locator(`g[data-kind="${kind}"]`).count() > 0, `the imported design draws a ${kind}`);
  }
  assert.match(await page.textContent('.totals-bar'), /\$[\d,.]+/, 'the imported design is priced');
  const saved = await savedDesign(page, { wait: 1000 });
  assert.ok(saved && Object.values(saved.nodes).some((n) => n.kind === 'ecs-service'), 'the new design is saved');
  assert.equal(await designCount(page), before + 1, 'a new design; the one that was open stays in the list');
  await shot(page, 'iac-imported-ecs-1440');
  assertClean(log);
});

test('Terraform files and the EKS and SAM samples import; the diagrams are drawn', async () => {
  const { page, log } = await app.open('/');
  await page.waitForSelector('g[data-node]');
  const tfDir = `${TF}/web-asg`;
  const tfFiles = readdirSync(tfDir).filter((f) => f.endsWith('.tf')).map((f) => join(tfDir, f));
  assert.ok(tfFiles.length >= 2, 'several .tf files');
  for (const [files, kind, label] of [[tfFiles, 'asg', 'terraform-web-asg'], [[`${SAMPLES}/eks-3az.yaml`], 'eks-nodegroup', 'eks-3az'], [[`${SAMPLES}/sam-lambda-memorydb-vpc.yaml`], 'lambda', 'sam-lambda-memorydb']]) {
    await importIac(page, files, { preview: async () => {
      await page.locator('.iac-picture img').evaluate((el) => el.decode());
      await shot(page, `iac-preview-${label}`);
    } });
    await page.waitForSelector(`g[data-kind="${kind}"]`);
    await page.waitForTimeout(300);
    await shot(page, `iac-imported-${label}-1440`);
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.click('text=Fit');
    await shot(page, `iac-imported-${label}-1024`);
    await page.setViewportSize({ width: 1440, height: 900 });
  }
  assertClean(log);
});

test('bad files are explained and nothing is imported', async () => {
  const { page, log } = await app.open('/');
  await page.waitForSelector('g[data-node]');
  const name = await page.textContent('.design-name');
  const dir = mkdtempSync(join(tmpdir(), 'cloudwright-iac-'));
  const cases = [
    ['broken.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket: [unclosed\n', /broken\.yaml: /],
    ['notes.txt', 'Meeting notes: move the database to Aurora.\n', /not a CloudFormation template, Terraform file or terraform show -json output/],
    ['big.yaml', `Resources:\n${' '.repeat(10 * 1024 * 1024)}`, /larger than 10 MB|too large|10 MB/],
  ];
  for (const [file, text, why] of cases) {
    writeFileSync(join(dir, file), text);
    await pick(page, [join(dir, file)]);
    await page.waitForSelector('.import-errors', { timeout: 60_000 });
    const shown = await page.textContent('.import-errors');
    assert.match(shown, /was not imported/);
    assert.match(shown, why, `${file}: ${shown}`);
    if (file === 'broken.yaml') await shot(page, 'iac-error-1440');
    await page.click('.import-errors button');
    assert.equal(await page.textContent('.design-name'), name, 'the current design is untouched');
    assert.equal(await page.locator('.iac-preview').count(), 0);
  }
  assertClean(log);
});

test('exports: CloudFormation (YAML) and Terraform (HCL) download and import back to the same components', async () => {
  const { page, log } = await app.open('/');
  await page.waitForSelector('g[data-node]');
  const design = await savedDesign(page, { wait: 1000 });
  const dir = mkdtempSync(join(tmpdir(), 'cloudwright-iac-export-'));
  for (const [button, ext] of [['#export-cfn', 'yaml'], ['#export-tf', 'tf']]) {
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(button)]);
    assert.ok(dl.suggestedFilename().endsWith(`.${ext}`), dl.suggestedFilename());
    const path = join(dir, dl.suggestedFilename());
    await dl.saveAs(path);
    const text = readFileSync(path, 'utf8');
    assert.ok(statSync(path).size > 500, `${ext}: not empty`);
    if (ext === 'yaml') assert.match(text, /^Resources:/m);
    else assert.match(text, /^resource "aws_/m);
    // Parsed by the engine's importer (saphyr / hcl-rs) through the CLI: the same components.
    const back = cliImport(path);
    assert.deepEqual(kinds(back), kinds(design), `${ext}: the export imports back to the same components`);
  }
  assertClean(log);
});

test('offline: after the service worker has cached the app, a template still imports', async () => {
  const { page, context, log } = await app.open('/');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  await page.waitForFunction(async () => {
    const names = (await caches.keys()).filter((k) => k.startsWith('cloudwright:'));
    if (!names.length) return false;
    const keys = await (await caches.open(names[0])).keys();
    return keys.some((r) => r.url.endsWith('cloudwright-iac-worker_bg.wasm'));
  }, null, { timeout: 60_000 });
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('g[data-node]');
  await importIac(page, [`${SAMPLES}/vpc-2az-nat.json`], { preview: async () => assert.match(await page.textContent('.iac-summary'), /drawn/) });
  await page.waitForSelector('g[data-kind="nat-gateway"]');
  await context.setOffline(false);
  assertClean(log);
});
