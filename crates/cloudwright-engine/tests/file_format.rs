//! The file format: fixtures of every past version, exact round trips, exact error paths
//! and messages for bad files, and a fuzz-equivalent property test (`load` never panics,
//! never half-loads).
//!
//! `CLOUDWRIGHT_FUZZ_CASES=200000 cargo test --release --test file_format fuzz` runs the
//! fuzz properties longer (default 2,000 cases each, so `cargo test` stays fast).

#![allow(clippy::manual_is_multiple_of, clippy::type_complexity)] // `n % 2 == 0` reads plainly in generators

use cloudwright_engine::catalog::{self, PropType};
use cloudwright_engine::file::{self, ImportError, MAX_FILE_BYTES, SCHEMA_VERSION};
use cloudwright_engine::model::{check_connection, check_parent, ConnKind, Connection, Design, Ingress, Node, NodeId, Rect, Suppression, Value};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use serde_json::Value as J;
use std::collections::BTreeMap;

const V1_THREE_TIER: &str = include_str!("fixtures/file/v1-three-tier.json");
const V2_THREE_TIER: &str = include_str!("fixtures/file/v2-three-tier.json");
const V2_MULTI_REGION: &str = include_str!("fixtures/file/v2-multi-region.json");
const V2_MINIMAL: &str = include_str!("fixtures/file/v2-minimal.json");
const V2_DROPPED_PROPS: &str = include_str!("fixtures/file/v2-dropped-props.json");
const V3_SERVERLESS: &str = include_str!("fixtures/file/v3-serverless-api.json");
const V4_SCENARIOS: &str = include_str!("fixtures/file/v4-scenarios.json");
const V4_THREE_TIER: &str = include_str!("fixtures/file/v4-three-tier.json");

/// Every valid fixture, of every version.
const VALID: &[(&str, &str)] = &[
    ("v1-three-tier", V1_THREE_TIER),
    ("v2-three-tier", V2_THREE_TIER),
    ("v2-multi-region", V2_MULTI_REGION),
    ("v2-minimal", V2_MINIMAL),
    ("v2-dropped-props", V2_DROPPED_PROPS),
    ("v3-serverless-api", V3_SERVERLESS),
    ("v4-scenarios", V4_SCENARIOS),
    ("v4-three-tier", V4_THREE_TIER),
];

fn load(text: &str) -> Design {
    file::load(text).unwrap_or_else(|e| panic!("should load:\n{e}"))
}

/// The problems as "path: message" lines.
fn problems(text: &str) -> Vec<String> {
    match file::load(text) {
        Ok(_) => panic!("should not load"),
        Err(e) => e.problems.iter().map(|p| p.to_string()).collect(),
    }
}

fn bad(name: &str) -> String {
    let path = format!("{}/tests/fixtures/file/bad/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Whether serde_json reads every float back exactly (its `float_roundtrip` feature).
fn exact_floats() -> bool {
    serde_json::from_str::<f64>("442490.74867173156").ok() == Some(442490.74867173156)
}

/// Equal designs; without exact float parsing (see `floats_round_trip_exactly`), equal up
/// to the last bits of floats, so the other properties are still checked.
fn same(a: &Design, b: &Design) -> bool {
    a == b || (!exact_floats() && close(&serde_json::to_value(a).unwrap(), &serde_json::to_value(b).unwrap()))
}

fn close(a: &J, b: &J) -> bool {
    match (a, b) {
        (J::Number(x), J::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs())
        }
        (J::Array(x), J::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| close(x, y)),
        (J::Object(x), J::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| close(v, w))),
        _ => a == b,
    }
}

// ---------------------------------------------------------------- valid files

#[test]
fn every_valid_fixture_loads_and_round_trips() {
    for (name, text) in VALID {
        let d = file::load(text).unwrap_or_else(|e| panic!("{name} should load:\n{e}"));
        let saved = file::save(&d);
        assert_eq!(file::load(&saved).unwrap(), d, "{name}: save -> load");
        assert_eq!(file::save(&file::load(&saved).unwrap()), saved, "{name}: save is a fixpoint");
    }
}

#[test]
fn v1_loads_and_equals_the_same_design_written_in_v2() {
    let v1 = file::load_versioned(V1_THREE_TIER).unwrap();
    let v2 = file::load_versioned(V2_THREE_TIER).unwrap();
    assert_eq!(v1.version, 1);
    assert_eq!(v2.version, 2);
    assert_eq!(v1.design, v2.design);
    let d = v1.design;
    assert_eq!(d.nodes.len(), 10);
    assert_eq!(d.connections.len(), 3);
    // Positions moved into the layout; a node without one has none.
    assert_eq!(d.layout[&NodeId::new("db")], Rect::new(300.0, 440.0, 96.0, 64.0));
    assert!(!d.layout.contains_key(&NodeId::new("notes")));
    assert_eq!(d.layout.len(), 9);
    // The connection list became a map keyed by id, every field kept.
    let c3 = &d.connections[&"c3".into()];
    assert_eq!((c3.from.as_str(), c3.to.as_str(), c3.kind), ("web", "db", ConnKind::Sync));
    assert_eq!((c3.timeout_ms, c3.retries, c3.label.as_str()), (Some(2000.0), Some(2), "SQL"));
    // Workload fields absent from the file take their defaults.
    assert_eq!(d.workload.request_kb, 4.0);
    assert!(d.workload.critical);
    assert_eq!(d.workload.growth_pct_per_month, 0.0);
}

/// A v2 file as the current version writes it: v3 changed no field these fixtures use, only
/// the version number.
fn as_current(v2: &str) -> String {
    v2.replacen("\"schema_version\": 2", &format!("\"schema_version\": {SCHEMA_VERSION}"), 1)
}

