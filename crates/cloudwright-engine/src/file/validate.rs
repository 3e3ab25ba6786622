//! Reading a current-format document into a [`Design`], checking everything on the way:
//!
//! 1. structure: each field has the right JSON type, no unknown fields, ids in the maps
//!    equal the `id` inside each entry;
//! 2. values: known kinds, known property keys, every value of the right type and in range —
//!    node properties against the catalog, every other field (region, workload,
//!    connections, layout, access rules) against the tables of [`crate::model::fields`];
//!    all through [`crate::catalog::PropSpec::validate`], the check the inspector and the
//!    edits use;
//! 3. topology: parents exist and may hold the node ([`check_parent`]), no container
//!    cycles, a spanning component's further subnets ([`crate::model::span::check`]), connection endpoints exist and may be joined ([`check_connection`]), no
//!    position for a node that does not exist.
//!
//! Every problem is reported (up to the cap), not just the first: an entry that is broken
//! is left out of the later checks, so one mistake does not cascade into many messages.

use super::error::{describe, humanize_serde, key_path, quote, ImportError, Problem};
use crate::catalog;
use crate::model::fields::{self, Field, Need};
use crate::model::{check_connection, check_parent, ConnKind, Connection, Design, Node, NodeId, Rect, Value as PropValue, Workload};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Reads the design in a current-format document. `None` when any problem was found (they
/// are all in `errs`).
pub fn read_design(mut doc: Value, errs: &mut ImportError) -> Option<Design> {
    whole_numbers_as_integers(&mut doc);
    if !check_design(&doc, errs) {
        return None;
    }
    // Everything checked: read the whole design with serde, so fields added to the model
    // later are read too. A failure here means a check above is missing, not a bad file
    // the user could not be told about.
    if let Value::Object(top) = &mut doc {
        top.remove("schema_version");
    }

    match serde_json::from_value::<Design>(doc) {
        Ok(d) => Some(d),
        Err(e) => {
            errs.add("$", humanize_serde(&e.to_string()));
            None
        }
    }
}

/// Writes `443.0` as `443`. The checks accept a whole number written with a decimal point
/// where a whole number is wanted (the inspector does too), but serde refuses `443.0` for
/// a `u16`. Fields that hold `f64` read both forms alike, so this changes no value.
pub(super) fn whole_numbers_as_integers(v: &mut Value) {
    match v {
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            // Exactly representable whole numbers only (|x| < 2^53).
            if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
                *v = Value::Number((x as i64).into());
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

/// Every check; `true` when no problem was found.
fn check_design(doc: &Value, errs: &mut ImportError) -> bool {
    let start = errs.count();
    let Some(top) = doc.as_object() else {
        errs.add("$", format!("a design file must be a JSON object; got {}", describe(doc)));
        return false;
    };
    let r = Reporter { tag: Tag::None };
    r.unknown_fields(errs, top, "$", "a design", &with_extra(fields::serde_fields::<Design>(), "schema_version"));
    r.field(errs, top, "$", "design", "name", Need::Required, as_text);
    r.fields(errs, top, "$", "design", fields::DESIGN);
    let empty = Map::new();
    let nodes = r.field(errs, top, "$", "design", "nodes", Need::Optional, as_object).unwrap_or(&empty);
    let conns = r.field(errs, top, "$", "design", "connections", Need::Optional, as_object).unwrap_or(&empty);
    let layout = r.field(errs, top, "$", "design", "layout", Need::Optional, as_object).unwrap_or(&empty);
    if let Some(w) = r.field(errs, top, "$", "design", "workload", Need::Optional, as_object) {
        check_workload(errs, w);
    }
    if let Some(list) = r.field(errs, top, "$", "design", "scenarios", Need::Optional, as_array) {
        check_scenarios(errs, list);
    }

    // Entries that passed the structural checks; the rest are left out of later checks.
    let mut partial = Design::new("", "");
    for (key, v) in nodes {
        if let Some(n) = check_node(errs, key, v) {
            partial.nodes.insert(n.id.clone(), n);
        }
    }
    let mut good_conns = Vec::new();
    for (key, v) in conns {
        if let Some(c) = check_connection_entry(errs, key, v) {
            good_conns.push(c);
        }
    }
    for (key, v) in layout {
        let p = key_path("$.layout", key);
        let r = Reporter { tag: Tag::Node(key) };
        if !nodes.contains_key(key) {
            r.report(errs, &p, format!("there is a position for node {}, which does not exist", quote(key)));
            continue;
        }
        if let Some(obj) = r.value(errs, &p, v, as_object) {
            let before = errs.count();
            r.unknown_fields(errs, obj, &p, "a position", fields::serde_fields::<Rect>());
            r.fields(errs, obj, &p, "position", fields::RECT);
            if errs.count() == before {
                r.read::<Rect>(errs, &p, v);
            }
        }
    }

    // Parents and connection ends are checked on every entry that names them, even a
    // broken one (left out of `partial`).
    let missing_parents = nodes.iter().filter_map(|(key, v)| {
        let pid = v.get("parent").and_then(Value::as_str)?;
        (!nodes.contains_key(pid)).then_some((key.as_str(), pid))
    });
    let dangling_ends = conns.iter().flat_map(|(key, v)| {
        ["from", "to"].into_iter().filter_map(move |end| {
            let id = v.get(end).and_then(Value::as_str)?;
            (!nodes.contains_key(id)).then_some((key.as_str(), end, id))
        })
    });
    check_topology(errs, missing_parents, dangling_ends, &partial, &crate::graph::positions(&partial), good_conns.iter());
    errs.count() == start
}

// ---------------------------------------------------------------- entries

fn check_node(errs: &mut ImportError, key: &str, v: &Value) -> Option<Node> {
    let p = key_path("$.nodes", key);
    let r = Reporter { tag: Tag::Node(key) };
    let before = errs.count();
    let obj = r.value(errs, &p, v, as_object)?;
    r.unknown_fields(errs, obj, &p, "a node", fields::serde_fields::<Node>());
    r.check_id(errs, obj, &p, "node", key);
    let kind = r.field(errs, obj, &p, "node", "kind", Need::Required, as_text);
    let spec = kind.and_then(|k| {
        let spec = catalog::kind(k);
        if spec.is_none() {
            r.report(errs, &key_path(&p, "kind"), format!("unknown component kind {}{}", quote(k), suggest(k)));
        }
        spec
    });
    r.field(errs, obj, &p, "node", "label", Need::Optional, as_text);
    r.field(errs, obj, &p, "node", "parent", Need::Nullable, as_text);
    if let Some(list) = r.field(errs, obj, &p, "node", "span", Need::Optional, as_array) {
        let lp = key_path(&p, "span");
        for (i, item) in list.iter().enumerate() {
            r.value(errs, &super::error::index_path(&lp, i), item, as_text);
        }
    }
    if let Some(props) = r.field(errs, obj, &p, "node", "props", Need::Optional, as_object) {
        let pp = key_path(&p, "props");
        for (k, pv) in props {
            let problem = match (as_prop(pv), spec) {
                (Err(m), _) => Some(m),
                (Ok(_), None) => None, // unknown kind: reported already
                (Ok(value), Some(spec)) => match spec.prop(k) {
                    None => Some(format!("{} has no property {}", spec.name, quote(k))),
                    Some(ps) => ps.validate(&value).err().map(|m| format!("{} {m}", ps.label)),
                },
            };
            if let Some(m) = problem {
                r.report(errs, &key_path(&pp, k), m);
            }
        }
    }
    if let Some(list) = r.field(errs, obj, &p, "node", "ingress", Need::Optional, as_array) {
        let lp = key_path(&p, "ingress");
        for (i, item) in list.iter().enumerate() {
            let ip = super::error::index_path(&lp, i);
            if let Some(o) = r.value(errs, &ip, item, as_object) {
                r.unknown_fields(errs, o, &ip, "an access rule", fields::serde_fields::<crate::model::Ingress>());
                r.fields(errs, o, &ip, "access rule", fields::INGRESS);
                if let Some(c) = r.field(errs, o, &ip, "access rule", "cidr", Need::Required, as_text) {
                    if let Err(m) = catalog::parse_ingress_cidr(c) {
                        r.report(errs, &key_path(&ip, "cidr"), m);
                    }
                }
            }
        }
    }
    if let Some(list) = r.field(errs, obj, &p, "node", "suppressions", Need::Optional, as_array) {
        let lp = key_path(&p, "suppressions");
        for (i, item) in list.iter().enumerate() {
            let ip = super::error::index_path(&lp, i);
            if let Some(o) = r.value(errs, &ip, item, as_object) {
                r.unknown_fields(errs, o, &ip, "a suppression", fields::serde_fields::<crate::model::Suppression>());
                r.field(errs, o, &ip, "suppression", "rule", Need::Required, as_text);
                r.field(errs, o, &ip, "suppression", "reason", Need::Required, as_text);
            }
        }
    }
    if errs.count() != before {
        return None;
    }
    r.read::<Node>(errs, &p, v)
}

fn check_connection_entry(errs: &mut ImportError, key: &str, v: &Value) -> Option<Connection> {
    let p = key_path("$.connections", key);
    let r = Reporter { tag: Tag::Conn(key) };
    let before = errs.count();
    let obj = r.value(errs, &p, v, as_object)?;
    r.unknown_fields(errs, obj, &p, "a connection", fields::serde_fields::<Connection>());
    r.check_id(errs, obj, &p, "connection", key);
    r.field(errs, obj, &p, "connection", "from", Need::Required, as_text);
    r.field(errs, obj, &p, "connection", "to", Need::Required, as_text);
    r.field(errs, obj, &p, "connection", "kind", Need::Required, as_conn_kind);
    r.fields(errs, obj, &p, "connection", fields::CONNECTION);
    r.field(errs, obj, &p, "connection", "label", Need::Optional, as_text);
    if errs.count() != before {
        return None;
    }
    r.read::<Connection>(errs, &p, v)
}

pub(super) fn check_workload(errs: &mut ImportError, w: &Map<String, Value>) {
    let r = Reporter { tag: Tag::None };
    r.unknown_fields(errs, w, "$.workload", "the workload", fields::serde_fields::<Workload>());
    r.fields(errs, w, "$.workload", "workload", fields::WORKLOAD);
}

/// `$.scenarios`: at most [`fields::MAX_SCENARIOS`], unique ids, every field in range
/// ([`fields::SCENARIO`], [`fields::CHOICE`]). The nodes choices name are not required to
/// exist (see [`fields::check_scenario`]).
pub(super) fn check_scenarios(errs: &mut ImportError, list: &[Value]) {
    let r = Reporter { tag: Tag::None };
    if list.len() > fields::MAX_SCENARIOS {
        r.report(errs, "$.scenarios", format!("a design keeps at most {} scenarios (number keys 1 to 9); this one has {}", fields::MAX_SCENARIOS, list.len()));
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (i, item) in list.iter().enumerate() {
        let p = super::error::index_path("$.scenarios", i);
        let Some(obj) = r.value(errs, &p, item, as_object) else { continue };
        r.unknown_fields(errs, obj, &p, "a scenario", fields::serde_fields::<crate::model::Scenario>());
        if let Some(id) = r.field(errs, obj, &p, "scenario", "id", Need::Required, as_text) {
            if id.is_empty() {
                r.report(errs, &key_path(&p, "id"), "a scenario id cannot be empty");
            } else if !seen.insert(id) {
                r.report(errs, &key_path(&p, "id"), format!("two scenarios have the id {}; each needs its own", quote(id)));
            }
        }
        if let Some(name) = r.field(errs, obj, &p, "scenario", "name", Need::Required, as_text) {
            if let Err(m) = fields::check_scenario_name(name) {
                r.report(errs, &key_path(&p, "name"), m);
            }
        }
        r.fields(errs, obj, &p, "scenario", fields::SCENARIO);
        let Some(choices) = r.field(errs, obj, &p, "scenario", "choices", Need::Optional, as_array) else { continue };
        let cp = key_path(&p, "choices");
        for (j, c) in choices.iter().enumerate() {
            let jp = super::error::index_path(&cp, j);
            let Some(o) = r.value(errs, &jp, c, as_object) else { continue };
            r.unknown_fields(errs, o, &jp, "a choice", fields::serde_fields::<crate::model::Choice>());
            if let Some(node) = r.field(errs, o, &jp, "choice", "node", Need::Required, as_text) {
                if node.is_empty() {
                    r.report(errs, &key_path(&jp, "node"), "a choice must name the node it switches");
                }
            }
            let before = errs.count();
            r.fields(errs, o, &jp, "choice", fields::CHOICE);
            let switch = o.get("switch").filter(|_| errs.count() == before).and_then(|v| serde_json::from_value::<crate::model::Switch>(v.clone()).ok());
            if let Some(option) = r.field(errs, o, &jp, "choice", "option", Need::Required, as_text) {
                if let Some(sw) = switch {
                    if let Err(m) = fields::check_option(sw, option) {
                        r.report(errs, &key_path(&jp, "option"), m);
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------- topology

/// The checks between entries: containers that exist, no container loops, nesting and
/// spans the catalog allows, connection ends that exist, links the catalog allows.
/// `missing_parents`: (node, the container it names that does not exist);
/// `dangling_ends`: (connection, "from" or "to", the node it names that does not exist), in
/// file order — each reader finds these in its own form of the file (the document tree, or
/// the design read in one pass). `d` holds the nodes that passed every check of their own,
/// `conns` the connections that did.
pub(super) fn check_topology<'a>(
    errs: &mut ImportError,
    missing_parents: impl Iterator<Item = (&'a str, &'a str)>,
    dangling_ends: impl Iterator<Item = (&'a str, &'static str, &'a str)>,
    d: &Design,
    pos: &crate::graph::Positions,
    conns: impl Iterator<Item = &'a Connection>,
) {
    for (key, pid) in missing_parents {
        Reporter { tag: Tag::Node(key) }.report(errs, &key_path(&key_path("$.nodes", key), "parent"), format!("container {} does not exist", quote(pid)));
    }

    // Nodes by position (`pos`: their place in id order, `graph::positions(d)`, looked up by
    // one hash of the id): the walks below index flat tables instead of searching ordered
    // maps of string ids.
    let nodes: Vec<&Node> = d.nodes.values().collect();
    let parent: Vec<Option<usize>> = nodes.iter().map(|n| n.parent.as_ref().and_then(|p| pos.get(p))).collect();
    // A parent that names no node was reported above; such a node is left out of the checks below.
    let missing_parent = |i: usize| nodes[i].parent.is_some() && parent[i].is_none();

    // Container cycles: each node is walked once (colouring), so a long chain stays linear.
    // Walks start in id order, so cycles are reported in the order they are found there.
    const ON_WALK: u8 = 1;
    const DONE: u8 = 2;
    let mut state: Vec<u8> = vec![0; nodes.len()];
    let mut in_cycle: Vec<bool> = vec![false; nodes.len()];
    let mut walk: Vec<usize> = Vec::new();
    for start in 0..nodes.len() {
        walk.clear();
        let mut cur = start;
        loop {
            match state[cur] {
                DONE => break,
                ON_WALK => {
                    let from = walk.iter().position(|&x| x == cur).unwrap_or(0);
                    let cycle: Vec<&NodeId> = walk[from..].iter().map(|&i| &nodes[i].id).collect();
                    for &i in &walk[from..] {
                        in_cycle[i] = true;
                    }
                    report_cycle(errs, &cycle);
                    break;
                }
                _ => {
                    state[cur] = ON_WALK;
                    walk.push(cur);
                    match parent[cur] {
                        Some(p) => cur = p,
                        None => break,
                    }
                }
            }
        }
        for &i in &walk {
            state[i] = DONE;
        }
    }

    // Nesting the catalog does not allow. Nodes whose parent is missing or broken, or
    // that sit in a cycle, were reported already.
    for (i, n) in nodes.iter().enumerate() {
        if in_cycle[i] || missing_parent(i) {
            continue;
        }
        if let Err(e) = check_parent(d, &n.kind, n.parent.as_ref(), None) {
            let p = key_path("$.nodes", n.id.as_str());
            let p = if n.parent.is_some() { key_path(&p, "parent") } else { p };
            Reporter { tag: Tag::Node(n.id.as_str()) }.report(errs, &p, e.0);
        }
    }

    // Components spanning AZs: every further subnet exists, is a subnet of the same VPC, one
    // per AZ (model::span::check, the check the edits make).
    for (i, n) in nodes.iter().enumerate() {
        if n.span.is_empty() || in_cycle[i] || missing_parent(i) {
            continue;
        }
        if let Err(e) = crate::model::span::check(d, &n.kind, n.parent.as_ref(), &n.span) {
            Reporter { tag: Tag::Node(n.id.as_str()) }.report(errs, &key_path(&key_path("$.nodes", n.id.as_str()), "span"), e.0);
        }
    }

    // Connection endpoints that do not exist (on every entry that names them).
    for (key, end, id) in dangling_ends {
        Reporter { tag: Tag::Conn(key) }.report(errs, &key_path(&key_path("$.connections", key), end), format!("node {} does not exist", quote(id)));
    }
    // Links the catalog does not allow, between nodes that passed every check.
    for c in conns {
        if pos.contains_key(&c.from) && pos.contains_key(&c.to) {
            if let Err(e) = check_connection(d, &c.from, &c.to, c.kind) {
                Reporter { tag: Tag::Conn(c.id.as_str()) }.report(errs, &key_path("$.connections", c.id.as_str()), e.0);
            }
        }
    }
}

fn report_cycle(errs: &mut ImportError, cycle: &[&NodeId]) {
    // Start the description at the smallest id, so the message does not depend on where
    // the walk entered the loop.
    let Some(first) = (0..cycle.len()).min_by_key(|i| cycle[*i]) else { return };
    let id = cycle[first];
    let msg = if cycle.len() == 1 {
        format!("node {} is inside itself", quote(id.as_str()))
    } else {
        // Around the loop and back to the start; long loops are shortened.
        let mut chain: Vec<String> = (0..=cycle.len()).map(|i| quote(cycle[(first + i) % cycle.len()].as_str())).collect();
        if chain.len() > 8 {
            let last = chain[chain.len() - 1].clone();
            chain.truncate(6);
            chain.push("…".into());
            chain.push(last);
        }
        format!("containers form a loop: {} is inside {}", chain[0], chain[1..].join(", which is inside "))
    };
    let p = key_path(&key_path("$.nodes", id.as_str()), "parent");
    Reporter { tag: Tag::Node(id.as_str()) }.report(errs, &p, msg);
}

// ---------------------------------------------------------------- helpers

/// Which node or connection the problems of an entry are about.
#[derive(Clone, Copy)]
enum Tag<'a> {
    None,
    Node(&'a str),
    Conn(&'a str),
}

struct Reporter<'a> {
    tag: Tag<'a>,
}

impl Reporter<'_> {
    fn report(&self, errs: &mut ImportError, path: &str, msg: impl Into<String>) {
        let p = Problem::new(path, msg);
        errs.push(match self.tag {
            Tag::None => p,
            Tag::Node(id) => p.at_node(id),
            Tag::Conn(id) => p.at_connection(id),
        });
    }

    /// Converts a value, reporting the problem at `path`; `None` when reported.
    fn value<'v, T>(&self, errs: &mut ImportError, path: &str, v: &'v Value, conv: fn(&'v Value) -> Result<T, String>) -> Option<T> {
        conv(v).map_err(|m| self.report(errs, path, m)).ok()
    }

    /// Reads `obj[key]`: `None` when absent (and allowed to be) or when a problem was
    /// reported (then it is in `errs`).
    #[allow(clippy::too_many_arguments)]
    fn field<'v, T>(
        &self,
        errs: &mut ImportError,
        obj: &'v Map<String, Value>,
        path: &str,
        what: &str,
        key: &str,
        need: Need,
        conv: fn(&'v Value) -> Result<T, String>,
    ) -> Option<T> {
        match obj.get(key) {
            None if need == Need::Required => {
                self.report(errs, path, format!("the {what} has no {}", quote(key)));
                None
            }
            None => None,
            Some(Value::Null) if need == Need::Nullable => None,
            Some(v) => conv(v).map_err(|m| self.report(errs, &key_path(path, key), m)).ok(),
        }
    }

    /// Checks every field of `obj` that `table` has a spec for ([`crate::model::fields`]):
    /// present when required, and of the right type, in range or one of the choices.
    fn fields(&self, errs: &mut ImportError, obj: &Map<String, Value>, path: &str, what: &str, table: &[Field]) {
        for f in table {
            let key = f.spec.key;
            match obj.get(key) {
                None if f.need == Need::Required => self.report(errs, path, format!("the {what} has no {}", quote(key))),
                None => {}
                Some(Value::Null) if f.need == Need::Nullable => {}
                Some(v) => {
                    if let Err(m) = fields::check_json(f, v) {
                        self.report(errs, &key_path(path, key), m);
                    }
                }
            }
        }
    }

    fn unknown_fields(&self, errs: &mut ImportError, obj: &Map<String, Value>, path: &str, what: &str, fields: &[&str]) {
        if fields.is_empty() {
            return; // the model type does not say its fields; nothing to check against
        }
        for k in obj.keys() {
            if !fields.contains(&k.as_str()) {
                let hint = if what == "a node" && ["x", "y", "w", "h"].contains(&k.as_str()) {
                    "; since file format version 2, positions live in the \"layout\" map"
                } else {
                    ""
                };
                self.report(errs, &key_path(path, k), format!("{what} has no field {} (it may have: {}){hint}", quote(k), fields.join(", ")));
            }
        }
    }

    /// The id inside an entry must be the key it is stored under.
    fn check_id(&self, errs: &mut ImportError, obj: &Map<String, Value>, path: &str, what: &str, key: &str) {
        if key.is_empty() {
            self.report(errs, path, format!("a {what} id cannot be empty"));
        }
        if let Some(id) = self.field(errs, obj, path, what, "id", Need::Required, as_text) {
            if id != key {
                self.report(errs, &key_path(path, "id"), format!("the {what} is stored under {} but its id is {}; they must be the same", quote(key), quote(id)));
            }
        }
    }

    fn read<T: DeserializeOwned>(&self, errs: &mut ImportError, path: &str, v: &Value) -> Option<T> {
        T::deserialize(v).map_err(|e| self.report(errs, path, humanize_serde(&e.to_string()))).ok()
    }
}

fn as_text(v: &Value) -> Result<&str, String> {
    v.as_str().ok_or_else(|| format!("must be text; got {}", describe(v)))
}
fn as_object(v: &Value) -> Result<&Map<String, Value>, String> {
    v.as_object().ok_or_else(|| format!("must be an object {{...}}; got {}", describe(v)))
}
fn as_array(v: &Value) -> Result<&Vec<Value>, String> {
    v.as_array().ok_or_else(|| format!("must be a list [...]; got {}", describe(v)))
}
fn as_conn_kind(v: &Value) -> Result<ConnKind, String> {
    let names: Vec<&str> = ConnKind::ALL.iter().map(|k| k.name()).collect();
    let s = v.as_str().ok_or_else(|| format!("must be one of {}; got {}", names.join(", "), describe(v)))?;
    ConnKind::ALL.into_iter().find(|k| k.name() == s).ok_or_else(|| format!("must be one of {}; got {}", names.join(", "), quote(s)))
}
fn as_prop(v: &Value) -> Result<PropValue, String> {
    let bad = || format!("must be true/false, a number, text or a list of text; got {}", describe(v));
    Ok(match v {
        Value::Bool(b) => PropValue::Bool(*b),
        Value::Number(n) => PropValue::Number(n.as_f64().ok_or_else(bad)?),
        Value::String(s) => PropValue::Text(s.clone()),
        Value::Array(items) => PropValue::List(items.iter().map(|i| i.as_str().map(str::to_string)).collect::<Option<Vec<_>>>().ok_or_else(bad)?),
        _ => return Err(bad()),
    })
}

fn with_extra(fields: &'static [&'static str], extra: &'static str) -> Vec<&'static str> {
    let mut v = vec![extra];
    v.extend_from_slice(fields);
    v
}

/// " (did you mean \"alb\"?)" when a kind id is a near miss of a catalog kind.
fn suggest(kind: &str) -> String {
    if kind.len() < 3 || kind.len() > 40 {
        return String::new();
    }
    let k = kind.to_lowercase();
    catalog::KINDS
        .iter()
        .map(|s| (distance(&k, s.id), s.id))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, id)| format!(" (did you mean {}?)", quote(id)))
        .unwrap_or_default()
}

/// Levenshtein distance (short strings only).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_field_names_from_serde() {
        assert_eq!(fields::serde_fields::<Rect>(), ["x", "y", "w", "h"]);
        assert!(fields::serde_fields::<Node>().contains(&"props"));
        assert!(fields::serde_fields::<Design>().contains(&"layout"));
    }

    #[test]
    fn suggests_near_kinds() {
        assert_eq!(suggest("albb"), " (did you mean \"alb\"?)");
        assert_eq!(suggest("mainframe"), "");
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
