//! Property tests of edits and history: random legal designs, random edit sequences (legal
//! and illegal, built with the `Edit` constructors), then:
//! - undoing everything returns the exact original design; redoing returns the exact result;
//! - a failed edit (a Batch failing midway included) leaves design and history untouched;
//! - every design reached is still a valid file (save -> load gives it back);
//! - edits that change nothing (what a click without a drag produces) do not clear redo.
//!
//! Generators are written against the catalog API (any kind, any property type), so they
//! cover every kind the catalog has.

#![allow(clippy::manual_is_multiple_of, clippy::type_complexity)] // `n % 2 == 0` reads plainly in generators

use cloudwright_engine::catalog::{self, KindSpec, PropType, KINDS};
use cloudwright_engine::edit::{descendants, Edit};
use cloudwright_engine::file;
use cloudwright_engine::scenario;
use cloudwright_engine::model::fields;
use cloudwright_engine::history::{History, HISTORY_LIMIT};
use cloudwright_engine::model::{
    allowed_connection_kinds, check_parent, ConnKind, Connection, Design, Ingress, Node, NodeId, Rect, Scenario, Suppression, Value, Workload,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::collections::BTreeMap;

// ---------------------------------------------------------------- seeds

/// The random numbers one step (of building or of editing) is made from.
#[derive(Debug, Clone)]
struct Step {
    op: u8,
    a: Pick,
    b: Pick,
    c: Pick,
    n: u64,
    u: f64,
    dx: f64,
    dy: f64,
    text: String,
    flag: bool,
}

fn step() -> impl Strategy<Value = Step> {
    (
        any::<u8>(),
        (pick(), pick(), pick()),
        any::<u64>(),
        0.0..=1.0f64,
        prop_oneof![Just(0.0), -500.0..500.0f64, any::<f64>().prop_filter("finite", |x| x.is_finite() && x.abs() < 1e12)],
        -500.0..500.0f64,
        "\\PC{0,8}",
        any::<bool>(),
    )
        .prop_map(|(op, (a, b, c), n, u, dx, dy, text, flag)| Step { op, a, b, c, n, u, dx, dy, text, flag })
}

/// A uniform choice among `len` things (like proptest's `Index`, but constructible, so a
/// batch can draw its sub-steps from one seed). Shrinks toward the first thing.
#[derive(Debug, Clone, Copy)]
struct Pick(u64);

impl Pick {
    fn index(self, len: usize) -> usize {
        assert!(len > 0, "pick from an empty list");
        ((self.0 as u128 * len as u128) >> 64) as usize
    }
    fn get<T>(self, items: &[T]) -> &T {
        &items[self.index(items.len())]
    }
}

fn pick() -> impl Strategy<Value = Pick> {
    any::<u64>().prop_map(Pick)
}

/// A small deterministic generator, for the sub-edits of a batch.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn step_from(state: &mut u64) -> Step {
    let mut r = || splitmix(state);
    let idx = Pick;
    let (op, a, b, c, n) = (r() as u8, r(), r(), r(), r());
    let u = (r() % 1_000_001) as f64 / 1_000_000.0;
    let dx = (r() % 1000) as f64 - 500.25;
    let dy = (r() % 1000) as f64 * 0.5;
    let flag = r() % 2 == 0;
    Step { op, a: idx(a), b: idx(b), c: idx(c), n, u, dx, dy, text: format!("t{}", n % 97), flag }
}

// ---------------------------------------------------------------- values

fn valid_value(ty: &PropType, n: u64, u: f64) -> Value {
    match ty {
        PropType::Bool => Value::Bool(n % 2 == 0),
        PropType::Number { min, max } => Value::Number(match n % 4 {
            0 => *min,
            1 => *max,
            _ => (min + (max - min) * u).clamp(*min, *max),
        }),
        PropType::Integer { min, max } => Value::Number((min + ((max - min) * u).floor()).clamp(*min, *max).floor().max(*min)),
        PropType::Choice { options } => Value::Text(options[n as usize % options.len()].to_string()),
        PropType::Text => Value::Text(format!("note {n}")),
        PropType::Cidr => Value::Text(format!("10.{}.0.0/{}", n % 256, 16 + n % 9)),
        PropType::List => Value::List((0..n % 4).map(|i| format!("item-{i}")).collect()),
    }
}

/// A value the property must refuse: wrong type, out of range, not whole, not an option.
fn invalid_value(ty: &PropType, n: u64) -> Value {
    match (ty, n % 3) {
        (PropType::Bool, 0) => Value::Text("yes".into()),
        (PropType::Bool, _) => Value::Number(1.0),
        (PropType::Number { max, .. }, 0) => Value::Number(max * 2.0 + 1.0),
        (PropType::Number { min, .. }, 1) => Value::Number(min - 1.0),
        (PropType::Number { .. }, _) => Value::Number(f64::NAN),
        (PropType::Integer { min, max }, 0) if min + 0.5 <= *max => Value::Number(min + 0.5),
        (PropType::Integer { max, .. }, _) => Value::Number(max + 1.0),
        (PropType::Choice { .. }, 0) => Value::Text("not-an-option".into()),
        (PropType::Choice { .. }, _) => Value::Bool(true),
        (PropType::Text, 0) => Value::Text("x".repeat(501)),
        (PropType::Text, _) => Value::List(vec![]),
        (PropType::Cidr, 0) => Value::Text("10.0.0/99".into()),
        (PropType::Cidr, _) => Value::Number(10.0),
        (PropType::List, 0) => Value::List((0..101).map(|i| i.to_string()).collect()),
        (PropType::List, _) => Value::Text("m6i.large".into()),
    }
}

// ---------------------------------------------------------------- building designs