#[test]
fn saving_the_v2_fixtures_reproduces_them_byte_for_byte() {
    // If this fails because the model gained a field, the saved format changed: regenerate
    // the fixture and decide whether older files still load (else bump SCHEMA_VERSION).
    for (name, text) in [("v2-three-tier", V2_THREE_TIER), ("v2-multi-region", V2_MULTI_REGION)] {
        assert_eq!(file::save(&load(text)), as_current(text), "{name}");
    }
    assert_eq!(file::save(&load(V1_THREE_TIER)), as_current(V2_THREE_TIER), "v1 saved as the current version");
}

#[test]
fn v2_loses_only_the_properties_that_changed_nothing() {
    // v3 dropped ACM certificates, EventBridge rules and Karpenter's Spot share (issue 19); a
    // Karpenter-filled node group without a share of its own takes Karpenter's.
    let l = file::load_versioned(V2_DROPPED_PROPS).unwrap();
    assert_eq!(l.version, 2);
    let d = l.design;
    let props = |id: &str| d.nodes[&NodeId::new(id)].props.clone();
    assert!(props("cert").is_empty());
    assert_eq!(props("bus").into_iter().collect::<Vec<_>>(), vec![("archive".to_string(), Value::Bool(true))]);
    assert!(!props("karpenter").contains_key("spot_pct"));
    assert_eq!(props("nodes-a").get("spot_pct"), Some(&Value::Number(60.0)));
    assert_eq!(props("system").get("spot_pct"), Some(&Value::Number(0.0)), "a group's own share stays");
    // and the result is a valid current-version design
    assert!(file::save(&d).starts_with(&format!("{{\n  \"schema_version\": {SCHEMA_VERSION},")));
    assert_eq!(file::load(&file::save(&d)).unwrap(), d);
}

#[test]
fn save_writes_the_current_version_first_and_is_deterministic() {
    let d = load(V2_MULTI_REGION);
    let s = file::save(&d);
    assert!(s.starts_with(&format!("{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"name\"")), "{s}");
    assert!(s.ends_with("}\n"));
    // Building the same design in another order writes the same bytes.
    let mut other = Design::new(d.name.clone(), d.region.clone());
    other.workload = d.workload.clone();
    for (id, n) in d.nodes.iter().rev() {
        other.nodes.insert(id.clone(), n.clone());
    }
    for (id, c) in d.connections.iter().rev() {
        other.connections.insert(id.clone(), c.clone());
    }
    for (id, r) in d.layout.iter().rev() {
        other.layout.insert(id.clone(), *r);
    }
    assert_eq!(file::save(&other), s);
}

#[test]
fn a_minimal_file_takes_every_default() {
    assert_eq!(load(V2_MINIMAL), Design::new("", "us-east-1"));
}

#[test]
fn the_multi_region_fixture_keeps_every_field() {
    let d = load(V2_MULTI_REGION);
    let c1 = &d.connections[&"c1".into()];
    assert_eq!(c1.share, Some(0.5));
    assert_eq!(c1.payload_kb, Some(12.5));
    assert_eq!(c1.port, Some(443));
    assert_eq!(c1.timeout_ms, Some(1500.5));
    assert_eq!(c1.retries, Some(3));
    assert!(c1.circuit_breaker);
    assert_eq!(d.connections[&"c2".into()].share, None, "null reads as unset");
    let db = &d.nodes[&NodeId::new("db")];
    assert_eq!(db.ingress, vec![Ingress { port: 3306, cidr: "10.0.0.0/16".into() }]);
    assert_eq!(db.suppressions.len(), 1);
    assert_eq!(d.layout[&NodeId::new("alb-us")].y, 0.1 + 0.2, "floats round-trip exactly");
    assert_eq!(d.region_of(&NodeId::new("db-eu")), "eu-west-1");
}

#[test]
fn floats_round_trip_exactly() {
    // Needs serde_json's `float_roundtrip` feature (workspace Cargo.toml). Without it
    // serde_json parses some 16-17 digit numbers one unit in the last place off, so a
    // saved design (e.g. a node resized to w = 442490.74867173156) reloads different.
    // The property tests below tolerate that when the feature is off (see `same`), so
    // this is the one test that fails for it.
    let mut d = Design::new("floats", "us-east-1");
    d.nodes.insert(NodeId::new("u"), Node { label: String::new(), ..Node::new("u", "users") });
    // Values within the fields' ranges (model::fields): positions up to 1e6, sizes from 1,
    // payloads from 0 (where the smallest floats go).
    for x in [442490.74867173156, 992337.4884417177, 0.1 + 0.2, 1.0 / 3.0, f64::MIN_POSITIVE, 5e-324, -123456.78901234567, 2.0f64.powi(19) + 1.0 / 1024.0] {
        d.layout.insert(NodeId::new("u"), Rect::new(x, -x, 1.0 + x.abs() / 10.0, 1.0));
        d.workload.request_kb = x.abs().min(10_240.0);
        assert_eq!(file::load(&file::save(&d)).unwrap(), d, "{x:e} must survive save -> load: in the workspace Cargo.toml, write serde_json = {{ version = \"1\", features = [\"float_roundtrip\"] }}");
    }
}

#[test]
fn a_byte_order_mark_is_ignored() {
    assert_eq!(load(&format!("\u{feff}{V2_MINIMAL}")), load(V2_MINIMAL));
}

// ---------------------------------------------------------------- bad files

#[test]
fn bad_unknown_kind() {
    assert_eq!(
        problems(&bad("unknown-kind")),
        [
            "$.nodes[\"lb\"].kind: unknown component kind \"albb\" (did you mean \"alb\"?)",
            "$.nodes[\"legacy\"].kind: unknown component kind \"mainframe\"",
        ]
    );
    let e = file::load(&bad("unknown-kind")).unwrap_err();
    assert_eq!(e.problems[1].node, Some(NodeId::new("legacy")), "the problem names its node");
}

#[test]
fn bad_wrong_type() {
    assert_eq!(
        problems(&bad("wrong-type")),
        [
            "$.workload.team_size: Team size must be a whole number; got text \"five\"",
            "$.nodes[\"db-1\"].label: must be text; got a number (7)",
            "$.nodes[\"db-1\"].props.engine: must be true/false, a number, text or a list of text; got null",
            "$.nodes[\"db-1\"].props.multi_az: Multi-AZ must be true or false; got text \"yes\"",
        ]
    );
}

