// Issue 14, the panels: traffic in one place next to the totals; a side panel that resizes
// (pointer and keyboard), collapses and remembers; tables that read at 300–360 px and on a
// 1024×768 projector; a toolbar that fits 1024 px; Compare marks the option in use, shows no
// comparison of an invented workload, places what a switch adds inside a container and
// names components by label; charts whose legends sit apart from the data and whose labels
// are not cut off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, centre } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const SECONDS_PER_MONTH = 2_628_000; // 730 h × 3600 s, the engine's billing month

/** Selects a node of the canvas by its id. */
async function select(page, id) {
  const b = await page.locator(`g[data-node="${id}"] .hit`).boundingBox();
  await page.mouse.click(centre(b).x, centre(b).y);
}

// ---------------------------------------------------------------- part 1: traffic

test('traffic is edited next to the totals, in the units people use, as one undo step, and agrees with the users node', async () => {
  const { page, log, context } = await app.open('/');
  const initial = await savedDesign(page);
  // The starter's users send 30,000,000 requests a month: 30,000,000 / 2,628,000 = 11.4/s.
  assert.equal(await page.textContent('#total-traffic-value'), '11.4/s');
  const monthly = await page.textContent('#total-monthly-value');
  await page.click('#total-traffic');
  await page.locator('#traffic-editor').waitFor();
  assert.equal(await page.inputValue('#traffic-rate'), '11.4/s');
  await shot(page, 'panels-traffic-editor-1440');
  // A comma in the wrong place is refused with why, and nothing changes.
  await page.fill('#traffic-rate', '1,5/s');
  await page.press('#traffic-rate', 'Enter');
  await page.locator('.traffic-editor .field-error').waitFor();
  assert.match(await page.textContent('.traffic-editor .field-error'), /commas separate thousands/);
  assert.equal((await savedDesign(page)).nodes.users.props.requests_per_month, 30_000_000);
  // 12,000/s with bigger responses and a lower peak: one edit.
  await page.fill('#traffic-rate', '12,000/s');
  assert.match(await page.textContent('#traffic-echo'), /12,000\/s = 31\.5B\/month/);
  await page.fill('#traffic-response', '1.5 MB');
  await page.fill('#traffic-peak', '2×');
  await page.click('#traffic-apply');
  await page.locator('#traffic-editor').waitFor({ state: 'detached' });
  assert.equal(await page.textContent('#total-traffic-value'), '12,000/s');
  assert.match(await page.textContent('#total-traffic .total-label'), /peak 24,000\/s/);
  const saved = await savedDesign(page);
  assert.equal(saved.nodes.users.props.requests_per_month, 12_000 * SECONDS_PER_MONTH);
  assert.equal(saved.workload.response_kb, 1500);
  assert.equal(saved.workload.peak_to_average, 2);
  assert.notEqual(await page.textContent('#total-monthly-value'), monthly, 'the totals follow');
  assert.match(await page.getAttribute('#undo', 'title'), /Traffic 12,000\/s, responses 1\.5 MB, peak 2×/);
  // The users node shows the same figure: one truth.
  await page.click('#tab-inspect');
  await select(page, 'users');
  const field = page.locator('.field[data-prop="requests_per_month"] input');
  assert.equal(Number((await field.inputValue()).replaceAll(',', '')), 12_000 * SECONDS_PER_MONTH);
  // And the other way: the inspector's figure is the traffic editor's.
  await field.fill('52560000'); // 20/s × 2,628,000 s
  await field.press('Enter');
  await page.waitForFunction(() => document.querySelector('#total-traffic-value').textContent === '20/s');
  // One undo brings the traffic edit's figures back whole.
  await page.click('#undo');
  await page.waitForFunction(() => document.querySelector('#total-traffic-value').textContent === '12,000/s');
  await page.click('#undo');
  await page.waitForFunction(() => document.querySelector('#total-traffic-value').textContent === '11.4/s');
  const back = await savedDesign(page);
  assert.equal(back.nodes.users.props.requests_per_month, 30_000_000);
  assert.deepEqual(back.workload, initial.workload, 'sizes and peak come back with the rate');
  assertClean(log);
  await context.close();
});

