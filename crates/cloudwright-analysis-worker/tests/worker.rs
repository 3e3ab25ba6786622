//! The analysis worker's protocol and state machine, natively: what the app sends is what
//! these tests send (JSON text), what it reads back is what they decode (MessagePack).

use cloudwright_analysis_worker::{analyse, decode, decode_request, encode, encode_request, Analysed, Answer, Change, LocalSession, PageSession, Reply, Request, Worker};
use cloudwright_engine::model::Scenario;
use cloudwright_engine::{file, sample, scenario, Design, Edit, NodeId};
use proptest::prelude::*;

/// A clock that always reads 0 (timings are not compared).
fn zero() -> f64 {
    0.0
}

thread_local! {
    /// The answer the simulated app holds (request number, analysis): the base of patches.
    static HELD: std::cell::RefCell<Option<(u64, Analysed)>> = const { std::cell::RefCell::new(None) };
}

/// Sends a request through its JSON text, as the app does (naming the answer it holds).
fn send(w: &mut Worker, seq: u64, change: Change, scenario: Option<&str>) -> Option<Reply> {
    let have = HELD.with(|h| h.borrow().as_ref().map(|h| h.0));
    let text = encode_request(&Request { seq, change, scenario: scenario.map(str::to_string), have });
    w.receive(decode_request(&text).expect("the request reads back"), &zero)
}

fn load(d: &Design) -> Change {
    Change::Load { design: file::save_compact(d) }
}

/// Runs the worker and reads its answer back through the bytes the app receives, rebuilding
/// a patch from the answer held, as the app does; the result becomes the answer held.
fn answer(w: &mut Worker) -> (u64, Analysed) {
    read(w.run(&zero).expect("a request was pending"))
}

/// Reads a reply as the app does (see [`answer`]).
fn read(reply: Reply) -> (u64, Analysed) {
    match decode(&encode(&reply)).expect("the reply decodes") {
        Reply::Analysed { seq, answer } => {
            let a = match answer {
                Answer::Whole(a) => *a,
                Answer::Patch(p) => HELD.with(|h| {
                    let h = h.borrow();
                    let (base, held) = h.as_ref().expect("a patch comes only when an answer is held");
                    assert_eq!(*base, p.base);
                    p.apply(held).expect("the patch applies")
                }),
            };
            HELD.with(|h| *h.borrow_mut() = Some((seq, a.clone())));
            (seq, comparable(a))
        }
        other => panic!("not an analysis: {other:?}"),
    }
}

/// The analyses with the timings zeroed, to compare two runs (the session's parts are NaN).
fn comparable(mut a: Analysed) -> Analysed {
    a.timing = Default::default();
    a
}

/// The analyses computed from nothing, timings zeroed.
fn direct(d: &Design) -> Analysed {
    comparable(analyse(d, &zero))
}

fn leaves(d: &Design, n: usize) -> Vec<NodeId> {
    d.nodes.values().filter(|x| !d.nodes.values().any(|c| c.parent.as_ref() == Some(&x.id))).map(|x| x.id.clone()).take(n).collect()
}

#[test]
fn an_answer_survives_its_bytes_bit_for_bit() {
    // Every finding (rule ids mapped back to the registry), the bill with its traffic, the
    // latency paths and the headline figures: equal after encode → decode.
    for d in [sample::three_tier(), sample::synthetic(300)] {
        let a = direct(&d);
        assert!(!a.findings.is_empty() && !a.totals.bill.lines.is_empty() && !a.totals.latency.entries.is_empty());
        let reply = Reply::Analysed { seq: 9, answer: Answer::Whole(Box::new(a.clone())) };
        assert_eq!(decode(&encode(&reply)).unwrap(), reply);
    }
}

