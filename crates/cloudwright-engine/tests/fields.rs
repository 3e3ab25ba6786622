//! One mechanism for values (issue 15): every field of the file format is checked against
//! the same ranges and choices as the inspector and the catalog, by the engine's one entry
//! point `file::open`, which the CLI (every command) and the app's import call.
//!
//! - `fields_cover_the_model`: every field of every object of the model has a spec in
//!   `model::fields` (or is listed as structural), and every spec names a real field.
//! - `random_values_in_every_field_are_accepted_exactly_when_valid` (property test): a
//!   valid design has 1 or 2 of its fields (region, name, every workload field, every
//!   connection field, every layout field, every property of every node, labels, parents,
//!   access rules, suppressions) set to random values — in range, at the bounds, outside,
//!   1e308, wrong types, null — and `file::open` accepts it exactly when each value is one
//!   the field's spec (the inspector's check) accepts.
//! - `file_open_reaches_the_shared_corpus_verdicts`: the same generator, seeded, wrote
//!   `fixtures/corpus/every-field.json` (base design + cases + verdicts). The CLI tests
//!   (`cloudwright validate-file -`, `check -`) and the app's wasm test (its import
//!   function) run the same corpus and must reach the same verdicts: the CLI and the app
//!   accept exactly the same files. `UPDATE_CORPUS=1 cargo test --test fields` rewrites it.

use cloudwright_engine::catalog::{self, PropSpec, PropType, REGION_CODES};
use cloudwright_engine::model::fields::{self, Field, Need};
use cloudwright_engine::model::{check_connection, check_parent, Choice, ConnKind, Connection, Design, Ingress, Node, NodeId, PricingModel, Rect, Scenario, ScenarioPricing, Suppression, Value, Workload};
use cloudwright_engine::{cost, file, Edit};
use proptest::prelude::*;
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;

// ---------------------------------------------------------------- coverage of the model

#[test]
fn fields_cover_the_model() {
    let structural = |object: &str| -> Vec<&str> { fields::STRUCTURAL.iter().find(|(o, _)| *o == object).map(|(_, f)| f.to_vec()).unwrap_or_default() };
    let objects: [(&str, &[&str], &[Field]); 9] = [
        ("design", fields::serde_fields::<Design>(), fields::DESIGN),
        ("node", fields::serde_fields::<Node>(), &[]),
        ("connection", fields::serde_fields::<Connection>(), fields::CONNECTION),
        ("workload", fields::serde_fields::<Workload>(), fields::WORKLOAD),
        ("layout", fields::serde_fields::<Rect>(), fields::RECT),
        ("ingress", fields::serde_fields::<Ingress>(), fields::INGRESS),
        ("suppression", fields::serde_fields::<Suppression>(), &[]),
        ("scenario", fields::serde_fields::<Scenario>(), fields::SCENARIO),
        ("choice", fields::serde_fields::<Choice>(), fields::CHOICE),
    ];
    for (object, model_fields, table) in objects {
        assert!(!model_fields.is_empty(), "{object}: serde did not say its fields");
        let s = structural(object);
        for f in model_fields {
            assert!(
                table.iter().any(|t| t.spec.key == *f) || s.contains(f),
                "the {object} field \"{f}\" has no check: add its spec to the {object} table in model/fields.rs (or, for an id, reference or free text, list it in STRUCTURAL and check it in file/validate.rs)"
            );
        }
        for t in table {
            assert!(model_fields.contains(&t.spec.key), "model/fields.rs has a spec for \"{}\", which the {object} does not have", t.spec.key);
        }
    }
    // The pricing choices are the model's own names.
    let pricing = fields::find(fields::WORKLOAD, "pricing").unwrap();
    let PropType::Choice { options } = pricing.spec.ty else { panic!("pricing is a choice") };
    for o in options {
        assert!(serde_json::from_value::<PricingModel>(json!(o)).is_ok(), "pricing option {o} is not a PricingModel");
    }
    assert_eq!(options.len(), 3);
    // A scenario's pricing choices are its model's own names too (the design's and Spot).
    let pricing = fields::find(fields::SCENARIO, "pricing").unwrap();
    let PropType::Choice { options } = pricing.spec.ty else { panic!("pricing is a choice") };
    assert_eq!(options.to_vec(), ScenarioPricing::ALL.iter().map(|p| p.id()).collect::<Vec<_>>());
    for o in options {
        assert!(serde_json::from_value::<ScenarioPricing>(json!(o)).is_ok(), "scenario pricing option {o}");
    }
}

