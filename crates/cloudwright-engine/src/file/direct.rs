//! Reading a valid current-format file in one pass: the text is deserialised straight into
//! the design (no document tree), and each entry is checked as it is read, against the same
//! checks as the full reader (`validate`: the field tables of [`crate::model::fields`],
//! the catalog's [`crate::catalog::PropSpec::validate`], `check_topology`), with no JSON
//! paths built — a valid file has no problem to name.
//!
//! It only ever says "this is the design" or "not sure": [`read`] returns `None` at the first
//! thing it does not accept — an older format version (to migrate), a duplicate or unknown
//! key, a value of the wrong JSON type, anything out of range, a syntax error — and then the
//! full reader (`parse` → `migrate` → `validate`) reads the file again and says what is wrong
//! and where, in the words it always used. So this reader must never accept a file the full
//! reader refuses, and must read exactly the design the full reader reads (to the sign of a
//! zero): `tests/file_format.rs` compares the two on every fixture and on fuzzed files.
//!
//! Where serde alone would be more lenient than the full reader, this module is strict:
//! objects are read only from JSON objects ([`Obj`]: serde reads a struct from a list too),
//! enumerations from text only (serde reads `{"sync": null}` as a variant), maps keep every
//! key once ([`unique_map`]), every struct refuses unknown fields, and `-0` reads as `0`
//! (the full reader writes whole numbers as integers before reading them).

use super::validate;
use super::ImportError;
use crate::catalog;
use crate::model::fields::{self, Field};
use crate::model::{ConnId, ConnKind, Connection, Design, Ingress, Node, NodeId, Rect, Suppression, Value as PropValue, Workload};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// The design in `text` (after the byte order mark and the size were checked), when `text`
/// is a valid file of the current format version; `None` when anything is off (the full
/// reader then says what). (Never inlined: benchmarks count its instructions by name.)
#[inline(never)]
pub(super) fn read(text: &str) -> Option<Design> {
    let mut de = serde_json::Deserializer::from_str(text);
    let doc = de.deserialize_map(DocVisitor).ok()?;
    de.end().ok()?;
    doc.into_design()
}

/// Stops the one-pass read (the message is never shown: the full reader reads the file again).
fn refuse<E: de::Error>() -> E {
    E::custom("not read in one pass")
}