#[test]
fn infinite_figures_cross_the_wire() {
    // An overloaded component's utilisation is infinite with no capacity: JSON would write
    // null (and fail to read it back); MessagePack keeps the f64.
    let o = cloudwright_engine::latency::Overload { node: NodeId::from("x"), share: 0.25, utilisation: f64::INFINITY };
    let back: cloudwright_engine::latency::Overload = rmp_serde::from_slice(&rmp_serde::to_vec_named(&o).unwrap()).unwrap();
    assert_eq!(back, o);
}

#[test]
fn edits_sent_as_data_give_the_analyses_of_the_edited_design() {
    let mut d = sample::synthetic(200);
    let mut w = Worker::new();
    assert_eq!(send(&mut w, 1, load(&d), None), None);
    assert_eq!(answer(&mut w), (1, direct(&d)));
    // Three edits, applied by the app as by the worker: a label, a property, a removal.
    let ids = leaves(&d, 2);
    let e1 = Edit::set_label(&d, &ids[0], "renamed");
    e1.apply(&mut d).unwrap();
    let e2 = Edit::remove_cascade(&d, &ids[1..2]);
    e2.apply(&mut d).unwrap();
    assert_eq!(send(&mut w, 2, Change::Edits { edits: vec![e1, e2] }, None), None);
    let (seq, got) = answer(&mut w);
    assert_eq!(seq, 2);
    assert_eq!(got, direct(&d), "the worker's copy is the app's design");
    // The removal shows in the figures (it is not the first answer again).
    assert_ne!(got.totals.bill.lines.len(), direct(&sample::synthetic(200)).totals.bill.lines.len());
}

#[test]
fn queued_requests_are_coalesced_into_the_newest() {
    let mut d = sample::synthetic(100);
    let mut w = Worker::new();
    send(&mut w, 1, load(&d), None);
    // Three edits arrive before the worker gets to run: one analysis, for request 4.
    for (seq, id) in (2..=4).zip(leaves(&d, 3)) {
        let e = Edit::set_label(&d, &id, &format!("edit {seq}"));
        e.apply(&mut d).unwrap();
        send(&mut w, seq, Change::Edits { edits: vec![e] }, None);
    }
    assert!(w.pending());
    assert_eq!(answer(&mut w), (4, direct(&d)));
    assert!(!w.pending());
    assert!(w.run(&zero).is_none(), "requests 1 to 3 are never analysed");
}

#[test]
fn a_worker_that_cannot_follow_asks_for_the_design() {
    let d = sample::three_tier();
    let mut w = Worker::new();
    // Nothing loaded yet.
    assert!(matches!(send(&mut w, 1, Change::Unchanged, None), Some(Reply::NeedDesign { seq: 1, .. })));
    send(&mut w, 2, load(&d), None);
    // An edit whose `before` does not match the worker's copy (a stale edit) is refused:
    // the copy is dropped, the pending request too, and the app is asked for the design.
    let id = d.nodes.keys().next().unwrap().clone();
    let stale = Edit::SetLabel { id, before: "not the label".into(), after: "x".into() };
    assert!(matches!(send(&mut w, 3, Change::Edits { edits: vec![stale] }, None), Some(Reply::NeedDesign { seq: 3, .. })));
    assert!(!w.pending());
    assert!(matches!(send(&mut w, 4, Change::Unchanged, None), Some(Reply::NeedDesign { seq: 4, .. })));
    // A load brings it back.
    send(&mut w, 5, load(&d), None);
    assert_eq!(answer(&mut w), (5, direct(&d)));
}

#[test]
fn the_shown_scenario_is_analysed() {
    let mut d = sample::three_tier();
    let mut s = Scenario::new("s1", "10× traffic");
    s.traffic_multiplier = 10.0;
    d.scenarios.push(s);
    let mut w = Worker::new();
    send(&mut w, 1, load(&d), Some("s1"));
    let (_, got) = answer(&mut w);
    let shown = scenario::active(&d, Some("s1")).unwrap();
    assert_eq!(got, direct(&shown));
    assert_ne!(got.totals.totals.monthly, direct(&d).totals.totals.monthly, "10× traffic costs more");
    // Back to the baseline: the design is unchanged, only the scenario.
    send(&mut w, 2, Change::Unchanged, None);
    assert_eq!(answer(&mut w), (2, direct(&d)));
}

