//! The analysis worker: the analyses the app shows after every edit — the rules' findings
//! and the totals (bill, latency projection at ×1, headroom, headline figures) — computed in
//! a Web Worker from a wasm of its own (`cloudwright-analysis-worker_bg.wasm`), so however
//! long they take at 1,000 or 9,000 nodes, the page never waits for them.
//!
//! The worker **holds the design** in an engine [`analysis::Session`], which keeps its
//! analysis up to date edit by edit. The app sends the design once (on start, on opening
//! another design, or when the worker asks: [`Change::Load`]), then only the edits it applied,
//! as data ([`Change::Edits`]: `Edit::apply`, the same as the app's history), which the
//! worker applies through the session. Each [`Request`] carries the app's sequence number,
//! the shown scenario and the request whose answer the app holds (`have`); the worker
//! applies every change as it arrives but answers only the newest request it holds
//! ([`Worker::run`]), and the answer names the request it is for, so the app shows it only if
//! no newer request was sent meanwhile.
//!
//! **Answers are patches** ([`Answer::Patch`], module [`patch`]): what changed since the
//! answer the app holds — at 1,000 nodes an edit on one component posts kilobytes instead of
//! the whole ~1 MB analysis; the app rebuilds the analysis from its copy. The worker keeps the
//! answers it sent that the app may still hold; a request whose `have` is not among them
//! (the app holds none, or one long superseded) gets the whole analysis ([`Answer::Whole`]).
//!
//! [`analyse`] is the page's own path (a small design, or no worker): `analysis::run_timed`,
//! the engine's one composition of the analyses, which the session runs too. Requests are
//! JSON (designs and edits are JSON everywhere else too); answers are MessagePack
//! ([`encode`]/[`decode`]): an overloaded design has infinite percentiles and utilisations,
//! which JSON cannot carry, and a compact binary reads back fast. The worker writes them with
//! rmp-serde; the page reads them with [`wire`], a reader compiled once for all types.

pub mod patch;
pub mod wire;

use cloudwright_engine::analysis::{self, Session};
pub use cloudwright_engine::analysis::Timing;
use cloudwright_engine::rules::Finding;
use cloudwright_engine::{file, scenario, totals, Design, Edit};
pub use patch::{Keys, ListPatch, Patch, Rest, Run};
use std::sync::Arc;
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
    /// The request whose answer the app holds (the base a patch may be against); `None`: it
    /// holds none of this worker's answers.
    #[serde(default)]
    pub have: Option<u64>,
}

/// The analyses of one design revision. `totals.bill.traffic` is empty (see [`handed_on`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysed {
    pub findings: Vec<Finding>,
    pub totals: totals::Detailed,
    /// How long the analyses took. From the session (edits applied incrementally) only the
    /// whole is known: `totals_ms` holds it and the parts are NaN ([`Timing`] as
    /// [`incremental`] writes it).
    pub timing: Timing,
}

/// An answer: the analysis whole, or as changes from one the app holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Whole(Box<Analysed>),
    Patch(Box<Patch>),
}

/// What the worker answers.
///
/// Externally tagged (serde's default), not `tag = "outcome"`: an internally tagged enum is
/// read by buffering the whole message into serde's `Content` tree and reading that again, so
/// every type inside an answer (findings, the bill, patches) was compiled twice into the
/// page's wasm — once more for `ContentDeserializer` (~165 KB of the app wasm before
/// compression; BENCHMARKS.md, "s21-size"). Externally tagged, the page reads the MessagePack
/// straight into the types. Page and worker come from one build, so the wire format is free.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// Sent once, unasked, when the worker's wasm has started.
    Ready,
    /// The analyses for request `seq`.
    Analysed { seq: u64, answer: Answer },
    /// The worker cannot follow: it holds no design yet, or an edit did not apply to its copy.
    /// The app answers with [`Change::Load`].
    NeedDesign { seq: u64, why: String },
}

/// What of an engine analysis the app is handed: the findings and the totals with the bill
/// and projection they read. The bill's per-node traffic is not handed on: no view reads it
/// (the traffic panels use the engine's `traffic`/`workload` themselves), and at 1,000 nodes
/// it was 663 KB of the 1.65 MB answer. Cleared on both paths (worker and page), so they
/// always hand on the same value. (The capacity report at ×1 stays behind: the page computes
/// capacity at the multiplier its views show, only while one is open.)
pub fn handed_on(a: &analysis::Analysis, timing: Timing) -> Analysed {
    let mut totals = a.totals.clone();
    totals.bill.traffic = Default::default();
    Analysed { findings: a.findings.clone(), totals, timing }
}