test('a rate per month reads too, and a design without an entry point says so', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1024, height: 768 } });
  await page.click('#total-traffic');
  await page.fill('#traffic-rate', '3.5M/month');
  await page.press('#traffic-rate', 'Enter');
  // 3,500,000 / 2,628,000 = 1.33/s
  await page.waitForFunction(() => document.querySelector('#total-traffic-value').textContent === '1.33/s');
  assert.equal((await savedDesign(page)).nodes.users.props.requests_per_month, 3_500_000);
  await page.click('#total-traffic');
  await shot(page, 'panels-traffic-editor-1024');
  const box = await page.locator('#traffic-editor').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 1024 && box.y + box.height <= 768, `the editor is on screen: ${JSON.stringify(box)}`);
  await page.keyboard.press('Escape');
  await page.locator('#traffic-editor').waitFor({ state: 'detached' });
  // An empty design: no entry point, and the editor says what to add.
  await page.click('#designs');
  await page.click('.modal.designs button.primary');
  assert.equal(await page.textContent('#total-traffic-value'), 'no traffic');
  await page.click('#total-traffic');
  assert.match(await page.textContent('#traffic-senders'), /No entry point: add Internet users/);
  await page.fill('#traffic-rate', '100/s');
  await page.click('#traffic-apply');
  assert.match(await page.textContent('.traffic-editor .field-error'), /no entry point/);
  assertClean(log);
  await context.close();
});

// ---------------------------------------------------------------- part 2: the side panel

/** Every table cell of the side panel with more lines than words: a word broken across lines. */
async function brokenCells(page) {
  return page.evaluate(() => {
    const panel = document.querySelector('.sidepanel');
    const out = [];
    for (const cell of panel.querySelectorAll('table td, table th')) {
      const text = cell.textContent.trim();
      if (!text) continue;
      // The line boxes of the cell's text (element boxes such as a button's are left out):
      // tops within 6 px of each other are one line (a bold name beside a small key).
      const tops = [];
      const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        if (!n.textContent.trim()) continue;
        const r = document.createRange();
        r.selectNodeContents(n);
        for (const b of r.getClientRects()) if (b.width > 0) tops.push(b.top);
      }
      tops.sort((a, b) => a - b);
      const lines = tops.filter((t, i) => i === 0 || t - tops[i - 1] > 6).length;
      // A line may break at a space or after a hyphen (Scale-/out), never inside a word.
      const words = text.split(/[\s-]+/).filter(Boolean).length;
      if (lines > words) out.push(`${text.slice(0, 40)}: ${lines} lines for ${words} words (${Math.round(cell.getBoundingClientRect().width)} px)`);
    }
    // Every table ends inside the panel's content box (right of it is clipped, not scrolled).
    const p = panel.getBoundingClientRect();
    const edge = p.left + panel.clientWidth - parseFloat(getComputedStyle(panel).paddingRight) + 1;
    for (const t of panel.querySelectorAll('table')) {
      const right = t.getBoundingClientRect().right;
      if (right > edge) out.push(`a table ends ${Math.round(right - edge)} px past the panel (${t.className})`);
    }
    return { out };
  });
}

