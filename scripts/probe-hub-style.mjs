// probe: cost of the drop's style recalc by attribute kind (not committed)
import { start, openBigHub } from '../tests/e2e/harness.mjs';
const dist = process.argv[2] ?? 'dist';
const app = await start(dist);
const { page, design, id } = await openBigHub(app);
const conns = Object.values(design.connections ?? {}).filter((c) => c.from === id || c.to === id).map((c) => c.id);
const r = await page.evaluate(({ conns }) => {
  const gs = conns.map((c) => document.querySelector(`.canvas-svg g[data-conn="${c}"]`)).filter(Boolean);
  const paths = gs.flatMap((g) => [...g.querySelectorAll('path')]);
  const force = () => document.body.getBoundingClientRect();
  const time = (f) => { force(); const t = performance.now(); f(); force(); return +(performance.now() - t).toFixed(1); };
  const shift = (d, k) => d.replace(/-?\d+(\.\d+)?/g, (m) => String(+m + k));
  const out = { groups: gs.length, paths: paths.length };
  const orig = paths.map((p) => p.getAttribute('d'));
  out.d_shift = []; out.d_back = []; out.offset = []; out.ghost_on = []; out.ghost_off = [];
  for (let k = 0; k < 3; k++) {
    out.d_shift.push(time(() => paths.forEach((p, i) => p.setAttribute('d', shift(orig[i], 1)))));
    out.d_back.push(time(() => paths.forEach((p, i) => p.setAttribute('d', orig[i]))));
    out.offset.push(time(() => paths.forEach((p, i) => p.getAttribute('stroke-dashoffset') != null && p.setAttribute('stroke-dashoffset', String(+p.getAttribute('stroke-dashoffset') + 0.5)))));
    out.ghost_on.push(time(() => gs.forEach((g) => g.classList.add('ghost'))));
    out.ghost_off.push(time(() => gs.forEach((g) => g.classList.remove('ghost'))));
  }
  // polylines in place of the paths (d = M x y L x y ... only)
  const simple = orig.every((d) => /^[ML0-9.,\s-]+$/.test(d));
  out.simple = simple;
  if (simple) {
    const polys = paths.map((p, i) => {
      const q = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
      for (const a of p.attributes) if (a.name !== 'd') q.setAttribute(a.name, a.value);
      q.setAttribute('points', orig[i].replace(/[ML]/g, ' ').trim());
      p.replaceWith(q); return q;
    });
    const pts = polys.map((q) => q.getAttribute('points'));
    out.points_shift = []; out.points_back = [];
    for (let k = 0; k < 3; k++) {
      out.points_shift.push(time(() => polys.forEach((q, i) => q.setAttribute('points', shift(pts[i], 1)))));
      out.points_back.push(time(() => polys.forEach((q, i) => q.setAttribute('points', pts[i]))));
    }
  } else out.sample = orig.find((d) => !/^[ML0-9.,\s-]+$/.test(d));
  return out;
}, { conns });
console.log(JSON.stringify(r));
await app.stop();
