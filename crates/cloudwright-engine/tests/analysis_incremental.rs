//! Incremental recomputation (`analysis::Session`, issue 20) equals the full recomputation:
//! after every step of a random edit sequence — property changes, removals, new connections,
//! shares, workload changes and moves — on generated designs and every template, the
//! session's analysis, which reuses the previous revisions' convolutions (the latency memo)
//! and skips layout-only edits, serialises to exactly the same bytes as `analysis::run` on
//! the same design computed from nothing (in a fresh thread: its convolution memo is empty).
//!
//! Serialised JSON is compared (not `==`): byte-identical output is the requirement, and a
//! NaN would make `==` fail on equal reports.

use cloudwright_engine::catalog::{self, PropType};
use cloudwright_engine::model::{allowed_connection_kinds, ConnKind, Design, NodeId, Rect, Value};
use cloudwright_engine::{analysis, sample, Edit};
use proptest::prelude::*;

fn j<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serialises")
}

/// Every part of an analysis, serialised.
fn bytes(a: &analysis::Analysis) -> String {
    [j(&a.findings), j(a.bill()), j(a.latency()), j(&a.capacity), j(a.totals())].join("\n")
}

/// The full analysis of `d`, computed in a new thread (nothing memoised yet).
fn fresh(d: &Design) -> String {
    let d = d.clone();
    std::thread::spawn(move || bytes(&analysis::run(&d))).join().expect("analysis thread")
}

/// A random edit from a seed: a valid property value, a removal, a connection the catalog
/// allows, a share, a workload figure. `None` when the seed finds nothing to do.
fn edit_from(d: &Design, op: u8, a: u64, b: u64, u: f64) -> Option<Edit> {
    let ids: Vec<&NodeId> = d.nodes.keys().collect();
    if ids.is_empty() {
        return None;
    }
    let node = ids[(a % ids.len() as u64) as usize];
    match op % 7 {
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
        5 => {
            let before = d.layout.get(node).copied().unwrap_or(Rect { x: 0.0, y: 0.0, w: 100.0, h: 60.0 });
            let after = Rect { x: before.x + 40.0 * u, y: before.y + 1.0 + (b % 50) as f64, ..before };
            d.layout.contains_key(node).then(|| Edit::Move { id: node.clone(), before, after })
        }
        _ => {
            let mut w = d.workload.clone();
            w.peak_to_average = 1.0 + 9.0 * u;
            w.growth_pct_per_month = if b % 3 == 0 { 5.0 * u } else { 0.0 };
            Some(Edit::SetWorkload { before: d.workload.clone(), after: w })
        }
    }
}

fn run_sequence(d: Design, steps: &[(u8, u64, u64, f64)]) -> Result<(), TestCaseError> {
    let mut s = analysis::Session::new(d);
    prop_assert_eq!(bytes(s.analysis()), fresh(s.design()));
    for &(op, a, b, u) in steps {
        if let Some(e) = edit_from(s.design(), op, a, b, u) {
            let before = s.revision();
            match s.apply(&e) {
                Ok(_) => {
                    prop_assert_eq!(s.revision(), before + 1);
                    prop_assert_eq!(bytes(s.analysis()), fresh(s.design()), "after {}", e.label());
                }
                Err(_) => prop_assert_eq!(s.revision(), before),
            }
        }
    }
    Ok(())
}

proptest! {
    // Each step analyses the design twice (incrementally and from nothing).
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_full_recomputation(size in 20usize..120, steps in prop::collection::vec((any::<u8>(), any::<u64>(), any::<u64>(), 0.0..=1.0f64), 1..8)) {
        run_sequence(sample::synthetic(size), &steps)?;
    }
}

#[test]
fn incremental_equals_full_recomputation_on_every_template() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../templates");
    let mut seen = 0;
    for e in std::fs::read_dir(dir).expect("templates") {
        let p = e.expect("entry").path();
        if p.file_name().is_some_and(|n| n == "index.json") || p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let d = cloudwright_engine::file::open(&std::fs::read(&p).expect("read")).expect("opens").design;
        let steps: Vec<(u8, u64, u64, f64)> = (0..8u64).map(|i| ((i * 5 % 7) as u8, i * 7919 + 3, i * 104_729 + 1, (i as f64 + 0.5) / 8.0)).collect();
        run_sequence(d, &steps).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        seen += 1;
    }
    assert!(seen >= 8, "templates found: {seen}");
}

/// A layout-only edit recomputes nothing and leaves the analysis as it was; an edit that
/// does not apply changes nothing.
#[test]
fn layout_edits_keep_the_analysis_and_bad_edits_change_nothing() {
    let d = sample::synthetic(60);
    let id = d.layout.keys().next().expect("a laid-out node").clone();
    let before = d.layout[&id];
    let mut s = analysis::Session::new(d);
    let a0 = bytes(s.analysis());
    let moved = Rect { x: before.x + 500.0, ..before };
    s.apply(&Edit::Move { id: id.clone(), before, after: moved }).expect("moves");
    assert_eq!(s.design().layout[&id], moved);
    assert_eq!(bytes(s.analysis()), a0);
    assert_eq!(s.revision(), 1);
    let design = s.design().clone();
    let missing = NodeId::from("no-such-node".to_string());
    assert!(s.apply(&Edit::SetLabel { id: missing, before: String::new(), after: "x".into() }).is_err());
    assert_eq!(s.revision(), 1);
    assert_eq!(s.design(), &design);
    assert_eq!(bytes(s.analysis()), a0);
}