#[test]
fn bad_out_of_range() {
    assert_eq!(
        problems(&bad("out-of-range")),
        [
            "$.nodes[\"az-1\"].props.zone: Zone must be one of a, b, c, d, e, f; got \"z\"",
            "$.nodes[\"db-1\"].props.iops: RDS database has no property \"iops\"",
            "$.nodes[\"db-1\"].props.read_replicas: Read replicas must be a whole number; got 2.5",
            "$.nodes[\"db-1\"].props.storage_gb: Storage must be between 20 and 65,536 GB; got 5",
            "$.nodes[\"vpc-1\"].props.cidr: CIDR block prefix length /33 is over /32",
            "$.connections[\"c1\"].share: Traffic share must be between 0 and 1; got 1.5",
            "$.connections[\"c1\"].port: Port must be between 1 and 65535; got 70000",
        ]
    );
}

#[test]
fn bad_dangling_connection_and_layout() {
    assert_eq!(
        problems(&bad("dangling-connection")),
        [
            "$.layout[\"phantom\"]: there is a position for node \"phantom\", which does not exist",
            "$.connections[\"c1\"].to: node \"ghost\" does not exist",
            "$.connections[\"c2\"].from: node \"nobody\" does not exist",
        ]
    );
    let e = file::load(&bad("dangling-connection")).unwrap_err();
    assert_eq!(e.problems[1].connection, Some("c1".into()));
}

#[test]
fn bad_illegal_nesting_cycles_and_connections() {
    assert_eq!(
        problems(&bad("illegal-nesting")),
        [
            "$.nodes[\"lost\"].parent: container \"nowhere\" does not exist",
            "$.nodes[\"az-x\"].parent: containers form a loop: \"az-x\" is inside \"az-y\", which is inside \"az-x\"",
            "$.nodes[\"db-1\"].parent: RDS database cannot sit in a VPC: it belongs in a Subnet",
            "$.nodes[\"db-2\"]: RDS database cannot sit at the top level: it belongs in a Subnet",
            "$.nodes[\"users\"].parent: RDS database is not a container: nothing can be placed inside it",
            "$.connections[\"c1\"]: RDS database cannot start a synchronous request (it can start: data replication, association)",
        ]
    );
}

#[test]
fn a_node_inside_itself_is_a_loop() {
    let text = r#"{"schema_version": 2, "name": "", "region": "us-east-1",
        "nodes": {"v": {"id": "v", "kind": "vpc", "parent": "v"}}}"#;
    assert_eq!(problems(text), ["$.nodes[\"v\"].parent: node \"v\" is inside itself"]);
}

#[test]
fn bad_duplicate_ids() {
    assert_eq!(
        problems(&bad("duplicate-id")),
        [
            "$.nodes[\"lb\"]: the node id \"lb\" is used twice; every node needs its own id",
            "$.connections[\"c1\"]: the connection id \"c1\" is used twice; every connection needs its own id",
            "$.name: \"name\" appears twice in the same object; a key may appear only once",
            "$.nodes[\"web\"].id: the node is stored under \"web\" but its id is \"www\"; they must be the same",
        ]
    );
}

#[test]
fn bad_too_large() {
    let big = format!("{}{}", V2_MINIMAL, " ".repeat(MAX_FILE_BYTES + 1 - V2_MINIMAL.len()));
    assert_eq!(big.len(), MAX_FILE_BYTES + 1);
    assert_eq!(problems(&big), ["$: the file is too large (10485761 bytes); a design file may be at most 10485760 bytes (10 MB)"]);
    assert!(file::load_bytes(big.as_bytes()).is_err());
    // Exactly at the limit is fine.
    assert!(file::load(&big[..MAX_FILE_BYTES]).is_ok());
}

#[test]
fn bad_truncated() {
    assert_eq!(
        problems(&bad("truncated")),
        ["$: not valid JSON at line 6, column 48: the file ends too early: it looks truncated (a closing bracket, brace or quote is missing)"]
    );
    // Cut anywhere, a valid file never loads half a design.
    for cut in (0..V2_THREE_TIER.len() - 2).step_by(7) {
        let e = file::load(&V2_THREE_TIER[..cut]).unwrap_err();
        assert!(e.problems[0].message.starts_with("not valid JSON") || e.problems[0].message.starts_with("the file is empty"), "{e}");
    }
}

#[test]
fn bad_newer_version() {
    assert_eq!(
        problems(&bad("newer-version")),
        ["$.schema_version: this file was saved by a newer version of Cloudwright (file format version 6; this version reads versions 1 to 5). Update Cloudwright to open it."]
    );
}

#[test]
fn bad_not_json_has_line_and_column() {
    assert_eq!(problems(&bad("not-json")), ["$: not valid JSON at line 3, column 3: keys must be text in double quotes"]);
    assert_eq!(problems("{\"a\": 1} x"), ["$: not valid JSON at line 1, column 10: there is more text after the end of the design"]);
    assert_eq!(problems("  \n "), ["$: the file is empty: a design file is a JSON object such as {\"schema_version\": 5, ...}"]);
    assert_eq!(problems("[1, 2,]"), ["$: not valid JSON at line 1, column 7: there is a comma just before a closing bracket or brace"]);
}

