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
//! edits (`Session::apply(&Edit)`): an edit that changes only the layout recomputes nothing
//! (no analysis reads the layout), any other edit runs [`run`] again, and in it the latency
//! projection recomputes only the convolutions whose inputs the edit changed — every other
//! one is found in the convolution memo of [`crate::latency::dist`], keyed by the exact
//! masses it reads, so a result can never differ from a full recomputation
//! (`tests/analysis_incremental.rs` compares the bytes on random edit sequences).

use crate::capacity::{self, CapacityReport};
use crate::cost::{self, CostReport};
use crate::latency::{self, LatencyReport};
use crate::graph::Index;
use crate::edit::{Edit, EditError};
use crate::model::Design;
use crate::rules::{self, Finding, Topology};
use crate::totals::{self, Totals};
use crate::traffic::{self, Traffic};
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;
use std::sync::Arc;

/// The multiplier-independent parts of one design revision, each built on first use.
pub struct Context<'d> {
    pub design: &'d Design,
    traffic_plan: OnceCell<traffic::Plan<'d>>,
    traffic: OnceCell<Arc<Traffic>>,
    capacity: OnceCell<capacity::Plan<'d>>,
    topology: OnceCell<Topology<'d>>,
    index: OnceCell<Index<'d>>,
}

impl<'d> Context<'d> {
    pub fn new(design: &'d Design) -> Self {
        Context { design, traffic_plan: OnceCell::new(), traffic: OnceCell::new(), capacity: OnceCell::new(), topology: OnceCell::new(), index: OnceCell::new() }
    }

    /// The traffic plan ([`traffic::Plan`]): run it at any multiplier.
    pub(crate) fn traffic_plan(&self) -> &traffic::Plan<'d> {
        self.traffic_plan.get_or_init(|| traffic::Plan::new(self.design))
    }

    /// The traffic at the design's own volumes (×1).
    pub fn traffic(&self) -> &Traffic {
        self.traffic.get_or_init(|| Arc::new(self.traffic_plan().run(1.0)))
    }

    /// The same traffic, shared (the topology keeps it for the rules that weigh volumes).
    pub(crate) fn shared_traffic(&self) -> Arc<Traffic> {
        self.traffic();
        self.traffic.get().expect("just initialised").clone()
    }

    /// The capacity plan (built on the traffic at ×1).
    pub fn capacity_plan(&self) -> &capacity::Plan<'d> {
        self.capacity.get_or_init(|| capacity::Plan::with_traffic(self.design, self.traffic()))
    }

    /// The topology the rules read (placement, reachability, tiers, chains), with the graph
    /// index the bill reads.
    pub fn topology(&self) -> &Topology<'d> {
        self.topology.get_or_init(|| Topology::new(self.design))
    }

    /// The graph index: the topology's when the rules have built it, else one of its own
    /// (the same index either way: a function of the design).
    pub fn index(&self) -> &Index<'d> {
        match self.topology.get() {
            Some(t) => &t.index,
            None => self.index.get_or_init(|| Index::new(self.design)),
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
/// path, the analysis worker and [`Session`] all come through here.
pub fn run_timed(design: &Design, now: &dyn Fn() -> f64) -> (Analysis, Timing) {
    let cx = Context::new(design);
    let t0 = now();
    let findings = rules::check_in(&cx);
    let t1 = now();
    let capacity = capacity::analyse_in(&cx, 1.0);
    let t2 = now();
    // `totals::detailed_with_headroom` at ×1, its parts timed one by one. The report's
    // headroom is the design's (independent of the report's multiplier): the bisection
    // searches behind it run once.
    let bill = cost::cost_at_in(&cx, 1.0);
    let t3 = now();
    let latency = latency::project_at_in(&cx, 1.0);
    let t4 = now();
    let headline = totals::from_parts(1.0, &bill, &latency, &findings, capacity.headroom.clone());
    let t5 = now();
    let totals = totals::Detailed { totals: headline, bill, latency };
    let timing = Timing { findings_ms: t1 - t0, capacity_ms: t2 - t1, bill_ms: t3 - t2, latency_ms: t4 - t3, totals_ms: t5 - t1 };
    (Analysis { findings, totals, capacity }, timing)
}

/// The rules, the bill and the latency projection at ×1 — the budgeted "full analysis"
/// of BENCHMARKS.md — from one context.
pub fn core(design: &Design) -> (Vec<Finding>, CostReport, LatencyReport) {
    let cx = Context::new(design);
    (rules::check_in(&cx), cost::cost_at_in(&cx, 1.0), latency::project_at_in(&cx, 1.0))
}

/// A design under edit with its analysis kept up to date, edit by edit (for the app's
/// analysis worker: it holds one per open design).
///
/// What an edit recomputes:
/// - an edit that changes only positions or sizes ([`Edit::is_layout_only`]): nothing (no
///   analysis reads the layout), the last analysis stays;
/// - any other edit: [`run`] on the new revision, whose latency projection takes every
///   convolution the edit did not touch from the convolution memo (a node's downstream
///   distribution is recomputed only when its own time, a hop, a callee's distribution or
///   a connection's timeout changed; the memo compares the exact masses, see
///   [`crate::latency::dist::Dist::convolve`]). The rules, the bill and the plans are
///   recomputed whole.
///
/// The analysis always equals `run(session.design())` byte for byte
/// (`tests/analysis_incremental.rs`).
pub struct Session {
    design: Design,
    analysis: Analysis,
    revision: u64,
}

impl Session {
    /// Analyses `design` in full.
    pub fn new(design: Design) -> Session {
        let analysis = run(&design);
        Session { design, analysis, revision: 0 }
    }

    pub fn design(&self) -> &Design {
        &self.design
    }

    /// The analysis of the current revision.
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// Counts the edits applied (a revision number to match replies to requests).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Applies `edit` and brings the analysis up to date. On error (the edit does not apply
    /// to this design) nothing changes.
    pub fn apply(&mut self, edit: &Edit) -> Result<&Analysis, EditError> {
        edit.apply(&mut self.design)?;
        self.revision += 1;
        if !edit.is_layout_only() {
            self.analysis = run(&self.design);
        }
        Ok(&self.analysis)
    }

    /// The design, ending the session.
    pub fn into_design(self) -> Design {
        self.design
    }
}
