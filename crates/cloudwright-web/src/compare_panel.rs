//! The comparison panel: ECS vs EKS vs Fargate, and REST vs HTTP vs WebSocket, for the
//! selected service or API (else the first in the design; a design without one shows why
//! nothing is compared, never a comparison of an invented workload), with the ranked
//! recommendation, the reasons, cost against scale, the option in use marked, and "Switch"
//! on the others as one undoable edit (labelled by the component's label).

use crate::chart::{growth_svg_x, Line};
use crate::state::{use_app, AppState};
use cloudwright_engine::compare::{self, ApiType};
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
    let list = nodes.iter().map(|n| d.nodes.get(n).map_or_else(|| n.to_string(), |x| format!("\"{}\"", crate::files::shown_label(&x.label)))).collect::<Vec<_>>().join(", ");
    format!("As drawn: the design's own bill for {list}, the figure the Cost tab shows for them")
}

/// The sentence above the parts of each option's figure: which of the design's components
/// the figures are the month's bill of (shown by label).
fn holds_intro(d: &Design, nodes: &[NodeId]) -> String {
    let list = nodes.iter().map(|n| d.nodes.get(n).map_or_else(|| n.to_string(), |x| format!("\"{}\"", crate::files::shown_label(&x.label)))).collect::<Vec<_>>().join(", ");
    format!("Each figure is a month's bill for all of {list}, as that option runs them: more than one service's line on the Cost tab. It sums:")
}

/// An option's monthly figure, to the cent (`units::money`, as the bill writes it): whole
/// dollars could not be checked against the bill's move on a Switch ($92 − $30 listed, $62.50
/// billed; QA s16).
fn money(x: f64) -> String {
    cloudwright_engine::units::money(x)
}

fn apply_edit(app: crate::state::AppState, e: Edit) {
    match &e {
        Edit::Batch { edits, label, .. } if edits.is_empty() => app.info(label.clone()),
        Edit::Batch { label, switch, .. } => {
            // Every Switch says what it did at once, there and back alike (QA s37 G4: the way
            // back said nothing): its label names what it removed and what it did not keep
            // ("…; not kept: Graviton (arm64), traffic sizing"), not only in the undo
            // button's tooltip (QA s23). A Switch is the edit's data (its SwitchMark), not the
            // label's text (QA s23 second pass).
            let said = switch.is_some().then(|| label.clone());
            if app.apply(e) {
                if let Some(l) = said {
                    // The label quotes components' labels: shown with their direction controls revealed.
                    app.info(crate::files::shown(&l));
                }
            }
        }
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
                // Only a design's own service is compared: without one, a comparison would be
                // built on a workload nobody gave (the panel says why nothing is shown).
                let node = subject(d, sel.as_ref(), &["ecs-service", "eks-nodegroup", "fargate-profile"])?;
                // With the undo history: after Switches of this service, every option is priced
                // from the service as it was before them, as its Switch then switches it (QA s23).
                Some(app.history.with_untracked(|h| compare::compare_containers_after(d, h.done(), &node)).map(|c| (c, node)))
            })
        },
        |_, _| true,
    );
    let api = Memo::new_with_compare(
        move |_| {
            app.analysis_rev.track();
            let sel = selected.get();
            app.design.with_untracked(|d| {
                let node = subject(d, sel.as_ref(), &["api-gateway"])?;
                Some(compare::compare_api_in(d, &node).map(|c| (c, node)))
            })
        },
        |_, _| true,
    );
    move || {
        view! {
            <div class="compare">
                <h3>"Containers: ECS vs EKS vs Fargate"</h3>
                {match containers.get() {
                    None => view! { <p class="compare-none muted" id="containers-none">"Nothing to compare: this design has no container service (an ECS service, an EKS node group or an EKS Fargate profile). Add one from the palette (search \u{201c}containers\u{201d}) and the comparison is made for its own tasks, traffic and team."</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="field-error">{e}</p> }.into_any(),
                    Some(Ok((c, node))) => containers_view(app, c, node).into_any(),
                }}
                <h3>"API Gateway: REST vs HTTP vs WebSocket"</h3>
                {match api.get() {
                    None => view! { <p class="compare-none muted" id="api-none">"Nothing to compare: this design has no API Gateway. Add one from the palette and the comparison is made for its own requests, features and authorizer."</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="field-error">{e}</p> }.into_any(),
                    Some(Ok((a, node))) => api_view(app, a, node).into_any(),
                }}
            </div>
        }
    }
}

/// The label of a node, for the sentences above a table.
fn node_label(app: AppState, id: &NodeId) -> String {
    app.design.with_untracked(|d| d.nodes.get(id).map(|x| crate::files::shown_label(&x.label)).unwrap_or_default())
}

