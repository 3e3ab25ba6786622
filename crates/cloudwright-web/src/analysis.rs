//! The analyses the side panel shows, computed by the engine when (and only when) something
//! they read changes: `analysis_rev` moves on topology and property edits, never on a drag,
//! a move or a resize. Each is timed, so the panel can say how long it took.

use crate::state::AppState;
use cloudwright_engine::rules::{self, Finding, Severity};
use cloudwright_engine::{latency, NodeId};
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
    let latency = Memo::new_with_compare(
        move |_| {
            if !latency_wanted.get() {
                return None;
            }
            app.analysis_rev.track();
            let t0 = now_ms();
            let r = app.design.with_untracked(latency::project);
            latency_ms.set(now_ms() - t0);
            Some(Arc::new(r))
        },
        // `changed`: a new projection is always a change; None to None is not.
        |a, b| !matches!((a, b), (Some(None), Some(None))),
    );
    provide_context(Analyses { findings, findings_ms, node_severity, latency, latency_ms, latency_wanted });
}
