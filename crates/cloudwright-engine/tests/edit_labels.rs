//! Undo/redo labels name components by their labels, never by internal id (issue 14,
//! QA qa14 bug 8), and say what the edit did: a span member swapped for another subnet is a
//! move, not a removal.

use cloudwright_engine::model::{ConnKind, Suppression};
use cloudwright_engine::{file, Design, Edit, History, NodeId, Rect};

fn three_tier() -> Design {
    file::load(&std::fs::read_to_string("../../templates/three-tier.json").unwrap()).unwrap()
}

fn id(s: &str) -> NodeId {
    NodeId::new(s)
}

/// “label” as the labels quote it.
fn q(s: &str) -> String {
    format!("\u{201c}{s}\u{201d}")
}

#[test]
fn single_edits_name_components_by_label() {
    let d = three_tier();
    let rename = Edit::set_label(&d, &id("vpc"), "Prod VPC");
    assert_eq!(rename.describe(&d), format!("Rename {} to {}", q("Production VPC 10.0.0.0/16"), q("Prod VPC")));
    let r = d.layout[&id("alb")];
    let moved = Edit::Move { id: id("alb"), before: r, after: Rect { x: r.x + 10.0, ..r } };
    assert_eq!(moved.describe(&d), format!("Move {}", q("Public ALB")));
    let connect = Edit::connect(&d, &id("alb"), &id("app"), ConnKind::Sync);
    assert_eq!(connect.describe(&d), format!("Connect {} to {}", q("Public ALB"), q("Web app tasks")));
    // A property by its catalog label (`multi_az` is "Multi-AZ" in the catalog).
    let prop = Edit::SetProp { id: id("db"), key: "multi_az".into(), before: None, after: None };
    assert_eq!(prop.describe(&d), format!("Set Multi-AZ on {}", q("PostgreSQL (Multi-AZ)")));
    let sup = Edit::SetSuppressions { id: id("db"), before: vec![], after: vec![Suppression { rule: "r".into(), reason: "why".into() }] };
    assert_eq!(sup.describe(&d), format!("Suppress a finding on {}", q("PostgreSQL (Multi-AZ)")));
    let reparent = Edit::Reparent { id: id("nat-a"), before: Some(id("public-a")), after: Some(id("public-b")) };
    assert_eq!(reparent.describe(&d), format!("Move {} into {}", q("NAT gateway a"), q("Public b")));
}

/// A long label is cut in a description (QA s20: a 200-character label ran the undo tooltip
/// across the screen); one of exactly 40 characters is kept whole.
#[test]
fn long_labels_are_cut_in_descriptions() {
    let d = three_tier();
    let long = "Orders API service for the EU storefront, v2 (blue/green)";
    let rename = Edit::set_label(&d, &id("alb"), long);
    // 39 characters and an ellipsis: "Orders API service for the EU storefron" + "…".
    assert_eq!(rename.describe(&d), format!("Rename {} to {}", q("Public ALB"), q("Orders API service for the EU storefron\u{2026}")));
    let forty = "A".repeat(40);
    assert_eq!(Edit::set_label(&d, &id("alb"), &forty).describe(&d), format!("Rename {} to {}", q("Public ALB"), q(&forty)));
    // Cut by characters, not bytes: no panic inside a multi-byte character.
    let accented = "é".repeat(50);
    assert_eq!(Edit::set_label(&d, &id("alb"), &accented).describe(&d), format!("Rename {} to {}", q("Public ALB"), q(&format!("{}\u{2026}", "é".repeat(39)))));
}

#[test]
fn span_labels_compare_the_members_not_the_counts() {
    let d = three_tier();
    let app = id("app");
    let span = |after: &[&str]| Edit::SetSpan { id: app.clone(), before: vec![id("private-b"), id("private-c")], after: after.iter().map(|s| id(s)).collect() };
    // Same length, one member swapped: a move to the new subnet (QA: it read "Remove app from an AZ").
    assert_eq!(span(&["public-b", "private-c"]).describe(&d), format!("Move {} to Public b", q("Web app tasks")));
    assert_eq!(span(&["private-b"]).describe(&d), format!("Remove {} from Private c", q("Web app tasks")));
    assert_eq!(span(&["private-b", "private-c", "public-a"]).describe(&d), format!("Place {} in Public a", q("Web app tasks")));
    assert_eq!(span(&["private-c", "private-b"]).describe(&d), format!("Reorder the AZs of {}", q("Web app tasks")));
}