const FAVOURITES: &[&str] = &["vpc", "az", "subnet", "users", "alb", "rds", "region"];

fn ids(d: &Design) -> Vec<NodeId> {
    d.nodes.keys().cloned().collect()
}

/// A random node id of the design, or (when it has none, or now and then) one that does not
/// exist.
fn some_node(d: &Design, i: &Pick, allow_missing: bool) -> NodeId {
    let ids = ids(d);
    if ids.is_empty() || (allow_missing && i.index(17) == 0) {
        NodeId::new("ghost")
    } else {
        i.get(&ids).clone()
    }
}

/// A legal new node: a kind that has somewhere to sit, in one of those places, with a few
/// valid properties and maybe a rectangle.
fn legal_add(d: &Design, s: &Step) -> Option<Edit> {
    let places = |k: &KindSpec| -> Vec<Option<NodeId>> {
        std::iter::once(None).chain(d.nodes.keys().cloned().map(Some)).filter(|p| check_parent(d, k.id, p.as_ref(), None).is_ok()).collect()
    };
    let fav: Vec<&'static KindSpec> = FAVOURITES.iter().filter_map(|k| catalog::kind(k)).collect();
    let all: Vec<&'static KindSpec> = KINDS.iter().collect();
    let pool = if s.flag && !fav.is_empty() { fav } else { all };
    // The drawn kind, else the next one round the pool that has somewhere to sit.
    let start = s.a.index(pool.len());
    let (kind, candidates) = (0..pool.len()).map(|i| pool[(start + i) % pool.len()]).map(|k| (k, places(k))).find(|(_, c)| !c.is_empty())?;
    let parent = s.b.get(&candidates).clone();
    let id = d.fresh_node_id(kind.id);
    let mut props = BTreeMap::new();
    if !kind.props.is_empty() {
        for i in 0..(s.n % 3) {
            let p = &kind.props[((s.n / 3 + i) as usize) % kind.props.len()];
            props.insert(p.key.to_string(), valid_value(&p.ty, s.n >> 8, s.u));
        }
    }
    // Inside the canvas's range (model::fields::RECT); moves may still go beyond it.
    let x = s.dx.clamp(-fields::MAX_COORD, fields::MAX_COORD);
    let rect = (s.n % 5 != 0).then(|| Rect::new(x, s.dy, 40.0 + s.u * 200.0, 30.0 + s.u * 100.0));
    Some(Edit::AddNode { node: Node { id, kind: kind.id.to_string(), label: s.text.clone(), parent, span: Vec::new(), props, ingress: vec![], suppressions: vec![] }, rect })
}

/// A (from, to, kind) the catalog allows between existing nodes, found by trying up to 64
/// pairs drawn from `seed` (trying every pair is quadratic and slows the tests down).
fn legal_link(d: &Design, seed: u64) -> Option<(NodeId, NodeId, ConnKind)> {
    let ids = ids(d);
    if ids.is_empty() {
        return None;
    }
    let mut rng = seed;
    for _ in 0..64 {
        let f = &ids[(splitmix(&mut rng) % ids.len() as u64) as usize];
        let t = &ids[(splitmix(&mut rng) % ids.len() as u64) as usize];
        let kinds = allowed_connection_kinds(d, f, t);
        if !kinds.is_empty() {
            let k = kinds[(splitmix(&mut rng) % kinds.len() as u64) as usize];
            return Some((f.clone(), t.clone(), k));
        }
    }
    None
}

/// A random legal design, built by applying legal edits (so it is legal by construction).
fn build(steps: &[Step]) -> Design {
    let mut d = Design::new("Random design", "us-east-1");
    for s in steps {
        let e = if s.op % 4 != 0 {
            legal_add(&d, s)
        } else {
            legal_link(&d, s.n).map(|(f, t, k)| {
                let mut e = Edit::connect(&d, &f, &t, k);
                if let Edit::Connect { conn } = &mut e {
                    conn.share = s.flag.then_some(s.u);
                    conn.label = s.text.clone();
                }
                e
            })
        };
        if let Some(e) = e {
            e.apply(&mut d).expect("a legal edit applies");
        }
    }
    d
}

fn design() -> impl Strategy<Value = Design> {
    prop::collection::vec(step(), 0..30).prop_map(|s| build(&s))
}

// ---------------------------------------------------------------- random edits

const OPS: u8 = 20;