#[test]
fn bad_top_level_and_version() {
    assert_eq!(problems("[1, 2]"), ["$: a design file must be a JSON object ({\"schema_version\": 5, \"name\": ..., ...}); got a list"]);
    assert_eq!(problems("\"design\""), ["$: a design file must be a JSON object ({\"schema_version\": 5, \"name\": ..., ...}); got text \"design\""]);
    assert_eq!(
        problems("{\"name\": \"x\"}"),
        ["$.schema_version: the file format version is missing: a Cloudwright design file has a \"schema_version\" field; is this a design file?"]
    );
    assert_eq!(problems("{\"schema_version\": \"2\"}"), ["$.schema_version: the file format version must be a whole number such as 5; got text \"2\""]);
    assert_eq!(problems("{\"schema_version\": 1.5}"), ["$.schema_version: the file format version must be a whole number such as 5; got a number (1.5)"]);
    assert_eq!(problems("{\"schema_version\": 0}"), ["$.schema_version: there is no file format version 0; versions start at 1"]);
    assert_eq!(
        problems("{\"schema_version\": 2, \"nodes\": [], \"extra\": 1}"),
        [
            "$.extra: a design has no field \"extra\" (it may have: schema_version, name, region, nodes, connections, workload, layout, scenarios)",
            "$: the design has no \"name\"",
            "$: the design has no \"region\"",
            "$.nodes: must be an object {...}; got a list",
        ]
    );
}

#[test]
fn bad_v1_paths_point_into_the_v1_file() {
    // Problems found after migrating still name the place in the file as written:
    // the connection is the second element of the v1 list, not `$.connections["c2"]`.
    assert_eq!(
        problems(&bad("v1-bad")),
        [
            "$.nodes[\"lb\"].kind: unknown component kind \"loadbalancer\"",
            "$.connections[1].share: Traffic share must be between 0 and 1; got 2",
            "$.connections[1].to: node \"db\" does not exist",
        ]
    );
}

#[test]
fn bad_structure_of_entries() {
    let text = r#"{"schema_version": 2, "name": "", "region": "us-east-1",
        "nodes": {
            "a": 5,
            "b": {"kind": "users", "colour": "red", "ingress": [{"port": -1, "cidr": "everyone"}], "suppressions": [{"rule": "r"}]},
            "": {"id": "", "kind": "users"}
        },
        "connections": {"c": {"id": "c", "from": "b", "to": "b", "kind": "telepathy", "retries": 1.5, "circuit_breaker": "yes"}},
        "layout": {"b": {"x": 1, "y": "2", "w": 3}},
        "workload": {"pricing": "weekly", "team_size": -1, "mood": "good"}
    }"#;
    assert_eq!(
        problems(text),
        [
            "$.workload.mood: the workload has no field \"mood\" (it may have: request_kb, response_kb, peak_to_average, growth_pct_per_month, pricing, free_tier, critical, team_size, team_kubernetes_experience, needs_portability)",
            "$.workload.pricing: Pricing must be one of on_demand, savings_plan1y, savings_plan3y; got \"weekly\"",
            "$.workload.team_size: Team size must be between 1 and 1,000 people; got -1",
            "$.nodes[\"\"]: a node id cannot be empty",
            "$.nodes[\"a\"]: must be an object {...}; got a number (5)",
            "$.nodes[\"b\"].colour: a node has no field \"colour\" (it may have: id, kind, label, parent, span, props, ingress, suppressions)",
            "$.nodes[\"b\"]: the node has no \"id\"",
            "$.nodes[\"b\"].ingress[0].port: Port must be between 1 and 65535; got -1",
            "$.nodes[\"b\"].ingress[0].cidr: \"everyone\" is not a CIDR block such as 10.0.0.0/16",
            "$.nodes[\"b\"].suppressions[0]: the suppression has no \"reason\"",
            "$.connections[\"c\"].kind: must be one of sync, async, replication, association; got \"telepathy\"",
            "$.connections[\"c\"].retries: Retries must be a whole number; got 1.5",
            "$.connections[\"c\"].circuit_breaker: Circuit breaker must be true or false; got text \"yes\"",
            "$.layout[\"b\"].y: Position y must be a number; got text \"2\"",
            "$.layout[\"b\"]: the position has no \"h\"",
        ]
    );
}

#[test]
fn a_v2_file_with_v1_positions_says_where_they_went() {
    let text = r#"{"schema_version": 2, "name": "", "region": "us-east-1", "nodes": {"u": {"id": "u", "kind": "users", "x": 1}}}"#;
    assert_eq!(
        problems(text),
        ["$.nodes[\"u\"].x: a node has no field \"x\" (it may have: id, kind, label, parent, span, props, ingress, suppressions); since file format version 2, positions live in the \"layout\" map"]
    );
}

#[test]
fn every_problem_is_reported_up_to_fifty() {
    let nodes: Vec<String> = (0..80).map(|i| format!("\"n{i:02}\": {{\"id\": \"n{i:02}\", \"kind\": \"nope\"}}")).collect();
    let text = format!("{{\"schema_version\": 2, \"name\": \"\", \"region\": \"us-east-1\", \"nodes\": {{{}}}}}", nodes.join(","));
    let e = file::load(&text).unwrap_err();
    assert_eq!(e.problems.len(), 50);
    assert_eq!(e.omitted, 30);
    assert_eq!(e.count(), 80);
    assert_eq!(e.problems[0].to_string(), "$.nodes[\"n00\"].kind: unknown component kind \"nope\"");
    assert!(e.to_string().ends_with("… and 30 more problems"));
}

#[test]
fn not_utf8_is_refused() {
    let e = file::load_bytes(b"{\"name\": \"\xff\"}").unwrap_err();
    assert_eq!(e.problems[0].to_string(), "$: the file is not text (UTF-8): it looks like a binary file (invalid byte at offset 10)");
}

#[test]
fn problems_serialize_for_the_app() {
    let e = file::load(&bad("unknown-kind")).unwrap_err();
    let j = serde_json::to_value(&e).unwrap();
    assert_eq!(j["problems"][1], serde_json::json!({"path": "$.nodes[\"legacy\"].kind", "node": "legacy", "message": "unknown component kind \"mainframe\""}));
}

// ---------------------------------------------------------------- round trip of random designs

