//! Components spanning AZs pasted, dragged to another row, or given a subnet of another row
//! in the inspector (issue 14, QA 14 bugs 1 and 6): the model changes (home and span in the
//! new row's subnets, same AZs), the band is drawn inside its subnets, and a full row opens
//! (its subnets, AZs and VPC grow, what is below moves down) so no container lies on another.
//!
//! Hand-checked on the three-tier template's layout (world units):
//! - Private a/b/c: x 456 / 692 / 928, w 160, y 568, h 132; inside (below the 40-px head,
//!   above the 10-px bottom padding) y 608..690. A band across them runs from 456 + 20 = 476
//!   to 928 + 160 − 20 = 1068: w 592.
//! - Isolated a/b/c: y 728, h 132 (inside 768..850); Public a/b/c: y 312, h 228 (352..530).
//! - "Web app tasks" (ecs-service `app`, home private-a, span private-b/c): (480, 604, 584, 72);
//!   "PostgreSQL (Multi-AZ)" (`db`): (480, 764, 348, 72). One-line labels sit inside the box.

use cloudwright_engine::diagram::band;
use cloudwright_engine::diagram::geometry::intersects;
use cloudwright_engine::edit::Edit;
use cloudwright_engine::model::span;
use cloudwright_engine::{file, Design, History, NodeId, Rect};

