//! The shared analysis context (`analysis::Context`, issue 20) changes no result: after every
//! step of a random edit sequence — property changes, removals, new connections, shares,
//! workload changes — on generated designs and every template, the analyses read from one
//! context, asked in either order, serialise to exactly the same bytes as the plain entry
//! points, each of which builds its own traffic plan, capacity plan and topology.
//!
//! Serialised JSON is compared (not `==`): byte-identical output is the requirement, and a
//! NaN would make `==` fail on equal reports.

use cloudwright_engine::catalog::{self, PropType};
use cloudwright_engine::model::{allowed_connection_kinds, ConnKind, Design, NodeId, Value};
use cloudwright_engine::{analysis, capacity, cost, latency, rules, sample, totals, Edit};
use proptest::prelude::*;

fn j<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serialises")
}

/// Every analysis of `d`, from one shared context and from the plain entry points, equal.
fn check_same(d: &Design) -> Result<(), TestCaseError> {
    // The plain entry points: each builds everything it needs itself.
    let findings = rules::check(d);
    let bill = cost::cost_at(d, 1.0);
    let lat = latency::project_at(d, 1.0);
    let cap = capacity::analyse(d, 1.0);
    let head = capacity::headroom(d);
    let tot = totals::from_parts(1.0, &bill, &lat, &findings, head.clone());

    // One context, the app's order (rules first: the bill reads the topology's index).
    let all = analysis::run(d);
    prop_assert_eq!(j(&all.findings), j(&findings));
    prop_assert_eq!(j(all.bill()), j(&bill));
    prop_assert_eq!(j(all.latency()), j(&lat));
    prop_assert_eq!(j(&all.capacity), j(&cap));
    prop_assert_eq!(j(all.totals()), j(&tot));
    prop_assert_eq!(j(&all.capacity.headroom), j(&head));

    // One context, the other order (the bill builds its own index; latency and capacity
    // share the plan before the rules ask for it), and at another multiple.
    let cx = analysis::Context::new(d);
    prop_assert_eq!(j(&cost::cost_at_in(&cx, 2.5)), j(&cost::cost_at(d, 2.5)));
    prop_assert_eq!(j(&cost::cost_at_in(&cx, 1.0)), j(&bill));
    prop_assert_eq!(j(&latency::project_at_in(&cx, 3.0)), j(&latency::project_at(d, 3.0)));
    prop_assert_eq!(j(&capacity::analyse_in(&cx, 0.5)), j(&capacity::analyse(d, 0.5)));
    prop_assert_eq!(j(&rules::check_in(&cx)), j(&findings));
    prop_assert_eq!(j(&totals::findings_at_in(&cx, 4.0)), j(&totals::findings_at(d, 4.0)));
    let (f2, b2, l2) = analysis::core(d);
    prop_assert_eq!(j(&f2), j(&findings));
    prop_assert_eq!(j(&b2), j(&bill));
    prop_assert_eq!(j(&l2), j(&lat));
    Ok(())
}

/// A random edit from a seed: a valid property value, a removal, a connection the catalog
/// allows, a share, a workload figure. `None` when the seed finds nothing to do.
fn edit_from(d: &Design, op: u8, a: u64, b: u64, u: f64) -> Option<Edit> {
    let ids: Vec<&NodeId> = d.nodes.keys().collect();
    if ids.is_empty() {
        return None;
    }
    let node = ids[(a % ids.len() as u64) as usize];
    match op % 6 {
        0 | 1 => {
            let n = &d.nodes[node];
            let spec = catalog::kind(&n.kind)?;
            if spec.props.is_empty() {
                return None;
            }
            let p = &spec.props[(b % spec.props.len() as u64) as usize];
            let v = match &p.ty {
                PropType::Bool => Value::Bool(b % 2 == 0),
                PropType::Number { min, max } => Value::Number(min + (max - min) * u * u),
                PropType::Integer { min, max } => Value::Number((min + ((max - min).min(1000.0)) * u).floor().max(*min)),
                PropType::Choice { options } => Value::Text(options[(b / 7) as usize % options.len()].to_string()),
                _ => return None,
            };
            Some(Edit::set_prop(d, node, p.key, Some(v)))
        }
        2 => Some(Edit::remove_cascade(d, &[node.clone()])),
        3 => {
            let to = ids[(b % ids.len() as u64) as usize];
            let kinds = allowed_connection_kinds(d, node, to);
            let k = *kinds.first()?;
            Some(Edit::connect(d, node, to, k))
        }
        4 => {
            let c = d.connections.values().filter(|c| c.kind == ConnKind::Sync).nth((b % 50) as usize)?;
            let mut conn = c.clone();
            conn.share = Some(u);
            Some(Edit::UpdateConnection { before: c.clone(), after: conn })
        }
        _ => {
            let mut w = d.workload.clone();
            w.peak_to_average = 1.0 + 9.0 * u;
            w.growth_pct_per_month = if b % 3 == 0 { 5.0 * u } else { 0.0 };
            Some(Edit::SetWorkload { before: d.workload.clone(), after: w })
        }
    }
}

fn run_sequence(mut d: Design, steps: &[(u8, u64, u64, f64)]) -> Result<(), TestCaseError> {
    check_same(&d)?;
    for &(op, a, b, u) in steps {
        if let Some(e) = edit_from(&d, op, a, b, u) {
            if e.apply(&mut d).is_ok() {
                check_same(&d)?;
            }
        }
    }
    Ok(())
}

proptest! {
    // Each case runs every analysis about 14 times per step: few, mid-sized cases keep the
    // debug-build run near a minute.
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    #[test]
    fn shared_context_equals_separate_analyses(size in 20usize..90, steps in prop::collection::vec((any::<u8>(), any::<u64>(), any::<u64>(), 0.0..=1.0f64), 1..6)) {
        run_sequence(sample::synthetic(size), &steps)?;
    }
}

#[test]
fn shared_context_equals_separate_analyses_on_every_template() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../templates");
    let mut seen = 0;
    for e in std::fs::read_dir(dir).expect("templates") {
        let p = e.expect("entry").path();
        if p.file_name().is_some_and(|n| n == "index.json") || p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let d = cloudwright_engine::file::open(&std::fs::read(&p).expect("read")).expect("opens").design;
        let steps: Vec<(u8, u64, u64, f64)> = (0..6u64).map(|i| ((i * 5 % 6) as u8, i * 7919 + 3, i * 104_729 + 1, (i as f64 + 0.5) / 6.0)).collect();
        run_sequence(d, &steps).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        seen += 1;
    }
    assert!(seen >= 8, "templates found: {seen}");
}