/// An edit made from a step against the current design. Many are legal, some are not
/// (stale `before`, illegal nesting or links, invalid values, missing nodes).
fn make_edit(d: &Design, s: &Step, depth: u32) -> Edit {
    let op = s.op % OPS;
    let id = some_node(d, &s.a, true);
    match op {
        0 | 1 => legal_add(d, s).unwrap_or_else(|| Edit::set_label(d, &id, &s.text)),
        2 => {
            // A node anywhere: an unknown kind, an existing id, a parent that cannot hold it.
            let kind = if s.flag { s.c.get(KINDS).id.to_string() } else { "mainframe".to_string() };
            let id = if s.n % 3 == 0 { some_node(d, &s.b, false) } else { d.fresh_node_id("x") };
            let parent = if s.n % 2 == 0 { None } else { Some(some_node(d, &s.c, true)) };
            Edit::AddNode { node: Node { id, kind, label: String::new(), parent, span: Vec::new(), props: BTreeMap::new(), ingress: vec![], suppressions: vec![] }, rect: None }
        }
        3 => Edit::remove_cascade(d, &[id.clone(), some_node(d, &s.b, true)][..1 + (s.n % 2) as usize]),
        4 => Edit::move_by(d, &[id, some_node(d, &s.b, true)][..1 + (s.n % 2) as usize], s.dx, s.dy),
        5 => {
            let before = if s.flag { Rect::new(0.0, 0.0, 1.0, 1.0) } else { d.layout.get(&id).copied().unwrap_or(Rect::new(0.0, 0.0, 0.0, 0.0)) };
            Edit::Resize { id, before, after: Rect::new(before.x, before.y, s.u * 500.0, s.dy.abs()) }
        }
        6 if s.flag && s.n % 3 == 0 => {
            // Place a node in further subnets (legal for a spanning kind in a subnet when each
            // is in another AZ of its VPC; often not).
            let Some(n) = d.node(&id) else { return Edit::SetSpan { id, before: vec![], after: vec![] } };
            let subnets: Vec<NodeId> = d.nodes.values().filter(|x| x.kind == "subnet").map(|x| x.id.clone()).collect();
            let after: Vec<NodeId> = subnets.iter().enumerate().filter(|(i, _)| (s.n as usize >> (i % 8)) & 1 == 1).map(|(_, x)| x.clone()).take(3).collect();
            Edit::SetSpan { id: id.clone(), before: n.span.clone(), after }
        }
        6 => {
            // Reparent to a place the catalog allows (never inside itself).
            let Some(n) = d.node(&id) else { return Edit::Reparent { id, before: None, after: None } };
            let cands: Vec<Option<NodeId>> = std::iter::once(None)
                .chain(d.nodes.keys().cloned().map(Some))
                .filter(|p| check_parent(d, &n.kind, p.as_ref(), Some(&id)).is_ok())
                .collect();
            let after = if cands.is_empty() { None } else { s.b.get(&cands).clone() };
            Edit::Reparent { id: id.clone(), before: n.parent.clone(), after }
        }
        7 => {
            // Reparent anywhere: into a leaf, into itself, into a descendant, to the top level.
            let before = d.node(&id).and_then(|n| n.parent.clone());
            let desc = descendants(d, &id);
            let after = match s.n % 4 {
                0 => None,
                1 => Some(id.clone()),
                2 if !desc.is_empty() => Some(s.b.get(&desc).clone()),
                _ => Some(some_node(d, &s.b, true)),
            };
            let before = if s.flag && s.n % 5 == 0 { Some(NodeId::new("stale")) } else { before };
            Edit::Reparent { id, before, after }
        }
        8 | 9 => {
            // A valid value, or clearing back to the default.
            let Some(spec) = d.spec(&id).filter(|k| !k.props.is_empty()) else { return Edit::set_prop(d, &id, "nothing", None) };
            let p = s.b.get(spec.props);
            let v = (s.n % 4 != 0).then(|| valid_value(&p.ty, s.n, s.u));
            Edit::set_prop(d, &id, p.key, v)
        }
        10 => {
            // An invalid value, or a key the kind does not have.
            let Some(spec) = d.spec(&id).filter(|k| !k.props.is_empty()) else { return Edit::set_prop(d, &id, "nothing", Some(Value::Bool(true))) };
            if s.flag {
                Edit::set_prop(d, &id, "no_such_property", Some(Value::Bool(true)))
            } else {
                let p = s.b.get(spec.props);
                Edit::set_prop(d, &id, p.key, Some(invalid_value(&p.ty, s.n)))
            }
        }
        11 => Edit::set_label(d, &id, &s.text),
        12 => {
            let link = if s.n % 3 != 0 { legal_link(d, s.n) } else { None };
            if let Some((f, t, k)) = link {
                Edit::connect(d, &f, &t, k)
            } else {
                // Whatever the seeds say: usually illegal (wrong kind, self link, missing node).
                Edit::connect(d, &id, &some_node(d, &s.b, true), *s.c.get(&ConnKind::ALL))
            }
        }
        13 => {
            let conns: Vec<&Connection> = d.connections.values().collect();
            if conns.is_empty() || s.flag && s.n % 4 == 0 {
                Edit::Disconnect { conn: Connection::new("nope", id.clone(), id, ConnKind::Sync) }
            } else {
                Edit::disconnect(d, &s.b.get(&conns).id).expect("exists")
            }
        }
        14 => {
            let conns: Vec<&Connection> = d.connections.values().collect();
            let Some(before) = (!conns.is_empty()).then(|| (*s.b.get(&conns)).clone()) else {
                return Edit::UpdateConnection { before: Connection::new("c0", "a", "b", ConnKind::Sync), after: Connection::new("c0", "a", "b", ConnKind::Async) };
            };
            let mut after = before.clone();
            match s.n % 7 {
                0 => after.share = Some(s.u),
                1 => after.share = Some(1.0 + s.u + 0.01), // invalid
                2 => after.payload_kb = Some(s.u * 100.0),
                3 => after.kind = *s.c.get(&ConnKind::ALL),
                4 => after.to = some_node(d, &s.c, true),
                5 => {
                    after.label = s.text.clone();
                    after.retries = Some((s.n % 5) as u32);
                    after.timeout_ms = Some(s.u * 3000.0);
                    after.circuit_breaker = s.flag;
                    after.port = Some((s.n % 65536) as u16);
                }
                _ => after.id = "changed".into(), // invalid: an update cannot change the id
            }
            Edit::UpdateConnection { before, after }
        }
        15 => {
            let mut after = d.workload.clone();
            after.request_kb = s.u * 10.0;
            after.critical = s.flag;
            after.team_size = (s.n % 50) as u32;
            after.peak_to_average = 1.0 + s.dy.abs();
            let before = if s.n % 7 == 0 { Workload { team_size: 999, ..d.workload.clone() } } else { d.workload.clone() };
            Edit::SetWorkload { before, after }
        }
        16 => {
            let before = if s.n % 7 == 0 { "stale name".to_string() } else { d.name.clone() };
            Edit::Rename { before, after: s.text.clone() }
        }
        17 => match s.n % 6 {
            0 => Edit::SetRegion { before: d.region.clone(), after: "eu-west-1".into() },
            // Scenarios (issue 13): added (an invalid multiplier now and then), removed (or
            // a stale one), renamed.
            3 => {
                let mut sc = Scenario::new("", if s.text.trim().is_empty() { "What if".to_string() } else { s.text.chars().take(60).collect() });
                sc.traffic_multiplier = if s.flag { 0.01 + s.u * 100.0 } else { 5000.0 };
                scenario::add(d, sc)
            }
            4 => match d.scenarios.first() {
                Some(sc) if !s.flag => scenario::remove(d, &sc.id).expect("exists"),
                _ => Edit::RemoveScenario { index: 0, scenario: Scenario::new("gone", "Gone") },
            },
            5 => match d.scenarios.last() {
                Some(sc) => scenario::rename(d, &sc.id, &s.text).expect("exists"),
                None => Edit::UpdateScenario { before: Scenario::new("s1", "a"), after: Scenario::new("s1", "b") },
            },
            1 => {
                let before = d.node(&id).map(|n| n.ingress.clone()).unwrap_or_default();
                let cidr = if s.flag { "0.0.0.0/0".to_string() } else { "not-a-cidr".to_string() };
                Edit::SetIngress { id, before, after: vec![Ingress { port: (s.n % 65536) as u16, cidr }] }
            }
            _ => {
                let before = d.node(&id).map(|n| n.suppressions.clone()).unwrap_or_default();
                Edit::SetSuppressions { id, before, after: vec![Suppression { rule: "some-rule".into(), reason: s.text.clone() }] }
            }
        },
        _ => {
            // A batch of edits, each made against the state the previous ones leave; with
            // `flag`, one more that fails, so the whole batch must roll back.
            if depth > 1 {
                return Edit::set_label(d, &id, &s.text);
            }
            let mut scratch = d.clone();
            let mut rng = s.n;
            let mut edits = Vec::new();
            for _ in 0..2 + s.n % 4 {
                let sub = step_from(&mut rng);
                let e = make_edit(&scratch, &sub, depth + 1);
                if e.apply(&mut scratch).is_ok() {
                    edits.push(e);
                }
            }
            if s.flag {
                let at = (s.n as usize) % (edits.len() + 1);
                edits.insert(at, Edit::Rename { before: "\u{1}stale".into(), after: "never".into() });
            }
            Edit::Batch { label: format!("Batch of {}", edits.len()), edits, switch: None }
        }
    }
}

