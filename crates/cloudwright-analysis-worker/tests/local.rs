//! The page's own analysis of a design under edit ([`LocalSession`], the session code the
//! worker holds too): after any sequence of edit bursts it hands on exactly what an analysis
//! from nothing gives, a burst that does not apply changes nothing, and its timing says what
//! was timed (the first analysis part by part, later ones whole).

use cloudwright_analysis_worker::{analyse, Analysed, LocalSession};
use cloudwright_engine::model::Scenario;
use cloudwright_engine::{sample, scenario, Design, Edit, NodeId};
use proptest::prelude::*;

fn zero() -> f64 {
    0.0
}

/// The analyses with the timings zeroed, to compare two runs.
fn comparable(mut a: Analysed) -> Analysed {
    a.timing = Default::default();
    a
}

/// The analyses computed from nothing, timings zeroed.
fn direct(d: &Design) -> Analysed {
    comparable(analyse(d, &zero))
}

/// Applies `steps` to a session of `d` in bursts (`burst` edits each, generated on the design
/// as the previous ones left it, as the app records them between two requests), and after
/// each burst compares the session's hand-over with a full analysis of the same design, at
/// the baseline and with a scenario shown.
fn run_bursts(d: Design, steps: &[(u8, u64, u64, f64)], burst: usize) -> Result<(), TestCaseError> {
    let mut local = LocalSession::new(d.clone(), &zero);
    let mut mirror = d;
    prop_assert_eq!(comparable(local.analysed_of(None, &zero)), direct(&mirror));
    for chunk in steps.chunks(burst.max(1)) {
        let mut edits = Vec::new();
        for &(op, a, b, u) in chunk {
            if let Some(e) = sample::seeded_edit(&mirror, op, a, b, u) {
                e.apply(&mut mirror).expect("a seeded edit applies");
                edits.push(e);
            }
        }
        local.apply_burst(&edits, &zero).map_err(TestCaseError::fail)?;
        prop_assert_eq!(local.design(), &mirror);
        prop_assert_eq!(comparable(local.analysed_of(None, &zero)), direct(&mirror));
    }
    Ok(())
}

fn step() -> impl Strategy<Value = (u8, u64, u64, f64)> {
    (0u8..7, any::<u64>(), any::<u64>(), 0.0f64..=1.0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Random edits of every kind the seeds make (properties, removals, connections, shares,
    /// moves, workload figures), one request at a time or several between two requests.
    #[test]
    fn bursts_of_random_edits_equal_a_full_analysis(steps in prop::collection::vec(step(), 1..10), burst in 1usize..4) {
        run_bursts(sample::three_tier(), &steps, burst)?;
    }
}

#[test]
fn edits_of_a_generated_design_equal_a_full_analysis() {
    // A larger design (the benchmarks' kind), a fixed sequence: bursts of three.
    let steps: Vec<(u8, u64, u64, f64)> = (0..12u64).map(|i| ((i % 7) as u8, i * 7919 + 3, i * 104_729 + 11, (i as f64 * 0.37) % 1.0)).collect();
    run_bursts(sample::synthetic(120), &steps, 3).unwrap();
}

#[test]
fn a_burst_that_does_not_apply_changes_nothing() {
    let d = sample::three_tier();
    let mut local = LocalSession::new(d.clone(), &zero);
    let before = comparable(local.analysed_of(None, &zero));
    let good = Edit::Rename { before: d.name.clone(), after: "renamed".into() };
    let missing = NodeId::from("no-such-node".to_string());
    let bad = Edit::SetLabel { id: missing, before: String::new(), after: "x".into() };
    let why = local.apply_burst(&[good.clone(), bad], &zero).unwrap_err();
    assert!(why.starts_with("an edit did not apply"), "{why}");
    assert_eq!(local.design(), &d, "the burst applied whole or not at all");
    assert_eq!(comparable(local.analysed_of(None, &zero)), before);
    // And the session goes on from there.
    local.apply_burst(&[good], &zero).unwrap();
    assert_eq!(local.design().name, "renamed");
    assert_eq!(comparable(local.analysed_of(None, &zero)), direct(local.design()));
}

#[test]
fn the_shown_scenario_is_analysed_and_timing_says_what_was_timed() {
    let mut d = sample::three_tier();
    let mut s = Scenario::new("double", "Twice the traffic");
    s.traffic_multiplier = 2.0;
    d.scenarios.push(s);
    // A clock that moves 1 ms per reading.
    let t = std::cell::Cell::new(0.0);
    let clock = || {
        t.set(t.get() + 1.0);
        t.get()
    };
    let mut local = LocalSession::new(d.clone(), &clock);
    // The first analysis, part by part.
    let first = local.analysed_of(None, &clock);
    assert!(!first.timing.findings_ms.is_nan() && !first.timing.bill_ms.is_nan(), "{:?}", first.timing);
    // After edits, the session's time since the last hand-over, whole (two bursts: summed).
    let e1 = Edit::Rename { before: d.name.clone(), after: "a".into() };
    let e2 = Edit::Rename { before: "a".into(), after: "b".into() };
    local.apply_burst(std::slice::from_ref(&e1), &clock).unwrap();
    local.apply_burst(std::slice::from_ref(&e2), &clock).unwrap();
    let after = local.analysed_of(None, &clock);
    assert!(after.timing.findings_ms.is_nan() && after.timing.bill_ms.is_nan());
    assert_eq!(after.timing.totals_ms, 2.0, "two bursts, one clock step each");
    // Nothing applied since: nothing spent.
    assert_eq!(local.analysed_of(None, &clock).timing.totals_ms, 0.0);
    // A scenario: the active scenario of the session's design, from nothing.
    let mut edited = d.clone();
    e1.apply(&mut edited).unwrap();
    e2.apply(&mut edited).unwrap();
    let shown = scenario::active(&edited, Some("double")).unwrap();
    assert_eq!(comparable(local.analysed_of(Some("double"), &zero)), direct(&shown));
    assert_ne!(direct(&shown), direct(&edited), "the scenario changes the figures");
    // One that cannot be applied: the baseline (the app says why).
    assert_eq!(comparable(local.analysed_of(Some("no-such-scenario"), &zero)), direct(&edited));
}
