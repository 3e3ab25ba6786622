//! Latency projection of a 1,000-node design (`cloudwright_engine::sample::synthetic`).
//!
//! Run: `cargo bench -p cloudwright-engine --bench latency` (or with
//! `--profile release-native` for the speed-optimised native profile). A plain
//! `harness = false` bench: no extra dependency, prints the median of several runs.

use cloudwright_engine::{latency, sample};
use std::time::Instant;

fn main() {
    for n in [100usize, 300, 1000] {
        let design = sample::synthetic(n);
        let conns = design.connections.len();
        // Warm-up (also checks the result is sane).
        let r = latency::project(&design);
        assert!(r.entries.iter().all(|e| e.paths.len() <= latency::TOP_K));
        let mut times = Vec::new();
        for _ in 0..7 {
            let t = Instant::now();
            let r = latency::project(&design);
            std::hint::black_box(&r);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let e = &r.entries[0];
        println!(
            "latency::project  nodes={:>5} connections={:>5}  median {:>8.2} ms  (min {:.2}, max {:.2})  entry p50 {:.1} ms p99 {:.1} ms, {} paths listed",
            design.nodes.len(),
            conns,
            times[times.len() / 2],
            times[0],
            times[times.len() - 1],
            e.p50_ms,
            e.p99_ms,
            e.paths.len()
        );
        let t = Instant::now();
        let s = latency::series(&design, &[0.1, 0.5, 1.0, 2.0, 10.0]);
        std::hint::black_box(&s);
        println!("latency::series   nodes={:>5} 5 multipliers          {:>8.2} ms", design.nodes.len(), t.elapsed().as_secs_f64() * 1000.0);
    }
}