#[test]
fn every_region_code_has_a_price_factor_and_the_region_container_offers_the_same() {
    for code in REGION_CODES {
        let (_, _, note) = cost::prices::book().region_factor(code);
        assert!(!note.starts_with("no factor"), "{code} has no price factor in data/prices.json");
    }
    let region = catalog::kind("region").unwrap().prop("code").unwrap();
    assert!(matches!(region.ty, PropType::Choice { options } if options == REGION_CODES));
}

#[test]
fn edits_refuse_what_the_file_refuses() {
    let mut d = Design::new("d", "us-east-1");
    let w = Workload { peak_to_average: 1e308, ..Workload::default() };
    let e = Edit::SetWorkload { before: d.workload.clone(), after: w }.apply(&mut d).unwrap_err();
    assert_eq!(e.0, "Peak-to-average traffic must be between 1 and 100 ×; got 1e308");
    let w = Workload { request_kb: f64::NAN, ..Workload::default() };
    assert!(Edit::SetWorkload { before: d.workload.clone(), after: w }.apply(&mut d).is_err(), "NaN is refused");
    let e = Edit::SetRegion { before: "us-east-1".into(), after: "mars-north-1".into() }.apply(&mut d).unwrap_err();
    assert!(e.0.starts_with("Home region must be one of us-east-1"), "{e}");
    let users = Node { label: String::new(), ..Node::new("u", "users") };
    let e = Edit::AddNode { node: users.clone(), rect: Some(Rect::new(1e308, 0.0, 100.0, 50.0)) }.apply(&mut d).unwrap_err();
    assert_eq!(e.0, "Position x must be between -1,000,000 and 1,000,000 px; got 1e308");
    let e = Edit::AddNode { node: users, rect: Some(Rect::new(0.0, 0.0, -5.0, 50.0)) }.apply(&mut d).unwrap_err();
    assert_eq!(e.0, "Width must be between 1 and 100,000 px; got -5");
    assert!(d.nodes.is_empty(), "nothing was applied");
}

// ---------------------------------------------------------------- the generator

