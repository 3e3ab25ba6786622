// The stylesheet's blocks all close where they should. Engineers append their sections at the
// end of styles/app.css; a merge once dropped the "}" of a `@media (max-width: 1600px)` block,
// so every section after it (the toasts' close button, the worker's "updating" fade) silently
// applied only in windows up to 1600 px (found by a tester on a 1920 px projector). The browser
// accepts such a file without a word, so this reads it the way a CSS parser does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const css = readFileSync(new URL('../../styles/app.css', import.meta.url), 'utf8');

/** Top-level blocks as [first line, selector or at-rule, depth reached]; throws on a stray "}". */
function blocks(text) {
  const out = [];
  let depth = 0, line = 1, i = 0, start = 0, head = '';
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '*') { // comments may hold braces
      const end = text.indexOf('*/', i + 2);
      for (const ch of text.slice(i, end + 2)) if (ch === '\n') line++;
      i = end + 2; continue;
    }
    if (c === '"' || c === "'") { const end = text.indexOf(c, i + 1); i = end + 1; continue; }
    if (c === '\n') line++;
    if (c === '{') { if (depth === 0) { start = line; head = text.slice(text.lastIndexOf('}', i) + 1, i).replace(/\/\*[\s\S]*?\*\//g, '').trim(); } depth++; }
    if (c === '}') { depth--; if (depth < 0) throw new Error(`a "}" with no block to close at line ${line}`); if (depth === 0) out.push([start, head, line]); }
    i++;
  }
  if (depth !== 0) throw new Error(`${depth} block(s) never closed; the last top-level block opened at line ${start}: ${head}`);
  return out;
}

test('every block of styles/app.css closes, and no section header sits inside an at-rule', () => {
  const all = blocks(css);
  assert.ok(all.length > 100, `read ${all.length} top-level blocks`);
  // A section header ("/* ── feature (issue N) ── */") inside an @media or @supports block
  // means the block above it was left open.
  for (const [from, head, to] of all.filter(([, h]) => h.startsWith('@'))) {
    const inner = css.split('\n').slice(from, to - 1).join('\n');
    assert.ok(!/\/\* ── /.test(inner), `${head} (lines ${from}–${to}) swallows a section header: a "}" is missing above it`);
  }
});