/** Opens each table-holding tab and checks it; returns what was measured. */
async function checkTables(page, label) {
  const seen = {};
  for (const tab of ['cost', 'latency', 'compare', 'scenarios']) {
    await page.click(`#tab-${tab}`);
    await page.waitForTimeout(250);
    const more = page.locator('.sidepanel button', { hasText: /more line items/ });
    if (await more.count()) await more.first().click();
    const m = await brokenCells(page);
    seen[tab] = m;
    assert.deepEqual(m.out, [], `${label}, ${tab}: no word wrapped a letter or two per line, every table inside the panel`);
  }
  return seen;
}

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`tables read at ${viewport.width}×${viewport.height} with the panel at 360 px and at its narrowest`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    // A scenario so the scenario table has rows of its own.
    await page.click('#tab-scenarios');
    await page.locator('#new-scenario summary').click();
    await page.fill('#scenario-name', 'Black Friday peak');
    await page.fill('#scenario-traffic', '10');
    await page.click('#scenario-create');
    await page.waitForTimeout(300);
    await checkTables(page, `${viewport.width} px, panel 360`);
    await page.click('#tab-cost');
    await shot(page, `panels-cost-360-${viewport.width}`);
    await page.click('#tab-compare');
    await shot(page, `panels-compare-360-${viewport.width}`);
    // The narrowest the handle allows.
    await page.focus('#panel-resize');
    await page.keyboard.press('Home');
    const w = await page.evaluate(() => document.querySelector('.sidepanel').getBoundingClientRect().width);
    assert.equal(Math.round(w), 300, 'Home: the narrowest panel');
    await checkTables(page, `${viewport.width} px, panel 300`);
    await page.click('#tab-scenarios');
    await shot(page, `panels-scenarios-300-${viewport.width}`);
    await page.click('#tab-compare');
    await shot(page, `panels-compare-300-${viewport.width}`);
    assertClean(log);
    await context.close();
  });
}

test('the side panel resizes by dragging and by keyboard, collapses, and remembers both', async () => {
  const { page, log, context } = await app.open('/');
  const width = () => page.evaluate(() => Math.round(document.querySelector('.sidepanel').getBoundingClientRect().width));
  assert.equal(await width(), 360, 'the default width');
  const h = await page.locator('#panel-resize').boundingBox();
  await page.mouse.move(h.x + h.width / 2, h.y + 200);
  await page.mouse.down();
  await page.mouse.move(h.x - 100, h.y + 200, { steps: 5 });
  await page.mouse.up();
  // the pointer ends 1440 - (x - 100) from the right edge: 360 + 100 - 4 (half the handle) ≈ 456–460
  const dragged = await width();
  assert.ok(dragged >= 450 && dragged <= 465, `dragged wider: ${dragged}`);
  await page.focus('#panel-resize');
  await page.keyboard.press('ArrowRight');
  assert.equal(await width(), dragged - 20, 'ArrowRight narrows by 20 px');
  await page.keyboard.press('Shift+ArrowLeft');
  assert.equal(await width(), dragged + 60, 'Shift+ArrowLeft widens by 80 px');
  assert.equal(await page.getAttribute('#panel-resize', 'aria-valuenow'), String(dragged + 60));
  // The canvas keeps at least 320 px: End is the widest.
  await page.keyboard.press('End');
  assert.equal(await width(), 1440 - 240 - 320);
  await page.keyboard.press('ArrowRight');
  const kept = await width();
  // Collapse: the canvas gets the room; a totals figure opens the panel again.
  const canvasBefore = (await page.locator('.canvas').boundingBox()).width;
  await page.click('#panel-collapse');
  assert.ok(await width() <= 40, 'collapsed to a strip');
  assert.ok((await page.locator('.canvas').boundingBox()).width > canvasBefore + 300, 'the canvas widens');
  await shot(page, 'panels-collapsed-1440');
  await page.reload();
  await page.waitForSelector('.app');
  await page.locator('#panel-collapse').waitFor();
  assert.ok(await width() <= 40, 'still collapsed after a reload');
  await page.click('#total-monthly');
  assert.equal(await width(), kept, 'opening the bill shows the panel at its remembered width');
  assert.equal(await page.getAttribute('#tab-cost', 'aria-selected'), 'true');
  assertClean(log);
  await context.close();
});

