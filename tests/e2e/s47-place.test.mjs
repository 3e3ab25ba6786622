// s47-place: where a drop or a move lands, and what the toast says (QA s31 F5, F6, F3), in
// Chromium, on the gallery's "Three-tier VPC" fitted to the view, as QA had it.
//  F5   An RDS database (or an EC2 instance) dropped in the gap between "Public a" and "Private a",
//       nearer Public a, went into Public a and turned the design red ("Database in a public
//       subnet"); at 1024 the gap is ~4 px. It goes into the nearest subnet where its kind
//       raises no error (Private a), the preview outlining it; a NAT gateway dropped nearer
//       Private a goes into Public a.
//  F6   The toasts name the kind where the rule is about the kind ("which an SNS topic cannot
//       go into", not the label), and the container under the pointer: the Internet gateway
//       dragged into "Private c" was "released over “AZ us-east-1c”".
//  F3   "PostgreSQL (Multi-AZ)" (spanning AZs) released in the gap between "Private b" and
//       "Isolated b" was refused ("drop it on a subnet"); it goes to the row of the nearest
//       subnet, the preview outlining it, and a tier change is told. The Public ALB dragged
//       down within its row sprang back without a word: it is told.
// Screenshots at 1440×900 and 1024×768. E2E_DIST: another build's dist (main's, to see the
// tests fail on the old code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertClean, shot, savedDesign, dragMouse, dropNew, nodeBox, errorToast, dragOverKind, threeTier, closeToasts, toast } from './harness.mjs';

let app;
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const VIEWPORTS = [[1440, 900], [1024, 768]];

/** A palette drag of `kind` held over the page point (x, y), not dropped: the preview's outline. */
async function hover(page, kind, x, y) {
  await dragOverKind(page, kind, x, y);
  await page.waitForTimeout(100);
  return outlines(page);
}

const outlines = (page) => page.evaluate(() => ({
  target: [...document.querySelectorAll('.canvas-svg g.node.drop-target')].map((g) => g.dataset.node),
  refused: [...document.querySelectorAll('.canvas-svg g.node.drop-refused')].map((g) => g.dataset.node),
  why: document.querySelector('.drop-why')?.textContent ?? null,
}));

/** A move held at `to` (the preview read there), then released: the preview's outlines. */
async function dragWithPreview(page, from, to) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.waitForTimeout(150);
  const seen = await outlines(page);
  await page.mouse.up();
  return seen;
}




