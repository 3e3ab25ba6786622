// What an edit's frame re-does (a probe, not a test): loads a generated design, makes edits
// (delete a leaf, undo; three times) under a Chrome trace and prints, per edit, the frame's
// style recalculations (elements restyled), layouts (dirty / total objects), paints (their
// rectangles and layers), and the invalidations that caused them, grouped by reason.
//   QUERY=analysis=page TAB=findings node scripts/probe-edit-frame.mjs DIST 300
// BRIEF=1: one line per edit (style ms and elements, layout ms and dirty/total objects, paint
// ms, the "SVG changed" layout invalidations: the diagram's objects laid out again); WHEN=1 also
// when those happen against the frame's Layout; WHO=1 the invalidations of the canvas's svgs
// and sections themselves (e.g. "Size changed"); STYLE='css' adds a style sheet first, to try
// a rule without a build (BENCHMARKS.md s39-edit found the workspace grid's auto row this way).
import { start, sampleFile, importSample, clickableLeaf } from '../tests/e2e/harness.mjs';
const dist = process.argv[2] ?? 'dist';
const n = Number(process.argv[3] ?? 300);
const TAB = process.env.TAB ?? '';
const QUERY = (process.env.QUERY ?? '').replace(/^\?/, '');
const app = await start(dist);
const { page, context } = await app.open(QUERY ? `/?${QUERY}` : '/');
await importSample(page, sampleFile(n, { profile: 'release-native' }), { timeout: 180_000 });
await page.waitForFunction(() => document.querySelector('.totals-bar')?.dataset.updating === 'false', null, { timeout: 300_000 });
await page.keyboard.press('Shift+!');
if (TAB) await page.click(`#tab-${TAB}`);
// STYLE='css' adds a style sheet first (an experiment: does a rule change what the frame re-does?).
if (process.env.STYLE) await page.addStyleTag({ content: process.env.STYLE });
await page.waitForTimeout(1500);
await app.browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.invalidationTracking', 'blink.user_timing', 'toplevel'] });
const EDITS = [[3, 'Delete'], [3, 'z'], [5, 'Delete'], [5, 'z'], [7, 'Delete'], [7, 'z']];
for (const [k, [i, key]] of EDITS.entries()) {
  if (key === 'Delete') { const at = await clickableLeaf(page, i); await page.mouse.click(at.x, at.y); await page.waitForTimeout(300); }
  await page.evaluate(({ key, k }) => new Promise((done) => {
    performance.mark(`probe-edit-${k}`);
    window.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: key === 'z', bubbles: true, cancelable: true }));
    requestAnimationFrame(() => setTimeout(() => { performance.mark(`probe-painted-${k}`); done(); }, 0));
  }), { key, k });
  await page.waitForTimeout(600);
}
const ev = JSON.parse((await app.browser.stopTracing()).toString()).traceEvents;
const at = (name) => ev.find((e) => e.name === name)?.ts;
for (let k = 0; k < EDITS.length; k++) {
  const a = at(`probe-edit-${k}`), b = at(`probe-painted-${k}`);
  if (!a || !b) continue;
  const win = ev.filter((e) => e.ts >= a && e.ts <= b);
  const out = { edit: EDITS[k][1], styles: [], layouts: [], paints: [], invalid: {} };
  for (const e of win) {
    if (e.name === 'UpdateLayoutTree' && e.ph === 'X') out.styles.push({ ms: +(e.dur / 1000).toFixed(1), elements: e.args?.elementCount });
    if (e.name === 'Layout' && e.ph === 'X') out.layouts.push({ ms: +(e.dur / 1000).toFixed(1), dirty: e.args?.beginData?.dirtyObjects, total: e.args?.beginData?.totalObjects, partial: e.args?.beginData?.partialLayout });
    if (e.name === 'Paint' && e.ph === 'X') out.paints.push({ ms: +(e.dur / 1000).toFixed(1), clip: e.args?.data?.clip?.slice?.(0, 8).map(Math.round).join(','), layer: e.args?.data?.layerId, node: e.args?.data?.nodeName });
    if (/Invalidation|Invalidat/.test(e.name)) {
      const d = e.args?.data ?? {};
      const r = `${e.name}: ${d.reason ?? d.changedAttribute ?? d.changedClass ?? d.invalidationSet?.[0]?.classes ?? ''} @ ${d.nodeName ?? ''}`.slice(0, 160);
      out.invalid[r] = (out.invalid[r] ?? 0) + 1;
    }
  }
  if (process.env.WHEN) { const L = win.filter((e) => e.name === 'Layout' && e.ph === 'X'); const sv = win.filter((e) => e.name === 'LayoutInvalidationTracking' && e.args?.data?.reason === 'SVG changed'); console.log('layouts', L.map((l) => [l.ts - a, l.dur]), 'svg-changed ts', sv.length && [sv[0].ts - a, sv.at(-1).ts - a], 'first nodes', sv.slice(0, 5).map((e) => e.args.data.nodeName), 'stack', JSON.stringify(sv[0]?.args?.data?.stackTrace)?.slice(0, 400)); }
  if (process.env.WHO) for (const e of win.filter((e) => /Invalidat/.test(e.name) && /svg|world|SECTION|canvas/i.test(e.args?.data?.nodeName ?? '') && e.args?.data?.reason !== 'SVG changed')) console.log('  who', e.name, ((e.ts - a) / 1000).toFixed(1), e.args.data.nodeName, e.args.data.reason ?? '', JSON.stringify(e.args.data.stackTrace?.slice?.(0, 3) ?? '').slice(0, 300));
  out.invalid = Object.entries(out.invalid).sort((x, y) => y[1] - x[1]).slice(0, process.env.BRIEF ? 1000 : Number(process.env.TOP ?? 25));
  const sum = (xs) => +xs.reduce((s, x) => s + x.ms, 0).toFixed(1);
  if (process.env.BRIEF) console.log(JSON.stringify({ edit: out.edit, style_ms: sum(out.styles), elements: out.styles.reduce((s, x) => s + (x.elements ?? 0), 0), layout_ms: sum(out.layouts), dirty: out.layouts.map((l) => `${l.dirty}/${l.total}`).join(' '), paint_ms: sum(out.paints.filter((p) => p.node === '#document' || !/HTML/.test(p.node ?? ''))), svg_changed: out.invalid.filter(([r]) => /SVG changed/.test(r)).reduce((s, [, c]) => s + c, 0) }));
  else console.log(JSON.stringify(out, null, 0));
}
await context.close();
await app.stop();
