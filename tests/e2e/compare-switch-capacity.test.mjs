// QA 2026-12-03 (s16): on "EKS with Karpenter", Compare described the "Karpenter nodes" as 36
// tasks and listed ECS on Fargate $329.91/month below the nodes; its Switch drew a service of 2
// tasks (the catalog's default) for the 457 req/s the nodes served: the bill dropped by the
// listed figure, but p95 read "overloaded", the headroom "overloaded" and a new error said it
// "needs 5 tasks". The recommended EKS on Fargate did the same. Now the Switch draws the tasks
// the capacity engine needs at the design's traffic (Compare describes the same: 7 at peak),
// so after it p95 is a finite figure, nothing is overloaded and no error is added; the bill
// still moves by what Compare listed, to the cent. Screenshots after each Switch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, barSettled, openTemplate, compareFor } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

/** The totals bar's figures once it shows the current design. */
async function bar(page) {
  await barSettled(page);
  return page.evaluate(() => ({
    monthly: Number(document.querySelector('#total-monthly-value').textContent.replace(/[$,]/g, '')),
    p95: document.querySelector('#total-p95-value').textContent,
    headroom: document.querySelector('#total-headroom-value').textContent,
    findings: document.querySelector('#total-findings-value').textContent,
  }));
}

const errors = (findings) => Number((/(\d+) errors?/.exec(findings) ?? [0, 0])[1]);

/** Does `act` and waits until Compare marks `option` in use and the bar shows a newer revision. */
async function step(page, act, option) {
  const r0 = await page.evaluate(() => Number(document.querySelector('.totals-bar').dataset.rev));
  await act();
  await page.locator(`.options tr.current[data-option="${option}"]`).waitFor({ timeout: 60_000 });
  await page.waitForFunction((r) => {
    const b = document.querySelector('.totals-bar');
    return Number(b.dataset.rev) > r && b.dataset.updating === 'false' && b.dataset.pending === 'false';
  }, r0, { timeout: 60_000 });
}

test('EKS with Karpenter: a Switch to Fargate carries the traffic (p95 finite, nothing overloaded, no new error)', async () => {
  const { page, log, context } = await app.open('/', { viewport: { width: 1440, height: 900 } });
  await barSettled(page, { timeout: 120_000 });
  await openTemplate(page, 'eks-karpenter.json', { renamed: true });
  await barSettled(page, { timeout: 60_000 });
  await compareFor(page, 'nodes', 'Karpenter nodes');
  // The profile is the tasks the Switch draws: sized from the traffic, not the nodes' room.
  assert.match(await page.textContent('.compare'), /× 3 tasks on average \(7 at peak/);
  const b0 = await bar(page);
  assert.doesNotMatch(b0.p95, /overloaded/);
  for (const option of ['ecs-fargate', 'eks-fargate']) {
    const listed = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('.compare .options')[0].querySelectorAll('tr[data-option]')];
      return Object.fromEntries(rows.map((r) => [r.dataset.option, Number(r.dataset.monthly)]));
    });
    const want = Math.round((listed[option] - listed['eks-ec2']) * 100) / 100;
    await step(page, () => page.click(`.options tr[data-option="${option}"] button`), option);
    const b1 = await bar(page);
    assert.equal(Math.round((b1.monthly - b0.monthly) * 100) / 100, want, `${option}: Compare listed ${want}, the bill moved ${b1.monthly - b0.monthly}`);
    assert.match(b1.p95, /^\d[\d,.]* m?s$/, `${option}: p95 ${b1.p95}`);
    assert.doesNotMatch(b1.headroom, /overloaded/, `${option}: headroom ${b1.headroom}`);
    assert.ok(errors(b1.findings) <= errors(b0.findings), `${option}: ${b0.findings} -> ${b1.findings}`);
    await shot(page, `compare-switch-capacity-${option}`);
    await step(page, () => page.keyboard.press('Control+z'), 'eks-ec2');
  }
  assertClean(log);
  await context.close();
});