test('the toolbar and the totals bar fit a 1024 px projector', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1024, height: 768 } });
  const m = await page.evaluate(() => {
    const over = (sel) => [...document.querySelectorAll(sel)].filter((b) => b.offsetParent).map((b) => {
      const r = b.getBoundingClientRect();
      return { text: b.textContent.trim(), right: r.right, h: r.height, lines: b.scrollHeight > b.clientHeight + 2 };
    });
    const toolbar = over('.topbar button');
    const totals = document.querySelector('.totals-bar');
    return {
      outside: toolbar.filter((b) => b.right > window.innerWidth).map((b) => b.text),
      tall: toolbar.filter((b) => b.h > 34).map((b) => `${b.text} ${b.h}`),
      totalsScroll: totals.scrollWidth - totals.clientWidth,
      topbarScroll: document.querySelector('.topbar').scrollWidth - document.querySelector('.topbar').clientWidth,
    };
  });
  assert.deepEqual(m.outside, [], 'every toolbar button on screen');
  assert.deepEqual(m.tall, [], 'no toolbar button wraps to two lines');
  assert.ok(m.topbarScroll <= 0, `the top bar does not overflow (${m.topbarScroll} px)`);
  assert.ok(m.totalsScroll <= 0, `the totals bar does not overflow (${m.totalsScroll} px)`);
  await shot(page, 'panels-toolbar-1024');
  assertClean(log);
  await context.close();
});

// ---------------------------------------------------------------- part 3: compare

test('compare marks the option in use, switches with labels, and places the EKS cluster inside the VPC', async () => {
  const { page, log, context } = await app.open('/');
  await select(page, 'app-a');
  await page.click('#tab-compare');
  await page.locator('#containers-recommendation').waitFor();
  const current = page.locator('.options tr.current:is([data-option^="ecs"], [data-option^="eks"])');
  assert.equal(await current.count(), 1, 'one container option in use');
  const inUse = page.locator('.options tr.current[data-option="ecs-fargate"]');
  assert.match(await inUse.textContent(), /in use/);
  assert.equal(await inUse.locator('button').count(), 0, 'no Switch on the option in use');
  assert.equal(await page.locator('.options tr:not(.current)[data-option="ecs-ec2"] button', { hasText: 'Switch' }).count(), 1);
  // Crossovers name options, never ids.
  assert.doesNotMatch(await page.textContent('.compare'), /\b(ecs-fargate|ecs-ec2|eks-ec2|eks-fargate) becomes/);
  await page.click('.options tr[data-option="eks-ec2"] button');
  await page.locator('.options tr.current[data-option="eks-ec2"]').waitFor();
  const d = await savedDesign(page);
  const cluster = Object.values(d.nodes).find((n) => n.kind === 'eks-cluster');
  assert.ok(cluster, 'an EKS cluster was added');
  assert.equal(d.nodes[cluster.parent]?.kind, 'vpc', 'inside the service\'s VPC');
  const r = d.layout[cluster.id];
  for (const [id, c] of Object.entries(d.layout)) {
    if (id === cluster.id) continue;
    const overlaps = r.x < c.x + c.w && c.x < r.x + r.w && r.y < c.y + c.h && c.y < r.y + r.h;
    const inside = r.x >= c.x && r.y >= c.y && r.x + r.w <= c.x + c.w && r.y + r.h <= c.y + c.h;
    assert.ok(!overlaps || inside, `the cluster is on the border of, or on top of, ${id}`);
  }
  // The undo label names the service by its label.
  const title = await page.getAttribute('#undo', 'title');
  // Both per-AZ services of the starter are switched (a design never runs half on each).
  assert.match(title, /Switch “Web app \(a\)” and “Web app \(b\)” to EKS on EC2/);
  assert.doesNotMatch(title, /app-a/);
  await shot(page, 'panels-compare-switched');
  await page.keyboard.press('Control+z');
  await page.locator('.options tr.current[data-option="ecs-fargate"]').waitFor();
  assert.equal(Object.values((await savedDesign(page)).nodes).filter((n) => n.kind === 'eks-cluster').length, 0, 'undo removes the cluster');
  assertClean(log);
  await context.close();
});

