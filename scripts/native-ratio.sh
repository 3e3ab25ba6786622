#!/usr/bin/env bash
# The 5,000/1,000-node ratio of issue 20 read from many alternated pairs, not one run
# (BENCHMARKS.md s45-lead, s45-merged: a single run's ratio swings 5.2-6.7x with the host; the
# ratio of a pair run back to back is steadier, since slow phases slow both sizes alike).
#   cargo bench -p cloudwright-engine --bench analysis --profile release-native --no-run
#   scripts/native-ratio.sh ROUNDS BIN [BIN...]     # e.g. 12 /tmp/main-bench target/release-native/deps/analysis-*
# Each round runs every BIN at 1,000 then 5,000 nodes; prints each run, then per BIN the medians
# of the "shared context: rules+cost+latency" figure and the median (and middle half) of the pairs' ratios.
set -euo pipefail
rounds=$1; shift
out=$(mktemp)
for _ in $(seq "$rounds"); do
  for b in "$@"; do
    for n in 1000 5000; do
      v=$("$b" "$n" 2>/dev/null | grep -o 'rules+cost+latency *[0-9.]* ms' | grep -o '[0-9.]*')
      echo "$b $n $v $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out"
    done
  done
done
python3 - "$out" "$@" <<'PY'
import statistics as st, sys
rows = [l.split() for l in open(sys.argv[1])]
for b in sys.argv[2:]:
    a = [float(r[2]) for r in rows if r[0] == b and r[1] == '1000']
    c = [float(r[2]) for r in rows if r[0] == b and r[1] == '5000']
    q = [y / x for x, y in zip(a, c)]
    mid = st.quantiles(q, n=4) if len(q) > 1 else [q[0]] * 3
    print(f"{b}: 1,000 {st.median(a):.2f} ms, 5,000 {st.median(c):.2f} ms; pair ratio median {st.median(q):.2f}x (middle half {mid[0]:.2f}-{mid[2]:.2f}x, {len(q)} pairs)")
PY
rm -f "$out"
