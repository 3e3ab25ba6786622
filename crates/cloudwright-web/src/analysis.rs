//! The analyses the side panel shows, computed by the engine when (and only when) something
//! they read changes: `analysis_rev` moves on topology and property edits, never on a drag,
//! a move or a resize. Each is timed, so the panel can say how long it took.
//!
//! They read [`Analyses::shown`]: the base design, or the active what-if scenario applied to
//! it (`scenario::active`), so findings, latency, capacity, cost and totals follow a
//! scenario switch while the canvas and every edit stay on the base design.

use crate::state::AppState;
use cloudwright_engine::rules::{self, Finding, Severity};
use cloudwright_engine::{analysis, capacity, cost, latency, scenario, totals, Design, NodeId};
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Milliseconds since page load, for timing the analyses.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// The design the analyses show: the base, or the active scenario applied to it.
#[derive(Clone, Copy)]
pub struct Shown {
    /// The active scenario's design (`None`: the baseline, read from the base design itself,
    /// without a copy). Recomputed when the base changes or another scenario is chosen.
    pub scenario: Memo<Option<Arc<Design>>>,
    /// Why the chosen scenario cannot be applied (the analyses then show the baseline).
    pub error: Memo<Option<String>>,
    base: RwSignal<Design>,
}

impl Shown {
    /// Runs `f` on the shown design (tracked through `scenario`; the base itself is read
    /// untracked, as the analyses follow `analysis_rev`, not every change).
    pub fn with<R>(&self, f: impl FnOnce(&Design) -> R) -> R {
        match self.scenario.get() {
            Some(d) => f(&d),
            None => self.base.with_untracked(f),
        }
    }
}

#[derive(Clone, Copy)]
pub struct Analyses {
    pub shown: Shown,
    pub findings: Memo<Arc<Vec<Finding>>>,
    pub findings_ms: RwSignal<f64>,
    /// The worst unsuppressed severity per node, for the canvas badges.
    pub node_severity: Memo<Arc<BTreeMap<NodeId, Severity>>>,
    pub latency: Memo<Option<Arc<latency::LatencyReport>>>,
    pub latency_ms: RwSignal<f64>,
    /// The latency projection runs only while its tab is open.
    pub latency_wanted: RwSignal<bool>,
    /// The traffic multiple the latency and capacity views show (1 = the design's traffic).
    pub traffic_multiplier: RwSignal<f64>,
    /// Capacity at `traffic_multiplier`, with the design's headroom; computed while at least
    /// one view that shows it is open (each such view adds one to `capacity_viewers` while it
    /// is mounted, and takes it back on cleanup).
    pub capacity: Memo<Option<Arc<capacity::CapacityReport>>>,
    pub capacity_ms: RwSignal<f64>,
    pub capacity_viewers: RwSignal<u32>,
    /// The headline figures (totals bar, presentation mode), always computed: cost, the main
    /// entry's p95, open findings and headroom, by `totals` in the engine, at the design's own
    /// traffic (a scenario is a design of its own: `scenario::apply`).
    /// With the bill and latency projection they were read from (the presentation card uses
    /// them: nothing is computed twice).
    pub totals: Memo<Arc<totals::Detailed>>,
    pub totals_ms: RwSignal<f64>,
    /// How many times the totals were computed (shown as `data-runs` on the bar, so a test can
    /// see that a drag computes nothing).
    pub totals_runs: RwSignal<u64>,
}

pub fn use_analyses() -> Analyses {
    expect_context::<Analyses>()
}


