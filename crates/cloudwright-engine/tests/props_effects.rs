//! Every property the inspector offers changes something a user can see (issue 19).
//!
//! `tests/catalog_reads.rs` proves that every catalog property is *read* by some analysis; a
//! read could still go nowhere (a value read and ignored, a branch no design can reach). This
//! test asks the user's question instead: for every `(kind, key)` of the catalog, take the
//! designs we have that hold a node of that kind (the property fixtures first, then the rule
//! fixtures, the templates and the file fixtures), set the property on that node to each
//! other valid value (the other choices, the flipped flag, the range's ends and middle,
//! another list), and look at what the user sees: the findings, the bill (every line), the
//! latency report, the capacity report (at the design's own traffic) and, for container
//! services and APIs, the comparisons. If no design and no
//! value changes any of them, the property is inert and the test names it.
//!
//! Properties declared notes (their help text says "Note:") are skipped, with the same list
//! as `catalog_reads.rs`.

use cloudwright_engine::catalog::{PropType, KINDS};
use cloudwright_engine::compare::{self, ApiProfile, ContainerProfile};
use cloudwright_engine::model::Value;
use cloudwright_engine::{capacity, cost, latency, rules, Design, NodeId};

/// Properties whose only effect is on the CloudFormation/Terraform export (the analyses treat
/// their values alike); each has its own test below that the export changes.
const SKIP: &[(&str, &str)] = &[("aurora", "engine")];

mod common;

/// The designs, property fixtures first (they hold every kind, so most properties are
/// settled on the first design tried): [`common::design_corpus`].
fn corpus() -> Vec<(String, Design)> {
    common::design_corpus()
}

/// What a user sees of a design, as text, computed piece by piece and only when needed: a
/// changed value usually shows in the findings or the bill, and the latency report and the
/// comparisons are the slow parts.
struct Seen<'d> {
    design: &'d Design,
    parts: [Option<String>; 4],
}

impl<'d> Seen<'d> {
    fn new(design: &'d Design) -> Self {
        Seen { design, parts: [None, None, None, None] }
    }
    fn part(&mut self, i: usize) -> &str {
        let d = self.design;
        self.parts[i].get_or_insert_with(|| match i {
            0 => serde_json::to_string(&rules::check(d)).unwrap(),
            1 => {
                let c = cost::cost(d);
                serde_json::to_string(&(&c.lines, &c.free, &c.notes, c.monthly)).unwrap()
            }
            2 => serde_json::to_string(&latency::project(d)).unwrap(),
            _ => serde_json::to_string(&capacity::analyse(d, 1.0)).unwrap(),
        })
    }
}

/// The comparisons of one node (container services and APIs), as text.
fn comparisons(d: &Design, node: &NodeId) -> String {
    let mut s = String::new();
    if let Ok(p) = ContainerProfile::from_node(d, node) {
        s.push_str(&serde_json::to_string(&compare::compare_containers(&p)).unwrap());
    }
    if let Ok(p) = ApiProfile::from_node(d, node) {
        s.push_str(&serde_json::to_string(&compare::compare_api(&p)).unwrap());
    }
    s
}

/// Whether `changed` looks different from `base` to a user, looking at `node`'s comparisons.
fn differs(base: &mut Seen<'_>, changed: &Design, node: &NodeId) -> bool {
    let mut other = Seen::new(changed);
    (0..4).any(|i| base.part(i) != other.part(i)) || comparisons(base.design, node) != comparisons(changed, node)
}

/// Other valid values of a property, given the current one.
fn alternatives(ty: &PropType, current: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    match ty {
        PropType::Bool => out.push(Value::Bool(!current.as_bool().unwrap_or(false))),
        PropType::Number { min, max } | PropType::Integer { min, max } => {
            let cur = current.as_f64().unwrap_or(*min);
            let whole = matches!(ty, PropType::Integer { .. });
            let mid = if whole { ((min + max) / 2.0).round() } else { (min + max) / 2.0 };
            let mut cands = vec![*min, *max, mid, (cur * 2.0).min(*max), (cur / 2.0).max(*min), (cur * 10.0).min(*max)];
            if whole {
                cands = cands.into_iter().map(f64::round).collect();
            }
            for x in cands {
                if x != cur {
                    out.push(Value::Number(x));
                }
            }
        }
        PropType::Choice { options } => out.extend(options.iter().filter(|o| current.as_str() != Some(**o)).map(|o| Value::Text(o.to_string()))),
        PropType::Cidr => out.extend(["10.0.0.0/28", "192.168.0.0/16", "10.0.200.0/24", "172.16.0.0/12"].iter().map(|c| Value::Text(c.to_string()))),
        PropType::List => {
            out.push(Value::List(vec![]));
            out.push(Value::List(vec!["t3.micro".into(), "m5.large".into()]));
            out.push(Value::List(vec!["/api/* -> api".into(), "/* -> site".into()]));
        }
        PropType::Text => out.push(Value::Text("changed".into())),
    }
    out.retain(|v| v != current);
    out
}

#[test]
fn every_property_changes_what_a_user_sees() {
    let designs = corpus();
    let mut bases: Vec<Seen<'_>> = designs.iter().map(|(_, d)| Seen::new(d)).collect();
    let mut inert = Vec::new();
    for kind in KINDS {
        for spec in kind.props {
            if SKIP.contains(&(kind.id, spec.key)) {
                continue;
            }
            let mut changed = false;
            'designs: for (i, (_, d)) in designs.iter().enumerate() {
                for node in d.nodes.values().filter(|n| n.kind == kind.id) {
                    let current = d.prop(node, spec.key).unwrap();
                    for v in alternatives(&spec.ty, &current) {
                        if spec.validate(&v).is_err() {
                            continue;
                        }
                        let mut e = d.clone();
                        e.nodes.get_mut(&node.id).unwrap().props.insert(spec.key.into(), v);
                        if differs(&mut bases[i], &e, &node.id) {
                            changed = true;
                            break 'designs;
                        }
                    }
                }
            }
            if !changed {
                inert.push(format!("{}.{}", kind.id, spec.key));
            }
        }
    }
    assert!(
        inert.is_empty(),
        "{} propert{} changed no finding, cost line, latency, capacity or comparison in any design tried: {}",
        inert.len(),
        if inert.len() == 1 { "y" } else { "ies" },
        inert.join(", ")
    );
}

/// Aurora's engine: both engines are priced and checked alike (same list prices, same advice),
/// so its effect is the engine the exported templates create.
#[test]
fn aurora_engine_sets_the_exported_engine() {
    use cloudwright_engine::iac::export;
    let (_, d) = corpus().into_iter().find(|(_, d)| d.nodes.values().any(|n| n.kind == "aurora")).expect("a design with Aurora");
    let id = d.nodes.values().find(|n| n.kind == "aurora").unwrap().id.clone();
    for engine in ["aurora-postgresql", "aurora-mysql"] {
        let mut e = d.clone();
        e.nodes.get_mut(&id).unwrap().props.insert("engine".into(), Value::Text(engine.into()));
        assert!(export::cloudformation(&e).contains(&format!("Engine: {engine}")), "CloudFormation export names {engine}");
        assert!(export::terraform(&e).contains(&format!("\"{engine}\"")), "Terraform export names {engine}");
    }
}
