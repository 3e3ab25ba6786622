//! The side panel: tabs for the inspector and each analysis.

use crate::analysis::use_analyses;
use crate::compare_panel::ComparePanel;
use crate::cost_panel::CostPanel;
use crate::findings::FindingsPanel;
use crate::inspector::Inspector;
use crate::latency_panel::LatencyPanel;
use crate::scenario_panel::ScenarioPanel;
use cloudwright_engine::rules::Severity;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Inspect,
    Findings,
    Cost,
    Latency,
    Compare,
    Scenarios,
}

#[component]
pub fn SidePanel() -> impl IntoView {
    let an = use_analyses();
    let tab = RwSignal::new(Tab::Inspect);
    let live = Memo::new(move |_| an.findings.with(|f| f.iter().filter(|x| !x.is_suppressed() && x.severity != Severity::Advice).count()));
    let button = move |t: Tab, label: &'static str, id: &'static str| {
        view! {
            <button role="tab" id=id class:active=move || tab.get() == t aria-selected=move || (tab.get() == t).to_string() on:click=move |_| tab.set(t)>
                {label}
                {(t == Tab::Findings).then(|| view! { <span class="badge">{move || live.get()}</span> })}
            </button>
        }
    };
    view! {
        <aside class="sidepanel" aria-label="Inspector and analyses">
            <nav class="tabs" role="tablist">
                {button(Tab::Inspect, "Inspect", "tab-inspect")}
                {button(Tab::Findings, "Findings", "tab-findings")}
                {button(Tab::Cost, "Cost", "tab-cost")}
                {button(Tab::Latency, "Latency", "tab-latency")}
                {button(Tab::Compare, "Compare", "tab-compare")}
                {button(Tab::Scenarios, "Scenarios", "tab-scenarios")}
            </nav>
            {move || match tab.get() {
                Tab::Inspect => view! { <Inspector/> }.into_any(),
                Tab::Findings => view! { <FindingsPanel/> }.into_any(),
                Tab::Cost => view! { <CostPanel/> }.into_any(),
                Tab::Latency => view! { <LatencyPanel/> }.into_any(),
                Tab::Compare => view! { <ComparePanel/> }.into_any(),
                Tab::Scenarios => view! { <ScenarioPanel/> }.into_any(),
            }}
        </aside>
    }
}
