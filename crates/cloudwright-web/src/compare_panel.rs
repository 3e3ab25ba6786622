//! The comparison panel: ECS vs EKS vs Fargate, and REST vs HTTP vs WebSocket, for the
//! selected service or API (else the first in the design, else a default workload), with
//! the ranked recommendation, the reasons, cost against scale, and "Switch to this option"
//! as an undoable edit.

use crate::chart::{growth_svg_x, Line};
use crate::state::use_app;
use cloudwright_engine::compare::{self, ApiProfile, ApiType, ContainerProfile};
use cloudwright_engine::{Design, Edit, NodeId};
use leptos::prelude::*;
use plotters::style::RGBColor;

const COLORS: [RGBColor; 4] = [RGBColor(9, 114, 211), RGBColor(231, 21, 123), RGBColor(122, 161, 22), RGBColor(237, 113, 0)];

/// The node to compare: the selection if it is of one of `kinds`, else the first such node.
fn subject(d: &Design, selected: Option<&NodeId>, kinds: &[&str]) -> Option<NodeId> {
    if let Some(id) = selected {
        if d.nodes.get(id).is_some_and(|n| kinds.contains(&n.kind.as_str())) {
            return Some(id.clone());
        }
    }
    d.nodes.values().find(|n| kinds.contains(&n.kind.as_str())).map(|n| n.id.clone())
}

/// The tooltip of the option a node is drawn as: its figure is the design's own bill for
/// `nodes` (shown by label).
fn as_drawn_title(d: &Design, nodes: &[NodeId]) -> String {
    let list = nodes.iter().map(|n| d.nodes.get(n).map_or_else(|| n.to_string(), |x| format!("\"{}\"", crate::files::shown(&x.label)))).collect::<Vec<_>>().join(", ");
    format!("As drawn: the design's own bill for {list}, the figure the Cost tab shows for them")
}

fn money(x: f64) -> String {
    cloudwright_engine::units::money_whole(x)
}

fn apply_edit(app: crate::state::AppState, e: Edit) {
    match &e {
        Edit::Batch { edits, label } if edits.is_empty() => app.info(label.clone()),
        _ => {
            app.apply(e);
        }
    }
}