/// A small valid design with every kind of object: containers, a region with a code,
/// properties, access rules, a suppression, connections with every setting, a layout, a
/// component spanning two AZs.
fn base() -> Json {
    let mut d = Design::new("Every field", "us-east-1");
    let mut add = |id: &str, kind: &str, parent: Option<&str>, props: &[(&str, Value)], i: usize| {
        let n = Node {
            id: NodeId::new(id),
            kind: kind.into(),
            label: id.to_uppercase(),
            parent: parent.map(NodeId::new),
            span: vec![],
            props: props.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
            ingress: vec![],
            suppressions: vec![],
        };
        d.nodes.insert(n.id.clone(), n);
        d.layout.insert(NodeId::new(id), Rect::new(40.0 * i as f64, 30.0 * i as f64, 112.0 + i as f64, 72.0));
    };
    add("users", "users", None, &[], 0);
    add("eu", "region", None, &[("code", Value::Text("eu-west-1".into()))], 1);
    add("vpc", "vpc", Some("eu"), &[], 2);
    add("az", "az", Some("vpc"), &[], 3);
    add("pub", "subnet", Some("az"), &[("tier", Value::Text("public".into()))], 4);
    add("data", "subnet", Some("az"), &[("tier", Value::Text("isolated".into()))], 5);
    add("alb", "alb", Some("pub"), &[], 6);
    add("az2", "az", Some("vpc"), &[], 9);
    add("pub2", "subnet", Some("az2"), &[("tier", Value::Text("public".into()))], 10);
    add("fn", "lambda", Some("eu"), &[("memory_mb", Value::Number(1024.0))], 7);
    add("db", "rds", Some("data"), &[("multi_az", Value::Bool(true))], 8);
    // A component spanning AZs (format 5): the ALB is placed in a subnet of each AZ.
    d.nodes.get_mut(&NodeId::new("alb")).unwrap().span = vec![NodeId::new("pub2")];
    let db = d.nodes.get_mut(&NodeId::new("db")).unwrap();
    db.ingress.push(Ingress { port: 5432, cidr: "10.0.0.0/16".into() });
    db.suppressions.push(Suppression { rule: "net.db-in-public-subnet".into(), reason: "a lab database, rebuilt nightly".into() });
    let mut link = |id: &str, from: &str, to: &str, kind: ConnKind| {
        let mut c = Connection::new(id, from, to, kind);
        c.share = Some(1.0);
        c.payload_kb = Some(4.0);
        c.port = Some(443);
        c.timeout_ms = Some(2000.0);
        c.retries = Some(2);
        c.circuit_breaker = true;
        c.label = id.to_uppercase();
        d.connections.insert(c.id.clone(), c);
    };
    link("c1", "users", "alb", ConnKind::Sync);
    link("c2", "alb", "fn", ConnKind::Sync);
    link("c3", "fn", "db", ConnKind::Sync);
    let text = file::save(&d);
    file::load(&text).expect("the base design is valid");
    serde_json::from_str(&text).unwrap()
}

