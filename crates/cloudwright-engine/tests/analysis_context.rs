//! The shared analysis context (`analysis::Context`, issue 20) changes no result: after every
//! step of a random edit sequence — property changes, removals, new connections, shares,
//! workload changes — on generated designs and every template, the analyses read from one
//! context, asked in either order, serialise to exactly the same bytes as the plain entry
//! points, each of which builds its own traffic plan, capacity plan and topology.
//!
//! Serialised JSON is compared (not `==`): byte-identical output is the requirement, and a
//! NaN would make `==` fail on equal reports.

use cloudwright_engine::model::Design;
use cloudwright_engine::{analysis, capacity, cost, latency, rules, sample, totals};
use proptest::prelude::*;

mod common;

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


fn run_sequence(mut d: Design, steps: &[(u8, u64, u64, f64)]) -> Result<(), TestCaseError> {
    check_same(&d)?;
    for &(op, a, b, u) in steps {
        if let Some(e) = sample::seeded_edit(&d, op, a, b, u) {
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
    for (name, d) in common::by_file_name() {
        // Every kind of `sample::seeded_edit` once, in a scrambled order.
        let steps: Vec<(u8, u64, u64, f64)> = (0..7u64).map(|i| ((i * 5 % 7) as u8, i * 7919 + 3, i * 104_729 + 1, (i as f64 + 0.5) / 7.0)).collect();
        run_sequence(d, &steps).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}
