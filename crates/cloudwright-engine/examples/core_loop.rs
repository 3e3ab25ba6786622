//! `analysis::core` run N times on `sample::synthetic(n)`, for a sampling profiler
//! (`perf record -e cpu-clock`): `core_loop <nodes> <runs>`; prints the median ms.
use cloudwright_engine::{analysis, sample};
use std::time::Instant;

fn main() {
    let a: Vec<usize> = std::env::args().skip(1).filter_map(|s| s.parse().ok()).collect();
    let (n, runs) = (a.first().copied().unwrap_or(1000), a.get(1).copied().unwrap_or(50));
    let d = sample::synthetic(n);
    // WARM=1: keep the convolution memo between runs, as an edit's session does.
    let clear = std::env::var("WARM").is_err();
    std::hint::black_box(analysis::core(&d));
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            if clear {
                cloudwright_engine::latency::dist::clear_memo();
            }
            let s = Instant::now();
            std::hint::black_box(analysis::core(&d));
            s.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(|a, b| a.total_cmp(b));
    println!("nodes {n} runs {runs} median {:.2} ms min {:.2}", t[t.len() / 2], t[0]);
}
