//! The latency panel: per entry point, p50/p95/p99, the SLO verdict, the top request paths
//! with their share of traffic and each hop's contribution — at a traffic multiple the user
//! picks — with the design's headroom and each component's utilisation (capacity), so an
//! overloaded component reads "overloaded", never a fine-looking number. Computed only while
//! shown.

use crate::analysis::use_analyses;
use crate::state::use_app;
use cloudwright_engine::capacity::{fmt_mult, CapacityReport, ComponentCapacity, QuotaUse};
use cloudwright_engine::NodeId;
use leptos::prelude::*;

/// Traffic multiples the panel offers.
const MULTIPLES: &[f64] = &[0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0];

/// A latency as shown: "overloaded" when it has no finite value.
fn ms(v: f64) -> String {
    if v.is_finite() { format!("{v:.0} ms") } else { "overloaded".into() }
}

fn pct(v: f64) -> String {
    if v.is_finite() { format!("{:.0}%", v * 100.0) } else { "no capacity".into() }
}

fn num(v: f64) -> String {
    if !v.is_finite() {
        "∞".into()
    } else if v.fract() == 0.0 || v >= 100.0 {
        crate::chart::short(v.round())
    } else {
        crate::chart::short(v)
    }
}

#[component]
pub fn LatencyPanel() -> impl IntoView {
    let an = use_analyses();
    let app = use_app();
    an.latency_wanted.set(true);
    an.capacity_viewers.update(|n| *n += 1);
    on_cleanup(move || {
        an.latency_wanted.set(false);
        an.capacity_viewers.update(|n| *n = n.saturating_sub(1));
    });
    let label = move |id: &NodeId| app.design.with_untracked(|d| d.nodes.get(id).map(|n| if n.label.is_empty() { id.to_string() } else { crate::files::shown_label(&n.label) }).unwrap_or_else(|| id.to_string()));
    // The design the figures are of: the active scenario's (its own traffic multiple already
    // applied) when one is chosen, and the picker's multiples are on top of it. Without a word
    // the panel read "×1" with a "10× traffic" scenario on (QA s21).
    let scenario = move || {
        let id = app.active_scenario.get()?;
        an.shown.error.with(Option::is_none).then(|| app.design.with(|d| d.scenarios.iter().find(|s| s.id == id).map(|s| (s.name.clone(), s.traffic_multiplier))))?
    };
    view! {
        <div class="latency">
            {move || scenario().map(|(name, t)| view! { <p class="small scenario-shown" id="latency-scenario">{shows_text(&name, t)}</p> })}
            <div class="traffic-picker" role="group" aria-label="Traffic multiple">
                <span class="muted small">"Traffic"</span>
                {MULTIPLES.iter().map(|&m| {
                    let id = format!("traffic-x{}", m.to_string().replace('.', "_"));
                    view! {
                        // Nothing to show at another multiple while no figures can be computed
                        // (QA s37 G3: the buttons acted and changed nothing); ×1 stays the way
                        // back from one chosen before they became unavailable (review s55 R8:
                        // the panel was stuck at ×10 with every button off).
                        <button id=id disabled=move || m != 1.0 && crate::analysis_worker::figures_unavailable() class:active=move || an.traffic_multiplier.get() == m aria-pressed=move || (an.traffic_multiplier.get() == m).to_string()
                            on:click=move |_| an.traffic_multiplier.set(m)>{format!("×{m}")}</button>
                    }
                }).collect_view()}
            </div>
            {move || an.capacity.get().map(|r| headroom_line(&r, label, scenario().is_some()))}
            {move || {
                let Some(r) = an.latency.get() else {
                    // At a traffic multiple the projection runs on the page: without its code,
                    // why and a Retry (review s54 R1: "Projecting…" for good).
                    if crate::analysis_worker::code_missing() {
                        // (Capacity too: said once, below it nothing.)
                        return crate::analysis_worker::missing_view("Latency and capacity at this traffic multiple");
                    }
                    return view! { <p class="muted">"Projecting…"</p> }.into_any();
                };
                // The placeholder has no entry point: not a reason to ask for one (QA s37 F3).
                if an.first_pending.get() {
                    return view! { <p class="muted analysing">{crate::analysis_worker::first_pending_text("latency appears")}</p> }.into_any();
                }
                if r.entries.is_empty() {
                    return view! { <p class="muted">"Add Internet users (or an on-premises site) and connect them to see request latency."</p> }.into_any();
                }
                view! {
                    <div>
                        <p class="muted small">{format!("Projected {} · figures as of {} · estimates, see sources", crate::analysis::timing_text(an.latency_ms.get_untracked(), an.totals_ms.get_untracked()), r.data_as_of)}</p>
                        {r.entries.iter().map(|e| {
                            let slo = e.slo.as_ref().map(|s| view! {
                                <div class=if s.met { "slo met" } else { "slo missed" }>
                                    {if s.met { "Meets" } else { "Misses" }} " the p99 target of " {format!("{:.0} ms", s.target_p99_ms)}
                                </div>
                            });
                            let over = (!e.overloaded.is_empty()).then(|| view! {
                                <div class="overload" role="alert">
                                    <strong>"Overloaded: "</strong>
                                    {e.overloaded.iter().map(|o| format!("{:.0}% of requests reach {} ({} of its capacity at peak)", o.share * 100.0, label(&o.node), pct(o.utilisation))).collect::<Vec<_>>().join("; ")}
                                    ". They queue without bound or are throttled."
                                </div>
                            });
                            view! {
                                <section class="entry">
                                    <h3><span class="user-text">{crate::files::shown_label(&e.label)}</span> <span class="muted small">{format!(" · {}", cloudwright_engine::units::rate_natural(e.requests_per_second * cloudwright_engine::traffic::SECONDS_PER_MONTH))}</span></h3>
                                    <table class="pct">
                                        <tr><th>"p50"</th><th>"p95"</th><th>"p99"</th></tr>
                                        <tr>
                                            <td class:overloaded=!e.p50_ms.is_finite()>{ms(e.p50_ms)}</td>
                                            <td class:overloaded=!e.p95_ms.is_finite()>{ms(e.p95_ms)}</td>
                                            <td class:overloaded=!e.p99_ms.is_finite()>{ms(e.p99_ms)}</td>
                                        </tr>
                                    </table>
                                    {over}
                                    {slo}
                                    <h4>"Top paths"</h4>
                                    <ol class="paths">
                                        {e.paths.iter().enumerate().map(|(i, p)| {
                                            let critical = e.critical_path == Some(i);
                                            view! {
                                                <li class:critical=critical>
                                                    <div>{format!("{:.0}% of requests · p50 {} · p99 {}", p.share * 100.0, ms(p.p50_ms), ms(p.p99_ms))}
                                                        {critical.then(|| view! { <span class="pill warning">"critical path"</span> })}</div>
                                                    <div class="hops">
                                                        {p.hops.iter().map(|h| view! {
                                                            <span class="hop" class:overloaded=!h.service_mean_ms.is_finite() title=h.notes.join("; ")>{label(&h.node)} <span class="muted">{format!(" {:.0}%", h.contribution_pct)}</span></span>
                                                        }).collect_view()}
                                                    </div>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ol>
                                    {(!e.async_delays.is_empty()).then(|| view! {
                                        <h4>"Asynchronous processing"</h4>
                                        <ul>{e.async_delays.iter().map(|a| view! { <li>{a.description.clone()} {format!(" · p50 {}, p99 {}", ms(a.p50_ms), ms(a.p99_ms))}</li> }).collect_view()}</ul>
                                    })}
                                </section>
                            }
                        }).collect_view()}
                    </div>
                }
                .into_any()
            }}
            {move || match an.capacity.get() {
                Some(r) => Some(capacity_section(&r, label, an.capacity_ms.get_untracked(), scenario().map(|(_, t)| t)).into_any()),
                // Not while the figures are unavailable: the panel says so above.
                // (At another multiple the latency's message says it for both.)
                None if crate::analysis_worker::code_missing() && !crate::analysis_worker::figures_unavailable() && an.traffic_multiplier.get() == 1.0 => Some(crate::analysis_worker::missing_view("Capacity")),
                None => None,
            }}
        </div>
    }
}

/// What the panel shows with a scenario on: "Showing the scenario "10× traffic": ×10 the drawn
/// design's traffic. The multiples below are of the scenario's traffic (×1 = it)."
fn shows_text(name: &str, traffic: f64) -> String {
    if traffic == 1.0 {
        format!("Showing the scenario \u{201c}{name}\u{201d} (the drawn design's traffic). The multiples below are of that traffic.")
    } else {
        format!("Showing the scenario \u{201c}{name}\u{201d}: ×{} the drawn design's traffic. The multiples below are of the scenario's traffic (×1 = the scenario's).", fmt_mult(traffic))
    }
}

/// "Headroom 9× today's traffic: Auto Scaling group … saturates first." With a scenario on,
/// "the scenario's traffic": its headroom is measured from the scenario's load.
fn headroom_line(r: &CapacityReport, label: impl Fn(&NodeId) -> String, in_scenario: bool) -> impl IntoView {
    let h = r.headroom();
    let today = if in_scenario { "the scenario's traffic" } else { "today's traffic" };
    let (class, text) = match h.multiplier {
        Some(m) if m < 1.0 => ("headroom broken", format!("Overloaded at {today}: {}.", h.what)),
        Some(m) => ("headroom", format!("Headroom {}× {today}: {}.", fmt_mult(m), h.what)),
        None => ("headroom", format!("Headroom: {}.", h.what)),
    };
    let who = h.bottleneck.as_ref().map(|b| format!("Bottleneck: {}", label(b))).unwrap_or_default();
    view! { <div class=class id="headroom" title=who>{text}</div> }
}

/// `scenario`: the active scenario's traffic multiple (of the drawn design's), when one is on.
fn capacity_section(r: &CapacityReport, label: impl Fn(&NodeId) -> String + Copy, took: f64, scenario: Option<f64>) -> impl IntoView {
    let rows: Vec<&ComponentCapacity> = r.components.iter().filter(|c| c.load > 0.0 || c.overloaded).collect();
    let mut quotas: Vec<&QuotaUse> = r.quotas.iter().filter(|q| q.used > 0.0 || q.exceeded).collect();
    cloudwright_engine::order::sort_by(&mut quotas, |a, b| b.utilisation.total_cmp(&a.utilisation));
    quotas.truncate(8);
    view! {
        <section class="capacity">
            <h4>{match scenario {
                Some(t) if t != 1.0 => format!("Capacity at ×{} the scenario's traffic (×{} the drawn design's, peak)", fmt_mult(r.multiplier), fmt_mult(r.multiplier * t)),
                Some(_) => format!("Capacity at ×{} the scenario's traffic (peak)", fmt_mult(r.multiplier)),
                None => format!("Capacity at ×{} traffic (peak)", fmt_mult(r.multiplier)),
            }}</h4>
            {if rows.is_empty() {
                view! { <p class="muted small">"No traffic reaches a component with a capacity model yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="capacity-list">
                        {rows.into_iter().map(|c| {
                            let width = if c.utilisation.is_finite() { (c.utilisation * 100.0).min(100.0) } else { 100.0 };
                            let units = if c.unit_name.is_empty() { "managed".to_string() } else { format!("{} {}", num(c.units), cloudwright_engine::capacity::unit_noun(c.units, &c.unit_name)) };
                            let wait = match (c.overloaded, c.wait_mean_ms) {
                                (true, _) => " · overloaded".to_string(),
                                (false, Some(w)) => format!(" · waits {w:.1} ms"),
                                (false, None) => String::new(),
                            };
                            let needs = if c.unit_name.is_empty() || c.needed_units <= c.units { String::new() } else { format!(" · needs {} at {:.0}%", num(c.needed_units), r.target_utilisation * 100.0) };
                            let hot = c.utilisation > r.target_utilisation;
                            let title = format!("{}{}", c.scaling, c.quota.as_ref().map(|q| format!(" · tightest quota: {q}")).unwrap_or_default());
                            view! {
                                <li class:overloaded=c.overloaded data-node=c.node.to_string() title=title>
                                    <span class="cap-name">{label(&c.node)}</span>
                                    <span class="util"><span class="util-bar" class:hot=hot style=format!("width:{width:.0}%")></span></span>
                                    <span class="cap-pct">{pct(c.utilisation)}</span>
                                    <span class="cap-detail">{format!("{} · {}{}{}", cloudwright_engine::units::load(c.load, &c.load_unit), units, wait, needs)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!quotas.is_empty()).then(|| view! {
                <h4>"Service quotas"</h4>
                <ul class="quota-list">
                    {quotas.into_iter().map(|q| view! {
                        <li class:exceeded=q.exceeded title=format!("{} — source: {} ({})", q.what, q.provenance.source, q.provenance.as_of)>
                            <span>{format!("{} ({})", q.name, q.scope)}</span>
                            <span class="num">{format!("{} of {} {} · {}", num(q.used), num(q.limit), q.unit, pct(q.utilisation))}</span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {(!r.findings.is_empty()).then(|| view! {
                <h4>"At this traffic"</h4>
                <ul class="capacity-findings">
                    {r.findings.iter().map(|f| view! {
                        <li class=f.severity.name()><span>{f.message.clone()}</span> <span class="muted">{format!(" Fix: {}.", f.fix)}</span></li>
                    }).collect_view()}
                </ul>
            })}
            <p class="muted small">{format!("Capacity in {took:.1} ms · quotas are a new account's defaults, as of {} · a unit's capacity is its capacity property ÷ {:.1}", r.data_as_of, r.target_utilisation)}</p>
        </section>
    }
}
