//! One shared analysis context per design revision: what several analyses need is built once.
//!
//! The rules, the bill, the latency projection, the capacity analysis and the totals each
//! started by building the same multiplier-independent parts of a design: the traffic plan
//! (placement, shares, routes, propagation order — [`crate::traffic`]), the traffic at the
//! design's own volumes, the capacity plan on top of it ([`crate::capacity::Plan`]), and the
//! graph indexes and topology the rules read ([`crate::rules::Topology`], which holds the
//! [`crate::graph::Index`] the bill reads too). A full analysis after an edit built the
//! traffic plan five times and the capacity plan three times.
//!
//! A [`Context`] builds each part at most once, the first time an analysis asks for it, and
//! every analysis of the same design revision reads it from there: `rules::check_in`,
//! `cost::cost_at_in`, `latency::project_at_in`, `capacity::analyse_in`,
//! `totals::detailed_in`. The plain entry points (`rules::check(&Design)`, ...) are these
//! functions on a context of their own, so there is one code path and a result cannot depend
//! on whether a context was shared: [`run`] equals the separate calls exactly (the
//! `analysis_context` property test checks it on random edit sequences).
//!
//! A context borrows the design: it lives as long as one revision is analysed, and a new
//! revision gets a new context (nothing can go stale).
//!
//! Between revisions, a [`Session`] holds the design and its last [`Analysis`] and takes
//! edits (`Session::apply(&Edit)`), recomputing only what the edit can change:
//! - nothing for the layout and the what-if scenarios (no analysis reads them);
//! - the rule areas' findings for a node's ingress (only they read it);
//! - for a workload assumption, what reads it: the bill for the monthly growth and the free
//!   tier, the rule areas for business-criticality and the team, both for the pricing model;
//!   the request sizes and the peak factor change the traffic, so everything;
//! - for a rename, the strings that name the component: the session analyses a copy of the
//!   design whose labels are placeholders and writes the labels into the results
//!   ([`labels`]: the analyses only copy a label into text), so a rename rewrites those
//!   strings (and orders the findings again) instead of recomputing;
//! - the bill's title for the design's name, the findings' suppression marks and the totals'
//!   open counts for a node's suppressions (patched);
//! - for a property: only the parts (findings, capacity report, bill, latency projection,
//!   the traffic at ×1) whose last run read that property on some node of that kind. Every
//!   property read goes through the design's accessors, which note it while a part runs
//!   ([`crate::prop_deps`]); an analysis is a deterministic function of the design, so a
//!   part that read none of what changed would compute the same bytes again;
//! - anything else: [`run`] again; after an edit that only adds or removes nodes and
//!   connections or changes connections (a delete, a connection made or removed, a share,
//!   their undo: [`Reach::structure`]) with the last bill's pricing offered, so the bill
//!   prices again only the components the edit can have changed (those whose traffic at ×1
//!   changed, the ends of the connections changed, the WAFs and replicas reading them...:
//!   [`cost::Since::Structure`]) and takes over the lines that settle as before; and with the
//!   last capacity report offered, so the rows of the components whose model cannot have
//!   changed take over their saturation multiplier, scaling, notes and sources, and the
//!   quotas only they count against the multiplier at which they are reached
//!   ([`capacity::Since`]).
//!
//! In whatever is recomputed the latency projection recomputes only the convolutions whose
//! inputs the edit changed — every other one is found in the convolution memo of
//! [`crate::latency::dist`], keyed by the exact masses it reads. So a result can never
//! differ from a full recomputation (`tests/analysis_incremental.rs` compares the bytes on
//! random edit sequences of every kind).

use crate::capacity::{self, CapacityReport};
use crate::cost::{self, CostReport};
use crate::latency::{self, LatencyReport};
use crate::graph::{Containers, Index};
use crate::edit::{Edit, EditError};
use crate::model::{Design, NodeId, Workload};
use crate::prop_deps::{self, Reads};
use crate::rules::{self, Finding, Topology};
use crate::totals::{self, Totals};
use crate::traffic::{self, Traffic};
use labels::{Labels, Templates, Texts};
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;

mod labels;
use std::sync::Arc;

