//! Rule check of generated designs up to 1,000 nodes (`cloudwright_engine::sample::synthetic`).
//!
//! Run: `cargo bench -p cloudwright-engine --bench rules` (or with `--profile release-native`
//! for the speed-optimised native profile). A plain `harness = false` bench with no extra
//! dependency: prints the median of several runs of the topology analysis alone and of a
//! whole check (analysis + every rule + suppressions + sorting).

use cloudwright_engine::rules::{self, Topology};
use cloudwright_engine::sample;
use std::time::Instant;

fn median_ms(runs: usize, mut f: impl FnMut()) -> (f64, f64, f64) {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        f();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (times[times.len() / 2], times[0], times[times.len() - 1])
}

fn main() {
    for n in [100usize, 300, 1000, 3000] {
        let design = sample::synthetic(n);
        let findings = rules::check(&design); // warm-up
        let (topo, _, _) = median_ms(11, || {
            std::hint::black_box(Topology::new(&design));
        });
        let (med, min, max) = median_ms(11, || {
            std::hint::black_box(rules::check(&design));
        });
        println!(
            "rules::check  nodes={:>5} connections={:>5}  median {:>8.2} ms  (min {:.2}, max {:.2}; topology alone {:.2} ms)  {} findings from {} rules",
            design.nodes.len(),
            design.connections.len(),
            med,
            min,
            max,
            topo,
            findings.len(),
            rules::all_rules().len()
        );
    }
}