/// Everything the app shows after an edit, computed from nothing (`analysis::run_timed`),
/// each part timed with `now` (milliseconds; `performance.now`).
pub fn analyse(d: &Design, now: &dyn Fn() -> f64) -> Analysed {
    let (a, timing) = analysis::run_timed(d, now);
    handed_on(&a, timing)
}

impl Analysed {
    /// What the panels hold before a design's first analysis (shown as "…", never as its
    /// figures: the app's `first_pending`): the analyses of an empty design in `region` (no
    /// findings, nothing to pay, no entry point), written out without running them, so the
    /// page that shows it needs none of the analyses' code (issue 20: the page's analyses are
    /// a chunk fetched after start-up, `analysis_worker` in the web crate). Equal to
    /// [`analyse`] of an empty design but for the price book's and the latency data's
    /// versions, which only the books know (left empty; `tests/worker.rs`).
    pub fn empty(region: &str) -> Analysed {
        use cloudwright_engine::{capacity::Headroom, cost::CostReport, latency::LatencyReport};
        let bill = CostReport {
            design: String::new(),
            region: region.to_string(),
            multiplier: 1.0,
            // (`cost`'s label for an on-demand design, which a new design is.)
            pricing: "on-demand".to_string(),
            free_tier: false,
            price_version: String::new(),
            price_as_of: String::new(),
            lines: Vec::new(),
            free: Vec::new(),
            unpriced: Vec::new(),
            by_node: Default::default(),
            by_service: Default::default(),
            by_category: Default::default(),
            monthly: 0.0,
            yearly: 0.0,
            months: vec![0.0; 12],
            estimated_monthly: 0.0,
            notes: Vec::new(),
            traffic: Default::default(),
        };
        let latency = LatencyReport { entries: Vec::new(), findings: Vec::new(), notes: Vec::new(), data_as_of: String::new() };
        let totals = totals::Totals {
            multiplier: 1.0,
            monthly: 0.0,
            yearly: 0.0,
            estimated_monthly: 0.0,
            price_version: String::new(),
            price_as_of: String::new(),
            main_entry: None,
            errors: 0,
            warnings: 0,
            headroom: Headroom { what: cloudwright_engine::capacity::NOTHING_SATURATES.to_string(), ..Headroom::default() },
            headroom_left: None,
        };
        Analysed { findings: Vec::new(), totals: totals::Detailed { totals, bill, latency }, timing: Timing::default() }
    }
}

/// What the page calls of its own analyses ([`LocalSession`]) through a trait object, so that
/// the page's wasm holds no direct call into them: the session is made by a function the page
/// receives from a chunk fetched after start-up (the web crate's `analysis_worker::Code`), and
/// every later call, the session's drop included, goes through this trait's vtable, which lives
/// in that chunk with the analyses' code (issue 20: the first visit's download). The one list
/// of a session's methods: [`LocalSession`]'s are its impl of this trait, not inherent
/// methods repeated by hand (review s37 R11); the worker ([`Worker`]) calls the same ones.
pub trait PageSession {
    /// Applies `edits` in this order and brings the analysis up to date once (a burst of
    /// edits is one batch: the session does not analyse each revision between). On error the
    /// session is left as it was before the burst (a batch applies whole or not at all).
    fn apply_burst(&mut self, edits: &[Edit], now: &dyn Fn() -> f64) -> Result<(), String>;

    /// The analyses the app shows with `scenario` applied (`None`: the baseline, the
    /// session's own; a scenario, or one that cannot be applied — the baseline then, as the
    /// app's `Shown::error` says — analysed from nothing, as [`analyse`] does), timed with
    /// `now` for a scenario, else with the session's time since the last call.
    fn analysed_of(&mut self, scenario: Option<&str>, now: &dyn Fn() -> f64) -> Analysed;

    /// Drops what the last edit replaced in the session (the analysis before it: engine
    /// `Session::release`), off the edit's path: the worker calls it in the task after its
    /// answer is posted. Not calling it costs nothing more: the next edit drops it first.
    fn release(&mut self) -> bool;