/// The multiplier-independent parts of one design revision, each built on first use.
///
/// Each part records the properties it read while it was built ([`prop_deps`]); a getter
/// adds them to the part being recorded that asked for it, so an analysis's recorded reads
/// include those of the plans it used, whoever built them first.
pub struct Context<'d> {
    pub design: &'d Design,
    traffic_plan: OnceCell<(traffic::Plan<'d>, Reads)>,
    traffic: OnceCell<(Arc<Traffic>, Reads)>,
    capacity: OnceCell<(capacity::Plan<'d>, Reads)>,
    topology: OnceCell<(Topology<'d>, Reads)>,
    index: OnceCell<(Index<'d>, Reads)>,
    containers: OnceCell<(Containers<'d>, Reads)>,
}

/// Gets or builds a part, recording its reads on their own, and adds them to the caller's.
fn part<'c, T>(cell: &'c OnceCell<(T, Reads)>, build: impl FnOnce() -> T) -> &'c T {
    let (value, reads) = cell.get_or_init(|| prop_deps::recording(build));
    prop_deps::add(reads);
    value
}

impl<'d> Context<'d> {
    pub fn new(design: &'d Design) -> Self {
        Context { design, traffic_plan: OnceCell::new(), traffic: OnceCell::new(), capacity: OnceCell::new(), topology: OnceCell::new(), index: OnceCell::new(), containers: OnceCell::new() }
    }

    /// A context whose traffic at ×1 is already known: an earlier revision's, when the edit
    /// since changed no property it read (and nothing else: see [`Session::apply`]).
    fn with_traffic(design: &'d Design, traffic: Arc<Traffic>, reads: Reads) -> Self {
        let cx = Context::new(design);
        let _ = cx.traffic.set((traffic, reads));
        cx
    }

    /// Each node's nearest subnet, AZ, VPC and region code ([`Containers`]): worked out once
    /// per revision for every part that places nodes (the traffic plan, the capacity plan,
    /// the topology, the bill, the latency projection each built their own: five passes and
    /// five texts per node).
    pub(crate) fn containers(&self) -> &Containers<'d> {
        self.containers_at(self.graph_index())
    }

    /// [`Context::containers`], worked out from `index`'s positions when not built yet.
    fn containers_at(&self, index: &Index<'d>) -> &Containers<'d> {
        part(&self.containers, || Containers::new(self.design, index.positions()))
    }

    /// The graph index if a part has built it (the topology's, or the context's own), else
    /// the context's own, built now. Adds no property reads to the caller's (unlike
    /// [`Context::index`], which adds the topology's): the index reads none. For the plans
    /// that address nodes and connections by position.
    fn graph_index(&self) -> &Index<'d> {
        match self.built_index() {
            Some(idx) => idx,
            None => part(&self.index, || Index::new(self.design)),
        }
    }

    /// The traffic plan ([`traffic::Plan`]): run it at any multiplier.
    pub(crate) fn traffic_plan(&self) -> &traffic::Plan<'d> {
        part(&self.traffic_plan, || {
            let index = self.graph_index();
            traffic::Plan::with_index(self.design, self.containers_at(index), index)
        })
    }

    /// The traffic at the design's own volumes (×1).
    pub fn traffic(&self) -> &Traffic {
        part(&self.traffic, || Arc::new(self.traffic_plan().run(1.0))).as_ref()
    }

    /// The same traffic, shared (the topology keeps it for the rules that weigh volumes).
    pub(crate) fn shared_traffic(&self) -> Arc<Traffic> {
        self.traffic();
        self.traffic.get().expect("just initialised").0.clone()
    }

    /// The capacity plan (built on the traffic at ×1).
    pub fn capacity_plan(&self) -> &capacity::Plan<'d> {
        part(&self.capacity, || {
            let index = self.graph_index();
            capacity::Plan::with_traffic_in(self.design, self.traffic(), self.containers_at(index), index.positions(), Some((index.conn_kinds(), index.ends())))
        })
    }

    /// The topology the rules read (placement, reachability, tiers, chains), with the graph
    /// index the bill reads.
    pub fn topology(&self) -> &Topology<'d> {
        part(&self.topology, || match self.index.get() {
            // The context's own index is built already: the topology builds its own (it
            // keeps it), its containers are the context's.
            Some(_) => Topology::with_containers(self.design, self.containers()),
            // Else the topology's index is built first and the context's containers are
            // worked out from its positions (not from a position table of their own).
            None => {
                let index = Index::new(self.design);
                let containers = self.containers_at(&index);
                Topology::with_index(self.design, index, containers)
            }
        })
    }

    /// The graph index if a part has built it already (the topology's, or the context's own),
    /// else `None`: nothing is built. No property reads are added to the caller's: the index
    /// reads none (what the topology read while built on it is the topology's).
    pub(crate) fn built_index(&self) -> Option<&Index<'d>> {
        self.topology.get().map(|(t, _)| &t.index).or_else(|| self.index.get().map(|(i, _)| i))
    }

    /// The graph index: the topology's when the rules have built it, else one of its own
    /// (the same index either way: a function of the design).
    pub fn index(&self) -> &Index<'d> {
        match self.topology.get() {
            Some((t, reads)) => {
                prop_deps::add(reads);
                &t.index
            }
            None => part(&self.index, || Index::new(self.design)),
        }
    }
}

