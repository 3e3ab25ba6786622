//! Patched answers equal whole ones: on random edit sequences sent to the analysis worker in
//! random batches, with some answers never accepted by the app (a newer request was sent
//! meanwhile, so the app keeps its older base), the analysis the app rebuilds from each patch
//! serialises to exactly the bytes of the full analysis of the same design computed from
//! nothing (MessagePack, as on the wire: NaN and infinite figures compare by their bits).

use cloudwright_analysis_worker::{analyse, decode, encode, encode_request, decode_request, Analysed, Answer, Change, ListPatch, Reply, Request, Results, Run, Worker};
use cloudwright_engine::model::Design;
use cloudwright_engine::{file, sample};
use proptest::prelude::*;

// The engine's test helpers (the templates), shared rather than copied.
#[path = "../../cloudwright-engine/tests/common/mod.rs"]
mod common;

fn zero() -> f64 {
    0.0
}

/// What the app shows of an analysis, as bytes (the timing apart).
fn bytes(a: &Analysed) -> Vec<u8> {
    rmp_serde::to_vec_named(&(&a.findings, &a.totals)).expect("serialises")
}


/// The app's side: the answer it holds (as the page holds it, [`Results`]: the rest of the
/// bill and projection apart), and the requests it sends.
struct App {
    seq: u64,
    held: Option<(u64, Results)>,
}

impl App {
    fn request(&mut self, w: &mut Worker, change: Change) {
        self.seq += 1;
        let req = Request { seq: self.seq, change, scenario: None, have: self.held.as_ref().map(|h| h.0) };
        assert!(w.receive(decode_request(&encode_request(&req)).unwrap(), &zero).is_none(), "the worker follows");
    }

    /// Reads the worker's answer as the app does; `accept`: the app keeps it as its base
    /// (else it was superseded by a newer request and dropped). Returns the rebuilt analysis
    /// and whether it came as a patch.
    fn answer(&mut self, w: &mut Worker, accept: bool) -> (Analysed, bool) {
        let Reply::Analysed { seq, answer } = decode(&encode(&w.run(&zero).expect("pending"))).unwrap() else { panic!("an analysis") };
        let (a, patched) = match answer {
            Answer::Whole(a) => (*a, false),
            Answer::Patch(p) => {
                let (base, held) = self.held.as_ref().expect("a patch only against an answer held");
                assert_eq!(p.base, *base, "the patch is against the answer the app holds");
                // The page's path and the plain one rebuild the same analysis.
                let page = held.patched(&p).expect("applies");
                let plain = p.apply(&held.analysed()).expect("applies");
                assert_eq!(bytes(&page.analysed()), bytes(&plain), "the page's rebuild equals the plain one");
                (page.analysed(), true)
            }
        };
        if accept {
            self.held = Some((seq, Results::from(a.clone())));
        }
        (a, patched)
    }
}

fn run_sequence(mut d: Design, steps: &[(u8, u64, u64, f64, u8)]) -> Result<(), TestCaseError> {
    let mut w = Worker::new();
    let mut app = App { seq: 0, held: None };
    app.request(&mut w, Change::Load { design: file::save_compact(&d) });
    let (first, _) = app.answer(&mut w, true);
    prop_assert_eq!(bytes(&first), bytes(&analyse(&d, &zero)));
    let mut batch = Vec::new();
    for &(op, a, b, u, how) in steps {
        if let Some(e) = sample::seeded_edit(&d, op, a, b, u) {
            if e.apply(&mut d).is_ok() {
                batch.push(e);
            }
        }
        // Send what is batched now and then (a burst of edits travels in one request).
        if how % 3 != 0 && !batch.is_empty() {
            app.request(&mut w, Change::Edits { edits: std::mem::take(&mut batch) });
            // One answer in four is dropped by the app (superseded).
            let (got, _) = app.answer(&mut w, how % 4 != 0);
            prop_assert_eq!(bytes(&got), bytes(&analyse(&d, &zero)));
        }
    }
    if !batch.is_empty() {
        app.request(&mut w, Change::Edits { edits: batch });
        let (got, _) = app.answer(&mut w, true);
        prop_assert_eq!(bytes(&got), bytes(&analyse(&d, &zero)));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn patched_answers_equal_the_full_analysis(size in 20usize..150, steps in prop::collection::vec((any::<u8>(), any::<u64>(), any::<u64>(), 0.0..=1.0f64, any::<u8>()), 1..12)) {
        run_sequence(sample::synthetic(size), &steps)?;
    }
}

#[test]
fn a_list_patch_keeps_runs_and_sends_the_rest() {
    // old: a b c d e; new: a b X d e e  →  Keep(0,2) New[X] Keep(3,2) Keep(4,1)
    // (the second `e` cannot extend the run 3..5: old has nothing at 5, so it starts a run
    // at the first `e`, index 4).
    let old = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
    let new = ["a", "b", "X", "d", "e", "e"].map(String::from).to_vec();
    let p = ListPatch::diff(&old, &new);
    assert_eq!(p.0, vec![Run::Keep(0, 2), Run::New(vec!["X".to_string()]), Run::Keep(3, 2), Run::Keep(4, 1)]);
    assert_eq!(p.sent(), 1);
    assert_eq!(p.apply(&old).unwrap(), new);
    // Against a shorter base the patch does not apply (never a silent wrong list).
    assert!(p.apply(&old[..3]).is_err());
    // Empty lists either way.
    assert_eq!(ListPatch::diff(&old, &[]).apply(&old).unwrap(), Vec::<String>::new());
    assert_eq!(ListPatch::diff(&[], &new).0, vec![Run::New(new.clone())]);
}

#[test]
fn patches_on_every_template() {
    for (name, d) in common::by_file_name() {
        let steps: Vec<(u8, u64, u64, f64, u8)> = (0..10u64).map(|i| ((i * 5 % 7) as u8, i * 7919 + 3, i * 104_729 + 1, (i as f64 + 0.5) / 10.0, (i % 5) as u8 + 1)).collect();
        run_sequence(d, &steps).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}
