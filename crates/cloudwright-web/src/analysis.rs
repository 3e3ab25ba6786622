//! The analyses the side panel shows, computed by the engine when (and only when) something
//! they read changes: `analysis_rev` moves on topology and property edits, never on a drag,
//! a move or a resize. Each is timed, so the panel can say how long it took.
//!
//! They read [`Analyses::shown`]: the base design, or the active what-if scenario applied to
//! it (`scenario::active`), so findings, latency, capacity, cost and totals follow a
//! scenario switch while the canvas and every edit stay on the base design.

use crate::state::AppState;
use cloudwright_engine::rules::{Finding, Severity};
use cloudwright_engine::{capacity, latency, totals, Design, NodeId};
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
    /// How long the bill took (ms), within `totals_ms`.
    pub bill_ms: RwSignal<f64>,
    /// The shown findings and totals are older than the newest edit: the worker is computing
    /// (the views mark them, subtly, and keep showing them).
    pub updating: RwSignal<bool>,
    /// No analysis of this design has been shown yet: a large design's first one is computing
    /// in the worker, and the panels hold an empty placeholder. The views say "Analysing…"
    /// instead of showing its zeros as if they were the design's figures.
    pub first_pending: RwSignal<bool>,
    /// The `analysis_rev` the shown findings and totals are of (`data-rev` on the totals bar:
    /// a test sees that it only ever grows, and ends at the newest edit's).
    pub shown_rev: RwSignal<u64>,
}

pub fn use_analyses() -> Analyses {
    expect_context::<Analyses>()
}

/// How long a part of the analyses took, for a panel's footnote: "in 3.1 ms", or, when the
/// worker's session brought every analysis up to date at once (the part is not timed apart,
/// NaN), the whole: "with the other analyses in 12.0 ms".
pub fn timing_text(part_ms: f64, whole_ms: f64) -> String {
    if part_ms.is_nan() {
        format!("with the other analyses in {whole_ms:.1} ms")
    } else {
        format!("in {part_ms:.1} ms")
    }
}


