// s29-fix: five things testers found, in Chromium.
//  1. An edit's change ("+$12.40/month") shows under the figure it moved, in the place of that
//     figure's label, and the bar keeps its height (57 px at 1024×768): on main it was a chip
//     beside the figures that wrapped the bar to a second row at 1024 px. A screen reader hears
//     the whole change from the visually hidden status `#total-delta`.
//  2. A group naming no instance type exports the stand-in type with a TODO saying so, in
//     CloudFormation and Terraform (with Spot its empty `Overrides` list is kept: cfn-lint
//     1.58.0 accepts it).
//  3. At a 900 px window nothing scrolls sideways (the toolbar overran it: scrollWidth 935),
//     and the totals bar is one row; 1024 and 1440 px unchanged.
//  4. A container's label longer than its frame is cut with "…" inside it, the whole label its
//     tooltip (`<title>`); on main it ran over the frame across connectors and other labels.
// Screenshots at 1440×900, 1024×768 and 900×700.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, assertClean, shot, openTemplate, inView, barSettled, sideways, renameContainer, importDesign } from './harness.mjs';

// E2E_DIST: another build's dist (main's, to see the tests fail on the old code).
const app = await start(process.env.E2E_DIST ?? 'dist');
after(() => app.stop());

const VIEWPORTS = [{ width: 1440, height: 900 }, { width: 1024, height: 768 }, { width: 900, height: 700 }];
const vpName = (v) => `${v.width}x${v.height}`;
const dir = mkdtempSync(join(tmpdir(), 's29-fix-'));

/** The bar's height, the top of each of its parts in view, and each figure's boxes. */
const bar = (page) => page.evaluate(() => {
  const b = document.querySelector('.totals-bar');
  const box = (e) => { if (!e) return null; const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, r: r.right, b: r.bottom, w: r.width, h: r.height }; };
  const shown = (e) => e && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden' && e.getBoundingClientRect().width > 1;
  const figures = {};
  for (const id of ['total-monthly', 'total-p95', 'total-findings']) {
    const f = document.getElementById(id);
    const change = document.getElementById(`${id}-change`);
    figures[id] = { box: box(f), value: box(f.querySelector('.total-value')), label: shown(f.querySelector('.total-label')) ? box(f.querySelector('.total-label')) : null, change: shown(change) ? { ...box(change), text: change.textContent } : null };
  }
  const parts = [...b.children].filter(shown).map((e) => e.getBoundingClientRect().top);
  const status = document.getElementById('total-delta');
  return { h: b.getBoundingClientRect().height, rows: Math.max(...parts) - Math.min(...parts), figures, said: status.textContent, statusBox: box(status) };
});

/** Deletes the WAF of the three-tier template: the bill and the findings change. */
async function deleteWaf(page) {
  await inView(page, 'waf');
  const waf = await page.locator('g[data-node="waf"] .hit').boundingBox();
  await page.mouse.click(waf.x + waf.width / 2, waf.y + waf.height / 2);
  await page.keyboard.press('Delete');
}

for (const viewport of VIEWPORTS) {
  test(`${vpName(viewport)}: an edit's change shows under the figure it moved; the bar keeps its height and one row`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await openTemplate(page, 'three-tier.json');
    await barSettled(page);
    const before = await bar(page);
    assert.ok(before.rows < 1, `one row before the edit: ${JSON.stringify(before)}`);
    await deleteWaf(page);
    await page.waitForFunction(() => document.getElementById('total-monthly-change'), null, { timeout: 10_000 });
    await barSettled(page);
    const during = await bar(page);
    await shot(page, `s29-fix-change-${vpName(viewport)}`);
    // Under the cost: the cost went down, so "-$…/month", below the figure, inside its box,
    // where the label was (the label hidden, its place kept).
    const m = during.figures['total-monthly'];
    assert.ok(m.change, `a change under the monthly cost: ${JSON.stringify(during.figures)}`);
    assert.match(m.change.text, /^-\$[\d,.]+\/month$/);
    assert.ok(m.change.y >= m.value.b - 1, `under the figure: ${JSON.stringify(m)}`);
    assert.ok(m.change.x >= m.box.x && m.change.r <= m.box.r + 0.5 && m.change.b <= m.box.b + 0.5, `inside its box: ${JSON.stringify(m)}`);
    assert.equal(m.label, null, 'the label gives its place to the change');
    // Under the findings: the WAF's findings went with it.
    const f = during.figures['total-findings'];
    assert.ok(f.change && /(warning|error)/.test(f.change.text), `a change under the findings: ${JSON.stringify(f)}`);
    assert.ok(f.change.y >= f.value.b - 1);
    // The bar: the same height and one row (57 px at 1024×768 before and after).
    assert.ok(Math.abs(during.h - before.h) < 0.5, `the bar keeps its height: ${before.h} → ${during.h}`);
    assert.ok(during.rows < 1, `one row: ${JSON.stringify(during)}`);
    for (const id of Object.keys(during.figures)) {
      assert.ok(Math.abs(during.figures[id].box.h - before.figures[id].box.h) < 0.5, `${id} keeps its height`);
    }
    // The screen reader hears all of it, from a status out of view.
    assert.equal(during.said, [m.change.text, during.figures['total-p95'].change?.text, f.change.text].filter(Boolean).join(' · '));
    assert.ok(during.statusBox.w <= 1 && during.statusBox.h <= 1, `the status is visually hidden: ${JSON.stringify(during.statusBox)}`);
    assert.equal(await page.getAttribute('#total-delta', 'role'), 'status');
    // After five seconds the labels are back; the bar still the same.
    await page.waitForFunction(() => !document.getElementById('total-monthly-change'), null, { timeout: 8000 });
    const later = await bar(page);
    assert.ok(later.figures['total-monthly'].label, 'the label is back');
    assert.ok(Math.abs(later.h - before.h) < 0.5);
    assert.equal(later.said, '');
    assertClean(log);
    await context.close();
  });
}