#[test]
fn an_edit_on_one_component_is_answered_with_a_small_patch() {
    // After the first (whole) answer, an edit on one leaf is answered with the changes only:
    // the findings and bill lines of that component, not the whole analysis.
    let mut d = sample::synthetic(300);
    let mut w = Worker::new();
    HELD.with(|h| *h.borrow_mut() = None);
    send(&mut w, 1, load(&d), None);
    let whole = encode(&w.run(&zero).unwrap());
    HELD.with(|h| *h.borrow_mut() = Some((1, direct(&d))));
    let id = leaves(&d, 1).remove(0);
    let e = Edit::set_label(&d, &id, "renamed");
    e.apply(&mut d).unwrap();
    send(&mut w, 2, Change::Edits { edits: vec![e] }, None);
    let reply = w.run(&zero).unwrap();
    let bytes = encode(&reply);
    let Reply::Analysed { answer: Answer::Patch(p), .. } = &reply else { panic!("a patch: {reply:?}") };
    assert_eq!(p.base, 1);
    // A relabel changes the messages naming the component and its bill lines' text: a few
    // items, against hundreds of each in the whole answer.
    assert!(p.findings.sent() < 20 && p.lines.sent() < 20, "findings sent {}, lines sent {}", p.findings.sent(), p.lines.sent());
    assert!(bytes.len() * 20 < whole.len(), "patch {} bytes, whole answer {} bytes", bytes.len(), whole.len());
    let rebuilt = HELD.with(|h| p.apply(&h.borrow().as_ref().unwrap().1).unwrap());
    assert_eq!(comparable(rebuilt), direct(&d));
}

#[test]
fn a_warm_up_leaves_every_later_answer_as_it_would_have_been() {
    // `warm_up` runs an edit and its inverse through the session once after a design is
    // loaded: the answers that follow (patches against the answer kept before it, and the
    // analyses they rebuild) are the very bytes a worker that never warmed up sends.
    let run = |warm: bool| {
        let mut d = sample::synthetic(300);
        let mut w = Worker::new();
        HELD.with(|h| *h.borrow_mut() = None);
        let mut sent = Vec::new();
        send(&mut w, 1, load(&d), None);
        answer_kept(&mut w, &mut sent);
        if warm {
            assert!(w.warm_up(), "the first warm-up after a load runs");
            assert!(!w.warm_up(), "once per loaded design");
        }
        let mut seq = 1;
        for id in leaves(&d, 40).into_iter().step_by(7) {
            let e = Edit::remove_cascade(&d, &[id]);
            for e in [e.clone(), e.invert()] {
                e.apply(&mut d).unwrap();
                seq += 1;
                send(&mut w, seq, Change::Edits { edits: vec![e] }, None);
                let (_, a) = answer_kept(&mut w, &mut sent);
                assert_eq!(a, direct(&d));
            }
        }
        sent
    };
    let (warmed, cold) = (run(true), run(false));
    assert_eq!(warmed.len(), cold.len());
    for (i, (a, b)) in warmed.iter().zip(&cold).enumerate() {
        assert!(a == b, "answer {i} differs after a warm-up");
    }
}

#[test]
fn a_warm_up_waits_for_no_request_and_needs_a_design() {
    let mut w = Worker::new();
    assert!(!w.warm_up(), "no design yet");
    HELD.with(|h| *h.borrow_mut() = None);
    send(&mut w, 1, load(&sample::synthetic(100)), None);
    assert!(!w.warm_up(), "a request waits: it goes first");
    w.run(&zero).unwrap();
    assert!(w.warm_up());
    // Another design loaded: it is warmed up again.
    send(&mut w, 2, load(&sample::synthetic(120)), None);
    w.run(&zero).unwrap();
    assert!(w.warm_up());
}

