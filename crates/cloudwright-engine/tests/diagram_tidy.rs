//! "Tidy up" on every template: the result reads well (the legibility check finds nothing),
//! children stay inside their containers, AZs are columns and subnet tiers rows, it is one
//! undoable edit, and it is deterministic and idempotent.

use cloudwright_engine::diagram::{self, tidy};
use cloudwright_engine::{Design, Edit, NodeId, Rect};
use std::collections::BTreeSet;

mod common;
use common::by_stem as templates;

fn inside(inner: &Rect, outer: &Rect) -> bool {
    inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h
}

fn tidied(d: &Design) -> Design {
    let mut t = d.clone();
    if let Some(e) = tidy::tidy(d, None) {
        e.apply(&mut t).unwrap();
    }
    t
}

#[test]
fn every_template_tidied_reads_well_and_keeps_children_inside() {
    let mut failures = Vec::new();
    for (name, d) in templates() {
        let t = tidied(&d);
        for p in diagram::check(&t) {
            failures.push(format!("{name}: {p}"));
        }
        for n in t.nodes.values() {
            // A component spanning AZs: a band across each of its subnets, within its home
            // subnet's row (issue 14).
            if let (false, Some(home), Some(r)) = (n.span.is_empty(), &n.parent, t.layout.get(&n.id)) {
                let h = t.layout[home];
                for s in std::iter::once(home).chain(&n.span) {
                    let sr = t.layout[s];
                    if !(r.x >= h.x.min(sr.x) && r.x < sr.x + sr.w && sr.x < r.x + r.w && r.y >= sr.y && r.y + r.h <= sr.y + sr.h) {
                        failures.push(format!("{name}: {} does not span {s}", n.id));
                    }
                }
                continue;
            }
            if let (Some(parent), Some(r)) = (&n.parent, t.layout.get(&n.id)) {
                if !inside(r, &t.layout[parent]) {
                    failures.push(format!("{name}: {} is outside {parent}", n.id));
                }
            }
        }
        // Siblings never overlap.
        let ids: Vec<&NodeId> = t.layout.keys().collect();
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                if t.nodes[*a].parent == t.nodes[*b].parent && diagram::intersects(&t.layout[*a], &t.layout[*b]) {
                    failures.push(format!("{name}: {a} and {b} overlap"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn azs_are_columns_and_tiers_are_rows() {
    let d = templates().into_iter().find(|(n, _)| n == "three-tier").unwrap().1;
    let t = tidied(&d);
    let r = |id: &str| t.layout[&NodeId::from(id)];
    // AZ columns: same top, left to right a, b, c.
    assert_eq!(r("az-a").y, r("az-b").y);
    assert!(r("az-a").x < r("az-b").x && r("az-b").x < r("az-c").x);
    // Tier rows line up across AZs, public above private above isolated.
    let subnet_of_tier = |az: &str, tier: &str| {
        t.nodes.values().find(|n| n.kind == "subnet" && n.parent.as_ref().is_some_and(|p| p.as_str() == az) && t.text(n, "tier") == tier).map(|n| t.layout[&n.id]).unwrap()
    };
    for tier in ["public", "private", "isolated"] {
        assert_eq!(subnet_of_tier("az-a", tier).y, subnet_of_tier("az-c", tier).y, "{tier} row");
        assert_eq!(subnet_of_tier("az-a", tier).h, subnet_of_tier("az-b", tier).h, "{tier} row height");
    }
    assert!(subnet_of_tier("az-a", "public").y < subnet_of_tier("az-a", "private").y);
    assert!(subnet_of_tier("az-a", "private").y < subnet_of_tier("az-a", "isolated").y);
    // Entry points left of the VPC: the users and the CDN.
    let vpc = t.nodes.values().find(|n| n.kind == "vpc").unwrap();
    for entry in t.nodes.values().filter(|n| n.kind == "users" || n.kind == "cloudfront") {
        assert!(t.layout[&entry.id].x + t.layout[&entry.id].w <= t.layout[&vpc.id].x, "{} left of the VPC", entry.id);
    }
}

#[test]
fn tidy_is_one_undo_step_deterministic_and_idempotent() {
    for (name, d) in templates() {
        let Some(e) = tidy::tidy(&d, None) else { continue };
        assert!(matches!(&e, Edit::Batch { label, .. } if label == "Tidy up"), "{name}");
        assert!(e.is_layout_only(), "{name}: only positions and sizes change");
        assert_eq!(Some(&e), tidy::tidy(&d, None).as_ref(), "{name}: deterministic");
        let mut t = d.clone();
        e.apply(&mut t).unwrap();
        assert_eq!(t.nodes, d.nodes, "{name}: topology untouched");
        assert_eq!(t.connections, d.connections);
        assert_eq!(tidy::tidy(&t, None), None, "{name}: tidy twice changes nothing");
        e.invert().apply(&mut t).unwrap();
        assert_eq!(t, d, "{name}: one undo restores the design");
    }
}

#[test]
fn tidy_of_a_selection_keeps_the_container_corner_and_leaves_the_rest() {
    let d = templates().into_iter().find(|(n, _)| n == "three-tier").unwrap().1;
    let vpc = d.nodes.values().find(|n| n.kind == "vpc").unwrap().id.clone();
    let sel: BTreeSet<NodeId> = [vpc.clone()].into();
    let rects = tidy::tidy_layout(&d, Some(&sel));
    assert_eq!((rects[&vpc].x, rects[&vpc].y), (d.layout[&vpc].x, d.layout[&vpc].y));
    let inside_vpc: BTreeSet<NodeId> = cloudwright_engine::edit::descendants(&d, &vpc).into_iter().chain([vpc.clone()]).collect();
    assert!(rects.keys().all(|id| inside_vpc.contains(id)), "only the VPC and what it holds move");
}