/// What decides whether a value is acceptable in a slot (the oracle).
#[derive(Clone, Copy)]
enum Check {
    Field(&'static Field),
    Prop(&'static PropSpec),
    /// Free text (names, labels, suppression rules and reasons).
    Text,
    /// An access rule's address block, IPv4 or IPv6.
    Cidr,
    /// A connection's kind, between these nodes.
    ConnKind(&'static str, &'static str),
    /// A node's container.
    Parent(&'static str, &'static str),
}

/// How a value is written into the file at the slot's path.
#[derive(Clone, Copy)]
enum Wrap {
    Plain,
    /// `ingress` becomes `[{"port": V, "cidr": valid}]` or `[{"port": valid, "cidr": V}]`.
    IngressPort,
    IngressCidr,
    SuppressionRule,
    SuppressionReason,
}

#[derive(Clone)]
struct Slot {
    path: Vec<String>,
    check: Check,
    wrap: Wrap,
}

fn slot(path: &[&str], check: Check) -> Slot {
    Slot { path: path.iter().map(|s| s.to_string()).collect(), check, wrap: Wrap::Plain }
}

/// Every field of the base design, grouped so that each group is drawn equally often.
fn slots(base: &Json) -> Vec<Vec<Slot>> {
    let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    let mut groups = vec![
        vec![slot(&["region"], Check::Field(fields::find(fields::DESIGN, "region").unwrap())), slot(&["name"], Check::Text)],
        fields::WORKLOAD.iter().map(|f| slot(&["workload", f.spec.key], Check::Field(f))).collect(),
    ];
    let mut conns = vec![];
    for (id, c) in base["connections"].as_object().unwrap() {
        for f in fields::CONNECTION {
            conns.push(slot(&["connections", id, f.spec.key], Check::Field(f)));
        }
        conns.push(slot(&["connections", id, "label"], Check::Text));
        conns.push(slot(&["connections", id, "kind"], Check::ConnKind(leak(c["from"].as_str().unwrap()), leak(c["to"].as_str().unwrap()))));
    }
    groups.push(conns);
    let mut layout = vec![];
    let mut props = vec![];
    let mut nodes = vec![];
    for (id, n) in base["nodes"].as_object().unwrap() {
        for f in fields::RECT {
            layout.push(slot(&["layout", id, f.spec.key], Check::Field(f)));
        }
        let kind = catalog::kind(n["kind"].as_str().unwrap()).unwrap();
        for p in kind.props {
            props.push(slot(&["nodes", id, "props", p.key], Check::Prop(p)));
        }
        nodes.push(slot(&["nodes", id, "label"], Check::Text));
        nodes.push(slot(&["nodes", id, "parent"], Check::Parent(leak(id), kind.id)));
        let list = |key: &str, wrap: Wrap, check: Check| Slot { path: vec!["nodes".into(), id.clone(), key.into()], check, wrap };
        nodes.push(list("ingress", Wrap::IngressPort, Check::Field(fields::find(fields::INGRESS, "port").unwrap())));
        nodes.push(list("ingress", Wrap::IngressCidr, Check::Cidr));
        nodes.push(list("suppressions", Wrap::SuppressionRule, Check::Text));
        nodes.push(list("suppressions", Wrap::SuppressionReason, Check::Text));
    }
    groups.extend([layout, props, nodes]);
    groups
}

/// splitmix64: a small, seedable, portable generator (the corpus must be reproducible).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

/// A value for a slot: two times in three one the slot's spec suggests (in range, at or just
/// past a bound, a choice, a near miss), else anything from a hostile list.
fn value(check: Check, rng: &mut Rng) -> Json {
    let spec = match check {
        Check::Field(f) => Some(&f.spec),
        Check::Prop(p) => Some(p),
        _ => None,
    };
    if rng.below(3) != 0 {
        if let Some(s) = spec {
            return match &s.ty {
                PropType::Number { min, max } | PropType::Integer { min, max } => {
                    let (min, max) = (*min, *max);
                    let inside = min + (max - min) * rng.unit();
                    let whole = inside.round().clamp(min, max);
                    let v = rng.pick(&[inside, inside, whole, whole, min, max, min - 1.0, max + 1.0, max * 10.0 + 1.0, min - 0.5, whole + 0.5]);
                    json!(v)
                }
                PropType::Choice { options } => {
                    let (a, b) = (rng.pick(options).to_string(), rng.pick(options).to_uppercase());
                    json!(rng.pick(&[a, b, "mars-north-1".into(), String::new()]))
                }
                PropType::Bool => json!(rng.below(2) == 0),
                // A VPC's block is IPv4 only (an access rule's may be IPv6: see `Check::Cidr`).
                PropType::Cidr => json!(rng.pick(&["10.0.0.0/16", "192.168.1.0/24", "0.0.0.0/0", "10.0.0.0/33", "10.0.0/16", "everyone", "::/0", "2001:db8::/32"])),
                PropType::Text => json!(rng.pick(&["a note".to_string(), "x".repeat(501)])),
                PropType::List => rng.pick(&[json!(["m5.large", "c6g.xlarge"]), json!([]), json!(["a", 1])]),
            };
        }
        match check {
            Check::Cidr => return json!(rng.pick(&["10.0.0.0/16", "0.0.0.0/0", "::/0", "2001:db8::/32", "10.0.0.0/33", "2001:db8::/129", "10.0.0/16", "everyone"])),
            Check::ConnKind(..) => return json!(rng.pick(&["sync", "async", "replication", "association", "SYNC", "telepathy"])),
            Check::Parent(..) => return rng.pick(&[Json::Null, json!("eu"), json!("vpc"), json!("az"), json!("pub"), json!("data"), json!("db"), json!("nowhere")]),
            _ => {}
        }
    }
    rng.pick(&[
        json!(1e308),
        json!(-1e308),
        json!(0),
        json!(-1),
        json!(0.5),
        json!(4_294_967_295u64),
        json!(1e15),
        json!(3),
        json!(true),
        json!(false),
        json!("us-east-1"),
        json!("mars-north-1"),
        json!(""),
        json!("12"),
        json!("Orders → API \u{1b}[2J ✓ שלום"),
        Json::Null,
        json!([]),
        json!(["a", "b"]),
        json!({}),
    ])
}

/// Whether the slot's field accepts the value, by the field's own spec (what the inspector
/// and the catalog accept) or, for references, by the placement rules on the base design.
fn accepts(check: Check, v: &Json, base: &Design) -> bool {
    let scalar = |v: &Json| -> Option<Value> {
        match v {
            Json::Bool(b) => Some(Value::Bool(*b)),
            Json::Number(n) => n.as_f64().map(Value::Number),
            Json::String(s) => Some(Value::Text(s.clone())),
            _ => None,
        }
    };
    match check {
        Check::Field(f) => match v {
            Json::Null => f.need == Need::Nullable,
            _ => scalar(v).is_some_and(|x| f.spec.validate(&x).is_ok()),
        },
        Check::Prop(p) => {
            let x = match v {
                Json::Array(items) => items.iter().map(|i| i.as_str().map(str::to_string)).collect::<Option<Vec<_>>>().map(Value::List),
                other => scalar(other),
            };
            x.is_some_and(|x| p.validate(&x).is_ok())
        }
        Check::Text => v.is_string(),
        Check::Cidr => v.as_str().is_some_and(|s| catalog::parse_ingress_cidr(s).is_ok()),
        Check::ConnKind(from, to) => {
            let kind = v.as_str().and_then(|s| ConnKind::ALL.into_iter().find(|k| k.name() == s));
            kind.is_some_and(|k| check_connection(base, &NodeId::new(from), &NodeId::new(to), k).is_ok())
        }
        // A new parent must also keep every span valid (file format 5): a component spanning
        // AZs has a home subnet and one further subnet per other AZ of its VPC, so moving it, or
        // moving a subnet it spans into another AZ, can break that.
        Check::Parent(id, kind) => {
            let nid = NodeId::new(id);
            let spans_hold = |parent: Option<NodeId>| {
                let mut d = base.clone();
                if let Some(n) = d.nodes.get_mut(&nid) {
                    n.parent = parent;
                }
                d.nodes.values().filter(|n| !n.span.is_empty()).all(|n| cloudwright_engine::model::span::check(&d, &n.kind, n.parent.as_ref(), &n.span).is_ok())
            };
            match v {
                Json::Null => check_parent(base, kind, None, Some(&nid)).is_ok() && spans_hold(None),
                Json::String(p) => {
                    let p = NodeId::new(p.as_str());
                    base.nodes.contains_key(&p) && check_parent(base, kind, Some(&p), Some(&nid)).is_ok() && spans_hold(Some(p))
                }
                _ => false,
            }
        }
    }
}

/// The value as written into the file for the slot.
fn wrapped(wrap: Wrap, v: Json) -> Json {
    match wrap {
        Wrap::Plain => v,
        Wrap::IngressPort => json!([{"port": v, "cidr": "10.0.0.0/16"}]),
        Wrap::IngressCidr => json!([{"port": 5432, "cidr": v}]),
        Wrap::SuppressionRule => json!([{"rule": v, "reason": "kept for the demo"}]),
        Wrap::SuppressionReason => json!([{"rule": "net.db-in-public-subnet", "reason": v}]),
    }
}

/// One case: the fields set (path, value as written) and whether the file is valid.
fn case(base_json: &Json, base: &Design, groups: &[Vec<Slot>], rng: &mut Rng) -> (Vec<(Vec<String>, Json)>, bool) {
    let mut set: Vec<(Vec<String>, Json)> = Vec::new();
    let mut verdicts: BTreeMap<Vec<String>, bool> = BTreeMap::new();
    let mut references = 0;
    for _ in 0..1 + rng.below(2) {
        let group = rng.pick(groups);
        let s = rng.pick(&group);
        if matches!(s.check, Check::ConnKind(..) | Check::Parent(..)) {
            // One reference per case: the oracle judges it against the base design.
            references += 1;
            if references > 1 {
                continue;
            }
        }
        let v = value(s.check, rng);
        verdicts.insert(s.path.clone(), accepts(s.check, &v, base)); // the last write wins
        set.retain(|(p, _)| *p != s.path);
        set.push((s.path.clone(), wrapped(s.wrap, v)));
    }
    let _ = base_json;
    (set, verdicts.values().all(|ok| *ok))
}

fn apply(base: &Json, set: &[(Vec<String>, Json)]) -> Json {
    let mut doc = base.clone();
    for (path, v) in set {
        let mut cur = &mut doc;
        for k in &path[..path.len() - 1] {
            // `props` is left out of the file when a node has none: create it.
            cur = cur.as_object_mut().expect("an object on the path").entry(k.clone()).or_insert_with(|| json!({}));
        }
        cur[path.last().unwrap().as_str()] = v.clone();
    }
    doc
}

fn verdict(doc: &Json) -> Result<(), String> {
    file::open(serde_json::to_string_pretty(doc).unwrap().as_bytes()).map(|_| ()).map_err(|e| e.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(768))]

    #[test]
    fn random_values_in_every_field_are_accepted_exactly_when_valid(seed in any::<u64>()) {
        let base_json = base();
        let base: Design = file::load(&base_json.to_string()).unwrap();
        let groups = slots(&base_json);
        let (set, ok) = case(&base_json, &base, &groups, &mut Rng(seed));
        let doc = apply(&base_json, &set);
        let got = verdict(&doc);
        prop_assert_eq!(got.is_ok(), ok, "fields set: {:?}\nfile::open says: {:?}", set, got);
    }
}

// ---------------------------------------------------------------- the shared corpus

const CORPUS: &str = "tests/fixtures/corpus/every-field.json";
const CORPUS_CASES: usize = 240;

fn corpus() -> Json {
    let base_json = base();
    let base: Design = file::load(&base_json.to_string()).unwrap();
    let groups = slots(&base_json);
    let mut rng = Rng(15);
    let cases: Vec<Json> = (0..CORPUS_CASES)
        .map(|_| {
            let (set, ok) = case(&base_json, &base, &groups, &mut rng);
            json!({ "set": set.into_iter().map(|(p, v)| json!([p, v])).collect::<Vec<_>>(), "accept": ok })
        })
        .collect();
    json!({
        "about": "Generated by crates/cloudwright-engine/tests/fields.rs (UPDATE_CORPUS=1 to rewrite). Each case sets fields of `base` (path, value) and says whether the file is valid. The engine, the CLI (validate-file, check) and the app's import (wasm test) must all agree.",
        "base": base_json,
        "cases": cases,
    })
}

/// `file::open` reaches the stored verdict on every case of the shared corpus (the CLI and
/// app tests check the same verdicts). When a field's spec changes on purpose and flips a
/// verdict, regenerate the corpus: `UPDATE_CORPUS=1 cargo test -p cloudwright-engine --test
/// fields`. (The corpus is not compared byte for byte with a fresh one, so a property added
/// to the catalog does not break this test.)
#[test]
fn file_open_reaches_the_shared_corpus_verdicts() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS);
    if std::env::var_os("UPDATE_CORPUS").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(&corpus()).unwrap() + "\n").unwrap();
    }
    let stored: Json = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let cases = stored["cases"].as_array().unwrap();
    assert_eq!(cases.len(), CORPUS_CASES);
    let accepted = cases.iter().filter(|c| c["accept"] == true).count();
    assert!(accepted > CORPUS_CASES / 5 && accepted < CORPUS_CASES * 4 / 5, "a useful corpus mixes valid and invalid files: {accepted} of {CORPUS_CASES} valid");
    let mut wrong = vec![];
    for (i, c) in cases.iter().enumerate() {
        let set: Vec<(Vec<String>, Json)> = c["set"].as_array().unwrap().iter().map(|p| (serde_json::from_value(p[0].clone()).unwrap(), p[1].clone())).collect();
        let got = verdict(&apply(&stored["base"], &set));
        if got.is_ok() != (c["accept"] == true) {
            wrong.push(format!("case {i} {set:?}: {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "file::open disagrees with {CORPUS} (if a spec changed on purpose, regenerate it: UPDATE_CORPUS=1 cargo test -p cloudwright-engine --test fields):\n{}", wrong.join("\n"));
}

// ------------------------------------------- the typed check: picked fields = whole JSON

/// Numbers at and around every bound of every table, and those no range admits.
fn edge_numbers() -> Vec<f64> {
    let mut v = vec![f64::NAN, -f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0, -0.0, 1e308, -1e308, f64::MIN_POSITIVE, 0.5, 1.5, 2.0, 65_535.5];
    for table in [fields::RECT, fields::CONNECTION, fields::WORKLOAD, fields::INGRESS, fields::SCENARIO] {
        for f in table {
            if let PropType::Number { min, max } | PropType::Integer { min, max } = f.spec.ty {
                for b in [min, max] {
                    v.extend([b, b.next_down(), b.next_up(), b - 1.0, b + 1.0, b - 0.5, b + 0.5]);
                }
            }
        }
    }
    v
}

/// A number: an edge one, any bit pattern, or a plain one in and around the ranges.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![prop::sample::select(edge_numbers()), any::<f64>(), -2.0e6..2.0e6f64, -2.0..12.0f64]
}

fn whole<T: Arbitrary + From<u8> + std::fmt::Debug + Clone + 'static>() -> impl Strategy<Value = T> {
    prop_oneof![any::<T>(), (0u8..=12).prop_map(T::from)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// `fields::check_typed` (each field the table names, picked as serde writes it) gives the
    /// answer and the sentence of the whole value's JSON object checked against the same table
    /// (`check_typed_json`, what it did before), for rectangles, connections, workloads, access
    /// rules and scenarios with random and edge values in every field: NaN, ±∞, ±0, each bound
    /// and its neighbours, out of range, any bit pattern.
    #[test]
    fn the_picked_check_answers_as_the_json_check(
        rect in (number(), number(), number(), number()),
        conn in (prop::option::of(number()), prop::option::of(number()), prop::option::of(whole::<u16>()), prop::option::of(number()), prop::option::of(whole::<u32>()), any::<bool>(), any::<bool>()),
        work in (number(), number(), number(), number(), 0usize..3, whole::<u32>(), any::<[bool; 4]>()),
        ingress_port in whole::<u16>(),
        scenario in (number(), prop::option::of(0usize..4), prop::option::of(any::<bool>()), prop::option::of(prop::sample::select(vec!["us-east-1", "eu-west-1", "mars-north-1", ""]))),
    ) {
        let r = Rect::new(rect.0, rect.1, rect.2, rect.3);
        prop_assert_eq!(fields::check_typed(&r, fields::RECT), fields::check_typed_json(&r, fields::RECT), "{:?}", r);
        prop_assert_eq!(fields::check_rect(&r), fields::check_typed_json(&r, fields::RECT));

        let mut c = Connection::new("c1", "a", "b", ConnKind::Sync);
        (c.share, c.payload_kb, c.port, c.timeout_ms, c.retries, c.circuit_breaker) = (conn.0, conn.1, conn.2, conn.3, conn.4, conn.5);
        if conn.6 {
            c.label = "a label".into();
        }
        prop_assert_eq!(fields::check_connection(&c), fields::check_typed_json(&c, fields::CONNECTION), "{:?}", c);

        let pricing = [PricingModel::OnDemand, PricingModel::SavingsPlan1y, PricingModel::SavingsPlan3y][work.4];
        let w = Workload { request_kb: work.0, response_kb: work.1, peak_to_average: work.2, growth_pct_per_month: work.3, pricing, free_tier: work.6[0], critical: work.6[1], team_size: work.5, team_kubernetes_experience: work.6[2], needs_portability: work.6[3] };
        prop_assert_eq!(fields::check_workload(&w), fields::check_typed_json(&w, fields::WORKLOAD), "{:?}", w);

        let i = Ingress { port: ingress_port, cidr: "10.0.0.0/16".into() };
        prop_assert_eq!(fields::check_typed(&i, fields::INGRESS), fields::check_typed_json(&i, fields::INGRESS), "{:?}", i);

        let mut s = Scenario::new("s1", "A scenario");
        s.traffic_multiplier = scenario.0;
        s.pricing = scenario.1.map(|k| [ScenarioPricing::OnDemand, ScenarioPricing::SavingsPlan1y, ScenarioPricing::SavingsPlan3y, ScenarioPricing::Spot][k]);
        s.free_tier = scenario.2;
        s.region = scenario.3.map(str::to_string);
        prop_assert_eq!(fields::check_typed(&s, fields::SCENARIO), fields::check_typed_json(&s, fields::SCENARIO), "{:?}", s);
    }
}

/// Each edge number in each field of a rectangle and of a connection, the others valid: the
/// two checks agree, and the sentences are the ones a user reads (a test that can fail: a
/// picked check that let NaN or an out-of-range value through, or named another field, would
/// differ from the JSON one here).
#[test]
fn each_edge_number_in_each_field_is_judged_as_the_json_check_judges_it() {
    let mut refused = 0;
    for x in edge_numbers() {
        for k in 0..4 {
            let mut v = [10.0, 20.0, 112.0, 72.0];
            v[k] = x;
            let r = Rect::new(v[0], v[1], v[2], v[3]);
            let want = fields::check_typed_json(&r, fields::RECT);
            assert_eq!(fields::check_rect(&r), want, "{r:?}");
            refused += usize::from(want.is_err());
        }
        for k in 0..4 {
            let mut c = Connection::new("c1", "a", "b", ConnKind::Async);
            match k {
                0 => c.share = Some(x),
                1 => c.payload_kb = Some(x),
                2 => c.timeout_ms = Some(x),
                // Integers: the nearest the model can hold (`as` saturates, NaN to 0).
                _ => (c.port, c.retries) = (Some(x as u16), Some(x as u32)),
            }
            let want = fields::check_typed_json(&c, fields::CONNECTION);
            assert_eq!(fields::check_connection(&c), want, "{c:?}");
            refused += usize::from(want.is_err());
        }
    }
    assert!(refused > 50, "the edge values include refused ones ({refused})");
    assert_eq!(fields::check_rect(&Rect::new(f64::NAN, 0.0, 10.0, 10.0)).unwrap_err(), "Position x must be a finite number");
    assert_eq!(fields::check_rect(&Rect::new(0.0, 0.0, f64::INFINITY, 10.0)).unwrap_err(), "Width must be a finite number");
    assert_eq!(fields::check_rect(&Rect::new(0.0, 0.0, 10.0, 0.5)).unwrap_err(), "Height must be between 1 and 100,000 px; got 0.5");
    let mut c = Connection::new("c1", "a", "b", ConnKind::Sync);
    c.share = Some(1.5);
    assert_eq!(fields::check_connection(&c).unwrap_err(), "Traffic share must be between 0 and 1; got 1.5");
    c.share = None;
    c.retries = Some(11);
    assert_eq!(fields::check_connection(&c).unwrap_err(), "Retries must be between 0 and 10; got 11");
    c.retries = None;
    c.port = Some(0);
    assert_eq!(fields::check_connection(&c).unwrap_err(), "Port must be between 1 and 65535; got 0");
}