// ---------------------------------------------------------------- the mirrors of the model
//
// The model's own `Deserialize` ignores unknown fields; these refuse them. Their field lists
// must be the model's (the unit test `mirrors_have_the_model_fields` checks), else this
// reader refuses files with the new field (and the full reader reads them: slower, not wrong).

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeDoc {
    id: NodeId,
    kind: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    parent: Option<NodeId>,
    #[serde(default)]
    span: Vec<NodeId>,
    #[serde(default, deserialize_with = "unique_map")]
    props: BTreeMap<String, PropValue>,
    #[serde(default)]
    ingress: Vec<Obj<IngressDoc>>,
    #[serde(default)]
    suppressions: Vec<Obj<SuppressionDoc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IngressDoc {
    port: u16,
    cidr: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuppressionDoc {
    rule: String,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConnectionDoc {
    id: ConnId,
    from: NodeId,
    to: NodeId,
    /// Text only (see [`conn_kind`]).
    kind: String,
    #[serde(default)]
    share: Option<f64>,
    #[serde(default)]
    payload_kb: Option<f64>,
    #[serde(default)]
    port: Option<u16>,
    #[serde(default)]
    timeout_ms: Option<f64>,
    #[serde(default)]
    retries: Option<u32>,
    #[serde(default)]
    circuit_breaker: bool,
    #[serde(default)]
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RectDoc {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// A struct read from a JSON object only (serde's derive also reads a struct from a list of
/// its fields' values, which the full reader refuses).
struct Obj<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Obj<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Obj)
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

/// A map whose keys each appear once (a second copy refuses the file: the full reader names
/// it). Read into a list, then built into the map in one pass when the keys came in order —
/// [`super::save`] writes them in order, so a saved file costs one comparison per key
/// instead of a search per insert.
fn unique_map<'de, D: Deserializer<'de>, K: Deserialize<'de> + Ord, V: Deserialize<'de>>(d: D) -> Result<BTreeMap<K, V>, D::Error> {
    d.deserialize_map(Entries(PhantomData)).and_then(|list| sorted_unique(list).ok_or_else(refuse))
}

/// `list` as a map, or `None` when a key appears twice.
fn sorted_unique<K: Ord, V>(mut list: Vec<(K, V)>) -> Option<BTreeMap<K, V>> {
    if !list.windows(2).all(|w| w[0].0 < w[1].0) {
        crate::order::sort_by(&mut list, |a, b| a.0.cmp(&b.0));
        if list.windows(2).any(|w| w[0].0 == w[1].0) {
            return None;
        }
    }
    // Sorted and unique: `BTreeMap` builds from a sorted list without searching.
    Some(list.into_iter().collect())
}

/// The entries of a JSON object, in file order.
struct Entries<K, V>(PhantomData<(K, V)>);

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for Entries<K, V> {
    type Value = Vec<(K, V)>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(entry) = map.next_entry::<K, V>()? {
            out.push(entry);
        }
        Ok(out)
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> DeserializeSeed<'de> for Entries<K, V> {
    type Value = Vec<(K, V)>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

// ---------------------------------------------------------------- the top level

/// The top-level object as read, before the checks between entries.
#[derive(Default)]
struct Doc {
    version: Option<u64>,
    name: Option<String>,
    region: Option<String>,
    nodes: Vec<(String, Obj<NodeDoc>)>,
    connections: Vec<(String, Obj<ConnectionDoc>)>,
    layout: Vec<(String, Obj<RectDoc>)>,
    /// Small: read as a JSON value and checked by the full reader's own code.
    workload: Option<serde_json::Value>,
    scenarios: Option<serde_json::Value>,
}

/// A JSON value read as `serde_json::Value` reads it, except that a key twice in one object is
/// refused (a `Value`'s map keeps one of the two, and the full reader refuses the file:
/// s34, found by `fuzz_the_readers_agree` with a scenario's `"id"` written twice).
struct UniqueValue(serde_json::Value);

impl<'de> Deserialize<'de> for UniqueValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(UniqueValueVisitor).map(UniqueValue)
    }
}

struct UniqueValueVisitor;

impl<'de> Visitor<'de> for UniqueValueVisitor {
    type Value = serde_json::Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(UniqueValue(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(serde_json::Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let UniqueValue(v) = map.next_value()?;
            if out.insert(key, v).is_some() {
                return Err(refuse());
            }
        }
        Ok(serde_json::Value::Object(out))
    }
}

struct DocVisitor;

impl<'de> Visitor<'de> for DocVisitor {
    type Value = Doc;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a design file")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc, A::Error> {
        let mut doc = Doc::default();
        let mut seen = [false; 8];
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            // The design's fields and the version: exactly what the full reader accepts at
            // the top level (`fields::serde_fields::<Design>()` and `schema_version`; the unit
            // test `top_level_keys_are_the_models` checks the list).
            let i = TOP_LEVEL.iter().position(|k| *k == key).ok_or_else(refuse)?;
            if std::mem::replace(&mut seen[i], true) {
                return Err(refuse());
            }
            match i {
                0 => doc.version = Some(map.next_value()?),
                1 => doc.name = Some(map.next_value()?),
                2 => doc.region = Some(map.next_value()?),
                3 => doc.nodes = map.next_value_seed(Entries(PhantomData))?,
                4 => doc.connections = map.next_value_seed(Entries(PhantomData))?,
                5 => doc.workload = Some(map.next_value::<UniqueValue>()?.0),
                6 => doc.layout = map.next_value_seed(Entries(PhantomData))?,
                _ => doc.scenarios = Some(map.next_value::<UniqueValue>()?.0),
            }
        }
        Ok(doc)
    }
}

/// The top-level keys, in the order [`DocVisitor`] matches them.
const TOP_LEVEL: [&str; 8] = ["schema_version", "name", "region", "nodes", "connections", "workload", "layout", "scenarios"];

/// `-0` as `0`: the full reader writes every whole number as an integer before reading it.
fn zero_unsigned(x: f64) -> f64 {
    if x == 0.0 {
        0.0
    } else {
        x
    }
}

/// A connection kind from its name (text only, as the full reader's `as_conn_kind`).
fn conn_kind(name: &str) -> Option<ConnKind> {
    ConnKind::ALL.into_iter().find(|k| k.name() == name)
}

/// Every field of `table` passes its spec, each field's value given by `get` (`None`: absent,
/// or `null` where the table allows it; a key `get` does not know refuses, so a field added to
/// a table is never skipped here).
fn table_ok(table: &[Field], get: impl Fn(&str) -> Option<Option<PropValue>>) -> bool {
    table.iter().all(|f| match get(f.spec.key) {
        None => false,
        Some(None) => f.need != fields::Need::Required,
        Some(Some(v)) => f.spec.validate(&v).is_ok(),
    })
}

fn num(x: Option<f64>) -> Option<Option<PropValue>> {
    Some(x.map(PropValue::Number))
}

impl Doc {
    /// The design, when every entry and the design as a whole pass every check.
    fn into_design(self) -> Option<Design> {
        if self.version != Some(super::SCHEMA_VERSION as u64) {
            return None; // missing, or an older format: the full reader migrates it
        }
        let name = self.name?;
        let region = self.region?;
        if !table_ok(fields::DESIGN, |k| (k == "region").then(|| Some(PropValue::Text(region.clone())))) {
            return None;
        }
        let mut scratch = ImportError::new();
        let workload = match self.workload {
            None => Workload::default(),
            Some(mut w) => {
                validate::check_workload(&mut scratch, w.as_object()?);
                if !scratch.is_empty() {
                    return None;
                }
                validate::whole_numbers_as_integers(&mut w);
                serde_json::from_value(w).ok()?
            }
        };
        let scenarios = match self.scenarios {
            None => Vec::new(),
            Some(mut s) => {
                validate::check_scenarios(&mut scratch, s.as_array()?);
                if !scratch.is_empty() {
                    return None;
                }
                validate::whole_numbers_as_integers(&mut s);
                serde_json::from_value(s).ok()?
            }
        };

        let mut nodes = Vec::with_capacity(self.nodes.len());
        for (key, Obj(n)) in self.nodes {
            if key != n.id.as_str() {
                return None;
            }
            nodes.push((NodeId(key), node(n)?));
        }
        let nodes = sorted_unique(nodes)?;
        let mut connections = Vec::with_capacity(self.connections.len());
        for (key, Obj(c)) in self.connections {
            if key != c.id.as_str() {
                return None;
            }
            connections.push((ConnId(key), connection(c)?));
        }
        let connections = sorted_unique(connections)?;
        let mut layout = Vec::with_capacity(self.layout.len());
        for (key, Obj(r)) in self.layout {
            let key = NodeId(key);
            if !nodes.contains_key(&key) {
                return None;
            }
            layout.push((key, rect(r)?));
        }
        let layout = sorted_unique(layout)?;

        let d = Design { name, region, nodes, connections, workload, layout, scenarios };
        // The checks between entries, as the full reader makes them; ids are looked up by
        // position (one hash), not searched in the ordered map.
        let pos = crate::graph::positions(&d);
        let missing_parents = d.nodes.values().filter_map(|n| n.parent.as_ref().filter(|p| !pos.contains_key(*p)).map(|p| (n.id.as_str(), p.as_str())));
        let dangling_ends = d.connections.values().flat_map(|c| {
            [("from", &c.from), ("to", &c.to)].into_iter().filter(|(_, id)| !pos.contains_key(*id)).map(|(end, id)| (c.id.as_str(), end, id.as_str()))
        });
        validate::check_topology(&mut scratch, missing_parents, dangling_ends, &d, &pos, d.connections.values());
        scratch.is_empty().then_some(d)
    }
}

/// A node entry that passes the full reader's `check_node` (the caller has checked that it
/// is stored under its own id).
fn node(n: NodeDoc) -> Option<Node> {
    let spec = catalog::kind(&n.kind)?;
    if n.id.as_str().is_empty() {
        return None;
    }
    let mut props = n.props;
    for (k, v) in props.iter_mut() {
        if let PropValue::Number(x) = v {
            *x = zero_unsigned(*x);
        }
        spec.prop(k)?.validate(v).ok()?;
    }
    let mut ingress = Vec::with_capacity(n.ingress.len());
    for Obj(i) in n.ingress {
        let ok = table_ok(fields::INGRESS, |k| (k == "port").then_some(Some(PropValue::Number(f64::from(i.port)))));
        if !ok || catalog::parse_ingress_cidr(&i.cidr).is_err() {
            return None;
        }
        ingress.push(Ingress { port: i.port, cidr: i.cidr });
    }
    let suppressions = n.suppressions.into_iter().map(|Obj(s)| Suppression { rule: s.rule, reason: s.reason }).collect();
    Some(Node { id: n.id, kind: n.kind, label: n.label, parent: n.parent, span: n.span, props, ingress, suppressions })
}

fn connection(c: ConnectionDoc) -> Option<Connection> {
    if c.id.as_str().is_empty() {
        return None;
    }
    let kind = conn_kind(&c.kind)?;
    let (share, payload_kb, timeout_ms) = (c.share.map(zero_unsigned), c.payload_kb.map(zero_unsigned), c.timeout_ms.map(zero_unsigned));
    let ok = table_ok(fields::CONNECTION, |k| match k {
        "share" => num(share),
        "payload_kb" => num(payload_kb),
        "port" => num(c.port.map(f64::from)),
        "timeout_ms" => num(timeout_ms),
        "retries" => num(c.retries.map(f64::from)),
        "circuit_breaker" => Some(Some(PropValue::Bool(c.circuit_breaker))),
        _ => None,
    });
    ok.then(|| Connection { id: c.id, from: c.from, to: c.to, kind, share, payload_kb, port: c.port, timeout_ms, retries: c.retries, circuit_breaker: c.circuit_breaker, label: c.label })
}

fn rect(r: RectDoc) -> Option<Rect> {
    let r = Rect::new(zero_unsigned(r.x), zero_unsigned(r.y), zero_unsigned(r.w), zero_unsigned(r.h));
    let ok = table_ok(fields::RECT, |k| match k {
        "x" => num(Some(r.x)),
        "y" => num(Some(r.y)),
        "w" => num(Some(r.w)),
        "h" => num(Some(r.h)),
        _ => None,
    });
    ok.then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fields::serde_fields;

    #[test]
    fn mirrors_have_the_model_fields() {
        assert_eq!(serde_fields::<NodeDoc>(), serde_fields::<Node>());
        assert_eq!(serde_fields::<ConnectionDoc>(), serde_fields::<Connection>());
        assert_eq!(serde_fields::<RectDoc>(), serde_fields::<Rect>());
        assert_eq!(serde_fields::<IngressDoc>(), serde_fields::<Ingress>());
        assert_eq!(serde_fields::<SuppressionDoc>(), serde_fields::<Suppression>());
    }

    #[test]
    fn top_level_keys_are_the_models() {
        let mut model: Vec<&str> = vec!["schema_version"];
        model.extend_from_slice(serde_fields::<Design>());
        assert_eq!(TOP_LEVEL.to_vec(), model);
    }

    /// The one-pass reader does read valid files (else the comparisons in
    /// `tests/file_format.rs` would only ever test the full reader against itself).
    #[test]
    fn reads_saved_designs_itself() {
        let mut designs = vec![crate::sample::synthetic(300), crate::sample::three_tier()];
        let mut with_scenario = crate::sample::three_tier();
        with_scenario.scenarios.push(crate::model::Scenario::new("s1", "10× traffic"));
        designs.push(with_scenario);
        for d in designs {
            let text = super::super::save(&d);
            let read = read(&text).expect("a saved design is read in one pass");
            assert_eq!(super::super::save(&read), text);
            assert_eq!(read, super::super::load_versioned_by_tree(&text).unwrap().design);
        }
        // Compact too (share links), and -0 comes back as 0.
        let d = crate::sample::three_tier();
        assert!(read(&super::super::save_compact(&d)).is_some());
        let zero = r#"{"schema_version": 5, "name": "z", "region": "us-east-1", "nodes": {"u": {"id": "u", "kind": "users"}},
            "layout": {"u": {"x": -0.0, "y": -0, "w": 1, "h": 1}}}"#;
        let r = read(zero).expect("read")
            .layout[&NodeId::new("u")];
        assert!(r.x.is_sign_positive() && r.y.is_sign_positive(), "{r:?}");
        // An older version is left to the full reader.
        assert!(read(&text_with_version(&d, 4)).is_none());
    }

    fn text_with_version(d: &Design, v: u32) -> String {
        super::super::save(d).replacen(&format!("\"schema_version\": {}", super::super::SCHEMA_VERSION), &format!("\"schema_version\": {v}"), 1)
    }

    #[test]
    fn maps_keep_each_key_once() {
        assert_eq!(sorted_unique(vec![(1, 'a'), (2, 'b')]).map(|m| m.len()), Some(2));
        assert_eq!(sorted_unique(vec![(2, 'b'), (1, 'a')]).map(|m| m.into_iter().collect::<Vec<_>>()), Some(vec![(1, 'a'), (2, 'b')]));
        assert!(sorted_unique(vec![(2, 'b'), (1, 'a'), (2, 'c')]).is_none());
        assert!(sorted_unique(vec![(1, 'a'), (1, 'a')]).is_none());
    }
}
