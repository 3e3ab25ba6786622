// QA 2026-12-03 (s15): Compare listed "EKS on EC2" on the starter at +$142 a month over the
// current option, but its Switch added $445.41 to the bill (3 × m6i.large per node group nobody
// chose); "ECS on EC2" was listed +$73 and its Switch took $57.67 off. Now every option's
// figure is the bill after its Switch: the listed change (option − in use) equals the change
// of the totals bar's monthly figure after Switch, to the cent, and what the Switch draws
// that nobody chose is said under the table. The QA's steps: the starter, "Web app (a)",
// Compare, Switch; after a switch the list is priced from the new design the same way.
// Screenshots of the panel at 1440×900 and 1024×768.
// Review s15 (compare-fidelity-eks-ec2-1024): ECS on EC2's Switch drew a cluster with no
// instances, so its figure had no compute and the recommendation called it the cheapest. Now
// the Switch draws an Auto Scaling group for the peak tasks (the note names it), the canvas
// shows it, the bill moves by the listed change, and the undo takes it away again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, barSettled, openCompare } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

/** The totals bar's monthly figure in dollars, once the bar shows the current design. */
async function billNow(page) {
  await barSettled(page);
  const t = await page.textContent('#total-monthly-value');
  return Number(t.replace(/[$,]/g, ''));
}

/** Does `act` (a Switch, an undo) and waits until Compare marks `option` in use and the totals
 *  bar shows the figures of the design after it (a newer revision, no answer awaited). */
async function step(page, act, option) {
  const r0 = await page.evaluate(() => Number(document.querySelector('.totals-bar').dataset.rev));
  await act();
  await page.locator(`.options tr.current[data-option="${option}"]`).waitFor();
  await page.waitForFunction((r) => {
    const b = document.querySelector('.totals-bar');
    return Number(b.dataset.rev) > r && b.dataset.updating === 'false' && b.dataset.pending === 'false';
  }, r0, { timeout: 60_000 });
}

/** The listed monthly figure of every option (data-monthly, to the cent), and the one in use. */
const listed = (page) => page.evaluate(() => {
  const rows = [...document.querySelectorAll('.compare .options')[0].querySelectorAll('tr[data-option]')];
  const out = {};
  for (const r of rows) out[r.dataset.option] = Number(r.dataset.monthly);
  return { out, current: rows.find((r) => r.classList.contains('current'))?.dataset.option };
});

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`${w}×${h}: on the starter, every Compare option's change is the bill's change after its Switch`, async () => {
    const { page, log, context } = await openCompare(app, w, h);
    // What EKS on EC2's Switch draws is said: each node group's size.
    assert.match(await page.textContent('.switch-note[data-option="eks-ec2"]'), /Web app \(a\)” \d+ × [a-z0-9]+\.[a-z0-9]+/);
    // And ECS on EC2's: the Auto Scaling group it draws for the tasks' peak.
    assert.match(await page.textContent('.switch-note[data-option="ecs-ec2"]'), /Switch draws “Web app instances” \d+ × [a-z0-9]+\.[a-z0-9]+ for the peak tasks/);
    // No option's figure is left out of the cost score: each pays for its compute.
    assert.equal(await page.locator('.cost-left-out').count(), 0);
    await shot(page, `compare-fidelity-${w}`);
    for (const [option, next] of [['eks-ec2', 'ecs-fargate'], ['ecs-ec2', 'eks-fargate']]) {
      const { out, current } = await listed(page);
      const want = Math.round((out[option] - out[current]) * 100) / 100;
      const before = await billNow(page);
      await step(page, () => page.click(`.options tr[data-option="${option}"] button`), option);
      const afterBill = await billNow(page);
      assert.equal(Math.round((afterBill - before) * 100) / 100, want, `${option}: Compare listed ${want}, the bill moved ${afterBill - before}`);
      if (option === 'ecs-ec2') {
        // The Switch drew the instances: fit the design and find the Auto Scaling group.
        await page.keyboard.press('Shift+!');
        const asg = page.locator('.canvas-svg g.node[data-kind="asg"]');
        await asg.first().waitFor();
        assert.equal(await asg.count(), 1);
        assert.match(await asg.first().textContent(), /Web app\s*instances/); // a label may wrap into lines
        // Compare now prices ECS on EC2 as drawn, with its compute: nothing is left out.
        assert.equal(await page.locator('.cost-left-out').count(), 0);
      }
      await shot(page, `compare-fidelity-${option}-${w}`);
      // From the new design, the next option listed is again what its Switch does.
      const l2 = await listed(page);
      assert.equal(l2.current, option);
      const want2 = Math.round((l2.out[next] - l2.out[option]) * 100) / 100;
      await step(page, () => page.click(`.options tr[data-option="${next}"] button`), next);
      const after2 = await billNow(page);
      assert.equal(Math.round((after2 - afterBill) * 100) / 100, want2, `${option} -> ${next}: Compare listed ${want2}, the bill moved ${after2 - afterBill}`);
      // Back to the start: two undo steps.
      await step(page, () => page.keyboard.press('Control+z'), option);
      await step(page, () => page.keyboard.press('Control+z'), current);
      if (option === 'ecs-ec2') {
        // Undone: the group is gone with the switch (the view still fits the whole design).
        await page.keyboard.press('Shift+!');
        await page.waitForFunction(() => !document.querySelector('.canvas-svg g.node[data-kind="asg"]'));
      }
    }
    assertClean(log);
    await context.close();
  });
}