/// Everything the app shows after an edit, from one context: the findings (at ×1), the bill,
/// the latency projection and the capacity analysis at `multiplier`, and the headline totals
/// (read from the bill and projection at ×1).
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    /// The headline figures at ×1 with the bill and projection they were read from.
    pub totals: totals::Detailed,
    /// The capacity analysis at ×1.
    pub capacity: CapacityReport,
}

impl Analysis {
    pub fn totals(&self) -> &Totals {
        &self.totals.totals
    }
    pub fn bill(&self) -> &CostReport {
        &self.totals.bill
    }
    pub fn latency(&self) -> &LatencyReport {
        &self.totals.latency
    }
}

/// The full analysis of a design at its own traffic: rules, cost, latency, capacity and
/// totals, sharing one [`Context`]. Equal to `rules::check`, `totals::detailed`
/// and `capacity::analyse` called one by one.
pub fn run(design: &Design) -> Analysis {
    run_timed(design, &|| 0.0).0
}

/// How long each part of one [`run_timed`] took, milliseconds, by the caller's clock (the
/// panels show them: "checked in 3.1 ms").
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    /// The rules.
    pub findings_ms: f64,
    /// The capacity analysis at ×1 (with the headroom search the totals read).
    pub capacity_ms: f64,
    /// The bill.
    pub bill_ms: f64,
    /// The latency projection at ×1.
    pub latency_ms: f64,
    /// The headline figures with what they read: capacity + bill + latency + reading them out.
    pub totals_ms: f64,
}

/// [`run`], timing each part with `now` (milliseconds; the engine has no clock of its own:
/// the app passes `performance.now`). The one composition of the analyses: the page's own
/// path, the analysis worker and [`Session`] all come through here ([`Parts::run`], which
/// also records what each part read, for the session's property edits).
pub fn run_timed(design: &Design, now: &dyn Fn() -> f64) -> (Analysis, Timing) {
    let (analysis, _, timing) = Parts::run(design, design, None, now);
    (analysis, timing)
}

/// What each part of an [`Analysis`] read of the design's properties (with the plans it
/// used), and the traffic at ×1 with its reads: what a property edit is checked against.
/// With each part, the templates of its strings that name components
/// ([`labels::Templates`]: empty when the design was analysed with its own labels).
#[derive(Debug)]
struct Parts {
    /// The rule areas' findings as made (before suppression marks and ordering), and the
    /// capacity rules' ([`rules::structural_in`], [`rules::capacity_in`]), rendered.
    structural: (Vec<Finding>, Templates, Reads),
    cap_rules: (Vec<Finding>, Templates, Reads),
    capacity: (Templates, Reads),
    /// With the bill's pricing of each node ([`cost::Kept`]): a property edit prices again
    /// only the nodes it changed (and those whose pricing read them).
    bill: (Templates, Reads, Option<cost::Kept>),
    latency: (Templates, Reads),
    traffic: Option<(Arc<Traffic>, Reads)>,
}

/// What the last revision leaves to the next after a structural edit ([`Parts::run_after`]):
/// the bill's kept pricing, the traffic at ×1 it was priced from, its lines (moved out of the
/// last report) with their templates, the last capacity report (moved) with its templates,
/// and the nodes the edits touched.
struct LastBill {
    kept: Option<cost::Kept>,
    before: Arc<Traffic>,
    touched: Touched,
    lines: Vec<cost::LineItem>,
    templates: Templates,
    /// Taken by the capacity report (`None` after).
    capacity: Option<(CapacityReport, Templates)>,
}

/// A part computed while its property reads are recorded, then rendered ([`labels::render`]).
fn rendered<T: Texts>(labels: Option<&Labels>, f: impl FnOnce() -> T) -> (T, Templates, Reads) {
    let (mut v, reads) = prop_deps::recording(f);
    let t = labels::render(&mut v, labels);
    (v, t, reads)
}

/// The bill at ×1, keeping its pricing ([`cost::cost_kept_in`]: with `kept`, only the nodes
/// `changed` and their readers are priced again), recorded and rendered as [`rendered`] does.
/// `last`: the last bill's lines (moved out of it) and its templates: the lines taken over are
/// not rendered again ([`labels::render_bill`]).
fn rendered_bill(cx: &Context<'_>, labels: Option<&Labels>, kept: Option<cost::Kept>, since: cost::Since<'_>, last: (Vec<cost::LineItem>, Templates)) -> (CostReport, (Templates, Reads, Option<cost::Kept>)) {
    let (last_lines, last_t) = last;
    let count = last_lines.len();
    let ((mut bill, kept, carried), reads) = prop_deps::recording(|| cost::cost_kept_in(cx, kept, since, last_lines));
    let t = labels::render_bill(&mut bill, labels, last_t, count, &carried);
    (bill, (t, reads, Some(kept)))
}