    /// Runs an edit's path through the session once, off the critical path, so the user's
    /// first edit does not pay for it: deletes a leaf and puts it back (its inverse), so the
    /// design and its analysis end as they were (`Session` equals a full run after any edit
    /// sequence, `tests/analysis_incremental.rs`; answers kept as patch bases stay valid).
    /// The first edits after opening took 0.4–2.8 s in the worker at 1,000 nodes, 44–160 ms
    /// afterwards (BENCHMARKS.md, s26-answer), and 128–134 ms on the page at 300 nodes
    /// against ~24–34 ms afterwards (s29-edit): the wasm's functions start in V8's baseline
    /// tier (Liftoff) and are compiled again optimised (TurboFan) once they have run hot, and
    /// the session's structural path had never run. Once per session (returns whether it
    /// ran; not when the design has no leaf with a connection). The leaf: a component with
    /// no children and the fewest connections (at least one, so connection paths run too),
    /// the first by id among those. The pending timing is kept: the warm-up is not the
    /// user's edit, and is not counted in the next answer's time.
    fn warm_up(&mut self) -> bool;

    /// Whether [`PageSession::warm_up`] has run on this session (whatever it found to do):
    /// the page says so of each analysis it shows (a test reads it: the first edit after
    /// opening is answered by a warmed session).
    fn warmed(&self) -> bool;
}

impl PageSession for LocalSession {
    fn apply_burst(&mut self, edits: &[Edit], now: &dyn Fn() -> f64) -> Result<(), String> {
        let t0 = now();
        let result = match edits {
            [] => Ok(()),
            [one] => self.session.apply(one).map(|_| ()),
            _ => self.session.apply(&Edit::Batch { label: String::new(), edits: edits.to_vec(), switch: None }).map(|_| ()),
        };
        let ms = now() - t0;
        // Time since the analysis last handed on: whole, not by part, once edits were applied.
        let before = if self.pending.findings_ms.is_nan() { self.pending.totals_ms } else { 0.0 };
        self.pending = incremental(before + ms);
        result.map_err(|e| format!("an edit did not apply: {e}"))
    }

    fn analysed_of(&mut self, scenario: Option<&str>, now: &dyn Fn() -> f64) -> Analysed {
        let timing = std::mem::replace(&mut self.pending, incremental(0.0));
        match scenario.map(|id| scenario::active(self.session.design(), Some(id))) {
            Some(Ok(d)) => analyse(&d, now),
            _ => handed_on(self.session.analysis(), timing),
        }
    }

    fn release(&mut self) -> bool {
        self.session.release()
    }

    fn warm_up(&mut self) -> bool {
        if self.warmed {
            return false;
        }
        self.warmed = true;
        let d = self.session.design();
        let mut degree: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for c in d.connections.values() {
            *degree.entry(c.from.as_str()).or_default() += 1;
            *degree.entry(c.to.as_str()).or_default() += 1;
        }
        let parents: std::collections::HashSet<&str> = d.nodes.values().filter_map(|n| n.parent.as_ref().map(|p| p.as_str())).collect();
        let leaf = d.nodes.keys().filter(|id| !parents.contains(id.as_str())).filter_map(|id| degree.get(id.as_str()).map(|k| (*k, id))).min();
        let Some((_, leaf)) = leaf else { return false };
        let delete = Edit::remove_cascade(d, std::slice::from_ref(leaf));
        if self.session.apply(&delete).is_ok() {
            self.session.apply(&delete.invert()).expect("an applied edit's inverse applies");
        }
        // What the put-back replaced is dropped here, not in the user's first edit.
        self.session.release();
        true
    }

    fn warmed(&self) -> bool {
        self.warmed
    }
}

/// The timing of analyses brought up to date by a [`Session`] in `ms`: the parts are not
/// measured apart (NaN), `totals_ms` is the whole.
pub fn incremental(ms: f64) -> Timing {
    Timing { findings_ms: f64::NAN, capacity_ms: f64::NAN, bill_ms: f64::NAN, latency_ms: f64::NAN, totals_ms: ms }
}

