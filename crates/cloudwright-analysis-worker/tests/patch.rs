//! Patched answers equal whole ones: on random edit sequences sent to the analysis worker in
//! random batches, with some answers never accepted by the app (a newer request was sent
//! meanwhile, so the app keeps its older base), the analysis the app rebuilds from each patch
//! serialises to exactly the bytes of the full analysis of the same design computed from
//! nothing (MessagePack, as on the wire: NaN and infinite figures compare by their bits).

use cloudwright_analysis_worker::{analyse, decode, encode, encode_request, decode_request, Analysed, Answer, Change, ListPatch, Reply, Request, Run, Worker};
use cloudwright_engine::catalog::{self, PropType};
use cloudwright_engine::model::{allowed_connection_kinds, ConnKind, Design, NodeId, Rect, Value};
use cloudwright_engine::{file, sample, Edit};
use proptest::prelude::*;

fn zero() -> f64 {
    0.0
}

/// What the app shows of an analysis, as bytes (the timing apart).
fn bytes(a: &Analysed) -> Vec<u8> {
    rmp_serde::to_vec_named(&(&a.findings, &a.totals)).expect("serialises")
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

/// The app's side: the answer it holds, and the requests it sends.
struct App {
    seq: u64,
    held: Option<(u64, Analysed)>,
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
                (p.apply(held).expect("applies"), true)
            }
        };
        if accept {
            self.held = Some((seq, a.clone()));
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
        if let Some(e) = edit_from(&d, op, a, b, u) {
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
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../templates");
    let mut seen = 0;
    for e in std::fs::read_dir(dir).expect("templates") {
        let p = e.expect("entry").path();
        if p.file_name().is_some_and(|n| n == "index.json") || p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let d = file::open(&std::fs::read(&p).expect("read")).expect("opens").design;
        let steps: Vec<(u8, u64, u64, f64, u8)> = (0..10u64).map(|i| ((i * 5 % 7) as u8, i * 7919 + 3, i * 104_729 + 1, (i as f64 + 0.5) / 10.0, (i % 5) as u8 + 1)).collect();
        run_sequence(d, &steps).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        seen += 1;
    }
    assert!(seen >= 8, "templates found: {seen}");
}