for (const viewport of VIEWPORTS) {
  test(`${vpName(viewport)}: nothing scrolls sideways; every toolbar button and figure in view`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await openTemplate(page, 'three-tier.json');
    await barSettled(page);
    const s = await sideways(page);
    await shot(page, `s29-fix-toolbar-${vpName(viewport)}`);
    assert.equal(s.scrollWidth, viewport.width, `no sideways scroll: ${JSON.stringify(s)}`);
    assert.deepEqual(s.out, [], 'nothing past the right edge');
    // The toolbar's buttons are not cut and the design name reads a few letters at least.
    const cut = await page.evaluate(() => [...document.querySelectorAll('.toolbar .tb')].filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    assert.deepEqual(cut, []);
    const name = await page.locator('.design-name').boundingBox();
    assert.ok(name.width >= 60, `the design name has room: ${name.width}`);
    assertClean(log);
    await context.close();
  });
}

test('a long container label is cut with "…" inside its frame; the whole label is its tooltip', async () => {
  const { page, log, context } = await app.open('/');
  await openTemplate(page, 'three-tier.json');
  const long = 'Public subnet for the load balancers and NAT gateways of the payments platform';
  await renameContainer(page, 'public-a', long);
  const vpcLong = 'Production VPC of the payments platform shared with the data lake, the batch jobs, the reporting services and the partner integrations 10.0.0.0/16';
  await renameContainer(page, 'vpc', vpcLong);
  const drawn = (id) => page.evaluate((id) => {
    const g = document.querySelector(`.canvas-svg g.node[data-node="${id}"]`);
    const text = g.querySelector('text.container-label');
    const frame = g.querySelector('rect.frame');
    const t = text.getBBox();
    return { text: text.textContent, right: t.x + t.width, frameRight: frame.x.baseVal.value + frame.width.baseVal.value, title: g.querySelector('rect.label-hit title')?.textContent ?? null };
  }, id);
  for (const [id, label] of [['public-a', long], ['vpc', vpcLong]]) {
    const d = await drawn(id);
    // Cut in the middle (s39-lead, QA s23 #16): its start, "…", its end.
    assert.ok(d.text.includes('…'), `${id} is cut: ${JSON.stringify(d)}`);
    const [head, tail] = d.text.split('…');
    assert.ok(head.length > 0 && label.startsWith(head) && label.endsWith(tail), `${id}: the label's start and end: ${d.text}`);
    assert.ok(d.right <= d.frameRight, `${id}: the drawn text ends inside its frame (as rendered): ${JSON.stringify(d)}`);
    assert.equal(d.title, label, `${id}: the whole label is the tooltip`);
  }
  // A label that fits is drawn whole, with no tooltip.
  const b = await drawn('public-b');
  assert.equal(b.text, 'Public b');
  assert.equal(b.title, null);
  await shot(page, 's29-fix-long-labels');
  // The SVG export cuts the same way and keeps the whole label as a title.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
  const path = join(dir, dl.suggestedFilename());
  await dl.saveAs(path);
  const svg = readFileSync(path, 'utf8');
  assert.ok(svg.includes(`<title>${long}</title>`), 'the export has the whole label as a title');
  assert.ok(!svg.includes(`>${long}</text>`), 'and does not draw it whole');
  assertClean(log);
  await context.close();
});

test('a group naming no instance type exports the stand-in type with a TODO saying so', async () => {
  const { page, log, context } = await app.open('/');
  const design = JSON.parse(readFileSync('templates/ec2-asg-spot.json', 'utf8'));
  design.name = 'No instance type';
  design.nodes.asg.props.instance_types = [];
  await importDesign(page, design, join(dir, 'no-type.json'));
  const text = {};
  for (const [button, ext] of [['#export-cfn', 'yaml'], ['#export-tf', 'tf']]) {
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(button)]);
    const path = join(dir, `export.${ext}`);
    await dl.saveAs(path);
    text[ext] = readFileSync(path, 'utf8');
  }
  assert.match(text.yaml, /# TODO: \w+LaunchTemplate: the group names no instance type: m6i\.large is a stand-in/);
  assert.match(text.yaml, /InstanceType: m6i\.large/);
  assert.match(text.yaml, /MixedInstancesPolicy/);
  // An empty Overrides list is valid (cfn-lint 1.58.0 accepts it): the launch template's type runs.
  assert.match(text.yaml, /Overrides: \[\]/);
  assert.match(text.tf, /# TODO: aws_launch_template\.\w+: the group names no instance type: m6i\.large is a stand-in/);
  assert.match(text.tf, /instance_type\s+= "m6i\.large"/);
  assertClean(log);
  await context.close();
});