/// The option in use: marked, with no "Switch" (there is nothing to switch to).
fn in_use(title: String) -> AnyView {
    view! { <span class="in-use" title=title>"in use"</span> }.into_any()
}

fn containers_view(app: AppState, c: compare::ContainerComparison, cnode: NodeId) -> impl IntoView {
    let c_chart = growth_svg_x(
        "Monthly cost vs total tasks",
        "",
        "$",
        &c.tasks_series.iter().enumerate().map(|(i, s)| Line { label: &s.label, color: COLORS[i % 4], points: s.points.iter().map(|p| (p.x, p.monthly)).collect() }).collect::<Vec<_>>(),
    );
    // Crossovers carry option ids: people read the options' names.
    let name = |id: &str| c.options.iter().find(|o| o.id == id).map_or_else(|| id.to_string(), |o| o.label.clone());
    let crossovers = c.tasks_crossovers.iter().map(|x| format!("At {:.0} tasks {} becomes cheaper than {}.", x.x, name(&x.to), name(&x.from))).collect::<Vec<_>>().join(" ");
    view! {
        <p class="muted small">{format!("For \"{}\": {}", node_label(app, &cnode), c.profile_description)}</p>
        <div class="recommendation" id="containers-recommendation"><strong>{c.recommendation.summary.clone()}</strong>
            <ul>{c.recommendation.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
            {c.recommendation.mixed.as_ref().map(|m| view! { <p class="small">{format!("Mixed: base on {}, bursts on {}, {} / month. ", m.base.label(), m.burst.label(), money(m.monthly))} {m.caveat.clone()}</p> })}
        </div>
        <table class="options">
            <thead><tr><th>"#"</th><th>"Option"</th><th title="Monthly cost">"Per month"</th><th>"Ops burden"</th><th>"Scale-out"</th><th></th></tr></thead>
            <tbody>{c.options.iter().map(|o| {
                let opt = o.option;
                let n = cnode.clone();
                let drawn = c.design.as_ref().filter(|s| s.current == opt).map(|s| app.design.with_untracked(|d| as_drawn_title(d, &s.nodes)));
                let is_drawn = drawn.is_some();
                // Another option's figure is the bill after its Switch: say by how much.
                let now = c.options.iter().find(|x| c.design.as_ref().is_some_and(|s| s.current == x.option)).map(|x| x.monthly);
                let title = drawn.clone().or_else(|| now.filter(|_| o.monthly.is_finite()).map(|n| format!("Switch changes the bill by {}", cloudwright_engine::units::money_delta_month(o.monthly - n))));
                view! {
                    <tr data-option=o.id.clone() class:current=is_drawn data-monthly=format!("{:.2}", o.monthly)>
                        <td>{o.rank}</td>
                        <td title=o.score_reasons.join("; ")>{o.label.clone()}</td>
                        <td class="num" title=title>{format!("{}{}", if o.estimated { "≈" } else { "" }, money(o.monthly))}</td>
                        <td title=o.operational_burden.reason.clone()>{o.operational_burden.label.clone()}</td>
                        <td title=o.scale_out.reason.clone()>{o.scale_speed.label.clone()}</td>
                        <td>{match drawn {
                            Some(t) => in_use(t),
                            None => view! { <button class="link" on:click=move |_| {
                                let e = app.design.with_untracked(|d| app.history.with_untracked(|h| compare::apply_container_option_after(d, h.done(), &n, opt)));
                                apply_edit(app, e);
                            }>"Switch"</button> }.into_any(),
                        }}</td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table>
        // What each figure sums: more than the service's own line of the bill (the load
        // balancer in front, the data transfer its calls pay), so a user checking it against
        // that line sees why they differ (QA s21). The parts come from the option's breakdown.
        {c.design.as_ref().map(|s| view! { <p class="small muted options-hold" id="containers-hold">{app.design.with_untracked(|d| holds_intro(d, &s.nodes))}</p> })}
        <ul class="small muted option-holds">{c.options.iter().map(|o| view! { <li data-option=o.id.clone()>{format!("{} {}{} = {}", o.label, if o.estimated { "≈" } else { "" }, money(o.monthly), compare::holds(&o.breakdown))}</li> }).collect_view()}</ul>
        // What a Switch draws that nobody chose (node group sizes, missing instances): the
        // figure above assumes it, so the panel says it.
        {c.options.iter().filter_map(|o| o.switch_note.as_ref().map(|n| view! { <p class="small muted switch-note" data-option=o.id.clone()>{format!("{}: {n}", o.label)}</p> })).collect_view()}
        // A figure with no compute in it (ECS on EC2 drawn without instances) is not a price of
        // running the tasks: the ranking leaves it out of the cost score, and the panel says so.
        {c.options.iter().filter_map(|o| o.cost_left_out.as_ref().map(|n| view! { <p class="small muted cost-left-out" data-option=o.id.clone()>{format!("{} ({}): {n}", o.label, money(o.monthly))}</p> })).collect_view()}
        {(!crossovers.is_empty()).then(|| view! { <p class="small">{crossovers}</p> })}
        {c_chart.map(|s| view! { <div class="chart" inner_html=s></div> })}
    }
}

fn api_view(app: AppState, a: compare::ApiComparison, anode: NodeId) -> impl IntoView {
    let a_chart = growth_svg_x(
        "Monthly cost vs requests per month",
        "",
        "$",
        &a.volume_series.iter().enumerate().map(|(i, s)| Line { label: &s.label, color: COLORS[i % 4], points: s.points.iter().map(|p| (p.x.max(1.0), p.monthly)).collect() }).collect::<Vec<_>>(),
    );
    view! {
        <p class="muted small">{format!("For \"{}\": {}", node_label(app, &anode), a.profile_description)}</p>
        <div class="recommendation" id="api-recommendation"><strong>{a.recommendation.summary.clone()}</strong>
            <ul>{a.recommendation.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
        </div>
        <table class="options">
            <thead><tr><th>"#"</th><th>"Type"</th><th title="Monthly cost">"Per month"</th><th>"Added p50"</th><th>"Can do it?"</th><th></th></tr></thead>
            <tbody>{a.options.iter().map(|o| {
                let t: ApiType = o.api_type;
                let n = anode.clone();
                // The cell names what is missing; the reasons (with their sources) are its tooltip,
                // so the table keeps its columns at 300 px.
                let missing = o.missing.iter().map(|m| format!("{}: {}", m.label, m.reason)).collect::<Vec<_>>().join("; ");
                let missing_short = o.missing.iter().map(|m| m.label.clone()).collect::<Vec<_>>().join(", ");
                // A "yes" done in the type's own way says how, as a "no" says why (QA s23 second pass).
                let adapted = o.adapted.iter().map(|m| format!("{}: {}", m.label, m.reason)).collect::<Vec<_>>().join("; ");
                let adapted_short = o.adapted.iter().map(|m| m.label.clone()).collect::<Vec<_>>().join(", ");
                let can_title = if o.can_do_job { adapted } else { missing.clone() };
                let drawn = a.design.as_ref().filter(|s| s.current == t).map(|s| app.design.with_untracked(|d| as_drawn_title(d, &s.nodes)));
                let is_drawn = drawn.is_some();
                // As the container table: another option's figure says what its Switch does to the bill.
                let now = a.options.iter().find(|x| a.design.as_ref().is_some_and(|s| s.current == x.api_type)).map(|x| x.monthly);
                let title = drawn.clone().or_else(|| now.filter(|_| o.monthly.is_finite() && o.can_do_job).map(|n| format!("Switch changes the bill by {}", cloudwright_engine::units::money_delta_month(o.monthly - n))));
                // The reason ("no — WebSocket", "yes — JWT authorizer") on a line of its own under
                // the row, the table's width: in the cell it broke words across lines at 300 px
                // ("request/r esponse", QA s23 second pass), and wider it pushed the Switch
                // buttons past the panel (QA s16).
                let why = if !o.can_do_job { format!("No — {missing_short}") } else if adapted_short.is_empty() { String::new() } else { format!("Yes — {adapted_short}") };
                let why_row = (!why.is_empty()).then(|| view! {
                    <tr class="can-do-why" data-why=o.id.clone() class:ruled-out=!o.can_do_job><td></td><td colspan="5" title=can_title.clone()>{why}</td></tr>
                });
                let has_why = why_row.is_some();
                view! {
                    <tr data-option=o.id.clone() class:ruled-out=!o.can_do_job class:current=is_drawn class:has-why=has_why data-monthly=format!("{:.2}", o.monthly)>
                        <td>{o.rank}</td>
                        <td title=o.metering.clone()>{o.label.clone()}</td>
                        <td class="num" title=title>{format!("{}{}", if o.estimated { "≈" } else { "" }, money(o.monthly))}</td>
                        <td class="num">{cloudwright_engine::units::ms(o.latency.p50_ms)}</td>
                        <td class="can-do" title=can_title.clone()>{if o.can_do_job { "yes" } else { "no" }}</td>
                        <td>{match drawn {
                            Some(title) => Some(in_use(title)),
                            None if o.can_do_job => Some(view! { <button class="link" on:click=move |_| {
                                let e = app.design.with_untracked(|d| compare::apply_api_type(d, &n, t));
                                apply_edit(app, e);
                            }>"Switch"</button> }.into_any()),
                            None => None,
                        }}</td>
                    </tr>
                    {why_row}
                }
            }).collect_view()}</tbody>
        </table>
        {a_chart.map(|s| view! { <div class="chart" inner_html=s></div> })}
    }
}