test('a design without a container service shows no container comparison, and says why', async () => {
  const { page, log, context } = await app.open('/');
  await page.click('#designs');
  await page.locator('.template-list li[data-template="static-site.json"] button').click();
  await page.waitForFunction(() => !document.querySelector('.modal.designs'));
  await page.click('#tab-compare');
  await page.locator('#containers-none').waitFor();
  assert.match(await page.textContent('#containers-none'), /no container service/);
  assert.equal(await page.locator('#containers-recommendation').count(), 0, 'no recommendation for an invented workload');
  assert.equal(await page.locator('.options tr[data-option="ecs-fargate"]').count(), 0, 'no container table');
  assert.equal(await page.locator('#api-recommendation').count(), 1, 'the design\'s own API is compared');
  await shot(page, 'panels-compare-no-containers');
  assertClean(log);
  await context.close();
});

// ---------------------------------------------------------------- part 5: charts

/** Every chart in the panel: its text boxes inside the SVG, and legend entries clear of the plot. */
async function chartProblems(page) {
  return page.evaluate(() => {
    const out = [];
    for (const svg of document.querySelectorAll('.sidepanel .chart svg, .sidepanel svg.scenario-chart, .sidepanel .scenario-chart svg')) {
      const box = svg.getBoundingClientRect();
      for (const t of svg.querySelectorAll('text')) {
        const b = t.getBoundingClientRect();
        if (b.width === 0) continue;
        if (b.left < box.left - 1 || b.right > box.right + 1 || b.top < box.top - 1 || b.bottom > box.bottom + 1) {
          out.push(`"${t.textContent}" cut off (${Math.round(b.left - box.left)}..${Math.round(b.right - box.left)} of ${Math.round(box.width)})`);
        }
        if (/\d\.\dk?ms|kms|\.0k/.test(t.textContent)) out.push(`"${t.textContent}" reads badly`);
      }
    }
    return out;
  });
}

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`charts at ${viewport.width}×${viewport.height}: labels inside, units readable, legends apart from the data`, async () => {
    const { page, log, context } = await app.open('/', { viewport });
    await select(page, 'app-a');
    for (const width of [360, 300]) {
      await page.focus('#panel-resize');
      if (width === 300) await page.keyboard.press('Home');
      await page.click('#tab-compare');
      await page.locator('.compare .chart svg').first().waitFor();
      assert.deepEqual(await chartProblems(page), [], `compare charts at panel ${width}`);
      await page.locator('.compare .chart').first().scrollIntoViewIfNeeded();
      await shot(page, `panels-chart-compare-${width}-${viewport.width}`);
      await page.click('#tab-cost');
      // Large designs project growth on request; the starter draws it at once.
      if (await page.locator('#project-growth').count()) await page.click('#project-growth');
      await page.locator('.sidepanel .chart svg').first().waitFor();
      assert.deepEqual(await chartProblems(page), [], `cost charts at panel ${width}`);
      await page.locator('.sidepanel .chart').first().scrollIntoViewIfNeeded();
      await shot(page, `panels-chart-cost-${width}-${viewport.width}`);
      await page.click('#tab-scenarios');
      await page.waitForTimeout(300);
      assert.deepEqual(await chartProblems(page), [], `scenario chart at panel ${width}`);
    }
    // Legends are below the plot: no legend text inside the plotting area.
    await page.click('#tab-compare');
    const legendOverData = await page.evaluate(() => {
      const svg = document.querySelector('.compare .chart svg');
      const h = Number(svg.getAttribute('height'));
      const labels = [...svg.querySelectorAll('text')].filter((t) => /on (EC2|Fargate)/.test(t.textContent));
      return labels.filter((t) => Number(t.getAttribute('y')) < 200).map((t) => t.textContent).concat(h > 200 ? [] : ['no legend band']);
    });
    assert.deepEqual(legendOverData, [], 'the legend sits below the plot');
    assertClean(log);
    await context.close();
  });
}
