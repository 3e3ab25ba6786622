//! The full analysis an edit triggers in the app (rules + cost + latency, and capacity) on
//! seeded generated designs of 100, 1,000 and 5,000 nodes (`sample::synthetic`).
//!
//! Run: `cargo bench -p cloudwright-engine --bench analysis --profile release-native [-- SIZES] [--json] [--once]`.
//! Prints one line per size: the median of several runs of each analysis on its own, their
//! sum, and the same three from one shared analysis context (`analysis::core`, what an edit
//! costs) and everything the app shows after an edit (`analysis::run`: + capacity + totals),
//! so the growth from 1,000 to 5,000 nodes can be read against the near-linear budget (≤ 5.5×).
//! `--json` prints one JSON object per size instead (scripts/bench.sh reads it); `--once` runs
//! each analysis once, no warm-up (for `valgrind --tool=callgrind`, whose instruction counts
//! are deterministic: compare those, not wall times, on a busy machine).

use cloudwright_engine::{analysis, capacity, cost, latency, rules, sample};
use std::time::Instant;

/// Median wall time of `runs` calls of `f`, in ms (after one warm-up call unless `once`).
fn median_ms<T>(runs: usize, once: bool, mut f: impl FnMut() -> T) -> f64 {
    if once {
        let s = Instant::now();
        std::hint::black_box(f());
        return s.elapsed().as_secs_f64() * 1000.0;
    }
    std::hint::black_box(f());
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            std::hint::black_box(f());
            s.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(|a, b| a.total_cmp(b));
    t[t.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let once = args.iter().any(|a| a == "--once");
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![100, 1000, 5000] } else { sizes };
    for n in sizes {
        let d = sample::synthetic(n);
        let runs = if n >= 5000 { 3 } else { 7 };
        let r = median_ms(runs, once, || rules::check(&d));
        let c = median_ms(runs, once, || cost::cost_at(&d, 1.0));
        let l = median_ms(runs, once, || latency::project(&d));
        let k = median_ms(runs, once, || capacity::analyse(&d, 1.0));
        let shared = median_ms(runs, once, || analysis::core(&d));
        let all = median_ms(runs, once, || analysis::run(&d));
        if json {
            println!(
                "{{\"nodes\":{},\"connections\":{},\"rules_ms\":{r:.3},\"cost_ms\":{c:.3},\"latency_ms\":{l:.3},\"separate_ms\":{:.3},\"capacity_ms\":{k:.3},\"shared_ms\":{shared:.3},\"app_edit_ms\":{all:.3}}}",
                d.nodes.len(),
                d.connections.len(),
                r + c + l
            );
        } else {
            println!(
                "analysis nodes={:>5} connections={:>5}  rules {:>8.2} ms  cost {:>8.2} ms  latency {:>8.2} ms  = {:>8.2} ms   capacity {:>8.2} ms   shared context: rules+cost+latency {:>8.2} ms, all + totals {:>8.2} ms",
                d.nodes.len(),
                d.connections.len(),
                r,
                c,
                l,
                r + c + l,
                k,
                shared,
                all
            );
        }
    }
}
