//! The analysis worker: the analyses the app shows after every edit — the rules' findings
//! and the totals (bill, latency projection at ×1, headroom, headline figures) — computed in
//! a Web Worker from a wasm of its own (`cloudwright-analysis-worker_bg.wasm`), so however
//! long they take at 1,000 or 9,000 nodes, the page never waits for them.
//!
//! The worker **holds the design**. The app sends it once (on start, on opening another
//! design, or when the worker asks: [`Change::Load`]), then only the edits it applied, as data
//! ([`Change::Edits`]: `Edit::apply`, the same as the app's history). Each [`Request`] carries
//! the app's sequence number and the shown scenario; the worker applies every change as it
//! arrives but computes only for the newest request it holds ([`Worker::run`]): a burst of
//! edits costs one analysis, and the answer names the request it is for, so the app shows
//! it only if no newer request was sent meanwhile.
//!
//! [`analyse`] is the one computation (engine `analysis::Context`: one traffic and capacity
//! plan for the rules, the bill, the projection and the headroom). When no Web Worker can
//! start (wasm-bindgen tests, a blocked script) the app runs the same [`Worker`] on its own
//! thread. Requests are JSON (designs and edits are JSON everywhere else too); answers are
//! MessagePack ([`encode`]/[`decode`]): an overloaded design has infinite percentiles and
//! utilisations, which JSON cannot carry, and the answer is large (the bill's lines and
//! traffic, the latency paths), so a compact binary that reads back fast matters.

use cloudwright_engine::rules::{self, Finding};
use cloudwright_engine::traffic::Traffic;
use cloudwright_engine::{analysis, cost, file, latency, scenario, totals, Design, Edit};
use serde::{Deserialize, Serialize};

/// How the app's copy of the design changed since its previous request.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// The whole design, as a design file's text (`file::save_compact`; read by `file::open`).
    Load { design: String },
    /// Edits applied in this order since the previous request (layout edits included, so the
    /// worker's copy stays equal to the app's).
    Edits { edits: Vec<Edit> },
    /// The design is unchanged (another scenario was chosen).
    Unchanged,
}

/// What the app asks: apply `change`, then analyse the design with `scenario` applied.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Request {
    /// Increases with every request the app sends; the answer carries it back.
    pub seq: u64,
    pub change: Change,
    /// The shown what-if scenario's id (`None`: the baseline), as `scenario::active` reads it.
    pub scenario: Option<String>,
}

/// How long each analysis took, milliseconds (the panels show them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    pub findings_ms: f64,
    /// The bill.
    pub bill_ms: f64,
    /// The latency projection at ×1.
    pub latency_ms: f64,
    /// The totals with the bill and the projection they read (bill + latency + headroom).
    pub totals_ms: f64,
}

/// The analyses of one design revision. `totals.bill.traffic` is empty (see [`analyse`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysed {
    pub findings: Vec<Finding>,
    pub totals: totals::Detailed,
    pub timing: Timing,
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Reply {
    /// Sent once, unasked, when the worker's wasm has started.
    Ready,
    /// The analyses for request `seq`.
    Analysed { seq: u64, analysed: Box<Analysed> },
    /// The worker cannot follow: it holds no design yet, or an edit did not apply to its copy.
    /// The app answers with [`Change::Load`].
    NeedDesign { seq: u64, why: String },
}