fn template(name: &str) -> Design {
    file::load(&std::fs::read_to_string(format!("{}/../../templates/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap()).unwrap()
}
fn id(s: &str) -> NodeId {
    NodeId::new(s)
}
fn ids(v: &[&str]) -> Vec<NodeId> {
    v.iter().map(|s| id(s)).collect()
}
fn apply(d: &mut Design, edits: Vec<Edit>) {
    let mut h = History::new();
    h.apply(d, Edit::Batch { label: "t".into(), edits, switch: None }).unwrap();
}
fn is_container(d: &Design, n: &NodeId) -> bool {
    d.spec(n).is_some_and(|s| s.container)
}
fn inside(a: &Rect, b: &Rect) -> bool {
    a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h
}

/// No two containers overlap unless one holds the other, and every node lies inside its
/// parent — and a spanning component inside every one of its subnets.
fn tidy_nesting(d: &Design) {
    for (a, ra) in &d.layout {
        let n = &d.nodes[a];
        if let Some(p) = n.parent.as_ref().filter(|_| n.span.is_empty()) {
            assert!(inside(ra, &d.layout[p]), "{a} {ra:?} outside its parent {p} {:?}", d.layout[p]);
        }
        for s in n.parent.iter().chain(n.span.iter()).filter(|_| !n.span.is_empty()) {
            let rs = d.layout[s];
            // A band crosses its subnets: inside each one vertically, and reaching into it.
            assert!(ra.y >= rs.y && ra.y + ra.h <= rs.y + rs.h && intersects(ra, &rs), "{a} {ra:?} not drawn in its subnet {s} {rs:?}");
        }
        if !is_container(d, a) {
            continue;
        }
        for (b, rb) in &d.layout {
            if a >= b || !is_container(d, b) || !intersects(ra, rb) {
                continue;
            }
            let nested = d.ancestors(a).any(|x| &x.id == b) || d.ancestors(b).any(|x| &x.id == a);
            assert!(nested, "containers {a} {ra:?} and {b} {rb:?} overlap");
        }
    }
}

#[test]
fn the_row_mate_of_a_subnet_is_the_same_tier_in_another_az() {
    let d = template("three-tier");
    assert_eq!(span::row_mate(&d, &id("isolated-b"), &id("az-a")), Some(id("isolated-a")));
    assert_eq!(span::row_mate(&d, &id("public-b"), &id("az-c")), Some(id("public-c")));
    assert_eq!(span::row_mate(&d, &id("public-b"), &id("az-b")), Some(id("public-b")));
    assert_eq!(span::row_mate(&d, &id("vpc"), &id("az-b")), None, "only a subnet has a row");
    let (home, rest) = span::to_row(&d, &id("app"), &id("isolated-b"), &ids(&["private-a", "private-b", "private-c"])).unwrap();
    assert_eq!((home, rest), (id("isolated-a"), ids(&["isolated-b", "isolated-c"])), "same AZs, home AZ a kept");
}

#[test]
fn a_row_missing_in_one_az_is_refused_saying_which() {
    let mut d = template("three-tier");
    // Isolated c removed: the isolated row has no subnet in AZ c.
    let e = Edit::remove_cascade(&d, &[id("isolated-c")]);
    apply(&mut d, vec![e]);
    let err = band::move_to_row(&d, &id("app"), &id("isolated-b"), None, 770.0).unwrap_err();
    assert!(err.0.contains("no subnet in AZ us-east-1c"), "{}", err.0);
    let err = band::move_to_row(&d, &id("app"), &id("vpc"), None, 770.0).unwrap_err();
    assert!(err.0.contains("drop it on a subnet"), "{}", err.0);
}

#[test]
fn dragging_the_band_to_the_isolated_row_moves_the_model_and_the_drawing() {
    let d = template("three-tier");
    let edits = band::move_to_row(&d, &id("app"), &id("isolated-b"), None, 770.0).unwrap();
    let mut after = d.clone();
    let mut h = History::new();
    h.apply(&mut after, Edit::Batch { label: "Move".into(), edits, switch: None }).unwrap();
    let app = &after.nodes[&id("app")];
    assert_eq!((app.parent.clone(), app.span.clone()), (Some(id("isolated-a")), ids(&["isolated-b", "isolated-c"])));
    // The isolated row (inside 768..850) holds the database band (764..836): no 72-px room
    // 20 px clear of it. The band goes below it at ⌈(836 + 20) / 10⌉ × 10 = 860, the row
    // lacking 860 + 72 − 850 = 82 → 90 px (grid): isolated subnets 132 → 222, AZs 608 → 698,
    // the VPC 868 → 958. Nothing starts below y = 859, so nothing else moves.
    assert_eq!(after.layout[&id("app")], Rect::new(476.0, 860.0, 592.0, 72.0));
    assert_eq!(after.layout[&id("isolated-b")].h, 222.0);
    assert_eq!(after.layout[&id("az-c")].h, 698.0);
    assert_eq!(after.layout[&id("vpc")].h, 958.0);
    assert_eq!(after.layout[&id("db")], d.layout[&id("db")]);
    assert_eq!(after.layout[&id("private-a")], d.layout[&id("private-a")]);
    tidy_nesting(&after);
    h.undo(&mut after).unwrap();
    assert_eq!(after, d, "one undo restores model and drawing");
}

#[test]
fn dropped_in_its_own_row_it_only_moves_within_the_row() {
    let d = template("three-tier");
    // Dropped 10 px lower on Private b: same subnets; the row (608..690) has a free 72-px
    // spot for it (it is not in its own way) nearest to y = 614: 614 + 72 = 686 ≤ 690.
    let edits = band::move_to_row(&d, &id("app"), &id("private-b"), None, 614.0).unwrap();
    assert!(edits.iter().all(|e| matches!(e, Edit::Move { .. })), "no model change: {edits:?}");
    let mut after = d.clone();
    apply(&mut after, edits);
    assert_eq!(after.layout[&id("app")], Rect::new(476.0, 614.0, 592.0, 72.0));
    assert_eq!(after.nodes[&id("app")], d.nodes[&id("app")]);
}

#[test]
fn a_subnet_of_another_row_chosen_in_the_inspector_moves_the_whole_band_there() {
    let d = template("three-tier");
    // The inspector picked Public b for AZ b: the band goes to the public row in AZs a, b, c.
    let picked = ids(&["private-a", "public-b", "private-c"]);
    assert!(!span::one_row(&d, &picked.iter().collect::<Vec<_>>()), "private a, public b, private c are not one row");
    let edits = band::move_to_row(&d, &id("app"), &id("public-b"), Some(&picked), 604.0).unwrap();
    let mut after = d.clone();
    apply(&mut after, edits);
    let app = &after.nodes[&id("app")];
    assert_eq!((app.parent.clone(), app.span.clone()), (Some(id("public-a")), ids(&["public-b", "public-c"])));
    // Public row inside 352..530: the ALB band (348..420) and the NAT gateways (444..516)
    // leave no 72-px spot 20 px clear. Below the NATs: ⌈(516 + 20) / 10⌉ × 10 = 540; the row
    // lacks 540 + 72 − 530 = 82 → 90: public subnets 228 → 318, and everything from y = 539
    // down moves 90: the private subnets 568 → 658, the isolated ones 728 → 818, db 764 → 854.
    assert_eq!(after.layout[&id("app")], Rect::new(476.0, 540.0, 592.0, 72.0));
    assert_eq!(after.layout[&id("public-c")].h, 318.0);
    assert_eq!(after.layout[&id("private-a")].y, 658.0);
    assert_eq!(after.layout[&id("isolated-b")].y, 818.0);
    assert_eq!(after.layout[&id("db")].y, 854.0);
    tidy_nesting(&after);
}

#[test]
fn a_pasted_band_goes_below_the_one_in_its_row_and_the_row_opens() {
    // What paste does for a copy of "Web app tasks" (same subnets, wanted 30 px lower).
    let mut d = template("three-tier");
    let subnets = ids(&["private-a", "private-b", "private-c"]);
    let refs: Vec<&NodeId> = subnets.iter().collect();
    let s = band::spot(&d, None, "Web app tasks 2", &refs, 634.0).unwrap();
    // The row (608..690) is full with the first band (604..676): below it at
    // ⌈(676 + 20) / 10⌉ × 10 = 700; the row lacks 700 + 72 − 690 = 82 → 90 px.
    assert_eq!(s.rect, Rect::new(476.0, 700.0, 592.0, 72.0));
    let mut resized: Vec<(String, f64)> = s
        .make_room
        .iter()
        .filter_map(|e| match e {
            Edit::Resize { id, before, after } => Some((id.to_string(), after.h - before.h)),
            _ => None,
        })
        .collect();
    resized.sort_by(|a, b| a.0.cmp(&b.0));
    let want: Vec<(String, f64)> = ["az-a", "az-b", "az-c", "private-a", "private-b", "private-c", "vpc"].iter().map(|s| (s.to_string(), 90.0)).collect();
    assert_eq!(resized, want, "the row's subnets and what holds them grow 90");
    let mut moved: Vec<String> = s.make_room.iter().filter_map(|e| if let Edit::Move { id, .. } = e { Some(id.to_string()) } else { None }).collect();
    moved.sort();
    assert_eq!(moved, ["db", "isolated-a", "isolated-b", "isolated-c"], "what is below moves down");
    // Three pastes stay tidy: each copy is a band in the private row, none on another.
    for k in 2..=4 {
        let s = band::spot(&d, None, &format!("Web app tasks {k}"), &refs, 634.0).unwrap();
        let mut n = d.nodes[&id("app")].clone();
        n.id = id(&format!("app-{k}"));
        n.label = format!("Web app tasks {k}");
        let mut edits = s.make_room;
        edits.push(Edit::AddNode { node: n, rect: Some(s.rect) });
        apply(&mut d, edits);
    }
    tidy_nesting(&d);
    let bands: Vec<Rect> = ["app", "app-2", "app-3", "app-4"].iter().map(|b| d.layout[&id(b)]).collect();
    for (i, a) in bands.iter().enumerate() {
        for b in &bands[i + 1..] {
            assert!(!intersects(a, b), "{a:?} on {b:?}");
        }
    }
    // 700, then ⌈(772 + 20) / 10⌉ × 10 = 800, then 900.
    assert_eq!(bands.iter().map(|r| r.y).collect::<Vec<_>>(), [604.0, 700.0, 800.0, 900.0]);
}

#[test]
fn given_no_further_subnet_it_is_one_component_wide_in_its_home() {
    let d = template("three-tier");
    let edits = band::place(&d, &id("app"), &id("private-a"), &[], 604.0).unwrap();
    let mut after = d.clone();
    apply(&mut after, edits);
    assert!(after.nodes[&id("app")].span.is_empty());
    let r = after.layout[&id("app")];
    assert_eq!(r.w, 112.0);
    assert!(inside(&r, &after.layout[&id("private-a")]), "{r:?}");
}

#[test]
fn a_copy_gets_the_next_free_number() {
    use cloudwright_engine::defaults::copy_label;
    let mut d = template("three-tier");
    assert_eq!(copy_label(&d, "Web app tasks"), "Web app tasks 2");
    assert_eq!(copy_label(&d, "Nothing like it"), "Nothing like it", "a free label is kept");
    let mut n = d.nodes[&id("app")].clone();
    n.id = id("app-2");
    n.label = "Web app tasks 2".into();
    d.nodes.insert(n.id.clone(), n);
    assert_eq!(copy_label(&d, "Web app tasks"), "Web app tasks 3");
    assert_eq!(copy_label(&d, "Web app tasks 2"), "Web app tasks 3", "a copy of a copy counts on");
}

/// QA (second pass): deleting a subnet or an AZ left the bands of the components spanning it
/// drawn across the empty AZ. Hand arithmetic on the three-tier layout: a band runs from its
/// leftmost subnet's x + 20 (`tidy::PAD`) to its rightmost subnet's right edge − 20. Public a
/// is x 456, Public b x 692 w 160 (right 852): across a and b the band is x 476, w 852 − 20 −
/// 476 = 356 (before: 480 to 1064, across Public c, x 928 w 160, too).
#[test]
fn deleting_a_subnet_or_an_az_redraws_the_bands_across_what_is_left() {
    let base = template("three-tier");
    let delete = |ids_: &[&str]| {
        let mut d = base.clone();
        let mut h = History::new();
        h.apply(&mut d, band::delete(&base, &ids(ids_))).unwrap();
        (d, h)
    };
    // Public c: the ALB spans Public a and b only, drawn across those two.
    let (d, _) = delete(&["public-c"]);
    assert_eq!(d.nodes[&id("alb")].span, ids(&["public-b"]));
    let alb = d.layout[&id("alb")];
    assert_eq!((alb.x, alb.w), (476.0, 356.0), "ALB band {alb:?}");
    let (pa, pb) = (d.layout[&id("public-a")], d.layout[&id("public-b")]);
    assert!(alb.y >= pa.y && alb.y + alb.h <= pa.y + pa.h && alb.x + alb.w <= pb.x + pb.w, "{alb:?} within the public row");
    tidy_nesting(&d);
    // AZ c: both bands through it shrink to AZs a and b; the database's band is untouched.
    let (d, mut h) = delete(&["az-c"]);
    for b in ["alb", "app"] {
        let r = d.layout[&id(b)];
        assert_eq!((r.x, r.w), (476.0, 356.0), "{b} {r:?}");
    }
    assert_eq!(d.layout[&id("db")], base.layout[&id("db")]);
    tidy_nesting(&d);
    // One undo step gives the template back exactly.
    let mut back = d.clone();
    h.undo(&mut back).unwrap();
    assert_eq!(serde_json::to_string(&back).unwrap(), serde_json::to_string(&base).unwrap());
    // Public b and c: the ALB is left in Public a alone, one component wide inside it.
    let (d, _) = delete(&["public-b", "public-c"]);
    assert!(d.nodes[&id("alb")].span.is_empty());
    let alb = d.layout[&id("alb")];
    assert_eq!(alb.w, cloudwright_engine::diagram::geometry::LEAF_W);
    assert!(inside(&alb, &d.layout[&id("public-a")]), "{alb:?} inside Public a");
    // Deleting a component that spans nothing needs no redraw: the plain removal.
    assert_eq!(band::delete(&base, &ids(&["db"])), Edit::remove_cascade(&base, &ids(&["db"])));
}
