//! The engine benchmark of `benches/analysis.rs`, in wasm, in headless Chromium: the same
//! analyses on the same generated designs, so the native-to-wasm ratio is known (issue 20).
//! A measurement, not a test: it asserts nothing about time. It runs only when built with
//! `CLOUDWRIGHT_BENCH` set (scripts/bench.sh does); otherwise it returns at once, so the wasm
//! test run of the workspace stays quick.
//!
//!   CLOUDWRIGHT_BENCH="100 1000 5000" cargo test -p cloudwright-engine --profile release-worker \
//!     --target wasm32-unknown-unknown --test wasm_bench -- --nocapture
//!
//! Prints one JSON line per size, prefixed `wasm-bench `, with the same fields as the native
//! bench's `--json` output. The `release-worker` profile is the analysis worker's (opt-level 3,
//! LTO), the build that analyses large designs in the app, so these are the figures the shipped
//! app sees for them (wasm-opt, which Trunk runs on it, is not applied); `--release` gives the
//! page's own build (opt-level "z"), which analyses only small designs.
#![cfg(target_arch = "wasm32")]

use cloudwright_engine::{analysis, capacity, cost, latency, rules, sample};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`, ms.
    #[wasm_bindgen(js_namespace = performance)]
    fn now() -> f64;
}

fn median_ms<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    std::hint::black_box(f());
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = now();
            std::hint::black_box(f());
            now() - s
        })
        .collect();
    t.sort_by(|a, b| a.total_cmp(b));
    t[t.len() / 2]
}

#[wasm_bindgen_test]
fn analysis_in_wasm() {
    let Some(sizes) = option_env!("CLOUDWRIGHT_BENCH") else { return };
    let sizes: Vec<usize> = sizes.split([' ', ',']).filter_map(|s| s.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![100, 1000, 5000] } else { sizes };
    for n in sizes {
        let d = sample::synthetic(n);
        let runs = if n >= 5000 { 3 } else { 5 };
        let r = median_ms(runs, || rules::check(&d));
        let c = median_ms(runs, || cost::cost_at(&d, 1.0));
        let l = median_ms(runs, || latency::project(&d));
        let k = median_ms(runs, || capacity::analyse(&d, 1.0));
        let shared = median_ms(runs, || analysis::core(&d));
        let all = median_ms(runs, || analysis::run(&d));
        console_log!(
            "wasm-bench {{\"nodes\":{},\"connections\":{},\"rules_ms\":{r:.3},\"cost_ms\":{c:.3},\"latency_ms\":{l:.3},\"separate_ms\":{:.3},\"capacity_ms\":{k:.3},\"shared_ms\":{shared:.3},\"app_edit_ms\":{all:.3}}}",
            d.nodes.len(),
            d.connections.len(),
            r + c + l
        );
    }
}

/// `catalog::kind` in wasm (s21-speed, BENCHMARKS s34-core's lever 2 was measured natively
/// only): the table it looks kinds up in (`KindIndex`, d87b896) against the FxHash map it
/// replaced, built here the way `kind` built it before, in the same binary and alternated
/// (7 rounds each), over the kind ids of every component of `synthetic(1000)` in id order
/// (the mix of ids an analysis reads; ~120,000 reads in a full analysis at 1,000 nodes).
/// Prints `wasm-bench-kind {...}`: the median ns per lookup of each.
#[wasm_bindgen_test]
fn kind_lookup_in_wasm() {
    use cloudwright_engine::catalog;
    if option_env!("CLOUDWRIGHT_BENCH").is_none() {
        return;
    }
    let d = sample::synthetic(1000);
    let ids: Vec<String> = d.nodes.values().map(|n| n.kind.clone()).collect();
    let map: rustc_hash::FxHashMap<&'static str, &'static catalog::KindSpec> = catalog::KINDS.iter().map(|k| (k.id, k)).collect();
    // The same answers, so both loops do the same work.
    for id in &ids {
        assert!(std::ptr::eq(catalog::kind(id).unwrap(), *map.get(id.as_str()).unwrap()));
    }
    const ROUNDS: usize = 200; // 200 × 1,000 lookups per timing
    let lookups = (ROUNDS * ids.len()) as f64;
    let time = |f: &dyn Fn(&str) -> Option<&'static catalog::KindSpec>| {
        let s = now();
        let mut n = 0usize;
        for _ in 0..ROUNDS {
            for id in &ids {
                n += std::hint::black_box(f(std::hint::black_box(id.as_str()))).map_or(0, |k| k.id.len());
            }
        }
        std::hint::black_box(n);
        (now() - s) * 1e6 / lookups
    };
    let table = |id: &str| catalog::kind(id);
    let hashed = |id: &str| map.get(id).copied();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        a.push(time(&table));
        b.push(time(&hashed));
    }
    a.sort_by(f64::total_cmp);
    b.sort_by(f64::total_cmp);
    console_log!(
        "wasm-bench-kind {{\"lookups\":{},\"table_ns\":{:.2},\"fxhash_map_ns\":{:.2},\"table_all_ns\":{:?},\"fxhash_map_all_ns\":{:?}}}",
        lookups, a[3], b[3], a, b
    );
}
