//! Capacity analysis of generated designs (`cloudwright_engine::sample::synthetic`): the full
//! report (with the headroom search), and the two lighter passes other analyses call on every
//! edit: the per-component state the latency projection reads, and the ×1 findings the rules
//! engine reads.
//!
//! Run: `cargo bench -p cloudwright-engine --bench capacity`. A plain `harness = false`
//! bench: prints the median of several runs.

use cloudwright_engine::{capacity, sample};
use std::time::Instant;

fn median(mut f: impl FnMut()) -> (f64, f64, f64) {
    f();
    let mut times = Vec::new();
    for _ in 0..9 {
        let t = Instant::now();
        f();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (times[times.len() / 2], times[0], times[times.len() - 1])
}

fn main() {
    for n in [100usize, 300, 1000] {
        let design = sample::synthetic(n);
        let r = capacity::analyse(&design, 1.0);
        let (full, lo, hi) = median(|| {
            std::hint::black_box(capacity::analyse(&design, 1.0));
        });
        let (status, _, _) = median(|| {
            std::hint::black_box(capacity::Plan::new(&design).status(1.0));
        });
        let (findings, _, _) = median(|| {
            std::hint::black_box(capacity::Plan::new(&design).findings(1.0));
        });
        // The same machine, the same minute: what the latency projection pays for queueing.
        let (lat, _, _) = median(|| {
            std::hint::black_box(cloudwright_engine::latency::project(&design));
        });
        let (traffic, _, _) = median(|| {
            std::hint::black_box(cloudwright_engine::traffic::traffic_at(&design, 1.0));
        });
        println!("  latency::project {lat:.2} ms (of which capacity status ≈ the status figure below); traffic alone {traffic:.2} ms");
        println!(
            "capacity  nodes={:>5}  analyse median {:>7.2} ms (min {lo:.2}, max {hi:.2})  status {:>6.2} ms  findings {:>6.2} ms  {} components, {} quotas, headroom {:?}",
            design.nodes.len(),
            full,
            status,
            findings,
            r.components.len(),
            r.quotas.len(),
            r.headroom.multiplier
        );
    }
}