impl Parts {
    /// [`run_timed`], recording each part's reads, each part timed with `now`. `analysed` is
    /// `design` itself, or its copy with placeholders for labels (`labels` renders them).
    fn run(design: &Design, analysed: &Design, labels: Option<&Labels>, now: &dyn Fn() -> f64) -> (Analysis, Parts, Timing) {
        let (analysis, parts, timing, _) = Parts::run_after(design, analysed, labels, now, None);
        (analysis, parts, timing)
    }

    /// [`Parts::run`]; with `last` (after edits that only added or removed nodes and
    /// connections: [`Reach::structure`]), the last bill's pricing and lines are offered to
    /// the bill, which prices again only the nodes those edits can have changed
    /// ([`cost::Since::Structure`]) and takes over the lines that settle as before; and the
    /// last capacity report to the capacity report, whose rows of unchanged components take
    /// over what only their model decides ([`capacity::Since`]). Also returns the traffic at
    /// ×1 the last bill was priced from, when it was offered: not dropped here, so the caller
    /// can drop it off the edit's path ([`Session::release`]).
    fn run_after(design: &Design, analysed: &Design, labels: Option<&Labels>, now: &dyn Fn() -> f64, mut last: Option<LastBill>) -> (Analysis, Parts, Timing, Option<Arc<Traffic>>) {
        let cx = Context::new(analysed);
        let t0 = now();
        // The findings as `rules::check_in` makes them: the areas', the capacity rules', then
        // marked, ordered and deduplicated.
        let structural = rendered(labels, || rules::structural_in(&cx));
        let cap_rules = rendered(labels, || rules::capacity_in(&cx));
        let findings = rules::finish(design, structural.0.iter().chain(&cap_rules.0).cloned().collect());
        let t1 = now();
        let (capacity, c_t, c_reads) = match last.as_mut().and_then(|l| Some((l.capacity.take()?, &*l))) {
            Some(((mut report, templates), l)) => {
                // The last report's strings as they were analysed (placeholders for labels).
                labels::unrender(&mut report, templates);
                let t = &l.touched;
                rendered(labels, || capacity::analyse_after_in(&cx, capacity::Since { report, before: &l.before, now: cx.traffic(), nodes: &t.nodes, ends: &t.ends, lambdas: t.lambdas }))
            }
            None => rendered(labels, || capacity::analyse_in(&cx, 1.0)),
        };
        let t2 = now();
        // The bill and the projection at ×1, as `totals::detailed_with_headroom` computes
        // them; the headroom is the capacity report's (independent of its multiplier): the
        // bisection searches behind it run once.
        let mut spent_traffic = None;
        let (bill, bill_part) = match &last {
            Some(l) if l.kept.is_some() => {
                let LastBill { kept, before, touched, lines, templates, .. } = last.take().expect("matched");
                let b = rendered_bill(&cx, labels, kept, cost::Since::Structure { before: &before, touched: &touched.ends, nodes: &touched.nodes }, (lines, templates));
                spent_traffic = Some(before);
                b
            }
            _ => rendered_bill(&cx, labels, None, cost::Since::Props(&[]), Default::default()),
        };
        let spent_traffic = spent_traffic.or_else(|| last.map(|l| l.before));
        let t3 = now();
        let (lat, l_t, l_reads) = rendered(labels, || latency::project_at_in(&cx, 1.0));
        let t4 = now();
        let totals = totals::from_parts(1.0, &bill, &lat, &findings, capacity.headroom.clone());
        let t5 = now();
        let traffic = cx.traffic.get().cloned();
        let analysis = Analysis { findings, totals: totals::Detailed { totals, bill, latency: lat }, capacity };
        let timing = Timing { findings_ms: t1 - t0, capacity_ms: t2 - t1, bill_ms: t3 - t2, latency_ms: t4 - t3, totals_ms: t5 - t1 };
        (analysis, Parts { structural, cap_rules, capacity: (c_t, c_reads), bill: bill_part, latency: (l_t, l_reads), traffic }, timing, spent_traffic)
    }

