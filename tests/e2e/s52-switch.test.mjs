// s52-switch: Compare's Switch draws what it priced (review s34 R3, QA s34 F2).
//  R3  The Auto Scaling group drawn by "Switch to ECS on EC2" had the services' number of AZs
//      (az_count 2 at VPC level) but not their AZs: the zones spread it over the VPC's first
//      ones. Now it is placed in the services' own subnets (a band across Private a and
//      Private b on the starter), so its AZs are theirs.
//  F2  "Switch to EKS on EC2" on the starter: the note said "one spare node unless Karpenter
//      provisions" beside 1 × c6g.large for 2 tasks at peak, and after the Switch Compare's
//      header read "2 services × 1 task on average (1 at peak)". Now the note says Karpenter
//      provisions (no spare node) and how many tasks each group is drawn for, and the header
//      after the Switch still reads 2 tasks a service; the bill moves by the listed change.
// Screenshots of Compare before and after each Switch at 1440×900 and 1024×768.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, barSettled, savedDesign, openCompare } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

async function billNow(page) {
  await barSettled(page);
  return Number((await page.textContent('#total-monthly-value')).replace(/[$,]/g, ''));
}

/** Does `act` and waits until Compare marks `option` in use and the bar shows the new design. */
async function step(page, act, option) {
  const r0 = await page.evaluate(() => Number(document.querySelector('.totals-bar').dataset.rev));
  await act();
  await page.locator(`.options tr.current[data-option="${option}"]`).waitFor();
  await page.waitForFunction((r) => {
    const b = document.querySelector('.totals-bar');
    return Number(b.dataset.rev) > r && b.dataset.updating === 'false' && b.dataset.pending === 'false';
  }, r0, { timeout: 60_000 });
}

const listed = (page) => page.evaluate(() => {
  const rows = [...document.querySelectorAll('.compare .options')[0].querySelectorAll('tr[data-option]')];
  const out = {};
  for (const r of rows) out[r.dataset.option] = Number(r.dataset.monthly);
  return { out, current: rows.find((r) => r.classList.contains('current'))?.dataset.option };
});

const header = (page) => page.evaluate(() => [...document.querySelectorAll('.compare p.muted.small')].map((p) => p.textContent).find((t) => t.startsWith('For "Web app (a)"')) ?? '');

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`${w}×${h}: EKS on EC2 says, draws and bills one figure, and the services keep their 2 tasks (F2)`, async () => {
    const { page, log, context } = await openCompare(app, w, h);
    assert.match(await header(page), /2 services × 2 tasks on average \(2 at peak/);
    const eksNote = await page.textContent('.switch-note[data-option="eks-ec2"]');
    assert.match(eksNote, /no spare node: Karpenter provisions for pending pods\): “Web app \(a\)” 1 × c6g\.large for 2 tasks at peak \(3 per node by CPU\)/);
    await page.locator('.switch-note[data-option="eks-ec2"]').scrollIntoViewIfNeeded();
    await shot(page, `s52-switch-compare-before-${w}`);

    // F2: EKS on EC2.
    let { out, current } = await listed(page);
    let want = Math.round((out['eks-ec2'] - out[current]) * 100) / 100;
    let before = await billNow(page);
    await step(page, () => page.click('.options tr[data-option="eks-ec2"] button'), 'eks-ec2');
    assert.equal(Math.round(((await billNow(page)) - before) * 100) / 100, want, 'EKS on EC2: the bill moved by the listed change');
    assert.match(await header(page), /2 services × 2 tasks on average \(2 at peak/, 'the services keep their 2 tasks after the Switch');
    let d = await savedDesign(page);
    for (const id of ['app-a', 'app-b']) {
      assert.equal(d.nodes[id].kind, 'eks-nodegroup');
      assert.deepEqual([d.nodes[id].props.count, d.nodes[id].props.instance_type, d.nodes[id].props.autoscaler], [1, 'c6g.large', 'karpenter'], id);
    }
    await page.locator('.compare').evaluate((e) => e.scrollTo?.(0, 0));
    await shot(page, `s52-switch-compare-after-eks-ec2-${w}`);
    await step(page, () => page.keyboard.press('Control+z'), current);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: ECS on EC2 draws its group in the services' subnets, Private a and b (R3)`, async () => {
    const { page, log, context } = await openCompare(app, w, h);
    let d;
    let { out, current } = await listed(page);
    const want = Math.round((out['ecs-ec2'] - out[current]) * 100) / 100;
    const before = await billNow(page);
    await step(page, () => page.click('.options tr[data-option="ecs-ec2"] button'), 'ecs-ec2');
    assert.equal(Math.round(((await billNow(page)) - before) * 100) / 100, want, 'ECS on EC2: the bill moved by the listed change');
    d = await savedDesign(page);
    const groups = Object.entries(d.nodes).filter(([, n]) => n.kind === 'asg').map(([id, n]) => ({ ...n, id }));
    assert.equal(groups.length, 1);
    assert.deepEqual([groups[0].parent, groups[0].span ?? []], ['private-a', ['private-b']], 'placed in the services\' subnets, one per AZ');
    assert.equal(groups[0].props.az_count, undefined, 'its subnets say its AZs');
    // Drawn once across both subnets.
    const box = (id) => page.evaluate((id) => {
      const g = document.querySelector(`.canvas-svg g.node[data-node="${id}"]`);
      const r = (g.querySelector('.frame') ?? g.querySelector('.hit')).getBoundingClientRect();
      return { x: r.x, y: r.y, right: r.right, bottom: r.bottom };
    }, id);
    await page.keyboard.press('Shift+!');
    await page.locator(`.canvas-svg g.node[data-node="${groups[0].id}"]`).waitFor();
    const g = await box(groups[0].id);
    for (const s of ['private-a', 'private-b']) {
      const r = await box(s);
      assert.ok(g.x < r.right && g.right > r.x && g.y >= r.y - 1 && g.bottom <= r.bottom + 1, `the band runs inside ${s}: ${JSON.stringify({ g, r })}`);
    }
    await shot(page, `s52-switch-compare-after-ecs-ec2-${w}`);
    await step(page, () => page.keyboard.press('Control+z'), current);
    assertClean(log);
    await context.close();
  });
}
