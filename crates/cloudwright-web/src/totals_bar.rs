//! The totals bar above the canvas: the monthly (and yearly) cost, the p95 of the main entry
//! point, open errors and warnings, and the traffic headroom, always in view while editing.
//! Each figure is a button that opens its panel. After an edit, what changed is shown for a
//! few seconds under the figure it moved ("+$41.20/month" under the cost, "+12 ms" under the
//! p95), in the place of that figure's label, so the room sees what the edit did and the bar
//! keeps its height; a screen reader hears the whole change from `#total-delta`.
//!
//! Every figure is the engine's (`totals`, through the `analysis` memo, which recomputes on
//! topology and property edits only, never on a drag); every number is written by the
//! engine's `units`.

use crate::analysis::use_analyses;
use crate::sidepanel::{open_tab, Tab};
use crate::state::use_app;
use cloudwright_engine::totals::{self, Figure, Totals};
use cloudwright_engine::units;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// How long a change stays in view.
const DELTA_MS: u64 = 5_000;

/// What the bar's status says when no figure can be computed (the analyses' code could not be
/// fetched and the analysis worker cannot take over): two words that fit at 1024 px; the reason
/// and what to do are in its title and in the error toast said when it happened
/// (`analysis_worker::not_fetched`).
const UNAVAILABLE_SHORT: &str = "Figures unavailable";

/// The headroom as a short phrase: `3.2×`, `overloaded`, `no limit`.
pub fn headroom_text(t: &Totals) -> String {
    match t.headroom_left {
        Some(h) if h < 1.0 => "overloaded".into(),
        Some(h) => format!("{}×", units::mult(h)),
        None => "no limit found".into(),
    }
}

/// The main entry's p95 as a short phrase: `123 ms`, `overloaded`, `—` (no entry point).
pub fn p95_text(t: &Totals) -> String {
    match &t.main_entry {
        Some(e) if e.p95_ms.is_infinite() => "overloaded".into(),
        Some(e) => units::ms(e.p95_ms),
        None => "—".into(),
    }
}

/// Errors and warnings: `2 errors · 1 warning`, `no errors or warnings`.
pub fn findings_text(t: &Totals) -> String {
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    if t.errors == 0 && t.warnings == 0 {
        "no errors or warnings".into()
    } else {
        format!("{} · {}", plural(t.errors, "error"), plural(t.warnings, "warning"))
    }
}

/// What the last edit changed, shown for [`DELTA_MS`].
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    /// Each figure moved and its change in words (`totals::Change::by_figure`).
    by_figure: Vec<(Figure, String)>,
    /// Which change this is: the timer clears only its own.
    seq: u64,
    /// The design's revision (`AppState::revision`) when it was shown: a later edit takes it
    /// away, whether or not it moves a figure.
    rev: u64,
}

impl Shown {
    fn of(&self, f: Figure) -> Option<String> {
        self.by_figure.iter().find(|(g, _)| *g == f).map(|(_, p)| p.clone())
    }
    /// All of it, for the screen reader: `+$41.20/month · +1 error`.
    fn said(&self) -> String {
        self.by_figure.iter().map(|(_, p)| p.as_str()).collect::<Vec<_>>().join(" · ")
    }
}

/// What the last edit changed, shown for [`DELTA_MS`]; follows `an.totals`.
fn track_changes() -> RwSignal<Option<Shown>> {
    let app = use_app();
    let an = use_analyses();
    let delta = RwSignal::new(None::<Shown>);
    // (design id, totals) last seen: a change is shown only within one design, not when
    // another design is opened.
    let prev = StoredValue::new(None::<(String, Arc<Totals>)>);
    let seq = StoredValue::new(0u64);
    Effect::new(move |_| {
        let now = an.totals.with(|t| Arc::new(t.totals.clone()));
        // A placeholder (a large design's first analysis still computing) is no design's
        // figures: the first real answer is compared with nothing, so no "+$67,162/month".
        if an.first_pending.get_untracked() {
            prev.set_value(None);
            return;
        }
        let id = app.design_id.get_untracked();
        let before = prev.get_value();
        prev.set_value(Some((id.clone(), now.clone())));
        let Some((was_id, was)) = before else { return };
        if was_id != id {
            return;
        }
        let by_figure = totals::change(&was, &now).by_figure();
        if by_figure.is_empty() {
            return;
        }
        let n = seq.get_value() + 1;
        seq.set_value(n);
        delta.set(Some(Shown { by_figure, seq: n, rev: app.revision.get_untracked() }));
        set_timeout(
            move || {
                if delta.with_untracked(|d| d.as_ref().map(|d| d.seq)) == Some(n) {
                    delta.set(None);
                }
            },
            Duration::from_millis(DELTA_MS),
        );
    });
    // The chip says what the last edit changed: an edit after it that changes no figure (a
    // move, which the analyses do not even see, or an edit whose figures come out equal)
    // takes it away (QA s30 F7: "-1 error" stayed under the bar after a later drag). A change
    // shown at the current revision is the current edit's own (its figures may come in the
    // same turn as the edit), so it stays.
    Effect::new(move |_| {
        let now = app.revision.get();
        if delta.with_untracked(|d| d.as_ref().is_some_and(|d| d.rev < now)) {
            delta.set(None);
        }
    });
    delta
}