/// Whether serde_json reads every float back exactly (its `float_roundtrip` feature; see
/// `floats_round_trip_exactly` in tests/file_format.rs, the one test that fails without it).
fn exact_floats() -> bool {
    serde_json::from_str::<f64>("442490.74867173156").ok() == Some(442490.74867173156)
}

/// Equal as JSON; without exact float parsing, equal up to the last bits of floats.
fn same_json<T: serde::Serialize + PartialEq>(a: &T, b: &T) -> bool {
    fn close(a: &serde_json::Value, b: &serde_json::Value) -> bool {
        use serde_json::Value as J;
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
    a == b || (!exact_floats() && close(&serde_json::to_value(a).unwrap(), &serde_json::to_value(b).unwrap()))
}

/// The design is a valid file: it saves and loads back exactly.
fn still_valid(d: &Design) -> Result<(), TestCaseError> {
    let s = file::save(d);
    match file::load(&s) {
        Ok(back) => prop_assert!(same_json(&back, d), "save -> load changed the design:\n{:?}\n{:?}", back, d),
        Err(e) => return Err(TestCaseError::fail(format!("a design reached by edits must be a valid file:\n{e}"))),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Apply a random sequence through History; undo everything; redo everything.
    #[test]
    fn undo_all_restores_and_redo_all_reapplies(original in design(), steps in prop::collection::vec(step(), 1..40)) {
        let mut d = original.clone();
        let mut h = History::new();
        let mut applied = 0;
        for (i, s) in steps.iter().enumerate() {
            let e = make_edit(&d, s, 0);
            let before = d.clone();
            let lens = h.len();
            match h.apply(&mut d, e.clone()) {
                Ok(()) => {
                    applied += 1;
                    if i % 8 == 7 {
                        still_valid(&d)?;
                    }
                }
                Err(_) => {
                    prop_assert_eq!(&d, &before, "a failed edit must leave the design untouched: {:?}", e);
                    prop_assert_eq!(h.len(), lens, "a failed edit must leave the history untouched");
                }
            }
        }
        prop_assert!(h.len().0 <= applied);
        still_valid(&d)?;
        let result = d.clone();
        while h.can_undo() {
            h.undo(&mut d).map_err(|e| TestCaseError::fail(format!("undo failed: {e}")))?;
        }
        prop_assert_eq!(&d, &original, "undoing everything must restore the original exactly");
        while h.can_redo() {
            h.redo(&mut d).map_err(|e| TestCaseError::fail(format!("redo failed: {e}")))?;
        }
        prop_assert_eq!(&d, &result, "redoing everything must give the same result exactly");
    }

    /// One edit: apply then invert restores exactly; applying is deterministic; the inverse
    /// of the inverse is the edit; a failed edit changes nothing.
    #[test]
    fn every_edit_inverts_exactly(original in design(), s in step()) {
        let e = make_edit(&original, &s, 0);
        // (Compared as text: an invalid value may be NaN, which is not equal to itself.)
        prop_assert_eq!(format!("{:?}", e.invert().invert()), format!("{e:?}"));
        let mut d = original.clone();
        match e.apply(&mut d) {
            Ok(()) => {
                let after = d.clone();
                e.invert().apply(&mut d).map_err(|x| TestCaseError::fail(format!("the inverse must apply: {x}")))?;
                prop_assert_eq!(&d, &original);
                e.apply(&mut d).map_err(|x| TestCaseError::fail(format!("re-applying must work: {x}")))?;
                prop_assert_eq!(&d, &after);
                // Applying the same edit twice is stale (its `before` no longer matches) or,
                // for an edit that changes nothing, harmless; either way never a half-change.
                let snapshot = d.clone();
                if e.apply(&mut d).is_err() {
                    prop_assert_eq!(&d, &snapshot);
                }
            }
            Err(_) => prop_assert_eq!(&d, &original),
        }
        // Edits are data: they survive JSON (the autosaved history). Non-finite numbers
        // (invalid values on purpose) have no JSON form, so those edits are left out.
        let debug = format!("{e:?}");
        if !debug.contains("NaN") && !debug.contains("inf") {
            let json = serde_json::to_string(&e).unwrap();
            let back: Edit = serde_json::from_str(&json).map_err(|x| TestCaseError::fail(format!("{x}: {json}")))?;
            prop_assert!(same_json(&back, &e), "{:?} != {:?}", back, e);
        }
    }

    /// A batch that fails midway rolls back everything it already applied.
    #[test]
    fn a_batch_failing_midway_changes_nothing(original in design(), seed in any::<u64>(), at in pick()) {
        let mut scratch = original.clone();
        let mut rng = seed;
        let mut edits = Vec::new();
        for _ in 0..6 {
            let e = make_edit(&scratch, &step_from(&mut rng), 1);
            if e.apply(&mut scratch).is_ok() {
                edits.push(e);
            }
        }
        // Stale: no edit ever names the design with a control character.
        let failing = Edit::Rename { before: "\u{1}stale".into(), after: "x".into() };
        edits.insert(at.index(edits.len() + 1), failing);
        let batch = Edit::Batch { label: "Half".into(), edits, switch: None };
        let mut d = original.clone();
        prop_assert!(batch.apply(&mut d).is_err());
        prop_assert_eq!(&d, &original);
        let mut h = History::new();
        prop_assert!(h.apply(&mut d, batch).is_err());
        prop_assert_eq!(&d, &original);
        prop_assert!(h.is_empty());
    }

    /// Edits that change nothing (a click without a drag, re-typing the same label, setting
    /// a property to its current value, an empty batch) keep redo available.
    #[test]
    fn no_op_edits_do_not_clear_redo(original in design(), steps in prop::collection::vec(step(), 1..12), pick in pick()) {
        let mut d = original.clone();
        let mut h = History::new();
        for s in &steps {
            let e = make_edit(&d, s, 0);
            let _ = h.apply(&mut d, e);
        }
        prop_assume!(h.can_undo());
        h.undo(&mut d).unwrap();
        let (undo, redo) = h.len();
        let before = d.clone();
        let ids = ids(&d);
        let mut noops = vec![Edit::move_by(&d, &[], 5.0, 5.0), Edit::Batch { label: "Nothing".into(), edits: vec![], switch: None }, Edit::Rename { before: d.name.clone(), after: d.name.clone() }];
        if !ids.is_empty() {
            let id = pick.get(&ids);
            let n = &d.nodes[id];
            noops.push(Edit::move_by(&d, std::slice::from_ref(id), 0.0, 0.0));
            noops.push(Edit::set_label(&d, id, &n.label.clone()));
            if let Some(p) = d.spec(id).and_then(|k| k.props.first()) {
                noops.push(Edit::set_prop(&d, id, p.key, n.props.get(p.key).cloned()));
            }
            noops.push(Edit::Reparent { id: id.clone(), before: n.parent.clone(), after: n.parent.clone() });
        }
        for e in noops {
            h.apply(&mut d, e.clone()).map_err(|x| TestCaseError::fail(format!("{e:?}: {x}")))?;
            prop_assert_eq!(&d, &before);
            prop_assert_eq!(h.len(), (undo, redo), "{:?} changed nothing, so it must not touch the history", e);
        }
        let redo_label = h.redo_label(&d);
        prop_assert!(redo_label.is_some());
        h.redo(&mut d).unwrap();
    }
}

// ---------------------------------------------------------------- History unit tests

/// Makes an edit from the current design and applies it through the history.
fn apply_h(h: &mut History, d: &mut Design, make: impl FnOnce(&Design) -> Edit) -> Result<(), cloudwright_engine::edit::EditError> {
    let e = make(d);
    h.apply(d, e)
}

fn users(id: &str) -> Node {
    Node { label: String::new(), ..Node::new(id, "users") }
}

fn one_node_design() -> Design {
    let mut d = Design::new("History", "us-east-1");
    Edit::AddNode { node: users("u"), rect: Some(Rect::new(0.0, 0.0, 10.0, 10.0)) }.apply(&mut d).unwrap();
    d
}

#[test]
fn history_keeps_at_most_the_limit() {
    let mut d = one_node_design();
    let mut h = History::new();
    let u = NodeId::new("u");
    for i in 0..HISTORY_LIMIT + 10 {
        apply_h(&mut h, &mut d, |d| Edit::set_label(d, &u, &format!("label {i}"))).unwrap();
    }
    assert_eq!(h.len(), (HISTORY_LIMIT, 0));
    let mut undone = 0;
    while h.can_undo() {
        h.undo(&mut d).unwrap();
        undone += 1;
    }
    assert_eq!(undone, HISTORY_LIMIT);
    // The oldest ten steps were dropped: undo stops at the label set by step 10.
    assert_eq!(d.nodes[&u].label, "label 9");
    assert_eq!(h.len(), (0, HISTORY_LIMIT));
    assert_eq!(h.undo(&mut d).unwrap(), None, "nothing left to undo");
}

#[test]
fn history_labels_follow_undo_and_redo() {
    let mut d = one_node_design();
    let mut h = History::new();
    let u = NodeId::new("u");
    assert_eq!((h.undo_label(&d), h.redo_label(&d)), (None, None));
    assert!(h.is_empty());
    apply_h(&mut h, &mut d, |d| Edit::set_label(d, &u, "Customers")).unwrap();
    apply_h(&mut h, &mut d, |d| Edit::move_by(d, std::slice::from_ref(&u), 10.0, 0.0)).unwrap();
    apply_h(&mut h, &mut d, |d| Edit::set_prop(d, &u, "realtime", Some(Value::Bool(true)))).unwrap();
    // Labels name the component by its label ("Customers"), never by its id ("u"); a
    // property by its catalog label.
    let set = "Set Needs real-time two-way traffic on \u{201c}Customers\u{201d}";
    let moved = "Move \u{201c}Customers\u{201d}";
    assert_eq!(h.undo_label(&d).as_deref(), Some(set));
    let undone = h.undo(&mut d).unwrap().cloned();
    assert_eq!(undone.map(|e| e.describe(&d)).as_deref(), Some(set));
    assert_eq!(h.undo_label(&d).as_deref(), Some(moved));
    assert_eq!(h.redo_label(&d).as_deref(), Some(set));
    h.undo(&mut d).unwrap();
    // The node had no label: it is named by its kind.
    assert_eq!(h.undo_label(&d).as_deref(), Some("Rename Internet users to \u{201c}Customers\u{201d}"));
    assert_eq!(h.redo_label(&d).as_deref(), Some(moved));
    assert_eq!(h.len(), (1, 2));
    let redone = h.redo(&mut d).unwrap().cloned();
    assert_eq!(redone.map(|e| e.describe(&d)).as_deref(), Some(moved));
    assert_eq!(d.layout[&u].x, 10.0);
}

#[test]
fn a_new_edit_clears_redo_but_a_failed_one_does_not() {
    let mut d = one_node_design();
    let mut h = History::new();
    let u = NodeId::new("u");
    apply_h(&mut h, &mut d, |d| Edit::set_label(d, &u, "a")).unwrap();
    apply_h(&mut h, &mut d, |d| Edit::set_label(d, &u, "b")).unwrap();
    h.undo(&mut d).unwrap();
    assert!(h.can_redo());
    // Fails: the property value is out of range. Redo survives.
    assert!(apply_h(&mut h, &mut d, |d| Edit::set_prop(d, &u, "slo_p99_ms", Some(Value::Number(-5.0)))).is_err());
    assert_eq!(h.len(), (1, 1));
    // A real change clears redo.
    apply_h(&mut h, &mut d, |d| Edit::set_label(d, &u, "c")).unwrap();
    assert_eq!(h.len(), (2, 0));
    assert_eq!(h.redo(&mut d).unwrap(), None);
}

#[test]
fn undo_refuses_a_stale_step_and_keeps_it() {
    let mut d = one_node_design();
    let mut h = History::new();
    let u = NodeId::new("u");
    apply_h(&mut h, &mut d, |d| Edit::set_label(d, &u, "a")).unwrap();
    // Someone changed the design behind the history's back.
    Edit::set_label(&d, &u, "z").apply(&mut d).unwrap();
    let snapshot = d.clone();
    assert!(h.undo(&mut d).is_err());
    assert_eq!(d, snapshot);
    assert_eq!(h.len(), (1, 0));
}

#[test]
fn remove_cascade_then_undo_restores_children_connections_and_layout() {
    let mut d = Design::new("Cascade", "us-east-1");
    let add = |d: &mut Design, id: &str, kind: &str, parent: Option<&str>| {
        let node = Node { parent: parent.map(NodeId::new), ..Node::new(id, kind) };
        Edit::AddNode { node, rect: Some(Rect::new(1.0, 2.0, 3.0, 4.0)) }.apply(d).unwrap();
    };
    add(&mut d, "vpc", "vpc", None);
    add(&mut d, "az", "az", Some("vpc"));
    add(&mut d, "sub", "subnet", Some("az"));
    add(&mut d, "db", "rds", Some("sub"));
    add(&mut d, "lb", "alb", Some("vpc"));
    add(&mut d, "users", "users", None);
    let (users, lb, db, vpc) = (NodeId::new("users"), NodeId::new("lb"), NodeId::new("db"), NodeId::new("vpc"));
    Edit::connect(&d, &users, &lb, ConnKind::Sync).apply(&mut d).unwrap();
    Edit::connect(&d, &lb, &db, ConnKind::Sync).apply(&mut d).unwrap();
    let original = d.clone();
    let mut h = History::new();
    apply_h(&mut h, &mut d, |d| Edit::remove_cascade(d, std::slice::from_ref(&vpc))).unwrap();
    assert_eq!(d.nodes.keys().map(NodeId::as_str).collect::<Vec<_>>(), ["users"]);
    assert!(d.connections.is_empty());
    assert_eq!(d.layout.len(), 1);
    // What goes: the VPC and the 4 inside it (az, sub, db, lb).
    assert_eq!(h.undo_label(&d).as_deref(), Some("Delete \u{201c}vpc\u{201d} and the 4 components inside"));
    h.undo(&mut d).unwrap();
    assert_eq!(d, original);
    h.redo(&mut d).unwrap();
    assert_eq!(d.nodes.len(), 1);
}

// ---------------------------------------------------------------- the design diff (issue 18)

use cloudwright_engine::diff;
use std::collections::BTreeSet;

/// What a sequence of applied edits touched, read from the edits themselves: the ids they
/// add or remove (wholly touched), and the single fields they set.
#[derive(Default, Debug)]
struct Touched {
    nodes: BTreeSet<String>,
    node_fields: BTreeSet<(String, String)>,
    layout: BTreeSet<String>,
    conns: BTreeSet<String>,
    conn_fields: BTreeSet<(String, String)>,
    workload: BTreeSet<String>,
    design: BTreeSet<String>,
    scenarios: BTreeSet<String>,
}

/// The keys whose values differ between two serialised values (objects).
fn differing_keys<T: serde::Serialize>(a: &T, b: &T) -> Vec<String> {
    let (a, b) = (serde_json::to_value(a).unwrap(), serde_json::to_value(b).unwrap());
    let (a, b) = (a.as_object().unwrap(), b.as_object().unwrap());
    a.keys().chain(b.keys()).filter(|k| a.get(*k) != b.get(*k)).cloned().collect()
}

fn touch(e: &Edit, t: &mut Touched) {
    match e {
        Edit::AddNode { node, .. } | Edit::RemoveNode { node, .. } => {
            t.nodes.insert(node.id.to_string());
        }
        Edit::Move { id, .. } | Edit::Resize { id, .. } => {
            t.layout.insert(id.to_string());
        }
        Edit::Reparent { id, .. } => {
            t.node_fields.insert((id.to_string(), "parent".into()));
        }
        Edit::SetSpan { id, .. } => {
            t.node_fields.insert((id.to_string(), "span".into()));
        }
        Edit::SetProp { id, key, .. } => {
            t.node_fields.insert((id.to_string(), format!("props.{key}")));
        }
        Edit::SetLabel { id, .. } => {
            t.node_fields.insert((id.to_string(), "label".into()));
        }
        Edit::SetIngress { id, .. } => {
            t.node_fields.insert((id.to_string(), "ingress".into()));
        }
        Edit::SetSuppressions { id, .. } => {
            t.node_fields.insert((id.to_string(), "suppressions".into()));
        }
        Edit::Connect { conn } | Edit::Disconnect { conn } => {
            t.conns.insert(conn.id.to_string());
        }
        Edit::UpdateConnection { before, after } => {
            for k in differing_keys(before, after) {
                t.conn_fields.insert((after.id.to_string(), k));
            }
        }
        Edit::SetWorkload { before, after } => t.workload.extend(differing_keys(before, after)),
        Edit::Rename { .. } => {
            t.design.insert("name".into());
        }
        Edit::SetRegion { .. } => {
            t.design.insert("region".into());
        }
        Edit::AddScenario { scenario, .. } | Edit::RemoveScenario { scenario, .. } => {
            t.scenarios.insert(scenario.id.clone());
        }
        Edit::UpdateScenario { after, .. } => {
            t.scenarios.insert(after.id.clone());
        }
        Edit::Batch { edits, .. } => edits.iter().for_each(|e| touch(e, t)),
    }
}

/// A node's field by the diff's name for it (`label`, `parent`, `props.<key>`, ...).
fn node_field(n: &Node, field: &str) -> serde_json::Value {
    match field.strip_prefix("props.") {
        Some(k) => serde_json::to_value(n.props.get(k)).unwrap(),
        None => serde_json::to_value(n).unwrap().get(field).cloned().unwrap_or(serde_json::Value::Null),
    }
}

/// The diff names exactly what the edits did: nothing they did not touch (sound), and every
/// touched thing whose final value differs from the original (complete); and it is empty
/// exactly when the designs are equal.
fn diff_names_the_edits(original: &Design, result: &Design, t: &Touched) -> Result<(), TestCaseError> {
    let c = diff::changes(original, result);
    prop_assert_eq!(c.is_empty(), original == result, "empty diff <=> equal designs: {:?}", c);
    // Sound.
    for n in c.nodes_added.iter().chain(&c.nodes_removed) {
        prop_assert!(t.nodes.contains(&n.id), "{} added/removed by no edit", n.id);
    }
    for n in &c.nodes_changed {
        for f in &n.fields {
            prop_assert!(t.nodes.contains(&n.id) || t.node_fields.contains(&(n.id.clone(), f.field.clone())), "{}.{} changed by no edit", n.id, f.field);
        }
    }
    for l in &c.layout {
        prop_assert!(t.layout.contains(&l.id) || t.nodes.contains(&l.id), "layout of {} changed by no edit", l.id);
    }
    for x in c.connections_added.iter().chain(&c.connections_removed) {
        prop_assert!(t.conns.contains(&x.id), "connection {} added/removed by no edit", x.id);
    }
    for x in &c.connections_changed {
        for f in &x.fields {
            prop_assert!(t.conns.contains(&x.id) || t.conn_fields.contains(&(x.id.clone(), f.field.clone())), "{}.{} changed by no edit", x.id, f.field);
        }
    }
    for f in &c.workload {
        prop_assert!(t.workload.contains(&f.field), "workload.{} changed by no edit", f.field);
    }
    for f in &c.design {
        prop_assert!(t.design.contains(&f.field), "{} changed by no edit", f.field);
    }
    for s in c.scenarios_added.iter().chain(&c.scenarios_removed).chain(&c.scenarios_changed) {
        prop_assert!(t.scenarios.contains(&s.id), "scenario {} changed by no edit", s.id);
    }
    // Complete.
    let named_field = |id: &str, field: &str| c.nodes_changed.iter().any(|n| n.id == id && n.fields.iter().any(|f| f.field == field));
    for id in &t.nodes {
        let k = NodeId::new(id.as_str());
        match (original.nodes.get(&k), result.nodes.get(&k)) {
            (None, Some(_)) => prop_assert!(c.nodes_added.iter().any(|n| &n.id == id), "{} added, not named", id),
            (Some(_), None) => prop_assert!(c.nodes_removed.iter().any(|n| &n.id == id), "{} removed, not named", id),
            (Some(a), Some(b)) if a != b => prop_assert!(c.nodes_changed.iter().any(|n| &n.id == id), "{} changed, not named", id),
            _ => {}
        }
    }
    for (id, field) in &t.node_fields {
        let k = NodeId::new(id.as_str());
        if let (Some(a), Some(b)) = (original.nodes.get(&k), result.nodes.get(&k)) {
            prop_assert_eq!(node_field(a, field) != node_field(b, field), named_field(id, field), "{}.{}", id, field);
        }
    }
    for id in t.layout.iter().chain(&t.nodes) {
        let k = NodeId::new(id.as_str());
        if original.nodes.contains_key(&k) && result.nodes.contains_key(&k) {
            prop_assert_eq!(original.layout.get(&k) != result.layout.get(&k), c.layout.iter().any(|l| &l.id == id), "layout of {}", id);
        }
    }
    for id in t.conns.iter().chain(t.conn_fields.iter().map(|(id, _)| id)) {
        let k = id.as_str().into();
        match (original.connections.get(&k), result.connections.get(&k)) {
            (None, Some(_)) => prop_assert!(c.connections_added.iter().any(|x| &x.id == id)),
            (Some(_), None) => prop_assert!(c.connections_removed.iter().any(|x| &x.id == id)),
            (Some(a), Some(b)) => prop_assert_eq!(a != b, c.connections_changed.iter().any(|x| &x.id == id), "connection {}", id),
            _ => {}
        }
    }
    prop_assert_eq!(original.workload != result.workload, !c.workload.is_empty());
    prop_assert_eq!(original.name != result.name, c.design.iter().any(|f| f.field == "name"));
    prop_assert_eq!(original.region != result.region, c.design.iter().any(|f| f.field == "region"));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A random edit sequence (legal and illegal edits, batches): the diff of the original and
    /// the result names exactly the edits that applied.
    #[test]
    fn the_diff_names_exactly_the_edits(original in design(), steps in prop::collection::vec(step(), 1..30)) {
        let mut d = original.clone();
        let mut t = Touched::default();
        for s in &steps {
            let e = make_edit(&d, s, 0);
            if e.apply(&mut d).is_ok() {
                touch(&e, &mut t);
            }
        }
        diff_names_the_edits(&original, &d, &t)?;
        // Backwards is the mirror image: added <-> removed.
        let back = diff::changes(&d, &original);
        let fwd = diff::changes(&original, &d);
        prop_assert_eq!(back.nodes_added, fwd.nodes_removed);
        prop_assert_eq!(back.connections_removed, fwd.connections_added);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// With the analyses: a design against itself is empty; the totals are the cost engine's.
    #[test]
    fn the_full_diff_of_a_design_with_itself_is_empty(original in design(), steps in prop::collection::vec(step(), 1..8)) {
        let mut d = original.clone();
        for s in &steps {
            let _ = make_edit(&d, s, 0).apply(&mut d);
        }
        prop_assert!(diff::diff(&d, &d.clone()).is_empty());
        let x = diff::diff(&original, &d);
        let (b, a) = (cloudwright_engine::cost::cost_at(&original, 1.0), cloudwright_engine::cost::cost_at(&d, 1.0));
        prop_assert_eq!((x.cost.monthly.before, x.cost.monthly.after), (b.monthly, a.monthly));
        prop_assert_eq!(x.is_empty(), original == d);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Restoring a version (`edit::restore`): one batch that turns the edited design back into
    /// the version exactly; undone through the history, it gives the edited design back
    /// exactly; a design restored to itself is an empty batch.
    #[test]
    fn restore_returns_to_the_version_and_its_undo_returns_the_edits(original in design(), steps in prop::collection::vec(step(), 1..30)) {
        let mut d = original.clone();
        for s in &steps {
            let _ = make_edit(&d, s, 0).apply(&mut d);
        }
        let edited = d.clone();
        let e = cloudwright_engine::edit::restore(&d, &original, "Restore version").map_err(|e| TestCaseError::fail(e.0))?;
        // A restore the app treats as layout-only (no analysis re-run) changes no topology.
        if e.is_layout_only() {
            prop_assert!(diff::changes(&edited, &original).is_topology_unchanged());
        }
        let mut h = History::new();
        h.apply(&mut d, e).map_err(|e| TestCaseError::fail(e.0))?;
        prop_assert_eq!(&d, &original, "restore must give the version exactly");
        h.undo(&mut d).map_err(|e| TestCaseError::fail(e.0))?;
        prop_assert_eq!(&d, &edited, "undoing the restore must give the edited design exactly");
        let same = cloudwright_engine::edit::restore(&edited, &edited, "x").unwrap();
        let empty = matches!(&same, Edit::Batch { edits, .. } if edits.is_empty());
        prop_assert!(empty, "a design restored to itself is an empty batch: {:?}", same);
    }

    /// Between two unrelated designs (every node added, removed, rebuilt or kept by chance of
    /// ids): restore gives the target exactly, and its inverse the start.
    #[test]
    fn restore_between_unrelated_designs(a in design(), b in design()) {
        let e = cloudwright_engine::edit::restore(&a, &b, "Restore").map_err(|e| TestCaseError::fail(e.0))?;
        let mut d = a.clone();
        e.apply(&mut d).map_err(|e| TestCaseError::fail(e.0))?;
        prop_assert_eq!(&d, &b);
        e.invert().apply(&mut d).map_err(|e| TestCaseError::fail(e.0))?;
        prop_assert_eq!(&d, &a);
    }
}