pub fn provide(app: AppState) {
    let applied = Memo::new_with_compare(
        move |_| {
            app.analysis_rev.track();
            let id = app.active_scenario.get()?;
            Some(app.design.with_untracked(|d| scenario::active(d, Some(&id)).map(Arc::new).map_err(|e| e.to_string())))
        },
        |_, _| true,
    );
    let scenario_design = Memo::new_with_compare(move |_| applied.get().and_then(|r| r.ok()), |_, _| true);
    let scenario_error = Memo::new(move |_| applied.get().and_then(|r| r.err()));
    let shown = Shown { scenario: scenario_design, error: scenario_error, base: app.design };
    let findings_ms = RwSignal::new(0.0);
    let totals_ms = RwSignal::new(0.0);
    let totals_runs = RwSignal::new(0u64);
    let latency_ms = RwSignal::new(0.0);
    // The findings and the totals (with the bill and the latency projection at ×1) of one
    // design revision, from one engine analysis context: the traffic and capacity plans are
    // built once for the rules, the bill, the projection and the headroom (engine `analysis`).
    let edit_analysis = Memo::new_with_compare(move |_| {
        app.analysis_rev.track();
        shown.with(|d| {
            let cx = analysis::Context::new(d);
            let t0 = now_ms();
            let f = rules::check_in(&cx);
            let t1 = now_ms();
            // The totals follow a what-if scenario switch (`shown`). Timed in parts: the
            // latency panel shows the projection's own time.
            let bill = cost::cost_at_in(&cx, 1.0);
            let t2 = now_ms();
            let latency = latency::project_at_in(&cx, 1.0);
            let t3 = now_ms();
            let totals = totals::from_parts(1.0, &bill, &latency, &f, cx.capacity_plan().headroom());
            let t = totals::Detailed { totals, bill, latency };
            let t4 = now_ms();
            findings_ms.set(t1 - t0);
            latency_ms.set(t3 - t2);
            totals_ms.set(t4 - t1);
            totals_runs.update(|n| *n += 1);
            (Arc::new(f), Arc::new(t))
        })
    }, |_, _| true);
    // (A new analysis is always a change; the memos below compare what they hand on.)
    let findings = Memo::new(move |_| edit_analysis.with(|a| a.0.clone()));
    let node_severity = Memo::new(move |_| {
            let mut m: BTreeMap<NodeId, Severity> = BTreeMap::new();
            for f in findings.get().iter().filter(|f| !f.is_suppressed()) {
                for n in &f.nodes {
                    let e = m.entry(n.clone()).or_insert(f.severity);
                    if f.severity < *e {
                        *e = f.severity;
                    }
                }
            }
        Arc::new(m)
    });
    let latency_wanted = RwSignal::new(false);
    let traffic_multiplier = RwSignal::new(1.0);
    let capacity_ms = RwSignal::new(0.0);
    let capacity_viewers = RwSignal::new(0u32);
    let capacity = Memo::new_with_compare(
        move |_| {
            if capacity_viewers.get() == 0 {
                return None;
            }
            app.analysis_rev.track();
            let m = traffic_multiplier.get();
            let t0 = now_ms();
            let r = shown.with(|d| capacity::analyse(d, m));
            capacity_ms.set(now_ms() - t0);
            Some(Arc::new(r))
        },
        |a, b| !matches!((a, b), (Some(None), Some(None))),
    );
    let latency = Memo::new_with_compare(
        move |_| {
            if !latency_wanted.get() {
                return None;
            }
            app.analysis_rev.track();
            let m = traffic_multiplier.get();
            if m == 1.0 {
                // The totals hold the projection at ×1 already: the same report, not run twice.
                return Some(Arc::new(edit_analysis.with(|a| a.1.latency.clone())));
            }
            let t0 = now_ms();
            let r = shown.with(|d| latency::project_at(d, m));
            latency_ms.set(now_ms() - t0);
            Some(Arc::new(r))
        },
        // `changed`: a new projection is always a change; None to None is not.
        |a, b| !matches!((a, b), (Some(None), Some(None))),
    );
    let totals = Memo::new(move |_| edit_analysis.with(|a| a.1.clone()));
    provide_context(Analyses {
        findings,
        findings_ms,
        node_severity,
        latency,
        latency_ms,
        latency_wanted,
        traffic_multiplier,
        capacity,
        capacity_ms,
        capacity_viewers,
        totals,
        totals_ms,
        totals_runs,
        shown,
    });
}
