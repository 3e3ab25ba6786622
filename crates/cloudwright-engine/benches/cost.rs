//! Cost of a 1,000-node design, and the comparisons billed through it:
//! `cargo bench -p cloudwright-engine --bench cost`
//! (or `--profile release-native`). Plain timing loop (no external harness): prints the
//! median and best wall time of each measured call.

use cloudwright_engine::{compare, cost, sample, traffic};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn measure<T>(name: &str, runs: usize, mut f: impl FnMut() -> T) -> Duration {
    black_box(f()); // warm-up (parses the price book once)
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    println!("{name:<44} median {:>10.3} ms   best {:>10.3} ms   ({runs} runs)", median.as_secs_f64() * 1e3, times[0].as_secs_f64() * 1e3);
    median
}

fn main() {
    // Comparisons bill every option through the cost engine (small scenario designs for the
    // options and the series; the design itself for the option as drawn).
    let p = compare::ContainerProfile::default();
    measure("compare::compare_containers (default profile)", 10, || compare::compare_containers(&p));
    let a = compare::ApiProfile::default();
    measure("compare::compare_api (default profile)", 10, || compare::compare_api(&a));
    for n in [300usize, 1_000] {
        let d = sample::synthetic(n);
        if let Some(svc) = d.nodes.values().find(|x| x.kind == "ecs-service") {
            measure(&format!("compare::compare_containers_in ({n})"), 10, || compare::compare_containers_in(&d, &svc.id).unwrap());
        }
        if let Some(api) = d.nodes.values().find(|x| x.kind == "api-gateway") {
            measure(&format!("compare::compare_api_in ({n})"), 10, || compare::compare_api_in(&d, &api.id).unwrap());
        }
    }
    for n in [100usize, 300, 1_000, 5_000] {
        let d = sample::synthetic(n);
        let runs = if n >= 5_000 { 10 } else { 30 };
        println!("synthetic({n}): {} nodes, {} connections", d.nodes.len(), d.connections.len());
        measure(&format!("traffic::traffic ({n})"), runs, || traffic::traffic(&d));
        measure(&format!("cost::cost, month + 12-month year ({n})"), runs, || cost::cost(&d));
        let mut grow = d.clone();
        grow.workload.growth_pct_per_month = 3.0;
        measure(&format!("cost::cost, 3%/month growth ({n})"), runs, || cost::cost(&grow));
        let ms = cost::default_multipliers();
        measure(&format!("cost::cost_series, {} points ({n})", ms.len()), runs, || cost::cost_series(&d, &ms));
    }
}
