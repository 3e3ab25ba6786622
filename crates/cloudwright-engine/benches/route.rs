//! Connector routing below the routing threshold (`diagram::route::route_all`, issue 20: a drop
//! on a routed design routes every connector again, on the page's main thread): every template
//! and generated estates of 40–77 nodes (under `route::MAX_ROUTED` connections), with the grid
//! states the searches settled in all.
//!
//! Run: `cargo bench -p cloudwright-engine --bench route --profile release-native [-- SIZES] [--once]`
//! (default 40 50 60 70 77). `--once` routes each design once (for callgrind: compare
//! instruction counts); otherwise the median of 5 runs. `--no-templates`: the estates only.
//! `--drawing-input [SIZES]`: the canvas's drawing input (`route::drawing_input`) at 1,000 and
//! 5,000 generated nodes, the previous way and now. `--reroute-hub [--once]`: a hub's drop
//! re-routed at 1,000 nodes (`route::reroute`; with `--boxed`, `route::reroute_boxed` with the
//! boxes kept from the routing before, what the drop's task does since s56-drop).

use cloudwright_engine::diagram::route;
use cloudwright_engine::{file, sample, Design};
use std::time::Instant;

/// `route::drawing_input` as it was before issue 20's s22-drop (each node cloned whole, its
/// properties then cleared, every map filled insert by insert), to compare the two in one run.
fn drawing_input_by_insert(d: &Design) -> Design {
    let mut out = Design::new("", "");
    for n in d.nodes.values() {
        let mut n = n.clone();
        n.props.clear();
        n.ingress.clear();
        n.suppressions.clear();
        out.nodes.insert(n.id.clone(), n);
    }
    for c in d.connections.values() {
        out.connections.insert(c.id.clone(), cloudwright_engine::model::Connection::new(c.id.clone(), c.from.clone(), c.to.clone(), c.kind));
    }
    out.layout = d.layout.clone();
    out
}

/// `--drawing-input SIZES`: the canvas's drawing input at each size, the previous way and now
/// (median of 21 runs each, alternating), checked equal.
fn drawing_input(sizes: &[usize]) {
    for &n in sizes {
        let d = sample::synthetic(n);
        assert!(route::drawing_input(&d) == drawing_input_by_insert(&d), "the same drawing input");
        let (mut old, mut new) = (Vec::new(), Vec::new());
        for _ in 0..21 {
            let s = Instant::now();
            drop(std::hint::black_box(drawing_input_by_insert(&d)));
            old.push(s.elapsed().as_secs_f64() * 1000.0);
            let s = Instant::now();
            drop(std::hint::black_box(route::drawing_input(&d)));
            new.push(s.elapsed().as_secs_f64() * 1000.0);
        }
        old.sort_by(f64::total_cmp);
        new.sort_by(f64::total_cmp);
        println!("drawing_input nodes={n:<5} connections={:<5} before {:.2} ms  now {:.2} ms (each with dropping it)", d.connections.len(), old[10], new[10]);
    }
}

/// `--reroute-hub`: a drop of the 1,000-node estate's hub `logs` (613 connections) by
/// (60, 45) on the drawing input: `route::reroute` from the routes before (what the canvas's
/// routes memo does in the drop's task), and the paths written for the connectors it routed
/// again (median of 21 runs; `--once`: one run, for callgrind).
fn reroute_hub(once: bool, boxed: bool) {
    let d = route::drawing_input(&sample::synthetic(1000));
    let hub = cloudwright_engine::NodeId::from("logs");
    let mut after = d.clone();
    cloudwright_engine::Edit::move_by(&d, &[hub], 60.0, 45.0).apply(&mut after).expect("moves");
    let (routes, boxes) = route::route_all_boxed(&d);
    let mut ms = Vec::new();
    let mut again = 0;
    for _ in 0..if once { 1 } else { 21 } {
        let (mut r, mut b) = (routes.clone(), boxes.clone());
        let s = Instant::now();
        let changed = std::hint::black_box(if boxed { route::reroute_boxed(&d, &mut r, &mut b, &after) } else { route::reroute(&d, &mut r, &after) });
        let route::Rerouted::Only(ids) = changed else { panic!("a large design is rerouted in part") };
        let paths: Vec<String> = ids.iter().filter_map(|id| r.get(id).map(|r| r.path())).collect();
        ms.push(s.elapsed().as_secs_f64() * 1000.0);
        again = paths.len();
        drop(std::hint::black_box(paths));
    }
    ms.sort_by(f64::total_cmp);
    println!("reroute_hub{} connections={} routed again={again} {:.3} ms (with their paths)", if boxed { " (boxes kept, reroute_boxed)" } else { "" }, d.connections.len(), ms[ms.len() / 2]);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--reroute-hub") {
        return reroute_hub(args.iter().any(|a| a == "--once"), args.iter().any(|a| a == "--boxed"));
    }
    if args.iter().any(|a| a == "--drawing-input") {
        let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
        return drawing_input(if sizes.is_empty() { &[1000, 5000] } else { &sizes });
    }
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![40, 50, 60, 70, 77] } else { sizes };
    let once = args.iter().any(|a| a == "--once");
    let mut designs: Vec<(String, Design)> = Vec::new();
    if !args.iter().any(|a| a == "--no-templates") {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates");
        let mut files: Vec<_> = std::fs::read_dir(&dir).expect("templates/").map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("index.json")).collect();
        files.sort();
        for p in files {
            let d = file::load(&std::fs::read_to_string(&p).expect("a template")).expect("a template loads");
            designs.push((p.file_stem().expect("a name").to_string_lossy().into_owned(), d));
        }
    }
    for n in sizes {
        designs.push((format!("synthetic({n})"), sample::synthetic(n)));
    }
    for (name, d) in &designs {
        let runs = if once { 1 } else { 5 };
        let mut ms = Vec::new();
        let mut searched = Default::default();
        for _ in 0..runs {
            let s = Instant::now();
            let (routes, n) = std::hint::black_box(route::route_all_counted(d));
            ms.push(s.elapsed().as_secs_f64() * 1000.0);
            searched = n;
            drop(routes);
        }
        ms.sort_by(f64::total_cmp);
        let route::Searched { settled, searches, unreachable, capped, exhausted } = searched;
        println!(
            "route_all {name:<28} nodes={:<4} connections={:<4} {:.1} ms  settled={settled:<7} searches={searches:<4} unreachable={unreachable:<3} capped={capped:<3} exhausted={exhausted}",
            d.nodes.len(),
            d.connections.len(),
            ms[ms.len() / 2]
        );
    }
}