pub fn provide(app: AppState) {
    let applied = Memo::new_with_compare(
        move |_| {
            app.analysis_rev.track();
            let id = app.active_scenario.get()?;
            // (Through the analyses' code, fetched after start-up: `analysis_worker::Code`.
            // Until it is in, the views that read the shown design show the base; the figures
            // wait for it anyway. If it could not be fetched, the scenario cannot be shown:
            // said, and every view shows the baseline, the worker's figures too (review s54
            // R1: the canvas showed the base while the totals showed the scenario).)
            if crate::analysis_worker::code_missing() {
                return Some(Err(crate::on_demand::NOT_FETCHED_SHORT.to_string()));
            }
            let code = crate::analysis_worker::loaded()?;
            Some(app.design.with_untracked(|d| (code.scenario)(d, &id).map(Arc::new)))
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
    let bill_ms = RwSignal::new(0.0);
    let updating = RwSignal::new(false);
    let shown_rev = RwSignal::new(app.analysis_rev.get_untracked());
    // The findings and the totals (with the bill and the latency projection at ×1) of one
    // design revision, computed by the analysis worker (`analysis_worker`) for a large design,
    // else on this thread by a session of the design kept up to date edit by edit. The panels
    // read them through the memos below; this signal only moves the worker's results.
    let show_timing = move |t: &cloudwright_analysis_worker::Timing| {
        // From the worker's session (edits applied incrementally) only the whole is timed: the
        // parts are NaN and the views say so (`timing_text`).
        findings_ms.set(t.findings_ms);
        bill_ms.set(t.bill_ms);
        latency_ms.set(t.latency_ms);
        totals_ms.set(t.totals_ms);
        totals_runs.update(|n| *n += 1);
    };
    // No analysis before the first paint (issue 20, cold start): the canvas is drawn and takes
    // clicks first, and the panels say "Analysing…" — the state a large design's first answer
    // is waited for in (`first_pending`) — until the first analysis, run on this thread right
    // after that frame (`analysis_worker::first_analysis`: the starter's, with the price and
    // latency books parsed cold, took 75–185 ms before the canvas could show). A large design
    // (restored from storage) goes to the worker at once, as before.
    let large = crate::analysis_worker::at_once(app.design.with_untracked(|d| d.nodes.len()));
    let first = crate::analysis_worker::placeholder();
    updating.set(true);
    let first_pending = RwSignal::new(true);
    show_timing(&first.timing);
    let results = RwSignal::new((Arc::new(first.findings), Arc::new(first.totals)));
    // What a first click needs first (the inspector's forms), then the analyses' code (`init`
    // asks for it): the browser serves the requests in that order (QA s55 G3).
    crate::sidepanel::fetch_first_click_code();
    // (`init` starts the worker at once for a large design.)
    crate::analysis_worker::init(crate::analysis_worker::Hooks {
        app,
        show: std::rc::Rc::new(move |a: crate::analysis_worker::Results, rev: u64| {
            let first = first_pending.get_untracked();
            if first {
                // (`start-up analysed`: the first analysis shown; read by the start-up benchmark.)
                crate::analysis_worker::mark("start-up analysed");
            }
            show_timing(&a.timing);
            shown_rev.set(rev);
            // The answer replaced is freed after the frame (`drop_later`): the memos below drop
            // their references to it in this task; this one keeps it alive until then.
            let replaced = results.with_untracked(|r| (r.0.clone(), r.1.clone()));
            results.set((a.findings, a.totals));
            crate::analysis_worker::drop_later(replaced);
            first_pending.set(false);
            if first {
                // The app has started (once): the service worker may register now.
                crate::offline::started();
            }
        }),
        updating,
        first_pending,
    });
    // The first analysis, once the first frame is painted; then the app says it has started
    // (boot.js registers the service worker only then).
    crate::analysis_worker::after_paint(move || {
        if !large {
            crate::analysis_worker::first_analysis();
        }
        // Started once the first analysis is shown (above, or when the analyses' code arrives:
        // the show hook says it then); a large design does not wait for the worker's.
        if large || !first_pending.get_untracked() {
            crate::offline::started();
        }
    });
    // Every change the analyses read (an edit, another design, another scenario) asks for
    // them; a drag or a move does not (`analysis_rev` does not move).
    Effect::new(move |_| {
        let rev = app.analysis_rev.get();
        // Without the analyses' code no scenario can be shown on the page (`applied` says
        // why): the worker is asked for the baseline, so the figures are of what is drawn.
        // Asked again with the scenario once the code is in.
        let scenario = app.active_scenario.get().filter(|_| !crate::analysis_worker::code_missing());
        crate::analysis_worker::request(rev, scenario);
    });
    // (A new analysis is always a change; the memos below compare what they hand on.)
    let findings = Memo::new(move |_| results.with(|a| a.0.clone()));
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
            // (The analyses' code, fetched after start-up: `analysis_worker::Code`. A view that
            // shows capacity opens by a click; until the code is in it shows none, and says
            // why if it could not be fetched: `analysis_worker::code_missing`.)
            let code = crate::analysis_worker::loaded()?;
            let m = traffic_multiplier.get();
            let t0 = now_ms();
            let r = shown.with(|d| (code.capacity)(d, m));
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
                return Some(Arc::new(results.with(|a| a.1.latency.clone())));
            }
            let code = crate::analysis_worker::loaded()?;
            let t0 = now_ms();
            let r = shown.with(|d| (code.latency)(d, m));
            latency_ms.set(now_ms() - t0);
            Some(Arc::new(r))
        },
        // `changed`: a new projection is always a change; None to None is not.
        |a, b| !matches!((a, b), (Some(None), Some(None))),
    );
    let totals = Memo::new(move |_| results.with(|a| a.1.clone()));
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
        bill_ms,
        updating,
        first_pending,
        shown_rev,
        shown,
    });
}