/// A valid value for a property, from a seed.
fn valid_value(ty: &PropType, a: u64, u: f64) -> Value {
    match ty {
        PropType::Bool => Value::Bool(a % 2 == 0),
        PropType::Number { min, max } => Value::Number(match a % 4 {
            0 => *min,
            1 => *max,
            _ => (min + (max - min) * u).clamp(*min, *max),
        }),
        PropType::Integer { min, max } => Value::Number((min + ((max - min) * u).floor()).clamp(*min, *max).floor().max(*min)),
        PropType::Choice { options } => Value::Text(options[a as usize % options.len()].to_string()),
        PropType::Text => Value::Text(format!("text {a} ✓")),
        PropType::Cidr => Value::Text(format!("10.{}.0.0/16", a % 256)),
        PropType::List => Value::List((0..a % 4).map(|i| format!("item-{i}")).collect()),
    }
}

#[derive(Debug, Clone)]
struct NodeSeed {
    kind: Index,
    parent: Index,
    id: String,
    label: String,
    props: Vec<(Index, u64, f64)>,
    rect: Option<(f64, f64, f64, f64)>,
    ingress: Vec<(u16, u8)>,
}

fn node_seed() -> impl Strategy<Value = NodeSeed> {
    (
        any::<Index>(),
        any::<Index>(),
        "[a-z][a-z0-9-]{0,8}|\\PC{1,6}",
        any::<String>(),
        prop::collection::vec((any::<Index>(), any::<u64>(), 0.0..=1.0f64), 0..4),
        // Within model::fields::RECT and INGRESS (the file validator refuses the rest).
        prop::option::of((-1e6..=1e6f64, -1e6..=1e6f64, 1.0..=1e5f64, 1.0..=1e5f64)),
        prop::collection::vec((1u16..=65535, any::<u8>()), 0..2),
    )
        .prop_map(|(kind, parent, id, label, props, rect, ingress)| NodeSeed { kind, parent, id, label, props, rect, ingress })
}

/// Builds a valid design from seeds: each node sits where the catalog allows, each
/// connection is one the catalog allows.
fn build(name: String, seeds: Vec<NodeSeed>, links: Vec<(Index, Index, Index, Option<f64>, Option<u16>)>) -> Design {
    let mut d = Design::new(name, "eu-west-1");
    for s in seeds {
        let id = NodeId::new(if d.nodes.contains_key(&NodeId::new(s.id.clone())) { format!("{}-{}", s.id, d.nodes.len()) } else { s.id.clone() });
        let kind = s.kind.get(catalog::KINDS);
        let candidates: Vec<Option<NodeId>> =
            std::iter::once(None).chain(d.nodes.keys().cloned().map(Some)).filter(|p| check_parent(&d, kind.id, p.as_ref(), None).is_ok()).collect();
        if candidates.is_empty() {
            continue;
        }
        let parent = s.parent.get(&candidates).clone();
        let mut props = BTreeMap::new();
        for (k, a, u) in s.props {
            if !kind.props.is_empty() {
                let p = k.get(kind.props);
                props.insert(p.key.to_string(), valid_value(&p.ty, a, u));
            }
        }
        let ingress = s.ingress.iter().map(|(port, o)| Ingress { port: *port, cidr: format!("10.{o}.0.0/16") }).collect();
        let suppressions = if s.label.len() % 3 == 0 { vec![Suppression { rule: "r".into(), reason: s.label.clone() }] } else { vec![] };
        if let Some((x, y, w, h)) = s.rect {
            if x.is_finite() && y.is_finite() {
                d.layout.insert(id.clone(), Rect::new(x, y, w, h));
            }
        }
        d.nodes.insert(id.clone(), Node { id, kind: kind.id.to_string(), label: s.label, parent, span: Vec::new(), props, ingress, suppressions });
    }
    if !d.nodes.is_empty() {
        let ids: Vec<NodeId> = d.nodes.keys().cloned().collect();
        for (i, (f, t, k, share, port)) in links.into_iter().enumerate() {
            let (from, to, kind) = (f.get(&ids).clone(), t.get(&ids).clone(), *k.get(&ConnKind::ALL));
            if check_connection(&d, &from, &to, kind).is_ok() {
                let mut c = Connection::new(format!("c{i}"), from, to, kind);
                c.share = share;
                c.port = port;
                d.connections.insert(c.id.clone(), c);
            }
        }
    }
    d
}

