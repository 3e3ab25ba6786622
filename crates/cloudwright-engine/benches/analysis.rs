//! The full analysis an edit triggers in the app (rules + cost + latency, and capacity) on
//! seeded generated designs of 100, 1,000 and 5,000 nodes (`sample::synthetic`).
//!
//! Run: `cargo bench -p cloudwright-engine --bench analysis --profile release-native`.
//! Prints one line per size: the median of several runs of each analysis and their sum, so
//! the growth from 1,000 to 5,000 nodes can be read against the near-linear budget (≤ 5.5×).

use cloudwright_engine::{capacity, cost, latency, rules, sample};
use std::time::Instant;

/// Median wall time of `runs` calls of `f`, in ms (after one warm-up call).
fn median_ms<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
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
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![100, 1000, 5000] } else { sizes };
    for n in sizes {
        let d = sample::synthetic(n);
        let runs = if n >= 5000 { 3 } else { 7 };
        let r = median_ms(runs, || rules::check(&d));
        let c = median_ms(runs, || cost::cost_at(&d, 1.0));
        let l = median_ms(runs, || latency::project(&d));
        let k = median_ms(runs, || capacity::analyse(&d, 1.0));
        println!(
            "analysis nodes={:>5} connections={:>5}  rules {:>8.2} ms  cost {:>8.2} ms  latency {:>8.2} ms  = {:>8.2} ms   capacity {:>8.2} ms",
            d.nodes.len(),
            d.connections.len(),
            r,
            c,
            l,
            r + c + l,
            k
        );
    }
}
