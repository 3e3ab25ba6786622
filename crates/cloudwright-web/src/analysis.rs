//! The analyses the side panel shows, computed by the engine when (and only when) something
//! they read changes: `analysis_rev` moves on topology and property edits, never on a drag,
//! a move or a resize. Each is timed, so the panel can say how long it took.

use crate::state::AppState;
use cloudwright_engine::rules::{self, Finding, Severity};
use cloudwright_engine::{capacity, latency, NodeId};
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Milliseconds since page load, for timing the analyses.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

#[derive(Clone, Copy)]
pub struct Analyses {
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
}

pub fn use_analyses() -> Analyses {
    expect_context::<Analyses>()
}

pub fn provide(app: AppState) {
    let findings_ms = RwSignal::new(0.0);
    let findings = Memo::new(move |_| {
        app.analysis_rev.track();
        let t0 = now_ms();
        let f = app.design.with_untracked(rules::check);
        findings_ms.set(now_ms() - t0);
        Arc::new(f)
    });
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
    let latency_ms = RwSignal::new(0.0);
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
            let r = app.design.with_untracked(|d| capacity::analyse(d, m));
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
            let t0 = now_ms();
            let r = app.design.with_untracked(|d| latency::project_at(d, m));
            latency_ms.set(now_ms() - t0);
            Some(Arc::new(r))
        },
        // `changed`: a new projection is always a change; None to None is not.
        |a, b| !matches!((a, b), (Some(None), Some(None))),
    );
    provide_context(Analyses { findings, findings_ms, node_severity, latency, latency_ms, latency_wanted, traffic_multiplier, capacity, capacity_ms, capacity_viewers });
}
