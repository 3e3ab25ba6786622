//! Where drops go on a generated design (`sample::synthetic(n)`), for instruction counts
//! (BENCHMARKS.md s27-place): a Lambda function dropped from the palette at the centre of every
//! container that accepts one (`place::new_node_rect`), and in every container with three
//! components or more the first two moved as a group onto the third (`place::spot_for_move`).
//!
//! `cargo run --release --example place_drop -p cloudwright-engine -- 1000`, under
//! `valgrind --tool=callgrind --toggle-collect='place_drop::drops'`.
use cloudwright_engine::diagram::place::{new_node_rect, spot_for_move};
use cloudwright_engine::model::check_parent;
use cloudwright_engine::{Design, NodeId};
use std::collections::BTreeSet;

#[inline(never)]
fn drops(d: &Design) -> (usize, f64) {
    let (mut count, mut sum) = (0, 0.0);
    for c in d.nodes.values().filter(|n| cloudwright_engine::diagram::geometry::node_is_container(n)) {
        let Some(r) = d.layout.get(&c.id) else { continue };
        if check_parent(d, "lambda", Some(&c.id), None).is_ok() {
            // In a container with no view: never refused.
            let Ok(p) = new_node_rect(d, "lambda", "Lambda", Some(&c.id), (r.x + r.w / 2.0, r.y + r.h / 2.0), None) else { continue };
            sum += p.rect.x + p.rect.y + p.grow.len() as f64;
            count += 1;
        }
        let kids: Vec<&NodeId> = d.nodes.values().filter(|n| n.parent.as_ref() == Some(&c.id) && n.span.is_empty() && !cloudwright_engine::diagram::geometry::node_is_container(n)).map(|n| &n.id).collect();
        if let [a, b, t, ..] = kids[..] {
            let (ra, rt) = (d.layout[a], d.layout[t]);
            let roots = [a.clone(), b.clone()];
            let moving: BTreeSet<NodeId> = roots.iter().cloned().collect();
            let m = spot_for_move(d, &roots, (rt.x - ra.x, rt.y - ra.y), Some(&c.id), &moving, None);
            sum += m.ok().flatten().map_or(0.0, |m| m.by.0 + m.by.1 + m.grow.len() as f64);
            count += 1;
        }
    }
    (count, sum)
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let d = cloudwright_engine::sample::synthetic(n);
    let (count, sum) = drops(&d);
    println!("{n} nodes: {count} drops, checksum {sum}");
}
