//! Migrations: numbered, titled, pure steps that bring a file of any older format version
//! to the current one ([`super::SCHEMA_VERSION`]). Step `n` turns a version-`n` document
//! into a version-`n + 1` document; steps run in order, on JSON values, before the design is
//! read, so the reader only ever knows the current format.
//!
//! Every step also knows how to map a path in its output back to the path in its input, so
//! a problem found after migrating still points at the right place in the file the user
//! opened (a v1 connection is `$.connections[0]`, not `$.connections["c1"]`).
//!
//! Format history:
//! - **v1** (the prototype): each node carried its own `x`, `y`, `w`, `h`, and
//!   `connections` was a JSON list of connection objects.
//! - **v2**: positions live in a separate `layout` map keyed by node id (so moving a node never
//!   touches topology), and `connections` is a map keyed by connection id.
//! - **v3**: properties that changed nothing a user could see left the catalog
//!   (issue 19): ACM `certificates` (public certificates are free), EventBridge `rules` (rules
//!   are free) and Karpenter's `spot_pct` (the Spot share lives on the node groups Karpenter
//!   fills; a node group with `autoscaler: karpenter` and no share of its own takes it over).
//! - **v4**: a design may keep what-if `scenarios` (issue 13): a list of named
//!   variants (traffic multiplier, pricing, free tier, region, Compare-panel choices). A v3
//!   file has none, so the step only declares the new version (and refuses a v3 file that
//!   already has a `scenarios` field, which no v3 writer made).
//! - **v5** (current): a component may span AZs (issue 14): a node's `span` lists the further
//!   subnets it is placed in, one per AZ of its VPC (`model::span`). A v4 file has none; the
//!   step declares the new version and refuses a v4 node that already has a `span`.
//!
//! To add version 6: bump `SCHEMA_VERSION`, append a step `from: 5` here, add a fixture
//! `tests/fixtures/file/v5-*.json` that stays untouched, and a test that it loads.

use super::error::{describe, index_path, key_path, quote, ImportError, Problem};
use super::SCHEMA_VERSION;
use serde_json::{Map, Value};

/// One step of the format history.
pub struct Migration {
    /// The version this step reads; it writes `from + 1`.
    pub from: u32,
    pub title: &'static str,
    /// The step itself: pure, it only reshapes JSON.
    pub run: fn(Value) -> Result<Value, ImportError>,
    /// Maps a path in the step's output to the same place in its input (given the input).
    pub old_path: fn(&Value, &str) -> String,
}

/// Every step, oldest first; `MIGRATIONS[i].from == i + 1`.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        from: 1,
        title: "Positions move from each node into the layout map; connections become a map keyed by id",
        run: v1_to_v2,
        old_path: v1_path,
    },
    Migration {
        from: 2,
        title: "Properties that changed nothing are dropped: ACM certificates, EventBridge rules, Karpenter's Spot share (moved to its node groups)",
        run: v2_to_v3,
        old_path: v2_path,
    },
    Migration { from: 3, title: "Designs may keep what-if scenarios (none in a version 3 file)", run: v3_to_v4, old_path: same_path },
    Migration {
        from: 4,
        title: "Components may span AZs, placed in one subnet per AZ (none in a version 4 file)",
        run: v4_to_v5,
        old_path: same_path,
    },
];

/// The format version a parsed file declares, checked: a whole number from 1 up to
/// [`SCHEMA_VERSION`]. A newer version is refused with a message saying so.
pub fn version_of(doc: &Value) -> Result<u32, ImportError> {
    let Some(obj) = doc.as_object() else {
        return Err(ImportError::single(
            "$",
            format!("a design file must be a JSON object ({{\"schema_version\": {SCHEMA_VERSION}, \"name\": ..., ...}}); got {}", describe(doc)),
        ));
    };
    let path = "$.schema_version";
    let Some(v) = obj.get("schema_version") else {
        return Err(ImportError::single(
            path,
            "the file format version is missing: a Cloudwright design file has a \"schema_version\" field; is this a design file?",
        ));
    };
    let n = match v.as_u64() {
        Some(n) => n,
        None => {
            return Err(ImportError::single(path, format!("the file format version must be a whole number such as {SCHEMA_VERSION}; got {}", describe(v))));
        }
    };
    if n == 0 {
        return Err(ImportError::single(path, "there is no file format version 0; versions start at 1"));
    }
    if n > SCHEMA_VERSION as u64 {
        return Err(ImportError::single(
            path,
            format!(
                "this file was saved by a newer version of Cloudwright (file format version {n}; this version reads versions 1 to {SCHEMA_VERSION}). Update Cloudwright to open it."
            ),
        ));
    }
    Ok(n as u32)
}