/// A design under edit with its analysis kept up to date (the engine's [`Session`]), and
/// what the app is handed of it: the one session code of both paths. The analysis worker
/// holds one ([`Worker`]); the page holds one for a design it analyses itself (below
/// `WORKER_FROM_NODES` components in the web crate), so an edit there recomputes only what
/// it can change instead of the whole analysis (BENCHMARKS.md, "s29-edit").
pub struct LocalSession {
    session: Session,
    /// The timing of the analysis not handed on yet: the first one's parts (a full run), or
    /// after edits the session's whole time ([`incremental`]; the parts are not timed apart).
    pending: Timing,
    /// The session's edit paths have run once ([`PageSession::warm_up`]).
    warmed: bool,
}

impl LocalSession {
    /// Analyses `design` in full, each part timed with `now` (milliseconds).
    pub fn new(design: Design, now: &dyn Fn() -> f64) -> LocalSession {
        let (session, pending) = Session::new_timed(design, now);
        LocalSession { session, pending, warmed: false }
    }

    /// The design as the session holds it (the engine's `Session::design`).
    pub fn design(&self) -> &Design {
        self.session.design()
    }
}

/// The newest request still to answer.
struct Wanted {
    seq: u64,
    scenario: Option<String>,
    have: Option<u64>,
}

/// How many sent answers the worker keeps as possible bases (the app holds one of the last
/// few: it accepts the newest answer, and requests sent meanwhile name an older one).
const KEPT_ANSWERS: usize = 8;

/// The worker's state: its session (the design and its analysis), the newest request not
/// answered yet, and the answers sent that the app may hold.
#[derive(Default)]
pub struct Worker {
    session: Option<LocalSession>,
    wanted: Option<Wanted>,
    /// Answers sent (request number, the bytes of their parts: what a patch against them
    /// compares with), oldest first.
    sent: Vec<(u64, Keys)>,
}

impl Worker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies a request's change to the worker's session and remembers it as the one to
    /// analyse (replacing any older request not analysed yet: it will never be shown).
    /// Answers at once only when the change cannot be applied ([`Reply::NeedDesign`]).
    /// `now` times the session's work (milliseconds).
    pub fn receive(&mut self, req: Request, now: &dyn Fn() -> f64) -> Option<Reply> {
        let t0 = now();
        let applied = match req.change {
            Change::Load { design } => match file::open(design.as_bytes()) {
                Ok(loaded) => {
                    // Timed as a whole with the file's reading (the worker's answers say only
                    // how long the worker spent): `incremental`.
                    let mut s = LocalSession::new(loaded.design, now);
                    s.pending = incremental(now() - t0);
                    self.session = Some(s);
                    Ok(())
                }
                Err(e) => Err(format!("the design sent cannot be read: {}", e.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))),
            },
            Change::Edits { edits } => match self.session.as_mut() {
                None => Err("no design yet".to_string()),
                // A burst of edits (sent together because the worker was busy) is applied as one
                // batch: the session brings its analysis up to date once, not once per edit.
                Some(s) => s.apply_burst(&edits, now),
            },
            Change::Unchanged if self.session.is_none() => Err("no design yet".to_string()),
            Change::Unchanged => Ok(()),
        };
        // The app holds `have` or a newer answer from now on: older ones are no base anymore.
        match req.have {
            Some(h) => self.sent.retain(|(s, _)| *s >= h),
            None => self.sent.clear(),
        }
        match applied {
            Ok(()) => {
                self.wanted = Some(Wanted { seq: req.seq, scenario: req.scenario, have: req.have });
                None
            }
            Err(why) => {
                // The copy is no longer the app's: drop it until the app sends the design.
                self.session = None;
                self.wanted = None;
                Some(Reply::NeedDesign { seq: req.seq, why })
            }
        }
    }

    /// Whether a request waits to be analysed.
    pub fn pending(&self) -> bool {
        self.wanted.is_some()
    }

    /// Warms the session up ([`PageSession::warm_up`]: once per loaded design, each load a
    /// new session), only while no request waits: it goes first (returns whether it ran).
    /// Called in a task after each answer is posted, it first drops what the answered edit
    /// replaced ([`PageSession::release`]), so that is not dropped in the next edit's path.
    pub fn warm_up(&mut self) -> bool {
        if self.wanted.is_some() {
            return false;
        }
        let Some(s) = self.session.as_mut() else { return false };
        s.release();
        s.warm_up()
    }

    /// Answers the newest request received (only that one: older ones were superseded): the
    /// changes from the answer the app holds when the worker still has it, else the whole.
    pub fn run(&mut self, now: &dyn Fn() -> f64) -> Option<Reply> {
        self.run_marked(now, &|_| {})
    }

    /// [`Worker::run`], calling `step` after each of its parts (`"handed on"`, `"keyed"`,
    /// `"patched"`): the worker's entry point measures them (User Timing, for the benchmarks).
    pub fn run_marked(&mut self, now: &dyn Fn() -> f64, step: &dyn Fn(&'static str)) -> Option<Reply> {
        let Wanted { seq, scenario, have } = self.wanted.take()?;
        let session = self.session.as_mut()?;
        // A scenario that cannot be applied shows the baseline (the app says why: its
        // `Shown::error` reads the same `scenario::active`). A scenario is analysed from
        // nothing; the baseline is the session's, kept up to date edit by edit.
        let mut analysed = session.analysed_of(scenario.as_deref(), now);
        step("handed on");
        // The answer's bytes are written once, here: kept as the base of later patches, and
        // compared with the kept bytes of the answer the app holds.
        let keys = Keys::of(&mut analysed);
        step("keyed");
        let answer = match have.and_then(|h| self.sent.iter().find(|(s, _)| *s == h)) {
            Some((base, old)) => Answer::Patch(Box::new(Patch::against(*base, old, &mut analysed, &keys))),
            None => Answer::Whole(Box::new(analysed)),
        };
        self.sent.push((seq, keys));
        if self.sent.len() > KEPT_ANSWERS {
            self.sent.remove(0);
        }
        step("patched");
        Some(Reply::Analysed { seq, answer })
    }
}