    /// Brings `a` (the analysis these parts were recorded for) up to date after edits that
    /// changed only the properties `bits` ([`prop_deps::bit`]): a part that read none of them
    /// stays as it is (moved, not copied), the others are computed as [`Parts::run`] does, in
    /// the same order, on a context that starts from the kept traffic at ×1 when the traffic
    /// read none of them either.
    /// `changed`: the nodes whose properties changed (the bill prices only them again, and
    /// the nodes whose pricing read them, when nothing it read before pricing changed).
    /// `areas`: the rule areas' findings are recomputed whatever they read (an edit of what
    /// only they read besides properties: a node's ingress, some workload assumptions);
    /// `bill`: the bill is (workload assumptions only it reads).
    #[allow(clippy::too_many_arguments)]
    /// What it replaces goes to `spent` (dropped later: [`Session::release`]).
    fn update(&mut self, design: &Design, analysed: &Design, labels: Option<&Labels>, a: &mut Analysis, bits: &[usize], changed: &[NodeId], areas: bool, bill: bool, spent: &mut Vec<Spent>) {
        let stale = |r: &Reads| bits.iter().any(|&b| r.may_have_read(b));
        let cx = match &self.traffic {
            Some((t, reads)) if !stale(reads) => Context::with_traffic(analysed, t.clone(), reads.clone()),
            _ => Context::new(analysed),
        };
        let mut findings_stale = false;
        if areas || stale(&self.structural.2) {
            let (f, t, r) = std::mem::replace(&mut self.structural, rendered(labels, || rules::structural_in(&cx)));
            spent.push(Spent::Part(f, t, r));
            findings_stale = true;
        }
        if stale(&self.cap_rules.2) {
            let (f, t, r) = std::mem::replace(&mut self.cap_rules, rendered(labels, || rules::capacity_in(&cx)));
            spent.push(Spent::Part(f, t, r));
            findings_stale = true;
        }
        if findings_stale {
            let f = std::mem::replace(&mut a.findings, rules::finish(design, self.structural.0.iter().chain(&self.cap_rules.0).cloned().collect()));
            spent.push(Spent::Findings(f));
        }
        if stale(&self.capacity.1) {
            let (report, t, reads) = rendered(labels, || capacity::analyse_in(&cx, 1.0));
            self.capacity.1 = reads;
            spent.push(Spent::Capacity(std::mem::replace(&mut a.capacity, report), std::mem::replace(&mut self.capacity.0, t)));
        }
        if bill || stale(&self.bill.1) {
            // The kept pricing holds while the workload and what the bill read before pricing
            // any node (the graph index, the traffic at ×1, the regions) are as they were.
            let kept = self.bill.2.take().filter(|k| !bill && !stale(&k.before_pricing));
            // With the pricing kept, the last bill's lines whose charge and pool are as they
            // were are taken over (moved, with their templates), not written again.
            let last = if kept.is_some() { (std::mem::take(&mut a.totals.bill.lines), std::mem::take(&mut self.bill.0)) } else { Default::default() };
            let (b, part) = rendered_bill(&cx, labels, kept, cost::Since::Props(changed), last);
            let old = std::mem::replace(&mut a.totals.bill, b);
            let (t, r, k) = std::mem::replace(&mut self.bill, part);
            spent.push(Spent::Bill(old, t, r, k));
        }
        if stale(&self.latency.1) {
            let (report, t, reads) = rendered(labels, || latency::project_at_in(&cx, 1.0));
            self.latency.1 = reads;
            spent.push(Spent::Latency(std::mem::replace(&mut a.totals.latency, report), std::mem::replace(&mut self.latency.0, t)));
        }
        a.totals.totals = totals::from_parts(1.0, &a.totals.bill, &a.totals.latency, &a.findings, a.capacity.headroom.clone());
        spent.push(Spent::TrafficPart(std::mem::replace(&mut self.traffic, cx.traffic.get().cloned())));
    }

    /// Writes node `id`'s new label (already in `labels`) wherever a part names it: only the
    /// strings whose template holds its placeholder are rendered again; the findings are
    /// ordered again if one of theirs was (the order reads messages), and the totals read again.
    fn relabel(&mut self, design: &Design, labels: &Labels, a: &mut Analysis, id: &NodeId) {
        let Some(p) = labels.placeholder_of(id) else { return };
        let s = labels::relabel(&mut self.structural.0, &self.structural.1, &p, labels);
        let c = labels::relabel(&mut self.cap_rules.0, &self.cap_rules.1, &p, labels);
        if s || c {
            a.findings = rules::finish(design, self.structural.0.iter().chain(&self.cap_rules.0).cloned().collect());
        }
        labels::relabel(&mut a.capacity, &self.capacity.0, &p, labels);
        labels::relabel(&mut a.totals.bill, &self.bill.0, &p, labels);
        labels::relabel(&mut a.totals.latency, &self.latency.0, &p, labels);
        a.totals.totals = totals::from_parts(1.0, &a.totals.bill, &a.totals.latency, &a.findings, a.capacity.headroom.clone());
    }
}

/// The rules, the bill and the latency projection at ×1 — the budgeted "full analysis"
/// of BENCHMARKS.md — from one context.
pub fn core(design: &Design) -> (Vec<Finding>, CostReport, LatencyReport) {
    let cx = Context::new(design);
    (rules::check_in(&cx), cost::cost_at_in(&cx, 1.0), latency::project_at_in(&cx, 1.0))
}