/// The result of migrating: the current-format document and the input it came from at
/// each step (to map paths back).
pub struct Migrated {
    pub doc: Value,
    /// (step, that step's input), oldest first.
    trail: Vec<(&'static Migration, Value)>,
}

impl Migrated {
    /// Maps a path in the current-format document to the path in the file as written.
    pub fn original_path(&self, path: &str) -> String {
        let mut p = path.to_string();
        for (step, input) in self.trail.iter().rev() {
            p = (step.old_path)(input, &p);
        }
        p
    }
}

/// Runs every step from `version` up to the current one.
pub fn to_current(doc: Value, version: u32) -> Result<Migrated, ImportError> {
    let mut doc = doc;
    let mut trail = Vec::new();
    for step in MIGRATIONS.iter().filter(|m| m.from >= version) {
        let input = doc.clone();
        doc = (step.run)(doc)?;
        trail.push((step, input));
    }
    Ok(Migrated { doc, trail })
}

// ---------------------------------------------------------------- v1 -> v2

const POSITION: [&str; 4] = ["x", "y", "w", "h"];

fn v1_to_v2(mut doc: Value) -> Result<Value, ImportError> {
    let mut errs = ImportError::new();
    let Some(obj) = doc.as_object_mut() else {
        return Err(ImportError::single("$", format!("a design file must be a JSON object; got {}", describe(&doc))));
    };
    if obj.contains_key("layout") {
        errs.add("$.layout", "a version 1 file has no \"layout\": positions sit on each node (x, y, w, h)");
    }

    // Positions: out of each node, into the layout map.
    let mut layout = Map::new();
    if let Some(Value::Object(nodes)) = obj.get_mut("nodes") {
        for (id, node) in nodes.iter_mut() {
            let Value::Object(node) = node else { continue }; // reported when the design is read
            let npath = key_path("$.nodes", id);
            if !POSITION.iter().any(|k| node.contains_key(*k)) {
                continue; // a node with no position: the canvas places it
            }
            let mut rect = Map::new();
            for k in POSITION {
                match node.remove(k) {
                    Some(Value::Number(n)) => {
                        rect.insert(k.to_string(), Value::Number(n));
                    }
                    Some(other) => errs.push(Problem::new(key_path(&npath, k), format!("the position {k} must be a number; got {}", describe(&other))).at_node(id)),
                    None => errs.push(Problem::new(npath.clone(), format!("the position is incomplete: {k} is missing (a node has all of x, y, w, h or none)")).at_node(id)),
                }
            }
            if rect.len() == POSITION.len() {
                layout.insert(id.clone(), Value::Object(rect));
            }
        }
    }
    obj.insert("layout".into(), Value::Object(layout));

    // Connections: a list becomes a map keyed by id.
    let mut conns = Map::new();
    match obj.remove("connections") {
        None => {}
        Some(Value::Array(list)) => {
            for (i, c) in list.into_iter().enumerate() {
                let cpath = index_path("$.connections", i);
                let id = match c.get("id") {
                    _ if !c.is_object() => {
                        errs.add(cpath, format!("each connection must be an object {{\"id\": ..., \"from\": ..., \"to\": ..., \"kind\": ...}}; got {}", describe(&c)));
                        continue;
                    }
                    Some(Value::String(id)) => id.clone(),
                    Some(other) => {
                        errs.add(key_path(&cpath, "id"), format!("a connection id must be text; got {}", describe(other)));
                        continue;
                    }
                    None => {
                        errs.add(cpath, "the connection has no id");
                        continue;
                    }
                };
                if conns.contains_key(&id) {
                    errs.push(
                        Problem::new(key_path(&cpath, "id"), format!("the connection id {} is used twice; every connection needs its own id", quote(&id)))
                            .at_connection(&id),
                    );
                } else {
                    conns.insert(id, c);
                }
            }
        }
        Some(other) => errs.add("$.connections", format!("in a version 1 file, connections is a list [...]; got {}", describe(&other))),
    }
    obj.insert("connections".into(), Value::Object(conns));
    obj.insert("schema_version".into(), Value::from(2));

    if errs.is_empty() {
        Ok(doc)
    } else {
        Err(errs)
    }
}

/// `$.layout["a"]...` was on node `a`; `$.connections["c1"]...` was the list element with
/// that id.
fn v1_path(input: &Value, path: &str) -> String {
    // Splits `path` into (entry path, rest) when it lies under `key_path(map, id)`.
    fn under(path: &str, map: &str, id: &str) -> Option<String> {
        let prefix = key_path(map, id);
        let rest = path.strip_prefix(&prefix)?;
        (rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')).then(|| rest.to_string())
    }
    if path.starts_with("$.layout[") {
        if let Some(nodes) = input.get("nodes").and_then(Value::as_object) {
            for id in nodes.keys() {
                if let Some(rest) = under(path, "$.layout", id) {
                    return format!("{}{rest}", key_path("$.nodes", id));
                }
            }
        }
    }
    if path.starts_with("$.connections[") {
        if let Some(list) = input.get("connections").and_then(Value::as_array) {
            for (i, c) in list.iter().enumerate() {
                if let Some(id) = c.get("id").and_then(Value::as_str) {
                    if let Some(rest) = under(path, "$.connections", id) {
                        return format!("{}{rest}", index_path("$.connections", i));
                    }
                }
            }
        }
    }
    path.to_string()
}

// ---------------------------------------------------------------- v2 -> v3

/// `(kind, property)` pairs the catalog no longer has: they changed nothing a user could see.
pub const DROPPED_IN_V3: &[(&str, &str)] = &[("acm", "certificates"), ("eventbridge", "rules"), ("karpenter", "spot_pct")];

fn v2_to_v3(mut doc: Value) -> Result<Value, ImportError> {
    let Some(obj) = doc.as_object_mut() else {
        return Err(ImportError::single("$", format!("a design file must be a JSON object; got {}", describe(&doc))));
    };
    let moves = karpenter_spot_moves(obj.get("nodes"));
    if let Some(Value::Object(nodes)) = obj.get_mut("nodes") {
        for node in nodes.values_mut() {
            let Value::Object(node) = node else { continue }; // reported when the design is read
            let kind = node.get("kind").and_then(Value::as_str).unwrap_or_default().to_string();
            if let Some(Value::Object(props)) = node.get_mut("props") {
                for (k, key) in DROPPED_IN_V3 {
                    if *k == kind {
                        props.remove(*key);
                    }
                }
            }
        }
        for (group, (_, value)) in moves {
            if let Some(Value::Object(node)) = nodes.get_mut(&group) {
                let props = node.entry("props").or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(props) = props {
                    props.insert("spot_pct".into(), value);
                }
            }
        }
    }
    obj.insert("schema_version".into(), Value::from(3));
    Ok(doc)
}

/// Node groups that take over a Karpenter node's `spot_pct`: those with `autoscaler:
/// karpenter` and no share of their own, in the same VPC (else any Karpenter node, by id).
/// Returns group id → (Karpenter id, value).
fn karpenter_spot_moves(nodes: Option<&Value>) -> std::collections::BTreeMap<String, (String, Value)> {
    let mut out = std::collections::BTreeMap::new();
    let Some(nodes) = nodes.and_then(Value::as_object) else { return out };
    let kind = |n: &Value| n.get("kind").and_then(Value::as_str).unwrap_or_default().to_string();
    let prop = |n: &Value, k: &str| n.get("props").and_then(|p| p.get(k)).cloned();
    // The nearest VPC above a node (guarded against cycles in a malformed file).
    let vpc_of = |id: &str| -> Option<String> {
        let mut cur = nodes.get(id)?.get("parent").and_then(Value::as_str).map(str::to_string);
        for _ in 0..nodes.len() {
            let id = cur?;
            let n = nodes.get(&id)?;
            if kind(n) == "vpc" {
                return Some(id);
            }
            cur = n.get("parent").and_then(Value::as_str).map(str::to_string);
        }
        None
    };
    let karpenters: Vec<(String, Option<String>, Value)> =
        nodes.iter().filter(|(_, n)| kind(n) == "karpenter").filter_map(|(id, n)| Some((id.clone(), vpc_of(id), prop(n, "spot_pct")?))).collect();
    if karpenters.is_empty() {
        return out;
    }
    for (id, n) in nodes {
        if kind(n) != "eks-nodegroup" || prop(n, "autoscaler").and_then(|v| v.as_str().map(str::to_string)).as_deref() != Some("karpenter") || prop(n, "spot_pct").is_some() {
            continue;
        }
        let vpc = vpc_of(id);
        let from = karpenters.iter().find(|(_, v, _)| vpc.is_some() && *v == vpc).or(karpenters.first());
        if let Some((k, _, value)) = from {
            out.insert(id.clone(), (k.clone(), value.clone()));
        }
    }
    out
}

/// A moved Spot share is reported where it was written: on the Karpenter node.
fn v2_path(input: &Value, path: &str) -> String {
    for (group, (karpenter, _)) in karpenter_spot_moves(input.get("nodes")) {
        let at = format!("{}.props.spot_pct", key_path("$.nodes", &group));
        if path == at {
            return format!("{}.props.spot_pct", key_path("$.nodes", &karpenter));
        }
    }
    path.to_string()
}

// ---------------------------------------------------------------- v3 -> v4

fn v3_to_v4(mut doc: Value) -> Result<Value, ImportError> {
    let Some(obj) = doc.as_object_mut() else {
        return Err(ImportError::single("$", format!("a design file must be a JSON object; got {}", describe(&doc))));
    };
    if obj.contains_key("scenarios") {
        return Err(ImportError::single(
            "$.scenarios",
            "a version 3 file has no \"scenarios\": scenarios arrived in file format version 4; if this file was written by hand, set \"schema_version\": 4",
        ));
    }
    obj.insert("schema_version".into(), Value::from(4));
    Ok(doc)
}

// ---------------------------------------------------------------- v4 -> v5

fn v4_to_v5(mut doc: Value) -> Result<Value, ImportError> {
    let Some(obj) = doc.as_object_mut() else {
        return Err(ImportError::single("$", format!("a design file must be a JSON object; got {}", describe(&doc))));
    };
    let mut errs = ImportError::new();
    if let Some(Value::Object(nodes)) = obj.get("nodes") {
        for (key, n) in nodes {
            if n.get("span").is_some() {
                errs.add(
                    key_path(&key_path("$.nodes", key), "span"),
                    "a version 4 file has no \"span\": components spanning AZs arrived in file format version 5; if this file was written by hand, set \"schema_version\": 5",
                );
            }
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    obj.insert("schema_version".into(), Value::from(5));
    Ok(doc)
}

/// A step that moves nothing: every path is where it was.
fn same_path(_input: &Value, path: &str) -> String {
    path.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn steps_are_numbered_and_reach_the_current_version() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.from as usize, i + 1, "step {i} ({})", m.title);
            assert!(!m.title.is_empty());
        }
        assert_eq!(MIGRATIONS.last().map(|m| m.from + 1).unwrap_or(1), SCHEMA_VERSION);
    }

    #[test]
    fn v1_moves_positions_and_keys_connections() {
        let v1 = json!({
            "schema_version": 1, "name": "n", "region": "us-east-1",
            "nodes": {"a": {"id": "a", "kind": "users", "x": 1, "y": 2.5, "w": 3, "h": 4}, "b": {"id": "b", "kind": "users"}},
            "connections": [{"id": "c1", "from": "a", "to": "b", "kind": "sync"}]
        });
        let v2 = v1_to_v2(v1.clone()).unwrap();
        assert_eq!(
            v2,
            json!({
                "schema_version": 2, "name": "n", "region": "us-east-1",
                "nodes": {"a": {"id": "a", "kind": "users"}, "b": {"id": "b", "kind": "users"}},
                "layout": {"a": {"x": 1, "y": 2.5, "w": 3, "h": 4}},
                "connections": {"c1": {"id": "c1", "from": "a", "to": "b", "kind": "sync"}}
            })
        );
        assert_eq!(v1_path(&v1, "$.connections[\"c1\"].to"), "$.connections[0].to");
        assert_eq!(v1_path(&v1, "$.layout[\"a\"].x"), "$.nodes[\"a\"].x");
        assert_eq!(v1_path(&v1, "$.nodes[\"a\"].kind"), "$.nodes[\"a\"].kind");
    }

    #[test]
    fn v2_drops_the_properties_that_changed_nothing_and_moves_the_karpenter_spot_share() {
        let v2 = json!({
            "schema_version": 2, "name": "n", "region": "us-east-1",
            "nodes": {
                "cert": {"id": "cert", "kind": "acm", "props": {"certificates": 3}},
                "bus": {"id": "bus", "kind": "eventbridge", "props": {"rules": 12, "archive": true}},
                "vpc": {"id": "vpc", "kind": "vpc"},
                "karp": {"id": "karp", "kind": "karpenter", "parent": "vpc", "props": {"spot_pct": 60, "consolidation": true}},
                "ng-k": {"id": "ng-k", "kind": "eks-nodegroup", "parent": "vpc", "props": {"autoscaler": "karpenter"}},
                "ng-own": {"id": "ng-own", "kind": "eks-nodegroup", "parent": "vpc", "props": {"autoscaler": "karpenter", "spot_pct": 20}},
                "ng-ca": {"id": "ng-ca", "kind": "eks-nodegroup", "parent": "vpc"}
            },
            "connections": {}
        });
        let v3 = v2_to_v3(v2.clone()).unwrap();
        assert_eq!(v3["schema_version"], json!(3));
        assert_eq!(v3["nodes"]["cert"]["props"], json!({}));
        assert_eq!(v3["nodes"]["bus"]["props"], json!({"archive": true}));
        assert_eq!(v3["nodes"]["karp"]["props"], json!({"consolidation": true}));
        assert_eq!(v3["nodes"]["ng-k"]["props"], json!({"autoscaler": "karpenter", "spot_pct": 60}), "takes over Karpenter's share");
        assert_eq!(v3["nodes"]["ng-own"]["props"]["spot_pct"], json!(20), "keeps its own share");
        assert_eq!(v3["nodes"]["ng-ca"].get("props"), None, "not filled by Karpenter");
        assert_eq!(v2_path(&v2, "$.nodes[\"ng-k\"].props.spot_pct"), "$.nodes[\"karp\"].props.spot_pct");
        assert_eq!(v2_path(&v2, "$.nodes[\"ng-own\"].props.spot_pct"), "$.nodes[\"ng-own\"].props.spot_pct");
    }

    #[test]
    fn v1_reports_every_bad_position_and_connection() {
        let v1 = json!({
            "schema_version": 1,
            "nodes": {"a": {"x": "1", "y": 2, "w": 3, "h": 4}, "b": {"x": 1}},
            "connections": [{"id": "c1"}, {"id": "c1"}, 7, {"from": "a"}]
        });
        let e = v1_to_v2(v1).unwrap_err();
        let got: Vec<String> = e.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            got,
            [
                "$.nodes[\"a\"].x: the position x must be a number; got text \"1\"",
                "$.nodes[\"b\"]: the position is incomplete: y is missing (a node has all of x, y, w, h or none)",
                "$.nodes[\"b\"]: the position is incomplete: w is missing (a node has all of x, y, w, h or none)",
                "$.nodes[\"b\"]: the position is incomplete: h is missing (a node has all of x, y, w, h or none)",
                "$.connections[1].id: the connection id \"c1\" is used twice; every connection needs its own id",
                "$.connections[2]: each connection must be an object {\"id\": ..., \"from\": ..., \"to\": ..., \"kind\": ...}; got a number (7)",
                "$.connections[3]: the connection has no id",
            ]
        );
    }
}
