// probe: what a ghost layer's raster costs (dashes or strokes), in the page, on the hub's pieces
import { start, openBigHub } from '../tests/e2e/harness.mjs';
const app = await start(process.argv[2] ?? 'dist');
const { page, design, id } = await openBigHub(app);
const conns = Object.values(design.connections ?? {}).filter((c) => c.from === id || c.to === id).map((c) => c.id);
const r = await page.evaluate(async ({ conns }) => {
  const host = document.querySelector('.canvas');
  const hr = host.getBoundingClientRect();
  const pieces = [];
  for (const c of conns) {
    const g = document.querySelector(`.canvas-svg g[data-conn="${c}"]`);
    if (!g) continue;
    for (const p of g.querySelectorAll('.edge-line')) {
      const m = p.getScreenCTM();
      const nums = p.getAttribute('d').match(/-?\d+(\.\d+)?/g).map(Number);
      const pts = []; for (let i = 0; i + 1 < nums.length; i += 2) { const x = nums[i], y = nums[i + 1]; pts.push([m.a * x + m.c * y + m.e - hr.left, m.b * x + m.d * y + m.f - hr.top]); }
      // split into segments clipped to the canvas (+20 px), each with the dash offset where it begins
      let along = +(p.getAttribute('stroke-dashoffset') ?? 0) * m.a;
      const W = hr.width + 20, H = hr.height + 20;
      for (let i = 1; i < pts.length; i++) {
        const [a, b] = [pts[i - 1], pts[i]]; const L = Math.hypot(b[0] - a[0], b[1] - a[1]);
        let t0 = 0, t1 = 1; const dx = b[0] - a[0], dy = b[1] - a[1];
        const clip = (p, q) => { if (p === 0) return q >= 0; const r = q / p; if (p < 0) { if (r > t1) return false; if (r > t0) t0 = r; } else { if (r < t0) return false; if (r < t1) t1 = r; } return true; };
        if (clip(-dx, a[0] + 20) && clip(dx, W - a[0]) && clip(-dy, a[1] + 20) && clip(dy, H - a[1]) && t1 > t0)
          pieces.push({ pts: [[a[0] + dx * t0, a[1] + dy * t0], [a[0] + dx * t1, a[1] + dy * t1]], off: along + L * t0, z: m.a });
        along += L;
      }
    }
  }
  const cs = getComputedStyle(document.querySelector(`.canvas-svg g[data-conn="${conns[0]}"] .edge-line`));
  const dash = cs.strokeDasharray.split(/[ ,]+/).map(parseFloat).filter((x) => x > 0);
  const z = pieces[0].z;
  const frame = () => new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
  const variants = {
    dashed: (ctx) => { ctx.setLineDash(dash.map((d) => d * z)); for (const p of pieces) { ctx.beginPath(); ctx.moveTo(...p.pts[0]); for (const q of p.pts.slice(1)) ctx.lineTo(...q); ctx.lineDashOffset = p.off; ctx.stroke(); } },
    solid_each: (ctx) => { ctx.setLineDash([]); for (const p of pieces) { ctx.beginPath(); ctx.moveTo(...p.pts[0]); for (const q of p.pts.slice(1)) ctx.lineTo(...q); ctx.stroke(); } },
    solid_one: (ctx) => { ctx.setLineDash([]); ctx.beginPath(); for (const p of pieces) { ctx.moveTo(...p.pts[0]); for (const q of p.pts.slice(1)) ctx.lineTo(...q); } ctx.stroke(); },
    dashed_nojoin: (ctx) => { ctx.lineJoin = 'miter'; ctx.setLineDash(dash.map((d) => d * z)); for (const p of pieces) { ctx.beginPath(); ctx.moveTo(...p.pts[0]); for (const q of p.pts.slice(1)) ctx.lineTo(...q); ctx.lineDashOffset = p.off; ctx.stroke(); } },
  };
  const per = dash.reduce((a, b) => a + b, 0) * z;
  const key = (p, k) => p.pts.flat().map((v) => v.toFixed(k)).join(',') + '|' + (((p.off % per) + per) % per).toFixed(k);
  const uniq = (k) => new Set(pieces.map((p) => key(p, k))).size;
  const raw = new Set(pieces.map((p) => p.pts.flat().join(',') + '|' + p.off)).size;
  const seg = (k) => new Set(pieces.map((p) => p.pts.flat().map((v) => v.toFixed(k)).join(','))).size;
  const out = { raw, uniq2: uniq(2), uniq0: uniq(0), segs1: seg(1), pieces: pieces.length, dash, z, len: Math.round(pieces.reduce((a, p) => a + p.pts.slice(1).reduce((s, q, i) => s + Math.hypot(q[0] - p.pts[i][0], q[1] - p.pts[i][1]), 0), 0)) };
  for (let k = 0; k < 3; k++) for (const [name, f] of Object.entries(variants)) {
    const c = document.createElement('canvas'); c.width = Math.round(hr.width); c.height = Math.round(hr.height);
    c.style.cssText = 'position:absolute;left:0;top:0;pointer-events:none;opacity:.01'; host.appendChild(c);
    const ctx = c.getContext('2d'); ctx.strokeStyle = cs.stroke; ctx.lineWidth = parseFloat(cs.strokeWidth) * z; ctx.lineJoin = 'round';
    await frame();
    const t0 = performance.now(); f(ctx); const t1 = performance.now(); ctx.getImageData(0, 0, 1, 1); const t2 = performance.now();
    (out[name] ??= []).push([+(t1 - t0).toFixed(1), +(t2 - t1).toFixed(1)]);
    c.remove();
  }
  return out;
}, { conns });
console.log(JSON.stringify(r));
await app.stop();
