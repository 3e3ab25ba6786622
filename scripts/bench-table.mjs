// Prints the one table of scripts/bench.sh from the raw figures it wrote (test-output/bench/):
// each figure of issue 20 with its budget, what was measured, and whether it is met; then
// the engine per size (native and wasm, and their ratio) and twiggy's top contributors.
//   node scripts/bench-table.mjs [test-output/bench]
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'test-output/bench';
const lines = (f) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)) : []);
const text = (f) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
const native = lines('native.jsonl');
const wasm = lines('wasm.jsonl');
const load = lines('load.jsonl');
const canvas = lines('canvas.jsonl');
const totals = lines('totals.jsonl');
const ms = (x) => (x == null || Number.isNaN(x) ? 'not measured' : `${x >= 100 ? x.toFixed(0) : x.toFixed(1)} ms`);
const at = (rows, n) => rows.find((r) => r.nodes >= n * 0.98 && r.nodes <= n * 1.02 + 2);
const verdict = (ok) => (ok == null ? '—' : ok ? 'met' : '**missed**');

const rows = [];
const n1 = at(native, 1000), n5 = at(native, 5000);
rows.push(['full analysis (rules + cost + latency, one shared context), native, 1,000 nodes', '≤ 10 ms', n1 ? ms(n1.shared_ms) : 'not measured', verdict(n1 && n1.shared_ms <= 10)]);
if (n1 && n5) {
  const g = n5.shared_ms / n1.shared_ms;
  rows.push(['the same, 5,000 nodes', '≤ 5.5 × the 1,000-node time', `${ms(n5.shared_ms)} = ${g.toFixed(1)}×`, verdict(g <= 5.5)]);
}
const w1 = at(wasm, 1000);
if (w1 && n1) rows.push(['the same in wasm (Chromium), 1,000 nodes', '(ratio)', `${ms(w1.shared_ms)} = ${(w1.shared_ms / n1.shared_ms).toFixed(1)}× native`, '—']);
const edit = (n) => totals.find((t) => t.requested === n);
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
for (const [n, budget] of [[300, 16], [1000, 50]]) {
  const t = edit(n);
  const v = t ? med(t.samples.map((s) => s.edit_to_bar_ms).filter((x) => x >= 0)) : null;
  rows.push([`edit → totals bar updated, browser, ${n.toLocaleString('en')} nodes (median of 6)`, `≤ ${budget} ms`, ms(v), verdict(v == null ? null : v <= budget)]);
}
const lt = load.find((l) => l.figure === 'long_tasks_after_edit');
rows.push(['longest main-thread task after an edit, 1,000 nodes (Long Tasks API)', '≤ 50 ms', lt ? `${ms(lt.max_ms)} (${lt.count} over 50 ms)` : 'not measured', verdict(lt ? lt.max_ms <= 50 : null)]);
for (const n of [300, 1000]) {
  const c = canvas.find((x) => x.requested === n);
  rows.push([`drag (start included), ${n.toLocaleString('en')} nodes: p95 / worst frame`, 'p95 ≤ 16.7 ms, none > 33 ms', c ? `${ms(c.frame_p95_ms)} / ${ms(c.frame_max_ms)}` : 'not measured', verdict(c ? c.frame_p95_ms <= 16.7 && c.frame_max_ms <= 33 : null)]);
  if (c?.hub_connections) rows.push([`drag a node with ${c.hub_connections} connections, ${n.toLocaleString('en')} nodes: p95 / worst frame`, 'none > 33 ms', `${ms(c.hub_frame_p95_ms)} / ${ms(c.hub_frame_max_ms)}`, verdict(c.hub_frame_max_ms <= 33)]);
}
const c9 = canvas.find((x) => x.requested === 9000);
rows.push(['import a 9,000-node design (file chosen → canvas shows it)', '≤ 2 s', c9 ? ms(c9.open_ms) : 'not measured', verdict(c9 ? c9.open_ms <= 2000 : null)]);
const nav = load.find((l) => l.figure === 'cold_navigation');
rows.push(['navigation → interactive canvas, local server, cold cache (median of 3)', '≤ 1 s', nav ? `${ms(nav.median_ms)} (${nav.transferred_kb} KB transferred, wasm ${nav.wasm_encoding})` : 'not measured', verdict(nav ? nav.median_ms <= 1000 : null)]);
const size = text('size.txt');
const total = size.match(/^\s*total\s+([\d.]+) KB\s+([\d.]+) KB\s+([\d.]+) KB/m);
const first = size.match(/^\s*first visit[^\d]*([\d.]+) KB\s+([\d.]+) KB\s+([\d.]+) KB/m);
rows.push(['download of a first visit (wasm + js + css; on-demand workers apart), brotli', '≤ 400 KB', first ? `${first[3]} KB (raw ${first[1]} KB; with the on-demand IaC worker ${total?.[3]} KB)` : 'not measured', verdict(first ? +first[3] <= 400 : null)]);

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`\n## Cloudwright benchmarks, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
console.log(`machine: ${cpu} × ${cpus().length}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (wall times on a shared machine are upper bounds)\n`);
console.log('| figure | budget | measured | |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

if (native.length) {
  console.log('\n### Engine per size (median ms; "separate" = each analysis building its own plans, "shared" = one context, "edit" = everything the app shows after an edit)\n');
  console.log('| nodes | connections | rules | cost | latency | separate sum | shared | edit (+ capacity, totals) | wasm shared | wasm ÷ native |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of native) {
    const w = at(wasm, r.nodes);
    console.log(`| ${r.nodes.toLocaleString('en')} | ${r.connections.toLocaleString('en')} | ${r.rules_ms.toFixed(1)} | ${r.cost_ms.toFixed(1)} | ${r.latency_ms.toFixed(1)} | ${r.separate_ms.toFixed(1)} | ${r.shared_ms.toFixed(1)} | ${r.app_edit_ms.toFixed(1)} | ${w ? w.shared_ms.toFixed(1) : '—'} | ${w ? (w.shared_ms / r.shared_ms).toFixed(1) + '×' : '—'} |`);
  }
}
const top = text('twiggy-top.txt');
if (top) {
  console.log('\n### What the wasm is made of (twiggy top, before wasm-opt)\n');
  console.log('```');
  console.log(top.trimEnd());
  console.log('```');
}
if (size) {
  console.log('\n### Size report\n');
  console.log('```');
  console.log(size.trimEnd());
  console.log('```');
}