fn design() -> impl Strategy<Value = Design> {
    (
        any::<String>(),
        prop::collection::vec(node_seed(), 0..24),
        prop::collection::vec((any::<Index>(), any::<Index>(), any::<Index>(), prop::option::of(0.0..=1.0f64), prop::option::of(1u16..=65535)), 0..24),
        (0.0..=10_240.0f64, 1u32..=1000, any::<bool>()),
    )
        .prop_map(|(name, seeds, links, (kb, team, critical))| {
            let mut d = build(name, seeds, links);
            if kb.is_finite() {
                d.workload.request_kb = kb;
            }
            d.workload.team_size = team;
            d.workload.critical = critical;
            d
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any valid design survives save -> load exactly (floats included), and saving is a
    /// fixpoint.
    #[test]
    fn save_then_load_is_exact(d in design()) {
        let s = file::save(&d);
        let back = file::load(&s).map_err(|e| TestCaseError::fail(format!("{e}\n{s}")))?;
        prop_assert!(same(&back, &d), "save -> load changed the design:\n{:?}\n{:?}", back, d);
        if exact_floats() {
            prop_assert_eq!(file::save(&back), s);
        }
    }
}

// ---------------------------------------------------------------- fuzz

fn fuzz_cases() -> u32 {
    std::env::var("CLOUDWRIGHT_FUZZ_CASES").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(2_000)
}

fn fuzz_config() -> ProptestConfig {
    ProptestConfig { cases: fuzz_cases(), failure_persistence: None, max_shrink_iters: 2_000, ..ProptestConfig::default() }
}

/// The property every input must satisfy: a whole design whose save -> load is a
/// fixpoint, or at least one problem, each with a path and a message. (A panic fails the
/// test case too: proptest catches it.)
fn check_any(result: Result<Design, ImportError>) -> Result<(), TestCaseError> {
    match result {
        Ok(d) => {
            let s = file::save(&d);
            let back = file::load(&s).map_err(|e| TestCaseError::fail(format!("a loaded design must reload:\n{e}\n{s}")))?;
            prop_assert!(same(&back, &d), "save -> load changed the design:\n{:?}\n{:?}", back, d);
            if exact_floats() {
                prop_assert_eq!(file::save(&back), s);
            }
        }
        Err(e) => {
            prop_assert!(!e.problems.is_empty(), "an error must carry a problem");
            prop_assert!(e.problems.len() <= 50);
            for p in &e.problems {
                prop_assert!(p.path.starts_with('$'), "{}", p);
                prop_assert!(!p.message.is_empty(), "{}", p);
            }
        }
    }
    Ok(())
}

/// One change to a file's text or to its JSON.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(Index, usize),
    Insert(Index, &'static str),
    Replace(Index, char),
    /// Swaps two values of the parsed JSON (nodes, ids, numbers, ...).
    SwapValues(Index, Index),
    /// Replaces a value of the parsed JSON.
    SetValue(Index, J),
    /// Adds a key to an object in the text (may duplicate one).
    AddKey(Index, &'static str),
    Truncate(Index),
    /// Sets a number of the parsed JSON to another number (often still a valid file, so
    /// the save -> load fixpoint gets exercised, floats included).
    TweakNumber(Index, f64),
    /// Removes an entry of an object or list of the parsed JSON (a node, a prop, a field).
    Remove(Index),
}

const SNIPPETS: &[&str] = &[
    "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "-", "1e999", "0.1", "-0", "\\u0000", "\\ud800", "\u{1F600}", "\n", " ", "\"x\"",
    "{}", "[]", "\"nodes\"", "99999999999999999999999", "1e-400", "\u{feff}", "\u{0}", "/*", "NaN",
];
const KEYS: &[&str] = &[
    "\"id\": \"users\",", "\"kind\": \"alb\",", "\"parent\": \"vpc-1\",", "\"x\": 1,", "\"schema_version\": 3,", "\"nodes\": {},", "\"c1\": {},",
    "\"db\": {\"id\": \"db\", \"kind\": \"rds\"},", "\"props\": {\"multi_az\": 1},", "\"connections\": [],", "\"label\": null,",
];

fn json_value() -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(J::from),
        any::<f64>().prop_map(J::from),
        prop_oneof![Just("users"), Just("alb"), Just("vpc-1"), Just("sync"), Just("db"), Just(""), Just("10.0.0.0/8")].prop_map(J::from),
        "\\PC{0,12}".prop_map(J::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(J::Array),
            prop::collection::btree_map("[a-z_]{1,6}|id|kind|x|parent", inner, 0..4).prop_map(|m| J::Object(m.into_iter().collect())),
        ]
    })
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => (any::<Index>(), 1usize..20).prop_map(|(i, n)| Mutation::Delete(i, n)),
        1 => (any::<Index>(), prop::sample::select(SNIPPETS)).prop_map(|(i, s)| Mutation::Insert(i, s)),
        1 => (any::<Index>(), any::<char>()).prop_map(|(i, c)| Mutation::Replace(i, c)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapValues(a, b)),
        1 => (any::<Index>(), json_value()).prop_map(|(i, v)| Mutation::SetValue(i, v)),
        1 => (any::<Index>(), prop::sample::select(KEYS)).prop_map(|(i, k)| Mutation::AddKey(i, k)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        3 => (any::<Index>(), prop_oneof![any::<f64>(), 0.0..1.0f64, (0u32..100).prop_map(f64::from)]).prop_map(|(i, x)| Mutation::TweakNumber(i, x)),
        2 => any::<Index>().prop_map(Mutation::Remove),
    ]
}

/// JSON pointers of every value below the root, in document order.
fn pointers(v: &J, at: String, out: &mut Vec<String>) {
    match v {
        J::Object(m) => {
            for (k, c) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(c, p, out);
            }
        }
        J::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(c, p, out);
            }
        }
        _ => {}
    }
}

fn apply(text: &str, m: &Mutation) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: &Index| if chars.is_empty() { 0 } else { i.index(chars.len() + 1) };
    let splice = |from: usize, to: usize, with: &str| -> String {
        let mut s: String = chars[..from].iter().collect();
        s.push_str(with);
        s.extend(&chars[to.min(chars.len())..]);
        s
    };
    match m {
        Mutation::Delete(i, n) => {
            let a = at(i);
            splice(a, a + n, "")
        }
        Mutation::Insert(i, s) => splice(at(i), at(i), s),
        Mutation::Replace(i, c) => {
            let a = at(i);
            splice(a, a + 1, &c.to_string())
        }
        Mutation::Truncate(i) => chars[..at(i).min(chars.len())].iter().collect(),
        Mutation::AddKey(i, k) => {
            let braces: Vec<usize> = chars.iter().enumerate().filter(|(_, c)| **c == '{').map(|(i, _)| i).collect();
            if braces.is_empty() {
                return text.to_string();
            }
            let b = *i.get(&braces);
            splice(b + 1, b + 1, k)
        }
        Mutation::SwapValues(..) | Mutation::SetValue(..) | Mutation::TweakNumber(..) | Mutation::Remove(..) => {
            let Ok(mut doc) = serde_json::from_str::<J>(text) else { return text.to_string() };
            let mut ps = Vec::new();
            pointers(&doc, String::new(), &mut ps);
            if ps.is_empty() {
                return text.to_string();
            }
            match m {
                Mutation::SetValue(i, v) => {
                    let p: &String = i.get(&ps);
                    if let Some(slot) = doc.pointer_mut(p) {
                        *slot = v.clone();
                    }
                }
                Mutation::SwapValues(a, b) => {
                    let (pa, pb) = (a.get(&ps).clone(), b.get(&ps).clone());
                    // Only disjoint subtrees can be swapped.
                    if pa.starts_with(&format!("{pb}/")) || pb.starts_with(&format!("{pa}/")) || pa == pb {
                        return text.to_string();
                    }
                    let va = doc.pointer(&pa).cloned().unwrap_or(J::Null);
                    let vb = doc.pointer(&pb).cloned().unwrap_or(J::Null);
                    *doc.pointer_mut(&pa).expect("pointer exists") = vb;
                    *doc.pointer_mut(&pb).expect("pointer exists") = va;
                }
                Mutation::TweakNumber(i, x) => {
                    let numbers: Vec<&String> = ps.iter().filter(|p| doc.pointer(p).is_some_and(J::is_number)).collect();
                    if numbers.is_empty() || !x.is_finite() {
                        return text.to_string();
                    }
                    let p = (*i.get(&numbers)).clone();
                    *doc.pointer_mut(&p).expect("pointer exists") = J::from(*x);
                }
                Mutation::Remove(i) => {
                    let p: &String = i.get(&ps);
                    let (parent, last) = p.rsplit_once('/').expect("below the root");
                    match doc.pointer_mut(parent) {
                        Some(J::Object(m)) => {
                            m.remove(&last.replace("~1", "/").replace("~0", "~"));
                        }
                        Some(J::Array(a)) => {
                            if let Ok(k) = last.parse::<usize>() {
                                if k < a.len() {
                                    a.remove(k);
                                }
                            }
                        }
                        _ => {}
                    }
                }
                _ => unreachable!(),
            }
            if i_pretty(m) { serde_json::to_string_pretty(&doc).unwrap() } else { serde_json::to_string(&doc).unwrap() }
        }
    }
}

