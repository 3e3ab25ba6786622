//! A drag of one VPC workload over the gaps between subnets on a generated design
//! (`sample::synthetic(n)`), as the canvas previews it: 60 pointer moves down the left padding
//! of the workload's AZ (outside every subnet, where the drop picks the nearest subnet with no
//! error: `place::aimed_parent`'s step 2, which asks the rules whether the workload would have
//! a way out there). "per move": a fresh `Strands` at each move (the rules' topology built at
//! each one, as s50-place did); "per drag": one `Strands` kept for the drag (review s34 R1).
//! Prints both wall times and checks they pick the same subnets.
//!
//! `cargo run --profile release-native --example drag_gap -p cloudwright-engine -- 1000`
use cloudwright_engine::diagram::place::{aimed_parent_in, container_at, Strands};
use cloudwright_engine::{Design, NodeId};
use std::collections::BTreeSet;

#[inline(never)]
fn drag(d: &Design, w: &NodeId, points: &[(f64, f64)], kept: Option<&Strands>) -> Vec<Option<NodeId>> {
    let moving: BTreeSet<NodeId> = [w.clone()].into();
    let kind = &d.nodes[w].kind;
    points
        .iter()
        .map(|&at| {
            let fresh = Strands::default();
            aimed_parent_in(d, kind, at, &moving, Some(w), true, kept.unwrap_or(&fresh)).1.ok().flatten()
        })
        .collect()
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let d = cloudwright_engine::sample::synthetic(n);
    // A workload in a subnet in an AZ.
    let (w, az) = d
        .nodes
        .values()
        .filter(|x| matches!(x.kind.as_str(), "ecs-service" | "ec2" | "lambda"))
        .find_map(|x| d.ancestors(&x.id).find(|a| a.kind == "az").map(|a| (x.id.clone(), a.id.clone())))
        .expect("a workload in an AZ");
    let r = d.layout[&az];
    let none = BTreeSet::new();
    let points: Vec<(f64, f64)> = (0..60).map(|i| (r.x + 4.0, r.y + 30.0 + (r.h - 40.0) * i as f64 / 59.0)).filter(|p| container_at(&d, p.0, p.1, &none).as_ref() == Some(&az)).collect();
    let t = std::time::Instant::now();
    let a = drag(&d, &w, &points, None);
    let per_move = t.elapsed().as_secs_f64() * 1e3;
    let kept = Strands::default();
    let t = std::time::Instant::now();
    let b = drag(&d, &w, &points, Some(&kept));
    let per_drag = t.elapsed().as_secs_f64() * 1e3;
    assert_eq!(a, b, "the same subnets");
    println!("{n} nodes, {} moves over the AZ's padding: a Strands per move {per_move:.1} ms ({:.2} ms a move), one per drag {per_drag:.1} ms ({:.2} ms a move)", points.len(), per_move / points.len() as f64, per_drag / points.len() as f64);
}