#[component]
pub fn TotalsBar() -> impl IntoView {
    let an = use_analyses();
    let app = use_app();
    let delta = track_changes();
    let t = move || an.totals.with(|t| t.totals.clone());
    let monthly = move || units::money(t().monthly);
    // A large design's first analysis is still computing: no figure yet, not zeros.
    let pending = move || an.first_pending.get();
    // A figure not there yet reads "…"; one that cannot come (no analysis can run) "—", so
    // the bar does not look busy for ever (QA s37 F2).
    let blank = move || if crate::analysis_worker::figures_unavailable() { "—".to_string() } else { "…".to_string() };
    // Short in the bar, whole in its title and to a screen reader: "Analysing 1001 components…"
    // made the bar two rows at 1024 px (s27 #4); the change figures beside it stay whole.
    let analysing = move || format!("Analysing {} components in the background…", app.design.with(|d| d.nodes.len()));
    let yearly = move || format!("{}/year", units::money_whole(t().yearly));
    let estimated = move || {
        let t = t();
        (t.estimated_monthly > 0.0).then(|| format!("includes {} from estimated prices", units::money(t.estimated_monthly)))
    };
    let entry_label = move || t().main_entry.as_ref().map(|e| format!("p95 · {}", crate::files::shown_label(&e.label))).unwrap_or_else(|| "p95 · no entry point".into());
    let headroom_title = move || {
        let t = t();
        if t.headroom.what.is_empty() { "Traffic headroom".to_string() } else { format!("Traffic headroom: {}", t.headroom.what) }
    };
    let findings_class = move || {
        let t = t();
        if t.errors > 0 { "total figure findings has-errors" } else if t.warnings > 0 { "total figure findings has-warnings" } else { "total figure findings" }
    };
    // The change under a figure, in its label's place (the label is hidden, keeping its
    // width; both share one grid cell, so the bar keeps its height). Hidden from screen
    // readers: `#total-delta` says the whole change once.
    let changed = move |f: Figure| delta.with(|d| d.as_ref().is_some_and(|d| d.of(f).is_some()));
    let change_view = move |f: Figure, id: &'static str| {
        move || {
            delta.with(|d| d.as_ref().and_then(|d| d.of(f))).map(|p| {
                let up = p.starts_with('+');
                view! { <span class="total-change" id=id class:up=up class:down=!up aria-hidden="true">{p}</span> }
            })
        }
    };
    view! {
        <div class="totals-bar" class:updating=move || an.updating.get() role="group" aria-label="Totals" aria-busy=move || an.updating.get().to_string() data-ms=move || format!("{:.1}", an.totals_ms.get()) data-runs=move || an.totals_runs.get().to_string() data-rev=move || an.shown_rev.get().to_string() data-updating=move || an.updating.get().to_string() data-pending=move || an.first_pending.get().to_string()>
            <crate::traffic_editor::TrafficTotal/>
            <button class="total figure cost" id="total-monthly" title=move || format!("Monthly cost at price book {} ({}); open the bill", t().price_version, t().price_as_of) on:click=move |_| open_tab(Tab::Cost)>
                <span class="total-value" id="total-monthly-value">{move || if pending() { blank() } else { monthly() }}</span>
                <span class="total-label" class:changed=move || changed(Figure::Monthly)>"per month · " <span id="total-yearly">{move || if pending() { format!("{}/year", blank()) } else { yearly() }}</span></span>
                {change_view(Figure::Monthly, "total-monthly-change")}
                {move || estimated().map(|e| view! { <span class="total-est" title=e>"est."</span> })}
            </button>
            <button class="total figure total-p95" id="total-p95" title="95th percentile latency of the main entry point (the busiest); open the latency panel" on:click=move |_| open_tab(Tab::Latency)>
                <span class="total-value" id="total-p95-value">{move || if pending() { blank() } else { p95_text(&t()) }}</span>
                <span class="total-label" class:changed=move || changed(Figure::P95)>{move || if pending() { "p95".to_string() } else { entry_label() }}</span>
                {change_view(Figure::P95, "total-p95-change")}
            </button>
            <button class=findings_class id="total-findings" title="Open errors and warnings (suppressed ones not counted); open the findings" on:click=move |_| open_tab(Tab::Findings)>
                <span class="total-value" id="total-findings-value">{move || if pending() { blank() } else { findings_text(&t()) }}</span>
                <span class="total-label" class:changed=move || changed(Figure::Findings)>"findings"</span>
                {change_view(Figure::Findings, "total-findings-change")}
            </button>
            <button class="total headroom" id="total-headroom" title=headroom_title on:click=move |_| open_tab(Tab::Latency)>
                <span class="total-value" id="total-headroom-value">{move || if pending() { blank() } else { headroom_text(&t()) }}</span>
                <span class="total-label">"traffic headroom"</span>
            </button>
            // The status: "Analysing…" in view while a large design's first analysis runs; an
            // edit's whole change for screen readers only (in view it is under each figure).
            <span class="total-delta" id="total-delta" role="status" aria-live="polite" class:analysing=move || pending() && !crate::analysis_worker::figures_unavailable()
                class:unavailable=move || crate::analysis_worker::figures_unavailable()
                title=move || if crate::analysis_worker::figures_unavailable() { Some(crate::analysis_worker::not_fetched()) } else { pending().then(analysing) }>
                {move || if crate::analysis_worker::figures_unavailable() { UNAVAILABLE_SHORT.to_string() } else if pending() { "Analysing…".to_string() } else { delta.with(|d| d.as_ref().map(Shown::said).unwrap_or_default()) }}
            </span>
            <span class="totals-actions">
                <button class="tb" id="report" on:click=move |_| app.show_report.set(true) title="The hand-over report: diagram, assumptions, findings, bill, latency, comparisons, scenarios, what must be true; print or download">"Report"</button>
                <button class="tb" id="present" on:click=move |_| crate::present::enter(&app) title="Presentation mode: full screen, figures only, nothing can be changed (P; Escape returns)">"Present"</button>
            </span>
        </div>
    }
}