/// [`answer`], keeping the reply's bytes in `sent`.
fn answer_kept(w: &mut Worker, sent: &mut Vec<Vec<u8>>) -> (u64, Analysed) {
    let reply = w.run(&zero).expect("a request was pending");
    sent.push(encode(&reply));
    read(reply)
}

// ---------------------------------------------------------------------------------------
// The page's own analysis of a design under edit (`LocalSession`, the session code the
// worker holds too): after any sequence of edit bursts it hands on exactly what an analysis
// from nothing gives, a burst that does not apply changes nothing, and its timing says what
// was timed (the first analysis part by part, later ones whole).

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

#[test]
fn the_pages_session_warms_up_once_and_answers_as_a_cold_one() {
    // The page warms its `LocalSession` up after analysing a design afresh (as the worker
    // does its own), so the first edit after opening is answered by a warmed session: the
    // flag the page reads says so; the warm-up changes neither the design, nor the answer
    // it holds, nor the time of that answer, nor any answer after an edit.
    let d = sample::synthetic(300);
    let mut warm = LocalSession::new(d.clone(), &zero);
    let mut cold = LocalSession::new(d.clone(), &zero);
    assert!(!warm.warmed());
    // A clock that moves 1 ms per reading: the warm-up's time is not the next answer's.
    let t = std::cell::Cell::new(0.0);
    let clock = || {
        t.set(t.get() + 1.0);
        t.get()
    };
    let e = Edit::remove_cascade(&d, &leaves(&d, 1));
    warm.apply_burst(std::slice::from_ref(&e), &clock).unwrap();
    assert!(warm.warm_up(), "the first warm-up runs");
    assert!(warm.warmed());
    assert!(!warm.warm_up(), "once per session");
    assert_eq!(warm.analysed_of(None, &clock).timing.totals_ms, 1.0, "the edit's one clock step; the warm-up's not counted");
    cold.apply_burst(std::slice::from_ref(&e), &zero).unwrap();
    assert_eq!(warm.design(), cold.design());
    assert_eq!(comparable(warm.analysed_of(None, &zero)), comparable(cold.analysed_of(None, &zero)));
    // Edits after it, each answer the cold session's and a full analysis'.
    let mut edited = cold.design().clone();
    for id in leaves(&edited, 30).into_iter().step_by(6) {
        let del = Edit::remove_cascade(&edited, &[id]);
        for e in [del.clone(), del.invert()] {
            e.apply(&mut edited).unwrap();
            warm.apply_burst(std::slice::from_ref(&e), &zero).unwrap();
            cold.apply_burst(std::slice::from_ref(&e), &zero).unwrap();
            let a = comparable(warm.analysed_of(None, &zero));
            assert_eq!(a, comparable(cold.analysed_of(None, &zero)));
            assert_eq!(a, direct(&edited));
        }
    }
    // A design with no connected leaf: nothing to run, and it says so.
    let mut lone = LocalSession::new(Design::new("empty", "us-east-1"), &zero);
    assert!(!lone.warm_up());
    assert!(lone.warmed(), "tried once: not again");
}

/// The placeholder the page shows before a design's first analysis, written out without
/// running the analyses (`Analysed::empty`: the page's wasm then holds none of their code),
/// is the analysis of an empty design, but for the books' versions, which it leaves empty.
#[test]
fn the_empty_analysis_is_an_empty_designs_but_for_the_books_versions() {
    for region in ["us-east-1", "eu-west-1"] {
        let mut ran = analyse(&Design::new("", region), &zero);
        let written = Analysed::empty(region);
        assert!(!ran.totals.totals.price_version.is_empty() && !ran.totals.latency.data_as_of.is_empty());
        for s in [&mut ran.totals.totals.price_version, &mut ran.totals.totals.price_as_of, &mut ran.totals.bill.price_version, &mut ran.totals.bill.price_as_of, &mut ran.totals.latency.data_as_of] {
            s.clear();
        }
        ran.timing = Default::default();
        assert_eq!(written, ran);
    }
}