/// Computes everything the app shows after an edit, from one engine analysis context, timing
/// each part with `now` (milliseconds; the worker's `performance.now`).
pub fn analyse(d: &Design, now: &dyn Fn() -> f64) -> Analysed {
    let cx = analysis::Context::new(d);
    let t0 = now();
    let findings = rules::check_in(&cx);
    let t1 = now();
    let bill = cost::cost_at_in(&cx, 1.0);
    let t2 = now();
    let latency = latency::project_at_in(&cx, 1.0);
    let t3 = now();
    let t = totals::from_parts(1.0, &bill, &latency, &findings, cx.capacity_plan().headroom());
    let mut totals = totals::Detailed { totals: t, bill, latency };
    // The bill's per-node traffic is not handed on: no view reads it (the traffic panels use
    // the engine's `traffic`/`workload` themselves), and at 1,000 nodes it was 663 KB of the
    // 1.65 MB answer, read back on the page after every edit. Cleared here, on both paths
    // (worker and page), so they always hand on the same value.
    totals.bill.traffic = Traffic::default();
    let t4 = now();
    Analysed { findings, totals, timing: Timing { findings_ms: t1 - t0, bill_ms: t2 - t1, latency_ms: t3 - t2, totals_ms: t4 - t1 } }
}

/// The worker's state: its copy of the design and the newest request not answered yet.
#[derive(Default)]
pub struct Worker {
    design: Option<Design>,
    /// (seq, scenario) of the newest request still to analyse.
    wanted: Option<(u64, Option<String>)>,
}

impl Worker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies a request's change to the worker's copy and remembers it as the one to analyse
    /// (replacing any older request not analysed yet: it will never be shown). Answers at
    /// once only when the change cannot be applied ([`Reply::NeedDesign`]).
    pub fn receive(&mut self, req: Request) -> Option<Reply> {
        let applied = match req.change {
            Change::Load { design } => match file::open(design.as_bytes()) {
                Ok(loaded) => {
                    self.design = Some(loaded.design);
                    Ok(())
                }
                Err(e) => Err(format!("the design sent cannot be read: {}", e.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))),
            },
            Change::Edits { edits } => match self.design.as_mut() {
                None => Err("no design yet".to_string()),
                Some(d) => edits.iter().try_for_each(|e| e.apply(d)).map_err(|e| format!("an edit did not apply: {e}")),
            },
            Change::Unchanged if self.design.is_none() => Err("no design yet".to_string()),
            Change::Unchanged => Ok(()),
        };
        match applied {
            Ok(()) => {
                self.wanted = Some((req.seq, req.scenario));
                None
            }
            Err(why) => {
                // The copy is no longer the app's: drop it until the app sends the design.
                self.design = None;
                self.wanted = None;
                Some(Reply::NeedDesign { seq: req.seq, why })
            }
        }
    }

    /// Whether a request waits to be analysed.
    pub fn pending(&self) -> bool {
        self.wanted.is_some()
    }

    /// Analyses the newest request received (only that one: older ones were superseded).
    pub fn run(&mut self, now: &dyn Fn() -> f64) -> Option<Reply> {
        let (seq, scenario) = self.wanted.take()?;
        let base = self.design.as_ref()?;
        // A scenario that cannot be applied shows the baseline (the app says why: its
        // `Shown::error` reads the same `scenario::active`).
        let analysed = match scenario.as_deref().map(|id| scenario::active(base, Some(id))) {
            Some(Ok(d)) => analyse(&d, now),
            _ => analyse(base, now),
        };
        Some(Reply::Analysed { seq, analysed: Box::new(analysed) })
    }
}

/// A reply as the bytes posted to the app (MessagePack, fields by name).
pub fn encode(reply: &Reply) -> Vec<u8> {
    rmp_serde::to_vec_named(reply).expect("a reply always serializes")
}

/// Reads a reply posted by the worker.
pub fn decode(bytes: &[u8]) -> Result<Reply, String> {
    rmp_serde::from_slice(bytes).map_err(|e| format!("the analysis worker's answer cannot be read: {e}"))
}

/// A request as the text posted to the worker (JSON).
pub fn encode_request(req: &Request) -> String {
    serde_json::to_string(req).expect("a request always serializes")
}

/// Reads a request posted by the app.
pub fn decode_request(text: &str) -> Result<Request, String> {
    serde_json::from_str(text).map_err(|e| format!("the app sent a request the analysis worker cannot read: {e}"))
}