for (const [w, h] of VIEWPORTS) {
  test(`${w}×${h}: an instance dropped in the gap nearer the public subnet goes into the private one, a database into the isolated one (QA s32 F9); a NAT gateway nearer the private one into the public one (QA s31 F5)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const cases = [
      // A quarter of the way down the gap: nearer Public a's bottom.
      // A database: "Isolated (data) a", within reach, raises no warning either (QA s32 F9;
      // Private a raises "Database in a subnet with a route to the internet").
      ['rds', 0.25, 'isolated-a', 'Isolated \\(data\\) a', 'an RDS database'],
      ['ec2', 0.25, 'private-a', 'Private a', 'an EC2 instance'],
      // Three quarters of the way down: nearer Private a's top.
      ['nat-gateway', 0.75, 'public-a', 'Public a', 'a NAT gateway'],
    ];
    for (const [kind, f, want, label, named] of cases) {
      const [pa, pr] = [await nodeBox(page, 'public-a'), await nodeBox(page, 'private-a')];
      const at = { x: pa.x + 0.3 * (pa.right - pa.x), y: pa.bottom + f * (pr.y - pa.bottom) };
      const seen = await hover(page, kind, at.x, at.y);
      assert.deepEqual(seen.target, [want], `${kind}: the preview outlines ${want}: ${JSON.stringify(seen)}`);
      assert.deepEqual(seen.refused, [], `${kind}: nothing outlined red`);
      const id = await dropNew(page, kind, at);
      const said = await toast(page, /^Placed in/, kind);
      assert.match(said, new RegExp(`^Placed in “${label}[^”]*”: released in “AZ us-east-1a[^”]*”, which ${named} cannot go into\\.$`));
      await shot(page, `s47-place-${kind}-gap-${w}`);
      assert.equal(await errorToast(page).count(), 0, `${kind}: not refused`);
      assert.equal((await savedDesign(page)).nodes[id].parent, want, `${kind}: in ${want}`);
      await closeToasts(page);
      await page.keyboard.press('Escape');
    }
    // None of the three raised an error: the findings bar's change chip says no "+N error".
    const bar = await page.evaluate(() => document.body.innerText);
    assert.doesNotMatch(bar, /\+\d+ errors?/, 'no new error');
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: a NAT gateway dropped under the isolated row goes into the public subnet as it is, not stretched down to the pointer (QA s32 F2)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    // AZ c's bottom margin, under "Isolated (data) c": the AZ refuses a NAT gateway; the subnet
    // where it raises no error is Public c (QA s31 F5), which stretched from 228 to ~600 units
    // down to the pointer and pushed every row below it (QA s32 F2).
    const [iso, az] = [await nodeBox(page, 'isolated-c'), await nodeBox(page, 'az-c')];
    const at = { x: iso.cx, y: (iso.bottom + az.bottom) / 2 };
    const before = await savedDesign(page);
    const id = await dropNew(page, 'nat-gateway', at);
    await toast(page, /^Placed in “Public c/, 'the NAT gateway');
    await shot(page, `s47-place-nat-under-isolated-${w}`);
    const d = await savedDesign(page);
    assert.equal(d.nodes[id].parent, 'public-c');
    const [was, now] = [before.layout['public-c'], d.layout['public-c']];
    // At most one component's height (72) and the padding (20) taller: the rows below barely move.
    assert.ok(now.h <= was.h + 92, `Public c grew from ${was.h} to ${now.h}`);
    assert.ok(d.layout['isolated-c'].y - before.layout['isolated-c'].y <= 92, 'the isolated row stays');
    await page.keyboard.press('Control+z');
    await page.waitForFunction((id) => !document.querySelector(`.canvas-svg g.node[data-node="${id}"]`), id);
    assert.deepEqual((await savedDesign(page)).layout['public-c'], was, 'one undo step');
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: the toasts name the kind, and the container under the pointer (QA s31 F6)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    // The Internet gateway dragged into "Private c", its centre 16 px (world) above the
    // subnet's bottom: it belongs in the VPC, and goes to the nearest free spot there.
    const [igw, pc] = [await nodeBox(page, 'igw'), await nodeBox(page, 'private-c')];
    const zoom = (pc.right - pc.x) / 160;
    await dragMouse(page, { x: igw.cx, y: igw.cy }, { x: pc.cx, y: pc.bottom - 16 * zoom });
    const said = await toast(page, /released/, 'igw');
    assert.equal(said, 'Moved to the nearest free spot: released over “Private c”, which an Internet gateway cannot go into.');
    assert.equal((await savedDesign(page)).nodes.igw.parent, 'vpc', 'still in the VPC');
    await shot(page, `s47-place-igw-into-private-c-${w}`);
    assertClean(log);
    await context.close();
  });

  test(`${w}×${h}: PostgreSQL (Multi-AZ) released in a gap goes to the nearest row, said when the tier changes; the ALB dragged within its row is told why it stays (QA s31 F3)`, async () => {
    const { page, log, context } = await threeTier(app, w, h);
    const undo0 = await page.getAttribute('#undo', 'title');
    let [db, prb, ib] = [await nodeBox(page, 'db'), await nodeBox(page, 'private-b'), await nodeBox(page, 'isolated-b')];
    // The database held by its centre, released inside Private b, a whole gap above its
    // bottom: the private row. (Released in the gap, nearer Private b, it now keeps to the
    // isolated row, where it raises no warning: QA s32 F9, below; and so a quarter of the gap
    // inside Private b, within a grid step of its edge after the drag's steps: QA s34 F1.)
    const to = { x: prb.x + 0.5 * (prb.right - prb.x), y: prb.bottom - (ib.y - prb.bottom) };
    const seen = await dragWithPreview(page, { x: db.cx, y: db.cy }, to);
    assert.deepEqual(seen.target, ['private-b'], `the preview outlines Private b: ${JSON.stringify(seen)}`);
    assert.deepEqual(seen.refused, [], 'nothing outlined red');
    const said = await toast(page, /moved from/, 'db');
    assert.equal(said, '“PostgreSQL (Multi-AZ)” moved from the isolated subnets to the private subnets (“Private a” and “Private b”).');
    assert.equal(await errorToast(page).count(), 0, 'not refused');
    let d = await savedDesign(page);
    assert.deepEqual([d.nodes.db.parent, d.nodes.db.span], ['private-a', ['private-b']]);
    await shot(page, `s47-place-db-gap-private-${w}`);
    await closeToasts(page);
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(400);
    assert.equal(await page.getAttribute('#undo', 'title'), undo0, 'undone in one step');
    // Released in the gap, a quarter of it below Private b (nearer Private b): it stays in the
    // isolated row (QA s32 F9: Isolated b raises no warning and is within reach; it moves up to
    // the gap's nearest spot, or stays and is told so); no refusal either way.
    [db, prb, ib] = [await nodeBox(page, 'db'), await nodeBox(page, 'private-b'), await nodeBox(page, 'isolated-b')];
    await dragMouse(page, { x: db.cx, y: db.cy }, { x: to.x, y: prb.bottom + 0.25 * (ib.y - prb.bottom) });
    await page.waitForTimeout(500);
    assert.equal(await errorToast(page).count(), 0, 'not refused');
    d = await savedDesign(page);
    assert.deepEqual([d.nodes.db.parent, d.nodes.db.span], ['isolated-a', ['isolated-b']]);
    await closeToasts(page);
    // The Public ALB dragged 130 world units straight down: its centre stays in Public a's row,
    // where no spot nearer is free; it is told, not sprung back silently.
    const alb = await nodeBox(page, 'alb');
    const zoom = (prb.right - prb.x) / 160;
    const before = (await savedDesign(page)).layout.alb;
    await dragMouse(page, { x: alb.cx, y: alb.cy }, { x: alb.cx, y: alb.cy + 130 * zoom });
    const told = await toast(page, /Public ALB/, 'alb');
    await shot(page, `s47-place-alb-down-${w}`);
    d = await savedDesign(page);
    if (/^Not moved/.test(told)) {
      assert.match(told, /^Not moved: “Public ALB” spans Availability Zones and stays in its row of subnets: released in “Public [abc]”, and the nearest free spot in that row was where it stood\.$/);
      assert.deepEqual(d.layout.alb, before, 'where it stood');
    } else {
      assert.notDeepEqual(d.layout.alb, before, 'moved, and told');
    }
    assertClean(log);
    await context.close();
  });
}
