//! The side panel: tabs for the inspector and each analysis.

use crate::analysis::use_analyses;
use crate::compare_panel::ComparePanel;
use crate::cost_panel::CostPanel;
use crate::findings::FindingsPanel;
use crate::inspector::Inspector;
use crate::latency_panel::LatencyPanel;
use crate::on_demand::{self, Loaded};
use crate::scenario_panel::ScenarioPanel;
use cloudwright_engine::rules::Severity;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Inspect,
    Findings,
    Cost,
    Latency,
    Compare,
    Scenarios,
    Versions,
}

/// The side panel's open tab, shared so other views (the totals bar) can open a panel.
#[derive(Clone, Copy)]
pub struct PanelTab(pub RwSignal<Tab>);

/// Where each tab of the side panel was left: the panel is one scrolling box, so a tab opened
/// at the offset the last one was left at showed the middle of a short panel, or nothing (QA
/// s19). Every way of opening a tab (its button, the totals bar, a finding's link) goes
/// through [`open_tab`], which keeps the offsets; a tab opened first starts at its top.
#[derive(Clone, Copy)]
struct TabPlaces {
    panel: NodeRef<leptos::html::Aside>,
    offsets: StoredValue<std::collections::HashMap<Tab, i32>>,
}

/// Provides the shared tab signal (once, in the shell, before the views that use it).
/// Also the panel's width and collapsed state (`panel_size`).
pub fn provide_tab() {
    provide_context(PanelTab(RwSignal::new(Tab::Inspect)));
    provide_context(TabPlaces { panel: NodeRef::new(), offsets: StoredValue::new(Default::default()) });
    crate::panel_size::provide();
}

/// Shows tab `t`, the one open keeping its scroll offset and `t` getting back its own.
fn switch(tab: RwSignal<Tab>, places: Option<TabPlaces>, t: Tab) {
    let was = tab.get_untracked();
    // The inspector's form goes: a refusal still shown under one of its fields is told.
    if was == Tab::Inspect && t != Tab::Inspect {
        if let Some(app) = use_context::<crate::state::AppState>() {
            crate::inspector::leave(&app);
        }
    }
    let el = places.and_then(|p| p.panel.get_untracked().map(|el| (p, el)));
    let Some((p, el)) = el.filter(|_| was != t) else { return tab.set(t) };
    p.offsets.update_value(|o| {
        o.insert(was, el.scroll_top());
    });
    tab.set(t);
    let to = p.offsets.with_value(|o| o.get(&t).copied().unwrap_or(0));
    // After the new tab's view is in the panel (a shorter one clamps the offset); a finding's
    // link reveals its row in a later frame, over this.
    request_animation_frame(move || el.set_scroll_top(to));
}

/// Opens a tab of the side panel (showing the panel if it was collapsed).
pub fn open_tab(t: Tab) {
    if let Some(PanelTab(tab)) = use_context::<PanelTab>() {
        switch(tab, use_context::<TabPlaces>(), t);
    }
    if let Some(size) = crate::panel_size::use_size() {
        if size.collapsed.get_untracked() {
            size.set_collapsed(false);
        }
    }
}

/// What stands in the side panel's place until it is mounted (after the canvas's first
/// frame, `app::Shell`): the panel's box, collapsed or not, so the canvas keeps its width.
#[component]
pub fn Placeholder() -> impl IntoView {
    let size = crate::panel_size::use_size();
    view! { <aside class="sidepanel" class:collapsed=move || size.is_some_and(|s| s.collapsed.get()) aria-label="Inspector and analyses" aria-busy="true"></aside> }
}

