//! `Edit`'s reader (`edit.rs`, `edit_serde`): it reads the tag first and the fields straight
//! from the input instead of serde's derived reader of an internally tagged enum (which
//! buffers every edit into a `Content` tree: ~80 kB of the page's wasm, BENCHMARKS.md
//! "s45-size"). Same values as the derived reader on every form serde writes; the derived
//! reader is kept here (`remote`) to compare against.

use cloudwright_engine::{Edit, History};
use cloudwright_engine::edit::SwitchMark;
use cloudwright_engine::model::{Connection, Ingress, Node, NodeId, Rect, Scenario, Suppression, Value, Workload};
use serde::Deserialize;

/// serde's derived reader of the same enum, as `Edit` had it before.
#[derive(Deserialize)]
#[serde(remote = "Edit", tag = "op", rename_all = "snake_case")]
#[allow(dead_code)]
enum Derived {
    AddNode { node: Node, rect: Option<Rect> },
    RemoveNode { node: Node, rect: Option<Rect> },
    Move { id: NodeId, before: Rect, after: Rect },
    Resize { id: NodeId, before: Rect, after: Rect },
    Reparent { id: NodeId, before: Option<NodeId>, after: Option<NodeId> },
    SetSpan { id: NodeId, before: Vec<NodeId>, after: Vec<NodeId> },
    SetProp { id: NodeId, key: String, before: Option<Value>, after: Option<Value> },
    SetLabel { id: NodeId, before: String, after: String },
    SetIngress { id: NodeId, before: Vec<Ingress>, after: Vec<Ingress> },
    SetSuppressions { id: NodeId, before: Vec<Suppression>, after: Vec<Suppression> },
    Connect { conn: Connection },
    Disconnect { conn: Connection },
    UpdateConnection { before: Connection, after: Connection },
    SetWorkload { before: Workload, after: Workload },
    Rename { before: String, after: String },
    SetRegion { before: String, after: String },
    AddScenario { index: usize, scenario: Scenario },
    RemoveScenario { index: usize, scenario: Scenario },
    UpdateScenario { before: Scenario, after: Scenario },
    Batch {
        label: String,
        edits: Vec<Edit>,
        #[serde(default)]
        switch: Option<Box<SwitchMark>>,
    },
}

fn derived(json: &str) -> Result<Edit, String> {
    Derived::deserialize(&mut serde_json::Deserializer::from_str(json)).map_err(|e| e.to_string())
}

fn mine(json: &str) -> Result<Edit, String> {
    serde_json::from_str::<Edit>(json).map_err(|e| e.to_string())
}

/// Edits of every variant as the app and the CLI write them (`serde_json::to_string`), and the
/// forms written before session 24 (no `switch`) or by hand with optional fields left out.
const FORMS: &[&str] = &[
    r#"{"op":"add_node","node":{"id":"a","kind":"lambda","label":"Fn"},"rect":{"x":1.0,"y":2.0,"w":3.0,"h":4.0}}"#,
    r#"{"op":"add_node","node":{"id":"a","kind":"lambda"}}"#,
    r#"{"op":"remove_node","node":{"id":"a","kind":"lambda","props":{"memory_mb":512,"arch":"arm64","on":true,"list":["x","y"]}},"rect":null}"#,
    r#"{"op":"move","id":"a","before":{"x":1,"y":2,"w":3,"h":4},"after":{"x":5,"y":6,"w":7,"h":8}}"#,
    r#"{"op":"resize","id":"a","before":{"x":1,"y":2,"w":3,"h":4},"after":{"x":5,"y":6,"w":7,"h":8}}"#,
    r#"{"op":"reparent","id":"a","before":null,"after":"vpc"}"#,
    r#"{"op":"reparent","id":"a","after":"vpc"}"#,
    r#"{"op":"set_span","id":"a","before":[],"after":["s1","s2"]}"#,
    r#"{"op":"set_prop","id":"a","key":"memory_mb","before":null,"after":1024}"#,
    r#"{"op":"set_prop","id":"a","key":"memory_mb","before":"x"}"#,
    r#"{"op":"set_label","id":"a","before":"","after":"Orders"}"#,
    r#"{"op":"set_ingress","id":"a","before":[],"after":[]}"#,
    r#"{"op":"set_suppressions","id":"a","before":[],"after":[]}"#,
    r#"{"op":"connect","conn":{"id":"c1","from":"a","to":"b","kind":"sync","share":0.5,"port":443}}"#,
    r#"{"op":"disconnect","conn":{"id":"c1","from":"a","to":"b","kind":"async"}}"#,
    r#"{"op":"update_connection","before":{"id":"c1","from":"a","to":"b","kind":"sync"},"after":{"id":"c1","from":"a","to":"b","kind":"replication","retries":2}}"#,
    r#"{"op":"set_workload","before":{},"after":{"request_kb":2.0,"response_kb":8.0}}"#,
    r#"{"op":"rename","before":"a","after":"b"}"#,
    r#"{"op":"set_region","before":"us-east-1","after":"eu-west-1"}"#,
    r#"{"op":"add_scenario","index":0,"scenario":{"id":"s1","name":"10x","traffic_multiplier":10.0}}"#,
    r#"{"op":"remove_scenario","index":0,"scenario":{"id":"s1","name":"10x"}}"#,
    r#"{"op":"update_scenario","before":{"id":"s1","name":"a"},"after":{"id":"s1","name":"b"}}"#,
    r#"{"op":"batch","label":"Tidy up","edits":[]}"#,
    r#"{"op":"batch","label":"Switch","edits":[{"op":"rename","before":"a","after":"b"},{"op":"batch","label":"inner","edits":[{"op":"set_label","id":"a","before":"","after":"x"}]}],"switch":{"nodes":["a"],"from":"ecs-fargate","to":"eks-fargate","not_kept":["Graviton (arm64)"]}}"#,
    r#"{"op":"batch","label":"x","edits":[],"unknown_field":[1,{"a":2}]}"#,
];