/// An analysis as the page holds it: its parts shared with the views (`Arc`), so showing it,
/// and keeping it as the base of the worker's next patch, copies nothing; with the rest of its
/// bill and projection apart (`Rest`: the short fields), so a patch that leaves the rest as it
/// was does not copy the bill's lists to find it ([`Results::patched`]).
#[derive(Clone)]
pub struct Results {
    pub findings: Arc<Vec<Finding>>,
    pub totals: Arc<totals::Detailed>,
    pub timing: Timing,
    rest: Arc<Rest>,
}

impl From<Analysed> for Results {
    fn from(mut a: Analysed) -> Self {
        let rest = Arc::new(patch::rest_of(&mut a.totals));
        Results { findings: Arc::new(a.findings), totals: Arc::new(a.totals), timing: a.timing, rest }
    }
}

impl Results {
    /// The analysis `p` describes, rebuilt from this one (its base).
    pub fn patched(&self, p: &Patch) -> Result<Results, String> {
        let a = p.apply_to(&self.findings, &self.totals, &self.rest)?;
        let rest = match &p.rest {
            Some(r) => Arc::new((**r).clone()),
            None => self.rest.clone(),
        };
        Ok(Results { findings: Arc::new(a.findings), totals: Arc::new(a.totals), timing: a.timing, rest })
    }

    /// The analysis as the worker computed it (a copy: tests and benchmarks).
    pub fn analysed(&self) -> Analysed {
        Analysed { findings: (*self.findings).clone(), totals: (*self.totals).clone(), timing: self.timing }
    }
}

/// A reply as the bytes posted to the app (MessagePack, fields by name).
pub fn encode(reply: &Reply) -> Vec<u8> {
    rmp_serde::to_vec_named(reply).expect("a reply always serializes")
}

/// Reads a reply posted by the worker (on the page: [`wire`], not rmp-serde, whose decoder
/// would be compiled into the page's wasm once per type read).
pub fn decode(bytes: &[u8]) -> Result<Reply, String> {
    wire::from_slice(bytes).map_err(|e| format!("the analysis worker's answer cannot be read: {e}"))
}

/// A request as the text posted to the worker (JSON).
pub fn encode_request(req: &Request) -> String {
    serde_json::to_string(req).expect("a request always serializes")
}

/// Reads a request posted by the app.
pub fn decode_request(text: &str) -> Result<Request, String> {
    serde_json::from_str(text).map_err(|e| format!("the app sent a request the analysis worker cannot read: {e}"))
}
