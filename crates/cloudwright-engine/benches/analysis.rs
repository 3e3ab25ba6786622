//! The full analysis an edit triggers in the app (rules + cost + latency, and capacity) on
//! seeded generated designs of 100, 1,000 and 5,000 nodes (`sample::synthetic`).
//!
//! Run: `cargo bench -p cloudwright-engine --bench analysis --profile release-native [-- SIZES] [--json] [--once]`.
//! Prints one line per size: the median of several runs of each analysis on its own, their
//! sum, and the same three from one shared analysis context (`analysis::core`, what an edit
//! costs) and everything the app shows after an edit (`analysis::run`: + capacity + totals),
//! so the growth from 1,000 to 5,000 nodes can be read against the near-linear budget (≤ 5.5×).
//! "edit" is one property edit on a session holding the last analysis (`analysis::Session::apply`:
//! the incremental recomputation, convolutions the edit did not touch reused).
//! `--json` prints one JSON object per size instead (scripts/bench.sh reads it); `--once` runs
//! each analysis once, no warm-up (for `valgrind --tool=callgrind`, whose instruction counts
//! are deterministic: compare those, not wall times, on a busy machine).

use cloudwright_engine::model::Value;
use cloudwright_engine::{analysis, capacity, cost, latency, rules, sample, Edit};
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
    let core_first = args.iter().any(|a| a == "--core-first");
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![100, 1000, 5000] } else { sizes };
    for n in sizes {
        let d = sample::synthetic(n);
        let runs = if n >= 5000 { 3 } else { 7 };
        // `--core-first`: the shared analysis before anything else ran in this process (the
        // convolution memo empty: what opening a design costs), for callgrind.
        let first = if core_first { median_ms(runs, true, || analysis::core(&d)) } else { 0.0 };
        // Every figure but "edit" is an analysis from nothing: the convolution memo is
        // cleared before each run (else repeated runs of one design would find every
        // convolution memoised).
        let cold = || cloudwright_engine::latency::dist::clear_memo();
        let r = median_ms(runs, once, || rules::check(&d));
        let c = median_ms(runs, once, || cost::cost_at(&d, 1.0));
        let l = median_ms(runs, once, || {
            cold();
            latency::project(&d)
        });
        let k = median_ms(runs, once, || capacity::analyse(&d, 1.0));
        let shared = if core_first {
            first
        } else {
            median_ms(runs, once, || {
                cold();
                analysis::core(&d)
            })
        };
        let all = median_ms(runs, once, || {
            cold();
            analysis::run(&d)
        });
        // One property edit after another on a session: a service's app time, alternating.
        let mut session = analysis::Session::new(d.clone());
        let svc = d.nodes.values().find(|n| n.kind == "ecs-service").expect("a service").id.clone();
        let mut step = 0u32;
        let edit = median_ms(runs, once, || {
            step += 1;
            let before = session.design().nodes[&svc].props.get("app_ms").cloned();
            let e = Edit::SetProp { id: svc.clone(), key: "app_ms".into(), before, after: Some(Value::Number(if step % 2 == 0 { 25.0 } else { 30.0 })) };
            session.apply(&e).expect("applies").totals().monthly
        });
        if json {
            println!(
                "{{\"nodes\":{},\"connections\":{},\"rules_ms\":{r:.3},\"cost_ms\":{c:.3},\"latency_ms\":{l:.3},\"separate_ms\":{:.3},\"capacity_ms\":{k:.3},\"shared_ms\":{shared:.3},\"app_edit_ms\":{all:.3},\"incremental_edit_ms\":{edit:.3}}}",
                d.nodes.len(),
                d.connections.len(),
                r + c + l
            );
        } else {
            println!(
                "analysis nodes={:>5} connections={:>5}  rules {:>8.2} ms  cost {:>8.2} ms  latency {:>8.2} ms  = {:>8.2} ms   capacity {:>8.2} ms   shared context: rules+cost+latency {:>8.2} ms, all + totals {:>8.2} ms   one edit, incremental {:>8.2} ms",
                d.nodes.len(),
                d.connections.len(),
                r,
                c,
                l,
                r + c + l,
                k,
                shared,
                all,
                edit
            );
        }
    }
}
