//! What opening a large design costs in the engine (issue 20: importing 9,000 nodes ≤ 2 s in
//! the browser): the file read (`file::open`: parse, migrate, validate), the first analysis
//! (`analysis::run`), and the diagram's preparation (`route::drawing_input`, `route_all`,
//! `geometry::bounds`).
//!
//! Run: `cargo bench -p cloudwright-engine --bench open --profile release-native [-- SIZES] [--once]`
//! (default 9000). `--once` runs each step once (for callgrind: compare instruction counts).
//! `--reader=tree`: the file is read by the full reader alone (`file::load_versioned_by_tree`,
//! a JSON document tree checked with paths: what `file::open` did before the one-pass reader),
//! to compare the two.

use cloudwright_engine::diagram::{geometry, route};
use cloudwright_engine::{analysis, file, sample};
use std::time::Instant;

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let s = Instant::now();
    let v = std::hint::black_box(f());
    (v, s.elapsed().as_secs_f64() * 1000.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![9000] } else { sizes };
    let only = |step: &str| args.iter().all(|a| !a.starts_with("--only=")) || args.iter().any(|a| a == &format!("--only={step}"));
    for n in sizes {
        let text = file::save(&sample::synthetic(n));
        let tree = args.iter().any(|a| a == "--reader=tree");
        let (loaded, t_open) = if tree {
            timed(|| file::load_versioned_by_tree(&text).expect("a saved design opens"))
        } else {
            timed(|| file::open(text.as_bytes()).expect("a saved design opens"))
        };
        let d = loaded.design;
        let t_run = if only("run") { timed(|| analysis::run(&d)).1 } else { 0.0 };
        let (input, t_input) = timed(|| route::drawing_input(&d));
        let t_route = if only("route") { timed(|| route::route_all(&input)).1 } else { 0.0 };
        let (_, t_bounds) = timed(|| geometry::bounds(&d, None));
        println!(
            "open nodes={} connections={} bytes={}  {} {t_open:.1} ms  analysis::run {t_run:.1} ms  drawing_input {t_input:.1} ms  route_all {t_route:.1} ms  bounds {t_bounds:.2} ms",
            d.nodes.len(),
            d.connections.len(),
            text.len(),
            if tree { "file::load_versioned_by_tree" } else { "file::open" },
        );
    }
}