/// A design under edit with its analysis kept up to date, edit by edit (for the app: its
/// analysis worker holds one per open design, and the page one for a design it analyses
/// itself, both through the worker crate's `LocalSession`).
///
/// What an edit recomputes (see the module's introduction): nothing for a layout or
/// scenario edit; a patch for the design's name or a node's suppressions; for a property,
/// the parts that read it (with the latency memo warm); else [`run`].
///
/// The analysis always equals `run(session.design())` byte for byte
/// (`tests/analysis_incremental.rs`).
pub struct Session {
    design: Design,
    /// The copy of `design` the analyses run on: its plain labels are placeholders
    /// ([`labels`]). None when some text of the design holds a placeholder's marker
    /// character: then the analyses run on `design` itself and a rename recomputes all.
    analysed: Option<Design>,
    labels: Labels,
    analysis: Analysis,
    parts: Parts,
    /// What the last edit replaced, not dropped yet: dropping the last analysis, its parts
    /// and the traffic its bill was priced from was ~5 M instructions of a 1,000-node
    /// structural edit's ~68 M, the replaced reports ~5 M of a property edit's ~58 M
    /// (callgrind, BENCHMARKS.md s34-core). Dropped by [`Session::release`] (the analysis
    /// worker calls it after posting its answer), else at the start of the next edit: at most
    /// one analysis more is held.
    spent: Vec<Spent>,
}

/// Something an edit replaced ([`Session::spent`]), held only to be dropped later.
#[allow(dead_code)] // never read: dropped
enum Spent {
    /// After an edit that ran the analysis again: the analysis and parts before it.
    Analysis(Box<(Analysis, Parts)>),
    /// The traffic at ×1 of an earlier revision.
    Traffic(Arc<Traffic>),
    /// After a property edit, each result it recomputed, as it was.
    Findings(Vec<Finding>),
    Part(Vec<Finding>, Templates, Reads),
    Capacity(CapacityReport, Templates),
    Bill(CostReport, Templates, Reads, Option<cost::Kept>),
    Latency(LatencyReport, Templates),
    TrafficPart(Option<(Arc<Traffic>, Reads)>),
}

impl Session {
    /// Analyses `design` in full.
    pub fn new(design: Design) -> Session {
        Session::new_timed(design, &|| 0.0).0
    }

    /// [`Session::new`], each part of the first analysis timed with `now` (milliseconds, as
    /// [`run_timed`] times them: the page shows how long its first analysis of a design took,
    /// part by part).
    pub fn new_timed(design: Design, now: &dyn Fn() -> f64) -> (Session, Timing) {
        let mut labels = Labels::default();
        let analysed = (!labels::has_marker(&design)).then(|| labels.template(&design));
        let (analysis, parts, timing) = Parts::run(&design, analysed.as_ref().unwrap_or(&design), analysed.as_ref().map(|_| &labels), now);
        let s = Session { design, analysed, labels, analysis, parts, spent: Vec::new() };
        s.check();
        (s, timing)
    }

    pub fn design(&self) -> &Design {
        &self.design
    }

    /// The analysis of the current revision.
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// Drops what the last edit replaced (the analysis before it, its parts, the traffic its
    /// bill was priced from), if anything is held: call it off the edit's path (after the
    /// answer is handed on). Returns whether anything was held. Changes no result.
    pub fn release(&mut self) -> bool {
        let held = !self.spent.is_empty();
        self.spent = Vec::new();
        held
    }

