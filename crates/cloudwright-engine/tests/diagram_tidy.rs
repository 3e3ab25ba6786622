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

/// The templates and the starter design the app opens with.
fn designs() -> Vec<(String, Design)> {
    let mut out = templates();
    out.push(("starter".to_string(), cloudwright_engine::sample::three_tier()));
    out
}

#[test]
fn tidy_does_not_make_a_design_wider_or_much_taller() {
    // Figures printed for the report (cargo test -- --nocapture).
    let mut failures = Vec::new();
    for (name, d) in designs() {
        let before = diagram::bounds(&d, None).unwrap();
        let after = diagram::bounds(&tidied(&d), None).unwrap();
        eprintln!("{name}: before {:.0}×{:.0}, after tidy {:.0}×{:.0}", before.w, before.h, after.w, after.h);
        // A wider diagram is what does not fit a screen at a readable zoom (the tester's
        // finding 5: the old tidy made three-tier 1,720 px wide, from 1,420): at most 10%
        // wider than the hand-made layout. Taller by at most 25%, or any height that still
        // fits a 1440×900 window at 70% (1,020 px, see the starter's test below): a screen
        // scrolls down more naturally than sideways, and rows of labels need room.
        if after.w > before.w * 1.10 {
            failures.push(format!("{name}: {:.0} wide after tidy, {:.0} before", after.w, before.w));
        }
        if after.h > (before.h * 1.25).max(1020.0) {
            failures.push(format!("{name}: {:.0} tall after tidy, {:.0} before", after.h, before.h));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_tidied_starter_fits_a_1440_by_900_window_at_a_readable_zoom() {
    // At 1440×900 the canvas is 1440 − 240 (palette) − 360 (side panel) = 840 px wide and
    // 900 − 106 (toolbar and totals bar) = 794 px tall; Fit keeps a 40 px margin on each side
    // and stops at 70% (web geometry::MIN_FIT_ZOOM). The design fits whole when
    // w × 0.7 ≤ 840 − 80 = 760, w ≤ 1085, and h × 0.7 ≤ 794 − 80 = 714, h ≤ 1020.
    let t = tidied(&cloudwright_engine::sample::three_tier());
    let b = diagram::bounds(&t, None).unwrap();
    assert!(b.w <= 1085.0 && b.h <= 1020.0, "{b:?}");
}

#[test]
fn tidy_keeps_the_regions_of_a_multi_region_design_side_by_side() {
    let d = templates().into_iter().find(|(n, _)| n == "multi-region-active-passive").unwrap().1;
    let t = tidied(&d);
    let mut regions: Vec<Rect> = t.nodes.values().filter(|n| n.kind == "region").map(|n| t.layout[&n.id]).collect();
    regions.sort_by(|a, b| a.x.total_cmp(&b.x));
    assert_eq!(regions.len(), 2);
    assert_eq!(regions[0].y, regions[1].y, "tops aligned");
    assert!(regions[0].x + regions[0].w < regions[1].x, "side by side: {regions:?}");
    // Each region is no wider than its VPC and the VPC's padding: its services sit above
    // the VPC, not beside it.
    for r in t.nodes.values().filter(|n| n.kind == "region") {
        let vpc = t.nodes.values().find(|n| n.kind == "vpc" && n.parent.as_ref() == Some(&r.id)).unwrap();
        assert!(t.layout[&r.id].w <= t.layout[&vpc.id].w + 2.0 * tidy::PAD + 1e-9, "{}: {:?} vs {:?}", r.id, t.layout[&r.id], t.layout[&vpc.id]);
    }
}

#[test]
fn a_vpc_is_no_wider_than_its_az_columns() {
    // The VPC's own components (gateways, endpoints, a cluster) go in rows above the AZs,
    // at most 10% wider than the AZ columns (TOP_ROW_SLACK): three-tier's top row pushed AZ
    // c out of the screen.
    for (name, d) in designs() {
        let t = tidied(&d);
        for vpc in t.nodes.values().filter(|n| n.kind == "vpc") {
            let azs: Vec<Rect> = t.nodes.values().filter(|n| n.kind == "az" && n.parent.as_ref() == Some(&vpc.id)).map(|n| t.layout[&n.id]).collect();
            let Some(x1) = azs.iter().map(|r| r.x + r.w).reduce(f64::max) else { continue };
            let x0 = azs.iter().map(|r| r.x).fold(f64::INFINITY, f64::min);
            let v = t.layout[&vpc.id];
            let limit = x0 + (x1 - x0) * tidy::TOP_ROW_SLACK + tidy::PAD;
            assert!(v.x + v.w <= limit + 1e-9, "{name}: {} ends at {}, its AZs at {x1}", vpc.id, v.x + v.w);
        }
    }
}

#[test]
fn connectors_meet_a_band_beside_its_icon_and_label_not_on_them() {
    // A band (a component spanning AZs) has its icon and label in the middle of its top and
    // bottom: a connector into that middle read as one line through the stacked bands' icons
    // and labels (the tester's ALB → App tasks → Aurora in the tidied multi-region template).
    use cloudwright_engine::diagram::geometry::{icon_box, label_box};
    let mut checked = 0;
    for (name, d) in designs() {
        let t = tidied(&d);
        let routes = diagram::route_all(&t);
        for (id, r) in &routes {
            let c = &t.connections[id];
            for (end, p) in [(&c.from, r.points[0]), (&c.to, *r.points.last().unwrap())] {
                let n = &t.nodes[end];
                if n.span.is_empty() {
                    continue;
                }
                let b = t.layout[end];
                let on_top_or_bottom = (p.1 - b.y).abs() < 1.0 || (p.1 - (b.y + b.h)).abs() < 1.0;
                if !on_top_or_bottom {
                    continue;
                }
                let (icon, label) = (icon_box(false, &b), label_box(false, &n.label, &b));
                let (x0, x1) = (icon.x.min(label.x), (icon.x + icon.w).max(label.x + label.w));
                assert!(p.0 <= x0 || p.0 >= x1, "{name}: {id} meets {end} at x {} within its icon and label ({x0}..{x1})", p.0);
                checked += 1;
            }
        }
    }
    assert!(checked > 5, "only {checked} connectors meet a band's top or bottom");
}

/// A band's long name (QA s28 F2): "Internal application load balancer for the order service"
/// and longer across two AZs wrapped to 2–3 lines that ran past the band's bottom edge into
/// what is below it, and Tidy up kept room for lines wrapped at a cell, not at the band. A
/// band's name is now one line inside the band, cut with "…" (the whole name its tooltip):
/// its label box — which the drawing, the hit area, the selection outline, routing and
/// placement all read — is inside the band, tidied or not, no connector runs through it, and
/// the tidied design reads well.
#[test]
fn a_bands_long_name_stays_inside_the_band() {
    use cloudwright_engine::diagram::geometry::{label_box, label_cut, label_lines_in, segment_crosses, text_width};
    let names = [
        "Internal application load balancer for the order service",
        "Internal application load balancer for the order service, the payment service and the shipping service (v2)",
    ];
    let mut bands = 0;
    for (tname, d) in designs() {
        let ids: Vec<NodeId> = d.nodes.values().filter(|n| !n.span.is_empty()).map(|n| n.id.clone()).collect();
        if ids.is_empty() {
            continue;
        }
        for name in names {
            let mut renamed = d.clone();
            for id in &ids {
                renamed.nodes.get_mut(id).unwrap().label = name.to_string();
            }
            for (how, t) in [("as drawn", renamed.clone()), ("tidied", tidied(&renamed))] {
                let routes = diagram::route_all(&t);
                for id in &ids {
                    let b = t.layout[id];
                    let lines = label_lines_in(name, b.w);
                    assert_eq!(lines.len(), 1, "{tname} {how}: {id}'s name on one line: {lines:?}");
                    assert!(text_width(&lines[0], false) <= b.w - 24.0, "{tname} {how}: {lines:?} within {b:?}");
                    let l = label_box(false, name, &b);
                    assert!(l.y + l.h <= b.y + b.h && l.x >= b.x && l.x + l.w <= b.x + b.w, "{tname} {how}: {id}'s label {l:?} inside its band {b:?}");
                    assert_eq!(label_cut(name, b.w), lines[0].ends_with('…'), "{tname} {how}: tooltip when cut");
                    for (cid, r) in &routes {
                        for w in r.points.windows(2) {
                            assert!(!segment_crosses(w[0], w[1], &l), "{tname} {how}: {cid} runs through {id}'s label");
                        }
                    }
                    bands += 1;
                }
                if how == "tidied" {
                    let problems = diagram::check(&t);
                    assert!(problems.is_empty(), "{tname}, bands named {name:?}, tidied: {problems:?}");
                    // Tidy up keeps a band's row as tall as one line of name, whatever the
                    // name: the layout is the one the template's own (shorter) names give.
                    // Before, it kept room for the name wrapped at a cell (up to three lines).
                    assert_eq!(t.layout, tidied(&d).layout, "{tname}, bands named {name:?}: tidied as with their own names");
                }
            }
        }
    }
    assert!(bands >= 6, "only {bands} bands checked");
}