#[component]
pub fn ComparePanel() -> impl IntoView {
    let app = use_app();
    let selected = Memo::new(move |_| app.selection.with(|s| if s.len() == 1 { s.iter().next().cloned() } else { None }));
    let containers = Memo::new_with_compare(
        move |_| {
            app.analysis_rev.track();
            let sel = selected.get();
            app.design.with_untracked(|d| {
                let node = subject(d, sel.as_ref(), &["ecs-service", "eks-nodegroup", "fargate-profile"]);
                match node.as_ref().map(|n| compare::compare_containers_in(d, n)) {
                    Some(Ok(c)) => (c, node.clone()),
                    _ => (compare::compare_containers(&ContainerProfile::default()), None),
                }
            })
        },
        |_, _| true,
    );
    let api = Memo::new_with_compare(
        move |_| {
            app.analysis_rev.track();
            let sel = selected.get();
            app.design.with_untracked(|d| {
                let node = subject(d, sel.as_ref(), &["api-gateway"]);
                match node.as_ref().map(|n| compare::compare_api_in(d, n)) {
                    Some(Ok(c)) => (c, node.clone()),
                    _ => (compare::compare_api(&ApiProfile::default()), None),
                }
            })
        },
        |_, _| true,
    );
    move || {
        let (c, cnode) = containers.get();
        let (a, anode) = api.get();
        let label = |n: &Option<NodeId>| n.as_ref().and_then(|id| app.design.with_untracked(|d| d.nodes.get(id).map(|x| crate::files::shown(&x.label))));
        let c_chart = growth_svg_x(
            "Monthly cost vs total tasks",
            "",
            "$",
            &c.tasks_series.iter().enumerate().map(|(i, s)| Line { label: &s.label, color: COLORS[i % 4], points: s.points.iter().map(|p| (p.x, p.monthly)).collect() }).collect::<Vec<_>>(),
        );
        let a_chart = growth_svg_x(
            "Monthly cost vs requests per month",
            "",
            "$",
            &a.volume_series.iter().enumerate().map(|(i, s)| Line { label: &s.label, color: COLORS[i % 4], points: s.points.iter().map(|p| (p.x.max(1.0), p.monthly)).collect() }).collect::<Vec<_>>(),
        );
        view! {
            <div class="compare">
                <h3>"Containers: ECS vs EKS vs Fargate"</h3>
                <p class="muted small">{match label(&cnode) { Some(l) => format!("For \"{l}\": {}", c.profile_description), None => format!("No container service in the design: comparing the default workload: {}", c.profile_description) }}</p>
                <div class="recommendation" id="containers-recommendation"><strong>{c.recommendation.summary.clone()}</strong>
                    <ul>{c.recommendation.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                    {c.recommendation.mixed.as_ref().map(|m| view! { <p class="small">{format!("Mixed: base on {}, bursts on {}, {} / month. ", m.base.label(), m.burst.label(), money(m.monthly))} {m.caveat.clone()}</p> })}
                </div>
                <table class="options">
                    <thead><tr><th>"#"</th><th>"Option"</th><th>"Monthly"</th><th>"Ops burden"</th><th>"Scale-out"</th><th></th></tr></thead>
                    <tbody>{c.options.iter().map(|o| {
                        let opt = o.option;
                        let node = cnode.clone();
                        let drawn = c.design.as_ref().filter(|s| s.current == opt).map(|s| app.design.with_untracked(|d| as_drawn_title(d, &s.nodes)));
                        let is_drawn = drawn.is_some();
                        view! {
                            <tr data-option=o.id.clone() class:current=is_drawn>
                                <td>{o.rank}</td>
                                <td title=o.score_reasons.join("; ")>{o.label.clone()}</td>
                                <td class="num" title=drawn.clone()>{format!("{}{}", if o.estimated { "≈" } else { "" }, money(o.monthly))}</td>
                                <td title=o.operational_burden.reason.clone()>{o.operational_burden.label.clone()}</td>
                                <td title=o.scale_out.reason.clone()>{o.scale_speed.label.clone()}</td>
                                <td>{match (drawn, node) {
                                    (Some(t), _) => Some(view! { <span class="muted" title=t>"as drawn"</span> }.into_any()),
                                    (None, Some(n)) => Some(view! { <button class="link" on:click=move |_| {
                                        let e = app.design.with_untracked(|d| compare::apply_container_option(d, &n, opt));
                                        apply_edit(app, e);
                                    }>"Switch"</button> }.into_any()),
                                    (None, None) => None,
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}</tbody>
                </table>
                {(!c.tasks_crossovers.is_empty()).then(|| view! { <p class="small">{c.tasks_crossovers.iter().map(|x| format!("At {:.0} tasks {} becomes cheaper than {}.", x.x, x.to, x.from)).collect::<Vec<_>>().join(" ")}</p> })}
                {c_chart.map(|s| view! { <div class="chart" inner_html=s></div> })}

                <h3>"API Gateway: REST vs HTTP vs WebSocket"</h3>
                <p class="muted small">{match label(&anode) { Some(l) => format!("For \"{l}\": {}", a.profile_description), None => format!("No API Gateway in the design: comparing the default workload: {}", a.profile_description) }}</p>
                <div class="recommendation" id="api-recommendation"><strong>{a.recommendation.summary.clone()}</strong>
                    <ul>{a.recommendation.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                </div>
                <table class="options">
                    <thead><tr><th>"#"</th><th>"Type"</th><th>"Monthly"</th><th>"Added p50"</th><th>"Can do it?"</th><th></th></tr></thead>
                    <tbody>{a.options.iter().map(|o| {
                        let t: ApiType = o.api_type;
                        let node = anode.clone();
                        let missing = o.missing.iter().map(|m| format!("{}: {}", m.label, m.reason)).collect::<Vec<_>>().join("; ");
                        let drawn = a.design.as_ref().filter(|s| s.current == t).map(|s| app.design.with_untracked(|d| as_drawn_title(d, &s.nodes)));
                        let is_drawn = drawn.is_some();
                        view! {
                            <tr data-option=o.id.clone() class:ruled-out=!o.can_do_job class:current=is_drawn>
                                <td>{o.rank}</td>
                                <td title=o.metering.clone()>{o.label.clone()}</td>
                                <td class="num" title=drawn.clone()>{format!("{}{}", if o.estimated { "≈" } else { "" }, money(o.monthly))}</td>
                                <td class="num">{format!("{:.0} ms", o.latency.p50_ms)}</td>
                                <td title=missing.clone()>{if o.can_do_job { "yes".to_string() } else { format!("no — {missing}") }}</td>
                                <td>{match (drawn, node) {
                                    (Some(title), _) => Some(view! { <span class="muted" title=title>"as drawn"</span> }.into_any()),
                                    (None, Some(n)) if o.can_do_job => Some(view! { <button class="link" on:click=move |_| {
                                        let e = app.design.with_untracked(|d| compare::apply_api_type(d, &n, t));
                                        apply_edit(app, e);
                                    }>"Switch"</button> }.into_any()),
                                    _ => None,
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}</tbody>
                </table>
                {a_chart.map(|s| view! { <div class="chart" inner_html=s></div> })}
            </div>
        }
    }
}