fn i_pretty(m: &Mutation) -> bool {
    matches!(m, Mutation::SwapValues(..))
}

proptest! {
    #![proptest_config(fuzz_config())]

    /// Random mutations of every valid fixture.
    #[test]
    fn fuzz_mutated_files(base in prop::sample::select(VALID), muts in prop::collection::vec(mutation(), 1..5)) {
        let mut text = base.1.to_string();
        for m in &muts {
            text = apply(&text, m);
        }
        check_any(file::load(&text))?;
    }

    /// Arbitrary text, and text made of JSON's own characters (far likelier to parse).
    #[test]
    fn fuzz_arbitrary_strings(s in prop_oneof![any::<String>(), "[\\[\\]{}\":, 0-9a-z_.eE+-]{0,200}"]) {
        check_any(file::load(&s))?;
    }

    /// Arbitrary bytes, as a file picker hands them over.
    #[test]
    fn fuzz_arbitrary_bytes(b in prop::collection::vec(any::<u8>(), 0..600)) {
        check_any(file::load_bytes(&b))?;
    }

    /// Arbitrary JSON documents with a valid header: structure errors, not syntax errors.
    #[test]
    fn fuzz_arbitrary_documents(v in json_value(), version in 0u64..4, nodes in json_value()) {
        let mut doc = serde_json::json!({"schema_version": version, "name": "n", "region": "us-east-1", "nodes": nodes});
        if let J::Object(extra) = v {
            for (k, x) in extra {
                doc[k] = x;
            }
        }
        check_any(file::load(&doc.to_string()))?;
    }
}

// ---------------------------------------------------------------- the two readers agree

/// `file::load_versioned` (the one-pass reader, falling back to the full one) and the full
/// reader alone give the same answer: the same design, saved to the same bytes (so a `-0`
/// cannot come back signed), or the same problems, word for word.
fn same_answer(text: &str) -> Result<(), TestCaseError> {
    let fast = file::load_versioned(text);
    let full = file::load_versioned_by_tree(text);
    match (&fast, &full) {
        (Ok(a), Ok(b)) => {
            prop_assert_eq!(a.version, b.version);
            prop_assert_eq!(file::save(&a.design), file::save(&b.design), "the readers read different designs from:\n{}", text);
        }
        (Err(a), Err(b)) => prop_assert_eq!(a, b),
        _ => prop_assert!(false, "one reader accepts, the other refuses:\n{}\none pass: {:?}\nfull: {:?}", text, fast.as_ref().err(), full.as_ref().err()),
    }
    Ok(())
}

/// Every valid fixture, written in the current format (the one-pass reader reads only that).
fn current_fixtures() -> Vec<String> {
    VALID.iter().map(|(_, t)| file::save(&load(t))).collect()
}

#[test]
fn the_one_pass_reader_reads_what_the_full_reader_reads() {
    for text in current_fixtures().iter().chain([file::save(&cloudwright_engine::sample::synthetic(400))].iter()) {
        same_answer(text).unwrap();
        // and it is the one-pass reader that read it: the full reader's refusals below would
        // otherwise go untested.
    }
    // Older versions go to the full reader (migrated), and agree.
    for (_, text) in VALID {
        same_answer(text).unwrap();
    }
}

