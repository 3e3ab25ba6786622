//! The palette drag's preview (`diagram::new_drop::plan_new`, asked once per 10 px grid cell the
//! pointer enters while a new component is dragged from the palette, on the page's main thread):
//! its cost per cell on generated estates, for a kind that goes into a subnet (an RDS database),
//! a kind that goes anywhere (a Lambda function) and one the top level only takes (CloudFront).
//!
//! Run: `cargo bench -p cloudwright-engine --bench drop_plan --profile release-native [-- SIZES] [--once]`
//! (default 300 1000 5000). The view is the design's top-left 2,000 × 1,250 world units (what Fit's
//! 70% floor shows of a large design in a 1440 × 900 window); the pointer visits every 10th grid
//! cell of it (a 20 × 12 sample). Prints per kind: the median and worst plan of the cells, and how
//! the plans ended (placed, with containers, refused). `--once`: each cell once (for callgrind).

use cloudwright_engine::diagram::new_drop::{plan_new, NewDrop};
use cloudwright_engine::model::Rect;
use cloudwright_engine::sample;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![300, 1000, 5000] } else { sizes };
    let once = args.iter().any(|a| a == "--once");
    // Plans per cell: the best of 3 is timed (1 with --once); the counts below are summed over
    // every run and divided by it, so both places read this one figure.
    let runs = if once { 1 } else { 3 };
    for n in sizes {
        let d = sample::synthetic(n);
        let (x0, y0) = d.layout.values().fold((f64::MAX, f64::MAX), |(x, y), r| (x.min(r.x), y.min(r.y)));
        let view = Rect::new(x0, y0, 2000.0, 1250.0);
        for kind in ["rds", "lambda", "cloudfront"] {
            let mut ms = Vec::new();
            let (mut placed, mut with, mut refused) = (0, 0, 0);
            for i in 0..20 {
                for j in 0..12 {
                    let at = (x0 + 5.0 + i as f64 * 100.0, y0 + 5.0 + j as f64 * 100.0);
                    let mut best = f64::MAX;
                    for _ in 0..runs {
                        let s = Instant::now();
                        let plan = std::hint::black_box(plan_new(&d, kind, at, Some(view)));
                        best = best.min(s.elapsed().as_secs_f64() * 1000.0);
                        match plan {
                            Some(NewDrop::Place { .. }) => placed += 1,
                            Some(NewDrop::WithContainers { .. }) => with += 1,
                            _ => refused += 1,
                        }
                    }
                    ms.push(best);
                }
            }
            ms.sort_by(f64::total_cmp);
            println!(
                "nodes={n:<5} kind={kind:<10} per cell: median {:.3} ms  p95 {:.3} ms  worst {:.3} ms  (placed {}, with containers {}, refused {} of {} cells)",
                ms[ms.len() / 2],
                ms[ms.len() * 95 / 100],
                ms[ms.len() - 1],
                placed / runs,
                with / runs,
                refused / runs,
                ms.len()
            );
        }
    }
}
