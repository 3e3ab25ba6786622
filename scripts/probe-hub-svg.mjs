// probe: the connectors' SVG after the same real move of the hub (for comparing builds), and after its undo
import { createHash } from 'node:crypto';
import { start, openBigHub } from '../tests/e2e/harness.mjs';
const app = await start(process.argv[2]);
const { page, id } = await openBigHub(app);
const dump = () => page.evaluate(() => [...document.querySelectorAll('.canvas-svg g[data-conn]')].map((g) => g.outerHTML).sort().join('\n'));
const h = (s) => createHash('sha256').update(s).digest('hex').slice(0, 16);
const before = await dump();
const b = await page.locator(`.canvas-svg g.node[data-node="${id}"] .hit`).boundingBox();
const [x0, y0] = [b.x + b.width / 2, b.y + b.height / 2];
await page.mouse.move(x0, y0); await page.mouse.down(); await page.mouse.move(x0 - 8, y0 - 6);
for (let i = 1; i <= 20; i++) { await page.mouse.move(x0 - 8 - 3 * i, y0 - 6 - 2.25 * i); await page.waitForTimeout(16); }
await page.mouse.up();
await page.waitForTimeout(1500);
const after = await dump();
const layout = await page.evaluate((id) => document.querySelector(`.canvas-svg g.node[data-node="${id}"]`)?.getAttribute('transform'), id);
await page.keyboard.press('Control+z');
await page.waitForTimeout(1500);
const undone = await dump();
console.log(JSON.stringify({ conns: before.split('\n').length, before: h(before), after: h(after), undone: h(undone), undoneEqualsBefore: undone === before, changed: after !== before, layout, bytes: after.length }));
(await import('node:fs')).writeFileSync(`test-output/svg-after-${process.argv[3] ?? 'x'}.txt`, after);
await app.stop();