#[component]
pub fn SidePanel() -> impl IntoView {
    let an = use_analyses();
    let tab = use_context::<PanelTab>().map(|p| p.0).unwrap_or_else(|| RwSignal::new(Tab::Inspect));
    let live = Memo::new(move |_| an.findings.with(|f| f.iter().filter(|x| !x.is_suppressed() && x.severity != Severity::Advice).count()));
    let places = use_context::<TabPlaces>();
    let button = move |t: Tab, label: &'static str, id: &'static str| {
        view! {
            <button role="tab" id=id class:active=move || tab.get() == t aria-selected=move || (tab.get() == t).to_string() on:click=move |_| switch(tab, places, t)>
                {label}
                {(t == Tab::Findings).then(|| view! {
                    // Neutral (`pending`) until the count is known, and when there is nothing
                    // to fix: red says "errors", not "wait" or "none".
                    // No count when none can come: "—", not a "…" that waits for good (QA s37 G3).
                    <span class="badge" class:pending=move || an.first_pending.get() class:clear=move || live.get() == 0
                        title=move || crate::analysis_worker::figures_unavailable().then(crate::analysis_worker::not_fetched)>
                        {move || if crate::analysis_worker::figures_unavailable() { "—".to_string() } else if an.first_pending.get() { "…".to_string() } else { live.get().to_string() }}</span>
                })}
            </button>
        }
    };
    let size = crate::panel_size::use_size();
    let collapsed = move || size.is_some_and(|s| s.collapsed.get());
    view! {
        <crate::panel_size::ResizeHandle/>
        <aside class="sidepanel" node_ref=places.map(|p| p.panel).unwrap_or_default() class:collapsed=collapsed aria-label="Inspector and analyses">
            <div class="panel-head">
            <nav class="tabs" role="tablist">
                {button(Tab::Inspect, "Inspect", "tab-inspect")}
                {button(Tab::Findings, "Findings", "tab-findings")}
                {button(Tab::Cost, "Cost", "tab-cost")}
                {button(Tab::Latency, "Latency", "tab-latency")}
                {button(Tab::Compare, "Compare", "tab-compare")}
                {button(Tab::Scenarios, "Scenarios", "tab-scenarios")}
                {button(Tab::Versions, "Versions", "tab-versions")}
            </nav>
            // After the tabs: shown in the tab grid's last cell (styles/app.css), and reached
            // by Tab in the order it is seen.
            <crate::panel_size::CollapseButton/>
            </div>
            {move || match tab.get() {
                Tab::Inspect => view! { <Inspector/> }.into_any(),
                Tab::Findings => view! { <FindingsPanel/> }.into_any(),
                // Fetched on first use (src/on_demand.rs): none of these shows before a click.
                Tab::Cost => on_demand::view("Cost panel", cost_panel()),
                Tab::Latency => on_demand::view("Latency panel", latency_panel()),
                // Compare prices and sizes the options with the analyses' figures: when the
                // page has none (the bar says "Figures unavailable"), it says the same rather
                // than show figures the bar says cannot be computed (QA s37 F4: one state).
                Tab::Compare => (move || if crate::analysis_worker::figures_unavailable() {
                    view! { <p class="muted analysing" id="compare-unavailable">{crate::analysis_worker::not_fetched()}</p> }.into_any()
                } else {
                    on_demand::view("Compare panel", compare_panel())
                }).into_any(),
                Tab::Scenarios => on_demand::view("Scenarios panel", scenario_panel()),
                Tab::Versions => on_demand::view("Versions panel", versions_panel()),
            }}
        </aside>
    }
}

// The panels fetched on first use: each is a split point (src/on_demand.rs), so its view code,
// the charts (plotters) and the engine code only it reaches are not in the first download.

/// Fetches the Cost and Latency tabs' code when the app is idle after its start
/// (`on_demand::prefetch_soon`): what a user opens first after a selection, so the first click
/// on them shows them at once on a slow link too; then the paste's (src/paste_code.rs), so a
/// copy's first paste does not wait for it; last, Tidy up's (src/tidy_code.rs, s56-size). The
/// inspector's forms are on their way since the start ([`fetch_first_click_code`]): the list awaits them first (and fetches them again if
/// that failed). Not the worker's wire (src/worker_wire.rs): only a design analysed by the
/// worker needs it, which fetches it when the worker starts; offline, the service worker's
/// precache (every file) serves it (s56-prefetch: in the idle list it took the link for
/// 39 KB on every first visit).
pub fn prefetch_first_tabs() {
    on_demand::prefetch_soon(vec![Box::pin(crate::inspector::prefetch()), Box::pin(cost_panel_preload()), Box::pin(latency_panel_preload()), Box::pin(crate::paste_code::prefetch()), Box::pin(crate::tidy_code::prefetch())]);
}

/// Starts fetching the code a first click on the canvas needs — the inspector's forms — at the
/// start, before the analyses' code is asked for (`analysis::provide` calls it just before
/// `analysis_worker::init`): the browser then serves the forms' files first. In the idle
/// prefetch, after the first analysis, a selection made as soon as the canvas showed fetched
/// them beside the analyses' 33 files, 276 KB, and waited ~3 s on a slow link for its form
/// (QA s55 G3; BENCHMARKS.md s56-prefetch). Not awaited: a failure is dropped (the idle
/// prefetch and the first selection try again, the latter saying so).
pub fn fetch_first_click_code() {
    crate::inspector::prefetch_now();
}

on_demand::split_point!(cost_panel, preload cost_panel_preload => fn cost_panel() -> Loaded {
    Ok(view! { <CostPanel/> }.into_any())
});

on_demand::split_point!(latency_panel, preload latency_panel_preload => fn latency_panel() -> Loaded {
    Ok(view! { <LatencyPanel/> }.into_any())
});

on_demand::split_point!(compare_panel => fn compare_panel() -> Loaded {
    Ok(view! { <ComparePanel/> }.into_any())
});

on_demand::split_point!(scenario_panel => fn scenario_panel() -> Loaded {
    Ok(view! { <ScenarioPanel/> }.into_any())
});

on_demand::split_point!(versions_panel => fn versions_panel() -> Loaded {
    Ok(view! { <crate::review_panel::ReviewPanel/> }.into_any())
});