/// Every variant of `Edit` by its place in [`TAGS`]: an exhaustive match, so a variant added to
/// `Edit` does not compile here until it is given a place (s30 review: this file listed the
/// variants by hand, and a new one would have been skipped by the comparison without a word).
/// `every_variant_has_a_form` then asks for a form of it in [`FORMS`], whose reading checks
/// [`Derived`] has it too.
fn variant(e: &Edit) -> usize {
    match e {
        Edit::AddNode { .. } => 0,
        Edit::RemoveNode { .. } => 1,
        Edit::Move { .. } => 2,
        Edit::Resize { .. } => 3,
        Edit::Reparent { .. } => 4,
        Edit::SetSpan { .. } => 5,
        Edit::SetProp { .. } => 6,
        Edit::SetLabel { .. } => 7,
        Edit::SetIngress { .. } => 8,
        Edit::SetSuppressions { .. } => 9,
        Edit::Connect { .. } => 10,
        Edit::Disconnect { .. } => 11,
        Edit::UpdateConnection { .. } => 12,
        Edit::SetWorkload { .. } => 13,
        Edit::Rename { .. } => 14,
        Edit::SetRegion { .. } => 15,
        Edit::AddScenario { .. } => 16,
        Edit::RemoveScenario { .. } => 17,
        Edit::UpdateScenario { .. } => 18,
        Edit::Batch { .. } => 19,
    }
}

/// The tag serde writes for each variant, at its [`variant`] place.
const TAGS: [&str; 20] = [
    "add_node", "remove_node", "move", "resize", "reparent", "set_span", "set_prop", "set_label", "set_ingress", "set_suppressions",
    "connect", "disconnect", "update_connection", "set_workload", "rename", "set_region", "add_scenario", "remove_scenario", "update_scenario", "batch",
];

/// Every variant has at least one form in [`FORMS`] (the comparison with the derived reader
/// covers it), and its place in [`TAGS`] is the tag serde writes for it.
#[test]
fn every_variant_has_a_form() {
    let mut seen = [false; TAGS.len()];
    for json in FORMS {
        let e = mine(json).unwrap();
        let i = variant(&e);
        assert_eq!(serde_json::to_value(&e).unwrap()["op"], TAGS[i], "{json}");
        seen[i] = true;
    }
    let missing: Vec<&str> = TAGS.iter().zip(seen).filter(|(_, s)| !s).map(|(t, _)| *t).collect();
    assert!(missing.is_empty(), "variants with no form in FORMS: {missing:?}");
}

#[test]
fn reads_every_form_as_the_derived_reader_did() {
    for json in FORMS {
        let (a, b) = (mine(json), derived(json));
        assert!(a.is_ok(), "{json}: {a:?}");
        assert_eq!(a, b, "{json}");
        // And back: what it writes reads the same.
        let again = serde_json::to_string(a.as_ref().unwrap()).unwrap();
        assert_eq!(mine(&again), a, "{again}");
    }
}

#[test]
fn refuses_what_the_derived_reader_refused() {
    for json in [
        r#"{"op":"teleport","id":"a"}"#,
        r#"{"op":"move","id":"a","before":{"x":1,"y":2,"w":3,"h":4}}"#,
        r#"{"op":"set_label","id":"a","before":1,"after":"x"}"#,
        r#"{"op":7}"#,
        r#"["move","a"]"#,
        r#""move""#,
        r#"{}"#,
    ] {
        assert!(derived(json).is_err(), "derived read {json}");
        assert!(mine(json).is_err(), "read {json}");
    }
}

/// The one form the derived reader took and this one does not: the tag after other keys.
/// serde never writes it (it writes the tag first), so no saved session or request has it.
#[test]
fn the_tag_must_come_first() {
    let json = r#"{"before":"a","op":"rename","after":"b"}"#;
    assert!(derived(json).is_ok());
    let e = mine(json).unwrap_err();
    assert!(e.contains("first key must be \"op\""), "{e}");
}

/// A saved session's history (the page's autosave) reads back equal.
#[test]
fn a_history_round_trips() {
    let json = format!(r#"{{"undo":[{}],"redo":[{}]}}"#, FORMS[..12].join(","), FORMS[12..].join(","));
    let h: History = serde_json::from_str(&json).unwrap();
    let back: History = serde_json::from_str(&serde_json::to_string(&h).unwrap()).unwrap();
    assert_eq!(h, back);
}

/// Read through serde's buffered `Content` too (an edit inside an internally tagged message,
/// as the analysis worker's `Change::Edits` is).
#[test]
fn reads_inside_an_internally_tagged_message() {
    #[derive(Deserialize, Debug)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Change {
        Edits { edits: Vec<Edit> },
    }
    let json = format!(r#"{{"kind":"edits","edits":[{}]}}"#, FORMS.join(","));
    let Change::Edits { edits } = serde_json::from_str(&json).unwrap();
    assert_eq!(edits, FORMS.iter().map(|f| derived(f).unwrap()).collect::<Vec<_>>());
}