    /// Applies `edit` and brings the analysis up to date. On error (the edit does not apply
    /// to this design) nothing changes. What an earlier edit replaced and [`Session::release`]
    /// has not dropped yet is dropped first; what this edit replaces is kept until released.
    pub fn apply(&mut self, edit: &Edit) -> Result<&Analysis, EditError> {
        self.release();
        let mut reach = Reach::of(edit, &self.design);
        edit.apply(&mut self.design)?;
        // The analysed copy follows, its labels as placeholders; an edit bringing a marker
        // character ends the placeholders (a full run on the design itself).
        let ended = self.analysed.is_some() && labels::has_marker(edit);
        if ended {
            self.analysed = None;
            reach.all = true;
        }
        if let Some(analysed) = &mut self.analysed {
            self.labels.translate(edit).apply(analysed).expect("the analysed copy follows the design");
            self.labels.follow(edit, &self.design);
        } else if !reach.labels.is_empty() {
            reach.all = true;
        }
        let labels = self.analysed.as_ref().map(|_| &self.labels);
        let analysed = self.analysed.as_ref().unwrap_or(&self.design);
        if reach.all {
            // After nodes and connections added or removed only, the last bill's pricing of
            // the nodes the edit cannot have changed is kept (with the labels as they were
            // rendered: not when the placeholders just ended).
            let last = match (reach.structure.take(), self.parts.traffic.take()) {
                (Some(touched), Some((before, _))) if !ended => Some(LastBill {
                    kept: self.parts.bill.2.take(),
                    before,
                    touched,
                    lines: std::mem::take(&mut self.analysis.totals.bill.lines),
                    templates: std::mem::take(&mut self.parts.bill.0),
                    capacity: Some((std::mem::take(&mut self.analysis.capacity), std::mem::take(&mut self.parts.capacity.0))),
                }),
                _ => None,
            };
            let (analysis, parts, _, traffic) = Parts::run_after(&self.design, analysed, labels, &|| 0.0, last);
            let analysis = std::mem::replace(&mut self.analysis, analysis);
            let parts = std::mem::replace(&mut self.parts, parts);
            self.spent.push(Spent::Analysis(Box::new((analysis, parts))));
            self.spent.extend(traffic.map(Spent::Traffic));
            self.check();
            return Ok(&self.analysis);
        }
        if reach.props.is_some() || reach.rule_areas || reach.bill {
            let bits = reach.props.as_deref().unwrap_or(&[]);
            self.parts.update(&self.design, analysed, labels, &mut self.analysis, bits, &reach.prop_nodes, reach.rule_areas, reach.bill, &mut self.spent);
        }
        for id in &reach.labels {
            self.parts.relabel(&self.design, &self.labels, &mut self.analysis, id);
        }
        let a = &mut self.analysis;
        if reach.design_name {
            a.totals.bill.design = self.design.name.clone();
        }
        if reach.suppressions {
            rules::apply_suppressions(&self.design, &mut a.findings);
            // The open counts are read from the findings; the rest of the totals from the
            // kept bill, projection and headroom, as `run` reads them (at ×1).
            a.totals.totals = totals::from_parts(1.0, &a.totals.bill, &a.totals.latency, &a.findings, a.totals.totals.headroom.clone());
        }
        self.check();
        Ok(&self.analysis)
    }

    /// In debug builds: no placeholder is left in the results (a string [`labels::Texts`]
    /// does not visit would show one).
    fn check(&self) {
        debug_assert!(self.analysed.is_none() || !labels::leaks(&self.analysis), "a placeholder was left in the analysis");
    }

    /// The design, ending the session.
    pub fn into_design(self) -> Design {
        self.design
    }
}

/// What a structural edit touched ([`Reach::structure`]): the ends of the connections it
/// made, removed or changed, and the nodes it added or removed (a node removed and added
/// again with the same id, as `edit::replace_kind` does, is a new node).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Touched {
    ends: Vec<NodeId>,
    nodes: Vec<NodeId>,
    /// Whether a Lambda function is among `nodes` (the capacity plan's unreserved pools).
    lambdas: bool,
}

/// What an edit can change in an [`Analysis`], from what the analyses read. Anything not
/// listed here reruns everything ([`run`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Reach {
    /// Something else: the analysis is recomputed.
    all: bool,
    /// With `all`, when the edit only added or removed nodes (with no children and no
    /// connections) and connections, or changed connections: the ends of those connections
    /// and the nodes added or removed. The bill keeps the pricing of the nodes such an edit
    /// cannot have changed ([`cost::Since::Structure`]).
    structure: Option<Touched>,
    /// Properties, as catalog `(kind, key)` bits ([`prop_deps::bit`]): the parts that read
    /// one of them are recomputed, the others kept.
    props: Option<Vec<usize>>,
    /// The nodes whose properties `props` are.
    prop_nodes: Vec<NodeId>,
    /// Workload assumptions read only by the bill (growth, free tier; the pricing model with
    /// `rule_areas`): the bill is recomputed.
    bill: bool,
    /// A node's ingress (ports open to CIDRs): read only by the rules' topology and areas
    /// (network exposure, EC2), not by the capacity rules, the bill, the latency or the
    /// traffic; the rule areas' findings are recomputed.
    rule_areas: bool,
    /// The design's name: read by no analysis but as the bill's title (`CostReport::design`).
    design_name: bool,
    /// Nodes whose label changed from one plain label to another ([`labels::plain`]): their
    /// text is written again where the results name them (or, with no placeholders,
    /// everything is recomputed).
    labels: Vec<NodeId>,
    /// A node's suppressions: read only when the rules mark their findings suppressed
    /// ([`rules::apply_suppressions`], after every rule area ran; neither the order nor the
    /// deduplication of findings reads the mark), and by the totals' open counts.
    suppressions: bool,
}

