//! Restoring a saved version as one edit (`edit::restore`), by hand: the batch holds exactly
//! the edits that differ, in a legal order; kind changes and moves between containers are
//! rebuilds; a stale undo is refused with the design untouched; every field of the design is
//! one restore knows (so a new file-format field cannot be silently left out). The random
//! cases are in tests/edits_prop.rs (`restore_*`).

use cloudwright_engine::edit::{self, Edit};
use cloudwright_engine::model::{fields, Design, NodeId, Rect, Value};
use cloudwright_engine::History;

fn three_tier() -> Design {
    let p = format!("{}/../../templates/three-tier.json", env!("CARGO_MANIFEST_DIR"));
    cloudwright_engine::file::load(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn some_leaf(d: &Design) -> NodeId {
    d.nodes.values().find(|n| n.kind == "rds").expect("three-tier has a database").id.clone()
}

#[test]
fn the_batch_holds_exactly_the_differences() {
    let version = three_tier();
    let mut d = version.clone();
    let db = some_leaf(&d);
    // Two edits after the version: a property and a move.
    Edit::set_prop(&d, &db, "multi_az", Some(Value::Bool(false))).apply(&mut d).unwrap();
    let r = d.layout[&db];
    Edit::Move { id: db.clone(), before: r, after: Rect { x: r.x + 40.0, ..r } }.apply(&mut d).unwrap();
    let e = edit::restore(&d, &version, "Restore version \u{201c}v1\u{201d}").unwrap();
    let Edit::Batch { label, edits, .. } = &e else { panic!("a batch") };
    assert_eq!(label, "Restore version \u{201c}v1\u{201d}");
    // Expected, by hand: the property back to what the version had, then the move back.
    let before_prop = version.nodes[&db].props.get("multi_az").cloned();
    assert_eq!(
        edits,
        &vec![
            Edit::SetProp { id: db.clone(), key: "multi_az".into(), before: Some(Value::Bool(false)), after: before_prop },
            Edit::Move { id: db.clone(), before: Rect { x: r.x + 40.0, ..r }, after: r },
        ]
    );
    assert!(!e.is_layout_only());
    let mut back = d.clone();
    e.apply(&mut back).unwrap();
    assert_eq!(back, version);
}

#[test]
fn only_a_move_is_a_layout_only_restore() {
    let version = three_tier();
    let mut d = version.clone();
    let db = some_leaf(&d);
    let r = d.layout[&db];
    Edit::Move { id: db.clone(), before: r, after: Rect { y: r.y + 20.0, ..r } }.apply(&mut d).unwrap();
    let e = edit::restore(&d, &version, "Restore").unwrap();
    assert!(e.is_layout_only(), "the analyses need not re-run: {e:?}");
}

#[test]
fn a_kind_change_and_a_move_between_containers_are_rebuilt_with_their_connections() {
    let version = three_tier();
    let mut d = version.clone();
    // Change every service that can switch kind (ECS -> an EKS node group, as the Compare panel does) and
    // move the database into another subnet: both are rebuilds, connections included.
    let svc = d.nodes.values().find(|n| n.kind == "ecs-service").map(|n| n.id.clone()).expect("three-tier runs ECS services");
    edit::replace_kind(&d, &svc, "eks-nodegroup", "Now on EKS").unwrap().apply(&mut d).unwrap();
    let db = some_leaf(&d);
    let parent = d.nodes[&db].parent.clone();
    // A subnet it is not placed in already (a Multi-AZ database spans its standby's subnet too).
    let span = d.nodes[&db].span.clone();
    let other = d.nodes.values().find(|n| n.kind == "subnet" && Some(&n.id) != parent.as_ref() && !span.contains(&n.id)).map(|n| n.id.clone()).expect("another subnet");
    Edit::Reparent { id: db.clone(), before: parent, after: Some(other) }.apply(&mut d).unwrap();
    let e = edit::restore(&d, &version, "Restore").unwrap();
    // Both are rebuilt: removed and added again (with their connections), not edited in place.
    let Edit::Batch { edits, .. } = &e else { panic!("a batch") };
    for id in [&svc, &db] {
        assert!(edits.iter().any(|x| matches!(x, Edit::RemoveNode { node, .. } if &node.id == id)), "{id} removed");
        assert!(edits.iter().any(|x| matches!(x, Edit::AddNode { node, .. } if &node.id == id)), "{id} added again");
    }
    assert!(edits.iter().any(|x| matches!(x, Edit::Connect { .. })), "connections back");
    let mut h = History::new();
    let edited = d.clone();
    h.apply(&mut d, e).unwrap();
    assert_eq!(d, version);
    h.undo(&mut d).unwrap();
    assert_eq!(d, edited);
}

#[test]
fn a_stale_undo_of_a_restore_is_refused_and_changes_nothing() {
    let version = three_tier();
    let mut d = version.clone();
    let db = some_leaf(&d);
    Edit::set_label(&d, &db, "Orders DB").apply(&mut d).unwrap();
    let e = edit::restore(&d, &version, "Restore").unwrap();
    e.apply(&mut d).unwrap();
    // Someone changes the label again after the restore: the restore's inverse is stale.
    Edit::set_label(&d, &db, "Something else").apply(&mut d).unwrap();
    let now = d.clone();
    let refused = e.invert().apply(&mut d).unwrap_err();
    assert!(refused.0.contains("label"), "{refused}");
    assert_eq!(d, now);
}

#[test]
fn restore_to_a_different_design_replaces_everything_and_back() {
    let a = three_tier();
    let p = format!("{}/../../templates/serverless-api.json", env!("CARGO_MANIFEST_DIR"));
    let b = cloudwright_engine::file::load(&std::fs::read_to_string(p).unwrap()).unwrap();
    let e = edit::restore(&a, &b, "Restore").unwrap();
    let mut d = a.clone();
    e.apply(&mut d).unwrap();
    assert_eq!(d, b);
    e.invert().apply(&mut d).unwrap();
    assert_eq!(d, a);
}

/// `restore` sets every field of a design through an edit. When the file format gains a
/// field of the design itself, this fails until `edit::restore` learns it (until then,
/// restore refuses a version that differs in it, naming the field, rather than
/// half-restoring). A new field of a node, a connection, a scenario, the workload or a
/// rectangle needs nothing: those are compared whole, and a node that differs in a field
/// restore does not set in place is rebuilt (`edit::restore`'s plan, step 2).
#[test]
fn restore_knows_every_field_of_the_design() {
    assert_eq!(fields::serde_fields::<Design>(), &["name", "region", "nodes", "connections", "workload", "layout", "scenarios"], "edit::restore must set the new Design field");
}
