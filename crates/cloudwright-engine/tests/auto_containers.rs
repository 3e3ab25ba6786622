//! A component placed in a design that lacks the containers it needs gets them, created in
//! one undoable edit with the engine's defaults (issue 14, QA qa14 bug 10: "postgres" + Enter
//! in an empty design said "RDS database cannot sit at the top level").

use cloudwright_engine::diagram::place::inner;
use cloudwright_engine::diagram::scaffold::{containers_needed, place_with_containers, Chain};
use cloudwright_engine::{file, Design, History, NodeId, Rect};

fn empty() -> Design {
    Design::new("Empty", "us-east-1")
}

fn inside(a: &Rect, b: &Rect) -> bool {
    a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h
}

#[test]
fn the_shortest_chain_from_what_the_design_has() {
    let d = empty();
    // RDS sits in a subnet, a subnet in an AZ, an AZ in a VPC, a VPC at the top level: three.
    assert_eq!(containers_needed(&d, "rds"), Some(Chain { host: None, kinds: vec!["vpc", "az", "subnet"] }));
    // What may sit at the top level needs nothing; a load balancer only a VPC.
    assert_eq!(containers_needed(&d, "lambda"), None);
    assert_eq!(containers_needed(&d, "alb"), Some(Chain { host: None, kinds: vec!["vpc"] }));
    // A design with a VPC (the three-tier template has subnets too: nothing needed).
    let tt = file::load(&std::fs::read_to_string("../../templates/three-tier.json").unwrap()).unwrap();
    assert_eq!(containers_needed(&tt, "rds"), None);
    // A VPC and nothing in it: an AZ and a subnet in that VPC, not a second VPC.
    let mut d = empty();
    let (e, _) = place_with_containers(&d, "alb", (0.0, 0.0), None).unwrap().unwrap();
    e.apply(&mut d).unwrap();
    let vpc = d.nodes.values().find(|n| n.kind == "vpc").unwrap().id.clone();
    assert_eq!(containers_needed(&d, "rds"), Some(Chain { host: Some(vpc), kinds: vec!["az", "subnet"] }));
}

#[test]
fn postgres_in_an_empty_design_gets_a_vpc_an_az_and_an_isolated_subnet() {
    let mut d = empty();
    let before = d.clone();
    let view = Rect::new(-200.0, -150.0, 800.0, 600.0);
    let (edit, id) = place_with_containers(&d, "rds", (200.0, 150.0), Some(view)).unwrap().unwrap();
    assert_eq!(edit.label(), "Add RDS database (with a new VPC, AZ and subnet)");
    let mut h = History::new();
    h.apply(&mut d, edit).unwrap();
    assert_eq!(d.nodes.len(), 4);
    let db = &d.nodes[&id];
    assert_eq!((db.kind.as_str(), db.label.as_str()), ("rds", "RDS database"));
    let subnet = &d.nodes[db.parent.as_ref().unwrap()];
    let az = &d.nodes[subnet.parent.as_ref().unwrap()];
    let vpc = &d.nodes[az.parent.as_ref().unwrap()];
    assert_eq!((subnet.kind.as_str(), az.kind.as_str(), vpc.kind.as_str()), ("subnet", "az", "vpc"));
    assert_eq!(vpc.parent, None);
    // Defaults: the VPC's catalog block 10.0.0.0/16; the subnet its first /24
    // (default_subnet_len(16) = max(16 + 4, 24) = 24); zone a; a database in the isolated tier.
    assert_eq!(d.text(vpc, "cidr"), "10.0.0.0/16");
    assert_eq!(d.text(subnet, "cidr"), "10.0.0.0/24");
    assert_eq!(d.text(subnet, "tier"), "isolated");
    assert_eq!(d.text(az, "zone"), "a");
    assert_eq!((vpc.label.as_str(), az.label.as_str(), subnet.label.as_str()), ("VPC", "AZ us-east-1a", "Isolated (data) a"));
    // Nested: each rectangle inside its container's content area; the VPC on screen.
    let r = |id: &NodeId| d.layout[id];
    assert!(inside(&r(&db.id), &inner(&r(&subnet.id))));
    assert!(inside(&r(&subnet.id), &inner(&r(&az.id))));
    assert!(inside(&r(&az.id), &inner(&r(&vpc.id))));
    assert!(inside(&r(&vpc.id), &view), "{:?} in {view:?}", r(&vpc.id));
    // One undo step removes all four.
    h.undo(&mut d).unwrap();
    assert_eq!(d, before);
}

#[test]
fn a_second_database_reuses_the_containers() {
    let mut d = empty();
    let (e, _) = place_with_containers(&d, "rds", (0.0, 0.0), None).unwrap().unwrap();
    e.apply(&mut d).unwrap();
    // The subnet now holds databases: nothing more to create.
    assert!(place_with_containers(&d, "rds", (0.0, 0.0), None).is_none());
    // A NAT gateway also sits in a subnet, and one exists: the usual placement applies.
    assert!(place_with_containers(&d, "nat-gateway", (0.0, 0.0), None).is_none());
}

/// s32-place: an RDS database placed with the VPC, AZ and subnet it needs, where the view has
/// no free spot at the top level (zoomed in on a top-level component that fills it) is refused
/// saying why, as a drop of the kind alone is. Fails on main: placed ("Add RDS database (with a
/// new VPC, AZ and subnet)"), the new VPC out of sight.
#[test]
fn containers_for_a_new_component_are_refused_when_the_view_has_no_free_spot() {
    let mut d = empty();
    let node = cloudwright_engine::Node { id: NodeId::from("f"), kind: "lambda".into(), label: "Fn".into(), parent: None, span: vec![], props: Default::default(), ingress: vec![], suppressions: vec![] };
    cloudwright_engine::Edit::AddNode { node, rect: Some(Rect::new(0.0, 0.0, 112.0, 72.0)) }.apply(&mut d).unwrap();
    let full = Rect::new(10.0, 10.0, 90.0, 50.0);
    let e = place_with_containers(&d, "rds", (50.0, 30.0), Some(full)).unwrap().expect_err("refused");
    assert_eq!(e.0, "No free space in view for a new RDS database and the containers it needs: zoom out or scroll to an empty area, and try again");
    // Without a view: placed (beside the function).
    assert!(place_with_containers(&d, "rds", (50.0, 30.0), None).unwrap().is_ok());
}