impl Reach {
    /// What `edit` can change, judged on the design before it (a property's kind).
    fn of(edit: &Edit, design: &Design) -> Reach {
        match edit {
            // No analysis reads the layout, nor the what-if scenarios (the scenario table
            // analyses a copy of the design with each scenario applied, on its own).
            Edit::Move { .. } | Edit::Resize { .. } | Edit::AddScenario { .. } | Edit::RemoveScenario { .. } | Edit::UpdateScenario { .. } => Reach::default(),
            Edit::Rename { .. } => Reach { design_name: true, ..Reach::default() },
            Edit::SetSuppressions { .. } => Reach { suppressions: true, ..Reach::default() },
            Edit::SetIngress { .. } => Reach { rule_areas: true, ..Reach::default() },
            Edit::SetWorkload { before, after } => Reach::of_workload(before, after),
            // A label is only copied into text (see `labels`): one plain label for another is
            // a matter of writing it; to or from an empty label (the id is written instead) or
            // one with a direction override (shown as a mark), everything is recomputed.
            Edit::SetLabel { id, before, after } if labels::plain(before) && labels::plain(after) => Reach { labels: vec![id.clone()], ..Reach::default() },
            // A property of a catalog kind: only the analyses that read it (on any node of
            // that kind) can change. A key the kind does not define: everything.
            Edit::SetProp { id, key, .. } => match design.spec(id).and_then(|k| prop_deps::bit(k, key)) {
                Some(b) => Reach { props: Some(vec![b]), prop_nodes: vec![id.clone()], ..Reach::default() },
                None => Reach { all: true, ..Reach::default() },
            },
            Edit::Connect { conn } | Edit::Disconnect { conn } => Reach { all: true, structure: Some(Touched { ends: vec![conn.from.clone(), conn.to.clone()], ..Touched::default() }), ..Reach::default() },
            Edit::UpdateConnection { before, after } => {
                Reach { all: true, structure: Some(Touched { ends: vec![before.from.clone(), before.to.clone(), after.from.clone(), after.to.clone()], ..Touched::default() }), ..Reach::default() }
            }
            Edit::AddNode { node, .. } | Edit::RemoveNode { node, .. } => Reach { all: true, structure: Some(Touched { ends: Vec::new(), nodes: vec![node.id.clone()], lambdas: node.kind == "lambda" }), ..Reach::default() },
            Edit::Batch { edits, .. } => {
                // Judged edit by edit on the design as it is before the batch: a batch that
                // changes a kind or adds a node is not property-only, and recomputes all.
                // Structural when every edit of it is (or changes nothing an analysis reads).
                let mut out = Reach::default();
                let mut structure: Option<Touched> = Some(Touched::default());
                for mut r in edits.iter().map(|e| Reach::of(e, design)) {
                    let t = r.structure.take();
                    match (&mut structure, t) {
                        (Some(s), Some(t)) => {
                            s.ends.extend(t.ends);
                            s.nodes.extend(t.nodes);
                            s.lambdas |= t.lambdas;
                        }
                        (Some(_), None) if r == Reach::default() => {}
                        _ => structure = None,
                    }
                    out.all |= r.all;
                    out.design_name |= r.design_name;
                    out.suppressions |= r.suppressions;
                    out.rule_areas |= r.rule_areas;
                    out.bill |= r.bill;
                    out.labels.extend(r.labels);
                    out.prop_nodes.extend(r.prop_nodes);
                    if let Some(b) = r.props {
                        out.props.get_or_insert_with(Vec::new).extend(b);
                    }
                }
                if out.all {
                    out.structure = structure.filter(|s| !s.ends.is_empty() || !s.nodes.is_empty());
                }
                out
            }
            _ => Reach { all: true, ..Reach::default() },
        }
    }

    /// What a change of the workload assumptions can change, field by field, from who reads
    /// each (every read is `design.workload.<field>`):
    /// - request and response sizes, peak-to-average: the traffic (`traffic::Plan::run`:
    ///   payloads, peak rates), which everything reads: all;
    /// - monthly growth, free tier: the bill only (`cost`: the year's months, the free tier);
    /// - pricing model: the bill (Savings Plans) and the rule areas (`ec2`: on-demand fleets);
    /// - business-critical, team size and experience, portability: the rule areas only
    ///   (`availability`, `security`, `containers`).
    fn of_workload(before: &Workload, after: &Workload) -> Reach {
        // Destructured, so a new field cannot be missed here: it must be placed below.
        let Workload { request_kb, response_kb, peak_to_average, growth_pct_per_month, pricing, free_tier, critical, team_size, team_kubernetes_experience, needs_portability } = after;
        let traffic = before.request_kb.to_bits() != request_kb.to_bits() || before.response_kb.to_bits() != response_kb.to_bits() || before.peak_to_average.to_bits() != peak_to_average.to_bits();
        if traffic {
            return Reach { all: true, ..Reach::default() };
        }
        let bill_only = before.growth_pct_per_month.to_bits() != growth_pct_per_month.to_bits() || before.free_tier != *free_tier;
        let areas = before.critical != *critical || before.team_size != *team_size || before.team_kubernetes_experience != *team_kubernetes_experience || before.needs_portability != *needs_portability;
        let both = before.pricing != *pricing;
        Reach { bill: bill_only || both, rule_areas: areas || both, ..Reach::default() }
    }
}