/// Where serde on its own would accept what the full reader refuses (or read another value):
/// each must give the full reader's answer.
#[test]
fn the_one_pass_reader_is_as_strict_as_the_full_reader() {
    let base = |nodes: &str, conns: &str, layout: &str| {
        format!(r#"{{"schema_version": {SCHEMA_VERSION}, "name": "n", "region": "us-east-1", "nodes": {{{nodes}}}, "connections": {{{conns}}}, "layout": {{{layout}}}}}"#)
    };
    let users = r#""u": {"id": "u", "kind": "users"}, "f": {"id": "f", "kind": "lambda"}"#;
    let sync = r#""c": {"id": "c", "from": "u", "to": "f", "kind": "sync"}"#;
    let cases = [
        // valid, as a check that the base is
        base(users, sync, r#""u": {"x": 1, "y": 2, "w": 3, "h": 4}"#),
        // a position as a list of its values (serde reads a struct from a list)
        base(users, sync, r#""u": [1, 2, 3, 4]"#),
        // a node as a list
        base(r#""u": ["u", "users"]"#, "", ""),
        // a connection kind as an enum object (serde reads `{"sync": null}` as the variant)
        base(users, r#""c": {"id": "c", "from": "u", "to": "f", "kind": {"sync": null}}"#, ""),
        // -0 reads as 0 (the full reader writes whole numbers as integers first)
        base(users, r#""c": {"id": "c", "from": "u", "to": "f", "kind": "sync", "share": -0.0, "timeout_ms": 1.0}"#, r#""u": {"x": -0, "y": -0.0, "w": 3, "h": 4}"#),
        base(r#""u": {"id": "u", "kind": "users", "props": {"requests_per_month": -0.0}}"#, "", ""),
        // whole numbers written with a point where an integer is wanted (the full reader accepts them)
        base(users, r#""c": {"id": "c", "from": "u", "to": "f", "kind": "sync", "port": 443.0, "retries": 2.0}"#, ""),
        // duplicate keys: a property, a field, a node, a position
        base(r#""u": {"id": "u", "kind": "users", "props": {"requests_per_month": 1, "requests_per_month": 2}}"#, "", ""),
        base(r#""u": {"id": "u", "kind": "users", "kind": "users"}"#, "", ""),
        base(r#""u": {"id": "u", "kind": "users"}, "u": {"id": "u", "kind": "users"}"#, "", ""),
        base(users, "", r#""u": {"x": 1, "y": 2, "w": 3, "h": 4}, "u": {"x": 1, "y": 2, "w": 3, "h": 4}"#),
        // nodes out of order (read, sorted)
        base(r#""z": {"id": "z", "kind": "users"}, "a": {"id": "a", "kind": "users"}"#, "", r#""z": {"x": 1, "y": 2, "w": 3, "h": 4}, "a": {"x": 1, "y": 2, "w": 3, "h": 4}"#),
        // unknown fields, nulls where not allowed, wrong ids, ranges
        base(r#""u": {"id": "u", "kind": "users", "x": 1}"#, "", ""),
        base(r#""u": {"id": "u", "kind": "users", "label": null}"#, "", ""),
        base(r#""u": {"id": "u", "kind": "users", "parent": null, "span": []}"#, "", ""),
        base(r#""u": {"id": "v", "kind": "users"}"#, "", ""),
        base(r#""": {"id": "", "kind": "users"}"#, "", ""),
        base(users, r#""c": {"id": "c", "from": "u", "to": "f", "kind": "sync", "port": 0}"#, ""),
        base(users, r#""c": {"id": "c", "from": "u", "to": "f", "kind": "sync", "share": null, "circuit_breaker": null}"#, ""),
        base(users, r#""c": {"id": "c", "from": "u", "to": "ghost", "kind": "sync"}"#, ""),
        base(users, "", r#""ghost": {"x": 1, "y": 2, "w": 3, "h": 4}"#),
        base(users, "", r#""u": {"x": 1, "y": 2, "w": 0, "h": 4}"#),
        base(r#""u": {"id": "u", "kind": "users", "ingress": [{"port": 22, "cidr": "0.0.0.0/0"}], "suppressions": [{"rule": "r", "reason": "why"}]}"#, "", ""),
        base(r#""u": {"id": "u", "kind": "users", "ingress": [[22, "0.0.0.0/0"]]}"#, "", ""),
        base(r#""u": {"id": "u", "kind": "users", "ingress": [{"port": 22, "cidr": "everyone"}]}"#, "", ""),
        base(r#""u": {"id": "u", "kind": "rds"}"#, "", ""),
        format!(r#"{{"schema_version": {SCHEMA_VERSION}, "name": "n", "region": "mars-1"}}"#),
        format!(r#"{{"schema_version": {SCHEMA_VERSION}.0, "name": "n", "region": "us-east-1"}}"#),
        format!(r#"{{"schema_version": {SCHEMA_VERSION}, "name": "n", "region": "us-east-1", "workload": null}}"#),
        format!(r#"{{"schema_version": {SCHEMA_VERSION}, "name": "n", "region": "us-east-1", "workload": {{"team_size": 3.0, "request_kb": -0.0}}}}"#),
        format!(r#"{{"schema_version": {SCHEMA_VERSION}, "name": "n", "region": "us-east-1", "nodes": null}}"#),
        format!(r#"{{"schema_version": {SCHEMA_VERSION}, "name": "n", "region": "us-east-1", "name": "m"}}"#),
        format!(r#"{{"schema_version": {SCHEMA_VERSION}, "name": "n", "region": "us-east-1"}} x"#),
        format!(r#"{{"schema_version": {SCHEMA_VERSION}, "n\u0061me": "n", "region": "us-east-1"}}"#),
        // a key twice inside the workload or a scenario (s34: the one-pass reader read these as
        // JSON values, whose maps keep one of two equal keys, and accepted what the full
        // reader refuses; found by fuzz_the_readers_agree)
        format!(r#"{{"schema_version": {SCHEMA_VERSION}, "name": "n", "region": "us-east-1", "workload": {{"team_size": 3, "team_size": 4}}}}"#),
        format!(r#"{{"schema_version": {SCHEMA_VERSION}, "name": "n", "region": "us-east-1", "scenarios": [{{"id": "users", "id": "s1", "name": "10× traffic"}}]}}"#),
    ];
    for text in &cases {
        same_answer(text).unwrap_or_else(|e| panic!("{e}"));
    }
    // The first case is valid, and -0 came back unsigned.
    assert!(file::load(&cases[0]).is_ok());
    let zero = file::load(&cases[4]).unwrap();
    assert!(zero.layout[&NodeId::new("u")].x.is_sign_positive() && zero.connections[&"c".into()].share.unwrap().is_sign_positive());
}

proptest! {
    #![proptest_config(fuzz_config())]

    /// Fuzzed current-format files: the one-pass reader and the full reader agree on every one.
    #[test]
    fn fuzz_the_readers_agree(base in prop::sample::select(current_fixtures()), muts in prop::collection::vec(mutation(), 1..5)) {
        let mut text = base;
        for m in &muts {
            text = apply(&text, m);
        }
        same_answer(&text)?;
    }
}
