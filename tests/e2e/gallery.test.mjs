// Issue 14, first steps: a first visit shows the template gallery (thumbnails drawn by the
// engine, a name and one line each), an empty design says how to start, and the palette's
// search knows the words people use (postgres, k8s, redis, lb, cdn, queue, ...).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });


for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
  test(`a first visit at ${viewport.width}×${viewport.height} shows the template gallery with thumbnails`, async () => {
    const { page, log, context } = await app.open('/', { viewport, welcome: true });
    const dialog = page.locator('.modal.welcome');
    await dialog.waitFor();
    await page.locator('.modal.welcome .gallery-card').first().waitFor();
    // The cards come at once; the thumbnails fill in one per frame, then the time is written.
    await page.waitForFunction(() => document.querySelector('.modal.welcome .gallery')?.dataset.renderMs, null, { timeout: 60_000 });
    const cards = await page.$$eval('.modal.welcome .gallery-card', (l) => l.map((li) => {
      const svg = li.querySelector('.gallery-thumb svg');
      const r = li.querySelector('.gallery-thumb').getBoundingClientRect();
      return {
        file: li.dataset.template,
        name: li.querySelector('.gallery-name').textContent,
        line: li.querySelector('.gallery-line').textContent,
        nodes: svg ? svg.querySelectorAll('image, rect').length : 0,
        thumb: [Math.round(r.width), Math.round(r.height)],
        lineRows: Math.round(li.querySelector('.gallery-line').getBoundingClientRect().height / 15.6),
      };
    }));
    assert.ok(cards.length >= 10, `every template has a card: ${cards.length}`);
    for (const c of cards) {
      assert.ok(c.nodes > 5, `${c.file} has a drawn thumbnail (${c.nodes} shapes)`);
      assert.ok(c.thumb[0] >= 150 && c.thumb[1] >= 90, `${c.file}'s thumbnail is big enough to see: ${c.thumb}`);
      assert.ok(c.line.length > 20 && c.line.length <= 90, `${c.file} has one line: "${c.line}"`);
      assert.ok(c.name.length > 3);
    }
    const ms = await page.getAttribute('.modal.welcome .gallery', 'data-render-ms');
    const slowest = await page.getAttribute('.modal.welcome .gallery', 'data-slowest-ms');
    console.log(`gallery: ${cards.length} thumbnails drawn by diagram::render in ${ms} ms, the slowest ${slowest} ms, one per frame (${viewport.width} px)`);
    // Icons come from the app's own files: nothing foreign.
    await page.waitForTimeout(300);
    await shot(page, `gallery-welcome-${viewport.width}`);
    // Every card fits the dialog (no horizontal scroll) and the first row is in view.
    const fit = await page.evaluate(() => {
      const m = document.querySelector('.modal.welcome');
      return { scroll: m.scrollWidth - m.clientWidth, first: document.querySelector('.gallery-card').getBoundingClientRect().bottom <= window.innerHeight };
    });
    assert.ok(fit.scroll <= 0, `no sideways scrolling (${fit.scroll} px)`);
    assert.ok(fit.first, 'the first row of cards is on screen');
    // Choosing a card opens a new design from it.
    await page.click('.modal.welcome .gallery-card[data-template="serverless-api.json"] button');
    await page.locator('.modal.welcome').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelector('.design-name').textContent !== 'Three-tier web application');
    assert.ok(await page.locator('g[data-kind="lambda"]').count() > 0, 'the serverless template is open');
    // Answered once: a reload does not greet again.
    await page.reload();
    await page.waitForSelector('.app');
    await page.locator('.topbar').waitFor();
    await page.waitForTimeout(500);
    assert.equal(await page.locator('.modal.welcome').count(), 0, 'no gallery after the first visit');
    assertClean(log);
    await context.close();
  });
}

test('Escape closes the gallery over the starter design, and it does not come back', async () => {
  const { page, log, context } = await app.open('/', { welcome: true });
  await page.locator('.modal.welcome').waitFor();
  assert.equal(await page.textContent('.design-name'), 'Three-tier web application', 'the starter is behind the gallery');
  await page.keyboard.press('Escape');
  await page.locator('.modal.welcome').waitFor({ state: 'detached' });
  assert.ok(await page.locator('g.node').count() > 5);
  // Answered: not again in this browser, even on a new page.
  const again = await context.newPage();
  await again.goto(app.origin + '/');
  await again.waitForSelector('.topbar');
  await again.waitForTimeout(800);
  assert.equal(await again.locator('.modal.welcome').count(), 0);
  assertClean(log);
  await context.close();
});

test('an empty design says how to start, and the hint goes once something is on the canvas', async () => {
  const { page, log, context } = await app.open('/', { welcome: true });
  await page.locator('.modal.welcome').waitFor();
  await page.click('#welcome-empty');
  await page.locator('#empty-hint').waitFor();
  assert.match(await page.textContent('#empty-hint'), /Drag a component from the palette/);
  assert.match(await page.textContent('#empty-hint'), /postgres/);
  await shot(page, 'gallery-empty-hint-1440');
  // The templates from the hint: the Designs dialog with the gallery.
  await page.click('#empty-templates');
  await page.locator('.modal.designs .gallery-card').first().waitFor();
  await shot(page, 'gallery-designs-dialog-1440');
  await page.keyboard.press('Escape');
  await page.locator('.modal.designs').waitFor({ state: 'detached' }).catch(() => page.click('.modal.designs button:text("Close")'));
  // Place a component from the search box: the hint goes.
  await page.fill('.palette-search', 'users');
  await page.press('.palette-search', 'Enter');
  await page.locator('g[data-kind="users"]').waitFor();
  await page.locator('#empty-hint').waitFor({ state: 'detached' });
  assertClean(log);
  await context.close();
});

test('the palette search knows the words people use', async () => {
  const { page, log, context } = await app.open('/');
  const firstShown = async (q) => {
    await page.fill('.palette-search', q);
    return page.evaluate(() => {
      const shown = [...document.querySelectorAll('.palette-item')].filter((li) => li.offsetParent !== null);
      return shown.map((li) => li.dataset.kind);
    });
  };
  const cases = { postgres: 'rds', mysql: 'rds', k8s: 'eks-cluster', kubernetes: 'eks-cluster', redis: 'elasticache', memcached: 'elasticache', lb: 'alb', 'load balancer': 'alb', cdn: 'cloudfront', queue: 'sqs', pubsub: 'sns', bucket: 's3', nosql: 'dynamodb', function: 'lambda', serverless: 'lambda', fargate: 'ecs-service' };
  for (const [q, kind] of Object.entries(cases)) {
    const shown = await firstShown(q);
    assert.ok(shown.includes(kind), `"${q}" shows ${kind}: ${shown}`);
  }
  await firstShown('k8s');
  await shot(page, 'gallery-palette-k8s');
  // Enter places the best match: "redis" → an ElastiCache node.
  const before = Object.values((await savedDesign(page)).nodes).filter((n) => n.kind === 'elasticache').length;
  await page.fill('.palette-search', 'redis');
  await page.press('.palette-search', 'Enter');
  await page.waitForFunction((n) => document.querySelectorAll('g[data-kind="elasticache"]').length > n, before);
  assertClean(log);
  await context.close();
});
