#!/usr/bin/env bash
# One command for every speed and size figure of BENCHMARKS.md (issue 20); prints one table.
#   scripts/bench.sh                 everything (about 15–25 min on a busy 2-core machine)
#   scripts/bench.sh --no-browser    engine native + wasm and the size report only
#   SIZES="100 1000" scripts/bench.sh  other engine sizes (default 100 1000 5000)
#
# Steps (each writes its raw output to test-output/bench/, which the table is read from):
#   1. the engine natively: benches/analysis.rs (release-native profile) on seeded generated
#      designs (sample::synthetic) — rules, cost, latency, capacity, each on its own and from
#      one shared analysis context (what an edit costs);
#   2. the same analyses in wasm in headless Chromium (tests/wasm_bench.rs, the app's release
#      profile), so the native-to-wasm ratio is known;
#   3. the release app (trunk build --release, then scripts/precompress.mjs), and the browser
#      figures in headless Chromium: scripts/bench-canvas.mjs (open/import time, drag frames),
#      scripts/bench-totals.mjs (edit → totals bar) and scripts/bench-load.mjs (navigation →
#      interactive canvas with a cold cache over the precompressed local server, long tasks
#      after an edit at 1,000 nodes);
#   4. the size report (scripts/size-report.mjs: raw / gzip / brotli) and twiggy's top
#      contributors to the wasm (twiggy is installed from crates.io into .tools/ the first
#      time this script runs, and only by this script).
# Wall times on a shared machine are noisy: compare instruction counts (callgrind, see
# BENCHMARKS.md) before and after a change, and read these as upper bounds.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
browser=1
[ "${1:-}" = --no-browser ] && browser=0
sizes=${SIZES:-100 1000 5000}
out=test-output/bench
rm -rf "$out"
mkdir -p "$out"
step() { printf '\n==> %s\n' "$*" >&2; }

step "1/4 engine, native (release-native): $sizes nodes"
# shellcheck disable=SC2086
cargo bench -q -p cloudwright-engine --bench analysis --profile release-native -- $sizes --json > "$out/native.jsonl"
cat "$out/native.jsonl" >&2

# The analysis worker's profile (release-worker: opt-level 3), the build that runs the analyses
# of a large design in the app (index.html); the page's own (release: opt-level "z") analyses
# only small designs.
step "2/4 engine, wasm in headless Chromium (release-worker profile)"
CLOUDWRIGHT_BENCH="$sizes" WASM_BINDGEN_TEST_TIMEOUT=1800 cargo test -p cloudwright-engine --profile release-worker --target wasm32-unknown-unknown --test wasm_bench -- --nocapture 2>&1 \
  | tee "$out/wasm.log" | grep -o 'wasm-bench {.*}' | sed 's/^wasm-bench //' > "$out/wasm.jsonl" || true
[ -s "$out/wasm.jsonl" ] || { echo "bench: no wasm figures (see $out/wasm.log)" >&2; }

if [ $browser = 1 ]; then
  step "3/4 release app and browser figures"
  trunk build --release > "$out/trunk.log" 2>&1 || { tail -30 "$out/trunk.log" >&2; exit 1; }
  node scripts/precompress.mjs dist >&2
  node scripts/bench-load.mjs dist > "$out/load.jsonl"
  node scripts/bench-canvas.mjs dist 300 1000 9000 > "$out/canvas.jsonl"
  node scripts/bench-totals.mjs dist 300 1000 > "$out/totals.jsonl"
fi

step "4/4 size: the download, and what the wasm is made of (twiggy)"
if [ -d dist ]; then node scripts/size-report.mjs dist > "$out/size.txt" || true; fi
twiggy=.tools/twiggy/bin/twiggy
if [ ! -x $twiggy ]; then
  # The one place twiggy comes from: crates.io, pinned, into the repo's tool folder.
  cargo install -q twiggy --version 0.8.0 --locked --root .tools/twiggy >&2
fi
# twiggy reads the names section, which wasm-opt strips from dist/: analyse the app's wasm as
# wasm-bindgen wrote it (same code, before wasm-opt's -Oz pass). By name: the two workers'
# wasm are written to the same folder by the same build (the newest file may be a worker's).
wasm=target/wasm-bindgen/release/cloudwright-web_bg.wasm
[ -f "$wasm" ] || wasm=target/wasm32-unknown-unknown/release/cloudwright-web.wasm
if [ -f "$wasm" ]; then
  $twiggy top -n 20 "$wasm" > "$out/twiggy-top.txt" || true
  $twiggy top -n 2000 --retained -f json "$wasm" > "$out/twiggy.json" 2>/dev/null || true
  $twiggy garbage -n 10 "$wasm" > "$out/twiggy-garbage.txt" 2>/dev/null || true
  # The generic functions compiled most often (rmp_serde's decoder once per type the page reads
  # from the analysis worker, the sorts, tachys' views): BENCHMARKS.md "s23-size".
  $twiggy monos -n 15 "$wasm" > "$out/twiggy-monos.txt" 2>/dev/null || true
  # Copies of the standard stable sort (one `driftsort_main` per element type and comparison):
  # the app's own sorts share one (`cloudwright_engine::order`); the rest come from libraries
  # (BTreeMap's FromIterator, tachys, reactive_graph). BENCHMARKS.md "s22-size".
  sorts=$($twiggy top -n 1000000 -f csv "$wasm" 2>/dev/null | grep -c 'stable::driftsort_main' || true)
  echo "stable sort copies in $wasm: $sorts" | tee "$out/sorts.txt" >&2
fi

node scripts/bench-table.mjs "$out"
