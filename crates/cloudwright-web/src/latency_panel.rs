//! The latency panel: per entry point, p50/p95/p99, the SLO verdict, the top request paths
//! with their share of traffic and each hop's contribution. Computed only while shown.

use crate::analysis::use_analyses;
use crate::state::use_app;
use leptos::prelude::*;

#[component]
pub fn LatencyPanel() -> impl IntoView {
    let an = use_analyses();
    let app = use_app();
    an.latency_wanted.set(true);
    on_cleanup(move || an.latency_wanted.set(false));
    move || {
        let Some(r) = an.latency.get() else { return view! { <p class="muted">"Projecting…"</p> }.into_any() };
        if r.entries.is_empty() {
            return view! { <p class="muted">"Add Internet users (or an on-premises site) and connect them to see request latency."</p> }.into_any();
        }
        let label = move |id: &cloudwright_engine::NodeId| app.design.with_untracked(|d| d.nodes.get(id).map(|n| n.label.clone()).unwrap_or_else(|| id.to_string()));
        view! {
            <div class="latency">
                <p class="muted small">{format!("Projected in {:.1} ms · figures as of {} · estimates, see sources", an.latency_ms.get_untracked(), r.data_as_of)}</p>
                {r.entries.iter().map(|e| {
                    let slo = e.slo.as_ref().map(|s| view! {
                        <div class=if s.met { "slo met" } else { "slo missed" }>
                            {if s.met { "Meets" } else { "Misses" }} " the p99 target of " {format!("{:.0} ms", s.target_p99_ms)}
                        </div>
                    });
                    view! {
                        <section class="entry">
                            <h3>{e.label.clone()} <span class="muted small">{format!(" · {:.1} req/s", e.requests_per_second)}</span></h3>
                            <table class="pct">
                                <tr><th>"p50"</th><th>"p95"</th><th>"p99"</th></tr>
                                <tr><td>{format!("{:.0} ms", e.p50_ms)}</td><td>{format!("{:.0} ms", e.p95_ms)}</td><td>{format!("{:.0} ms", e.p99_ms)}</td></tr>
                            </table>
                            {slo}
                            <h4>"Top paths"</h4>
                            <ol class="paths">
                                {e.paths.iter().enumerate().map(|(i, p)| {
                                    let critical = e.critical_path == Some(i);
                                    view! {
                                        <li class:critical=critical>
                                            <div>{format!("{:.0}% of requests · p50 {:.0} ms · p99 {:.0} ms", p.share * 100.0, p.p50_ms, p.p99_ms)}
                                                {critical.then(|| view! { <span class="pill warning">"critical path"</span> })}</div>
                                            <div class="hops">
                                                {p.hops.iter().map(|h| view! {
                                                    <span class="hop" title=h.notes.join("; ")>{label(&h.node)} <span class="muted">{format!(" {:.0}%", h.contribution_pct)}</span></span>
                                                }).collect_view()}
                                            </div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                            {(!e.async_delays.is_empty()).then(|| view! {
                                <h4>"Asynchronous processing"</h4>
                                <ul>{e.async_delays.iter().map(|a| view! { <li>{a.description.clone()} {format!(" · p50 {:.0} ms, p99 {:.0} ms", a.p50_ms, a.p99_ms)}</li> }).collect_view()}</ul>
                            })}
                        </section>
                    }
                }).collect_view()}
            </div>
        }
        .into_any()
    }
}