#[test]
fn batches_name_what_they_move_or_delete_and_no_label_holds_an_id() {
    let d = three_tier();
    assert_eq!(Edit::move_by(&d, &[id("alb")], 10.0, 0.0).label(), format!("Move {}", q("Public ALB")));
    assert_eq!(Edit::move_by(&d, &[id("alb"), id("db")], 10.0, 0.0).label(), "Move 2 components");
    assert_eq!(Edit::remove_cascade(&d, &[id("waf")]).label(), format!("Delete {}", q("Web ACL")));
    // Named by what goes (QA s23 #20: Select all chose the starter's top-level nodes and the
    // undo read "Delete 9 components" for all of them).
    let all: Vec<NodeId> = d.nodes.values().filter(|n| n.parent.is_none()).map(|n| n.id.clone()).collect();
    assert!(all.len() < d.nodes.len());
    assert_eq!(Edit::remove_cascade(&d, &all).label(), format!("Delete {} components", d.nodes.len()));
    // One container: it and what is inside it. Private b holds Web app (b) only.
    let inside = d.nodes.values().filter(|n| d.ancestors(&n.id).any(|a| a.id == id("vpc"))).count();
    assert_eq!(Edit::remove_cascade(&d, &[id("vpc")]).label(), format!("Delete {} and the {inside} components inside", q("Production VPC 10.0.0.0/16")));
    // One inside: "the component" (QA s25 read "the 1 component"). A subnet holding one
    // component of its own (not a band across AZs: that stays, in the subnets it keeps):
    let one = d
        .nodes
        .values()
        .find(|n| n.kind == "subnet" && d.children(&n.id).count() == 1 && d.children(&n.id).all(|c| c.span.is_empty() && d.children(&c.id).next().is_none()))
        .expect("a subnet holding one component");
    assert_eq!(Edit::remove_cascade(&d, &[one.id.clone()]).label(), format!("Delete {} and the component inside", q(&one.label)));
    // A node this edit removes is named from the edit (it is gone from the design after it).
    let mut after = d.clone();
    let delete = Edit::RemoveNode { node: d.nodes[&id("kms")].clone(), rect: d.layout.get(&id("kms")).copied() };
    Edit::remove_cascade(&d, &[id("kms")]).apply(&mut after).unwrap();
    assert_eq!(delete.describe(&after), format!("Delete {}", q("Data key")));
    // Without the design, no id either: a generic description.
    let r = d.layout[&id("alb")];
    let label = Edit::Move { id: id("alb"), before: r, after: r }.label();
    assert_eq!(label, "Move a component");
}

#[test]
fn history_labels_follow_the_design() {
    let mut d = three_tier();
    let mut h = History::new();
    let e = Edit::set_label(&d, &id("vpc"), "Prod VPC");
    h.apply(&mut d, e).unwrap();
    // The undo label is read after the rename: the edit itself carries both names.
    assert_eq!(h.undo_label(&d), Some(format!("Rename {} to {}", q("Production VPC 10.0.0.0/16"), q("Prod VPC"))));
    let e = Edit::SetSpan { id: id("app"), before: vec![id("private-b"), id("private-c")], after: vec![id("public-b"), id("private-c")] };
    h.apply(&mut d, e).unwrap();
    assert_eq!(h.undo_label(&d), Some(format!("Move {} to Public b", q("Web app tasks"))));
    h.undo(&mut d).unwrap();
    assert_eq!(h.redo_label(&d), Some(format!("Move {} to Public b", q("Web app tasks"))));
}

#[test]
fn refusals_name_components_by_label() {
    let mut d = three_tier();
    // A container with nodes in it cannot go on its own.
    let e = Edit::RemoveNode { node: d.nodes[&id("vpc")].clone(), rect: d.layout.get(&id("vpc")).copied() };
    assert_eq!(e.apply(&mut d).unwrap_err().0, format!("{} still contains other nodes", q("Production VPC 10.0.0.0/16")));
    // A stale move (the ALB moved since): "Cannot undo: the position of “Public ALB” changed …".
    let r = d.layout[&id("alb")];
    let stale = Edit::Move { id: id("alb"), before: Rect { x: r.x + 1.0, ..r }, after: r };
    assert_eq!(stale.apply(&mut d).unwrap_err().0, format!("the position of {} changed since this edit was made", q("Public ALB")));
}
