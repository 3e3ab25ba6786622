// s21-words (QA s21, a new user's confusions): the words and figures say what the design is.
// - net.db-not-isolated names the path the design has (no "through NAT" without a NAT gateway);
// - a design file without positions opens laid out, not as an empty canvas;
// - Compare says what each option's figure sums (the load balancer, the data transfer);
// - the Latency tab says which design it shows when a scenario is on;
// - the version compare names components by label, not by id.
// Each fails on main's build (S21_DIST=/tmp/dist-main21) and passes on this branch's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, assertClean, barSettled, savedDesign, importDesign, shot, inView } from './harness.mjs';

let app;
const dir = mkdtempSync(join(tmpdir(), 'cloudwright-s21-words-'));
const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../crates/cloudwright-engine/tests/fixtures/rules');
before(async () => { app = await start(process.env.S21_DIST); });
after(async () => { await app?.stop(); });

test('a database in a private subnet of a VPC with no NAT gateway: the finding says nothing leaves, and the design opens laid out (1024×768)', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1024, height: 768 } });
  await barSettled(page);
  // The rule's fixture (no layout in the file) without its NAT gateway.
  const design = JSON.parse(readFileSync(join(fixtures, 'net.db-not-isolated/fail.json'), 'utf8'));
  delete design.nodes['nat-a'];
  design.name = 'Database, no NAT';
  await importDesign(page, design, join(dir, 'no-nat.json'), { drawn: false });
  // Laid out: every component drawn, and in the view.
  await page.waitForFunction((n) => document.querySelectorAll('g.node').length === n, Object.keys(design.nodes).length, { timeout: 10_000 });
  const inside = await page.evaluate(() => {
    const c = document.querySelector('.canvas, svg.canvas, #canvas')?.getBoundingClientRect() ?? { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
    return [...document.querySelectorAll('g.node')].filter((g) => { const b = g.getBoundingClientRect(); return b.width > 0 && b.left < c.right && b.right > c.left && b.top < c.bottom && b.bottom > c.top; }).length;
  });
  assert.ok(inside >= Object.keys(design.nodes).length - 1, `components in view: ${inside}`);
  await page.click('#tab-findings');
  const finding = page.locator('.finding', { hasText: 'Database in a subnet with a route to the internet' }).first();
  await finding.waitFor();
  // The message (the card also holds the rule's general "Why", which speaks of NAT).
  const text = (await finding.textContent()).match(/sits in Subnet "private-a", whose route table [^.]*\./)?.[0] ?? '';
  assert.doesNotMatch(text, /through NAT/, text);
  assert.match(text, /no working NAT gateway/, text);
  await shot(page, 's21-words-no-nat-1024');
  assertClean(log);
  await context.close();
});

test('Compare, Latency with a scenario, and the version compare say what they show (1440×900)', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1440, height: 900 } });
  await page.locator('g[data-node="db"]').waitFor();
  await barSettled(page);
  const original = await savedDesign(page);
  // Compare: each figure says what it sums, the load balancer in it.
  await page.click('#tab-compare');
  await page.locator('#containers-recommendation').waitFor();
  assert.match(await page.textContent('#containers-hold'), /Each figure is a month's bill for all of/);
  const parts = await page.locator('.option-holds li').allTextContents();
  assert.ok(parts.length >= 4, parts.join(' | '));
  for (const p of parts) {
    assert.match(p, /= .*compute \$[\d,.]+/, p);
    assert.match(p, /= .*load balancer \$[\d,.]+/, p);
  }
  await shot(page, 's21-words-compare-1440');

  // A "10× traffic" scenario on: the Latency tab says it shows it.
  await page.click('#tab-scenarios');
  if (!(await page.locator('#new-scenario').evaluate((d) => d.open))) await page.click('#new-scenario summary');
  await page.fill('#scenario-name', '10× traffic');
  await page.fill('#scenario-traffic', '10');
  await page.click('#scenario-create');
  await page.locator('.scenario-bar .scn[data-key="1"]').click();
  await page.click('#tab-latency');
  const note = page.locator('#latency-scenario');
  await note.waitFor({ timeout: 10_000 });
  assert.match(await note.textContent(), /Showing the scenario “10× traffic”: ×10 the drawn design's traffic/);
  await page.locator('.capacity h4').first().waitFor({ timeout: 30_000 });
  assert.match(await page.locator('.capacity h4').first().textContent(), /×1\.0 the scenario's traffic \(×10 the drawn design's/);
  await shot(page, 's21-words-latency-scenario-1440');
  await page.locator('.scenario-bar .scn[data-key="0"]').click();
  await page.waitForFunction(() => !document.querySelector('#latency-scenario'));

  // The version compare names components by label: the Web ACL's connections, removed.
  const waf = original.nodes.waf;
  assert.ok(waf?.label, 'the starter has a labelled Web ACL');
  await page.click('#tab-versions');
  await page.fill('#version-name', 'Before');
  await page.click('#save-version');
  const row = page.locator('.version[data-version="Before"]');
  await row.waitFor();
  await inView(page, 'waf');
  const wb = await page.locator('g[data-node="waf"] .hit').first().boundingBox();
  await page.mouse.click(wb.x + wb.width / 2, wb.y + wb.height / 2);
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => !document.querySelector('g[data-node="waf"]'));
  await page.click('#tab-versions');
  await row.locator('button.compare').click();
  const conns = page.locator('#review-diff .review-list.connections .review-item.removed');
  await conns.first().waitFor();
  for (const t of await conns.allTextContents()) {
    assert.ok(t.includes(waf.label), `a removed connection names the Web ACL by its label: ${t}`);
    assert.doesNotMatch(t, /\bwaf\b/, t);
  }
  await page.locator('.sidepanel').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await shot(page, 's21-words-versions-1440');
  assertClean(log);
  await context.close();
});
