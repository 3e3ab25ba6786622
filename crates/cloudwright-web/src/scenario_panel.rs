//! What-if scenarios in the app: the switcher bar above the canvas (buttons and number keys:
//! 0 the baseline, 1–9 the scenarios in order), the Scenarios tab (the side-by-side table,
//! the chart of monthly cost against traffic with the crossovers marked, a form that makes a
//! scenario from the current assumptions, rename and delete).
//!
//! The active scenario is a view state (`AppState::active_scenario`), not part of the design:
//! the analyses (findings, latency, capacity, cost, totals) read `Analyses::shown`, the
//! scenario applied to the base. **Editing while a scenario is shown changes the base
//! design** (the canvas always shows the base), and the scenario is re-applied to the result,
//! so the figures stay "the base as it is now, with the scenario's changes". Scenario
//! creation, renaming and deletion are edits (undo covers them). Every figure comes from the
//! engine (`scenario::table`, `scenario::chart`); nothing is computed here.

use crate::analysis::use_analyses;
use crate::chart::{scenario_svg, Line};
use crate::state::{use_app, AppState};
use cloudwright_engine::catalog::REGION_CODES;
use cloudwright_engine::model::{Choice, PricingModel, ScenarioPricing, Switch};
use cloudwright_engine::scenario::{self, chart};
use cloudwright_engine::units;
use leptos::prelude::*;
use plotters::style::RGBColor;
use std::sync::Arc;

/// Line colours: the baseline, then scenarios 1–9.
const COLOURS: [RGBColor; 10] = [
    RGBColor(84, 91, 100),
    RGBColor(9, 114, 211),
    RGBColor(231, 21, 123),
    RGBColor(29, 129, 2),
    RGBColor(236, 114, 17),
    RGBColor(127, 52, 206),
    RGBColor(0, 150, 160),
    RGBColor(170, 120, 0),
    RGBColor(90, 60, 30),
    RGBColor(200, 40, 40),
];

fn colour(i: usize) -> RGBColor {
    COLOURS[i.min(COLOURS.len() - 1)]
}

fn css(c: RGBColor) -> String {
    format!("rgb({},{},{})", c.0, c.1, c.2)
}

/// Number key `k`: 0 shows the baseline, 1–9 the scenario in that place.
pub fn show_key(app: &AppState, k: u8) {
    if k == 0 {
        app.active_scenario.set(None);
        return;
    }
    match app.design.with_untracked(|d| d.scenarios.get(k as usize - 1).map(|s| s.id.clone())) {
        Some(id) => app.active_scenario.set(Some(id)),
        None => app.info(format!("There is no scenario {k}: add one in the Scenarios tab (0 shows the baseline).")),
    }
}

/// The switcher above the canvas, shown while the design has scenarios.
#[component]
pub fn ScenarioBar() -> impl IntoView {
    let app = use_app();
    let an = use_analyses();
    // Names as shown (a direction override drawn as a mark, `files::shown`).
    let list = Memo::new(move |_| app.design.with(|d| d.scenarios.iter().map(|s| (s.id.clone(), crate::files::shown(&s.name))).collect::<Vec<_>>()));
    // A shown scenario that left the design (deleted, or its creation undone): back to the baseline.
    Effect::new(move |_| {
        if let Some(id) = app.active_scenario.get() {
            if !list.with(|l| l.iter().any(|(i, _)| *i == id)) {
                app.active_scenario.set(None);
            }
        }
    });
    move || {
        let items = list.get();
        let active = app.active_scenario.get();
        (!items.is_empty()).then(|| {
            let name = active.as_ref().and_then(|a| items.iter().find(|(i, _)| i == a).map(|(_, n)| n.clone()));
            view! {
                <div class="scenario-bar" role="toolbar" aria-label="What-if scenarios" data-active=active.clone().unwrap_or_default()>
                    <span class="scenario-bar-label">"Scenario"</span>
                    <button class="scn" data-key="0" class:active=active.is_none() aria-pressed=active.is_none().to_string()
                        title="Show the design as drawn (key 0)" on:click=move |_| app.active_scenario.set(None)>
                        <kbd>"0"</kbd>"Baseline"
                    </button>
                    {items.into_iter().enumerate().map(|(i, (id, n))| {
                        let on = active.as_deref() == Some(id.as_str());
                        let key = (i + 1).to_string();
                        let title = format!("Show scenario \u{201c}{n}\u{201d} (key {key})");
                        let key_attr = key.clone();
                        let id_attr = id.clone();
                        view! {
                            <button class="scn" data-key=key_attr data-id=id_attr class:active=on aria-pressed=on.to_string() title=title
                                style=format!("--scn:{}", css(colour(i + 1)))
                                on:click=move |_| app.active_scenario.set(Some(id.clone()))>
                                <kbd>{key}</kbd><span class="user-text">{n}</span>
                            </button>
                        }
                    }).collect_view()}
                    {move || an.shown.error.get().map(|e| view! { <span class="scenario-error" role="alert">{format!("Cannot show it: {e}. Showing the baseline.")}</span> })}
                    // Not beside "Showing the baseline" (the scenario could not be applied).
                    {name.filter(|_| an.shown.error.with(Option::is_none)).map(|n| view! {
                        <span class="scenario-note" id="scenario-note">{format!("Figures show \u{201c}{n}\u{201d}. Edits change the base design; the scenario is re-applied. 0: baseline.")}</span>
                    })}
                </div>
            }
        })
    }
}

/// The Scenarios tab of the side panel.
#[component]
pub fn ScenarioPanel() -> impl IntoView {
    let app = use_app();
    // Computed while the tab is open, when the design changes (not on moves).
    let rows = Memo::new_with_compare(
        move |_| {
            app.analysis_rev.track();
            Arc::new(app.design.with_untracked(scenario::table))
        },
        |_, _| true,
    );
    let plot = Memo::new_with_compare(
        move |_| {
            app.analysis_rev.track();
            app.design.with_untracked(|d| {
                let curves = chart::curves(d, &chart::multipliers());
                let crossings = chart::crossovers(d, &curves);
                Arc::new((curves, crossings))
            })
        },
        |_, _| true,
    );
    view! {
        <div class="scenarios">
            <p class="muted small">"What-if variants of this design's traffic, pricing, free tier, region and Compare choices. Key 0 shows the baseline, 1–9 a scenario; the findings, latency, cost and totals follow."</p>
            {move || table_view(app, rows.get())}
            {move || chart_view(plot.get())}
            <NewScenario/>
        </div>
    }
}

fn table_view(app: AppState, rows: Arc<Vec<scenario::Row>>) -> impl IntoView {
    let active = app.active_scenario.get();
    let editing = RwSignal::new(None::<String>);
    // One <tbody> per scenario: its name across the table, then its figures, then what it
    // changes and its largest costs (a 360 px panel has no room for the name beside them).
    view! {
        <table class="scenario-table" id="scenario-table">
            <thead><tr><th class="num">"Monthly"</th><th class="num">"vs baseline"</th><th class="num">"p95"</th><th class="num">"p99"</th><th class="num" title="open errors / warnings">"E / W"</th></tr></thead>
            {rows.iter().enumerate().map(|(i, r)| {
                let on = r.id == active;
                let id = r.id.clone();
                let key = r.key;
                let switch = move |_| show_key(&app, key);
                let figures = match (&r.totals, &r.error) {
                    (Some(t), _) => {
                        let (p95, p99) = t.main_entry.as_ref().map_or(("—".into(), "—".into()), |e| (units::ms(e.p95_ms), units::ms(e.p99_ms)));
                        let delta = r.delta.as_ref().map(|d| {
                            let sign = if d.monthly < 0.0 { "-" } else { "+" };
                            let pct = r.delta_pct.map(|p| format!(" ({p:+.0}%)")).unwrap_or_default();
                            format!("{sign}{}{pct}", units::money_short(d.monthly.abs()))
                        });
                        view! {
                            <td class="num monthly">{units::money(t.monthly)}</td>
                            <td class="num delta">{delta.unwrap_or_else(|| "—".into())}</td>
                            <td class="num">{p95}</td>
                            <td class="num">{p99}</td>
                            <td class="num">{format!("{} / {}", t.errors, t.warnings)}</td>
                        }.into_any()
                    }
                    (None, e) => view! { <td colspan="5" class="scenario-row-error">{format!("Cannot be applied: {}", e.clone().unwrap_or_default())}</td> }.into_any(),
                };
                let details = {
                    let mut parts = Vec::new();
                    if !r.changes.is_empty() {
                        parts.push(crate::files::shown(&r.changes.join("; ")));
                    }
                    if !r.drivers.is_empty() {
                        parts.push(format!("largest: {}", r.drivers.iter().map(|d| format!("{} {}", crate::files::shown_label(&d.label), units::money_short(d.monthly))).collect::<Vec<_>>().join(", ")));
                    }
                    parts.join(" · ")
                };
                let rename_id = id.clone();
                let delete_id = id.clone();
                let name = r.name.clone();
                view! {
                    <tbody class="scenario-row" data-key=key.to_string() class:active=on>
                        <tr class="scenario-head"><td colspan="5">
                            <span class="swatch" style=format!("background:{}", css(colour(i)))></span>
                            <kbd>{key.to_string()}</kbd>" "
                            <button class="link scenario-name user-text" on:click=switch title="Show it (its number key does the same)">{crate::files::shown(&r.name)}</button>
                        </td></tr>
                        <tr class="scenario-figures">{figures}</tr>
                        <tr class="scenario-details"><td colspan="5" class="muted small">
                            {details}
                            {id.is_some().then(|| view! {
                                " "
                                <button class="link small scenario-rename" on:click=move |_| editing.set(rename_id.clone())>"Rename"</button>
                                " "
                                <button class="link small scenario-delete" on:click=move |_| {
                                    if let Some(e) = delete_id.as_deref().and_then(|id| app.design.with_untracked(|d| scenario::remove(d, id))) {
                                        app.apply(e);
                                    }
                                }>"Delete"</button>
                            })}
                            {move || (editing.get().is_some() && editing.get() == id).then(|| {
                                let id = id.clone();
                                view! {
                                    <input class="scenario-rename-input" value=name.clone() aria-label="New name"
                                        on:change=move |e| {
                                            let v = event_target_value(&e);
                                            if let Some(e) = id.as_deref().and_then(|id| app.design.with_untracked(|d| scenario::rename(d, id, v.trim()))) {
                                                app.apply(e);
                                            }
                                            editing.set(None);
                                        }/>
                                }
                            })}
                        </td></tr>
                    </tbody>
                }
            }).collect_view()}
        </table>
    }
}

fn chart_view(plot: Arc<(Vec<chart::Curve>, Vec<chart::Crossover>)>) -> impl IntoView {
    let (curves, crossings) = &*plot;
    if curves.len() < 2 {
        return None;
    }
    let names: Vec<String> = curves.iter().enumerate().map(|(i, c)| if i == 0 { crate::files::shown(&c.name) } else { format!("{i} {}", crate::files::shown(&c.name)) }).collect();
    let lines: Vec<Line> = curves.iter().zip(&names).enumerate().filter(|(_, (c, _))| c.error.is_none()).map(|(i, (c, n))| Line { label: n, color: colour(i), points: c.points.clone() }).collect();
    let points: Vec<(f64, f64, RGBColor)> = curves.iter().enumerate().filter(|(_, c)| c.error.is_none()).map(|(i, c)| (c.at.0, c.at.1, colour(i))).collect();
    let marks: Vec<(f64, f64, String)> = crossings.iter().map(|x| (x.multiplier, x.monthly, format!("{}×", units::mult(x.multiplier)))).collect();
    let svg = scenario_svg(&lines, &points, &marks)?;
    let text: Vec<String> = crossings
        .iter()
        .map(|x| format!("{} and {} cross at {}× traffic ({}/month); above it {} is cheaper.", crate::files::shown(&curves[x.a].name), crate::files::shown(&curves[x.b].name), units::mult(x.multiplier), units::money(x.monthly), crate::files::shown(&curves[x.cheaper_above].name)))
        .collect();
    Some(view! {
        <h4>"Cost against traffic"</h4>
        <div class="chart scenario-chart" id="scenario-chart" inner_html=svg></div>
        <p class="muted small">"x: traffic as a multiple of the design's (log); a dot: each scenario at its own traffic; red rings: where two scenarios cost the same."</p>
        <ul class="crossovers" id="scenario-crossovers">
            {if text.is_empty() { view! { <li class="muted small">"No two scenarios change places between 0.1× and 100× traffic."</li> }.into_any() } else { text.into_iter().map(|t| view! { <li class="small">{t}</li> }).collect_view().into_any() }}
        </ul>
    })
}

/// How the Compare panel names an option ("HTTP API", "EKS on Fargate").
fn option_label(sw: Switch, o: &str) -> &'static str {
    use cloudwright_engine::compare::{ApiType, ContainerOption};
    match sw {
        Switch::ApiType => ApiType::parse(o).map(|t| t.label()),
        Switch::Containers => ContainerOption::parse(o).map(|c| c.label()),
    }
    .unwrap_or("?")
}

/// The name the form suggests for a new scenario of `d`: "Scenario N", N one more than its
/// scenarios, or the next N no scenario of `d` is named already.
fn suggested_name(d: &cloudwright_engine::Design) -> String {
    (d.scenarios.len() + 1..).map(|n| format!("Scenario {n}")).find(|n| d.scenarios.iter().all(|s| s.name != *n)).unwrap_or_default()
}

/// The "New scenario" form's fields and whether it is open. They live with the shell, not
/// with the Scenarios tab's view (unmounted when another tab is shown), so a name typed, a
/// traffic multiple or a choice made are still there when the user comes back (qa23 #5: the
/// typed name was lost on switching tabs).
#[derive(Clone, Copy)]
pub struct Draft {
    open: RwSignal<bool>,
    typed: RwSignal<Option<String>>,
    traffic: RwSignal<String>,
    pricing: RwSignal<String>,
    free_tier: RwSignal<bool>,
    region: RwSignal<String>,
    chosen: RwSignal<std::collections::BTreeMap<String, String>>,
    /// The design whose assumptions the fields were filled from (its id): the form is filled
    /// again when another design is open.
    filled_for: RwSignal<Option<String>>,
}

/// Gives the shell the form's draft (called once, by `app::Shell`).
pub fn provide() {
    provide_context(Draft {
        open: RwSignal::new(false),
        typed: RwSignal::new(None),
        traffic: RwSignal::new(String::new()),
        pricing: RwSignal::new(String::new()),
        free_tier: RwSignal::new(false),
        region: RwSignal::new(String::new()),
        chosen: RwSignal::new(Default::default()),
        filled_for: RwSignal::new(None),
    });
}

/// "New scenario from the current assumptions": the form starts from what the design and the
/// latency panel's traffic multiple say now; what is left as the design has it follows the
/// design later (`scenario::from_assumptions`).
#[component]
fn NewScenario() -> impl IntoView {
    let app = use_app();
    let an = use_analyses();
    let Draft { open, typed, traffic, pricing, free_tier, region, chosen, filled_for } = expect_context::<Draft>();
    // The name field shows the suggestion for the design open now (`suggested_name`) until
    // the user types one: after an import over a design with scenarios, the form offered
    // "Scenario 2" for a design that had only the baseline (a tester, qa21).
    let suggested = Memo::new(move |_| app.design.with(suggested_name));
    let name = move || typed.get().unwrap_or_else(|| suggested.get());
    // (node id, label, switch) for every node a Compare switch applies to, and the option chosen ("" = as drawn).
    let switches = Memo::new(move |_| {
        app.design.with(|d| {
            d.nodes
                .values()
                .filter_map(|n| {
                    let sw = cloudwright_engine::scenario::switch_for(&n.kind)?;
                    Some((n.id.clone(), cloudwright_engine::scenario::switch_node_name(d, &n.id), sw))
                })
                .take(6)
                .collect::<Vec<_>>()
        })
    });
    // Start from the current assumptions each time the form is opened or the design changes.
    let reset = move || {
        typed.set(None);
        app.design.with_untracked(|d| {
            pricing.set(
                match d.workload.pricing {
                    PricingModel::OnDemand => "on_demand",
                    PricingModel::SavingsPlan1y => "savings_plan1y",
                    PricingModel::SavingsPlan3y => "savings_plan3y",
                }
                .into(),
            );
            free_tier.set(d.workload.free_tier);
            region.set(d.region.clone());
        });
        traffic.set(units::mult(an.traffic_multiplier.get_untracked()).replace(',', ""));
        chosen.set(Default::default());
        filled_for.set(Some(app.design_id.get_untracked()));
    };
    // Shown again with the form open for the same design: the draft is the user's, kept.
    // Another design opened (an import, the designs list, a template) while the form is
    // mounted: start again from its assumptions, not the previous design's.
    // Both in the effect, after the form is built, never while it is: the draft's signals are
    // shared with the form this one replaces (the Scenarios tab clicked again rebuilds the
    // panel), whose views a write during the build woke after they were disposed — "Tried to
    // access a reactive value that has already been disposed", and the app's wasm stopped
    // (QA s57 F1).
    Effect::new(move |prev: Option<String>| {
        let id = app.design_id.get();
        let stale = match &prev {
            None => !open.get_untracked() || filled_for.get_untracked().as_deref() != Some(id.as_str()),
            Some(p) => *p != id,
        };
        if stale {
            reset();
        }
        id
    });
    let create = move |_| {
        let m: f64 = traffic.get_untracked().trim().parse().unwrap_or(f64::NAN);
        let choices: Vec<Choice> = switches
            .get_untracked()
            .into_iter()
            .filter_map(|(id, _, sw)| chosen.with_untracked(|c| c.get(id.as_str()).filter(|o| !o.is_empty()).cloned()).map(|o| scenario::choice(&id, sw, &o)))
            .collect();
        let p = ScenarioPricing::parse(&pricing.get_untracked()).unwrap_or(ScenarioPricing::OnDemand);
        let s = app.design.with_untracked(|d| scenario::from_assumptions(d, untrack(name).trim(), m, p, free_tier.get_untracked(), &region.get_untracked(), choices));
        let e = app.design.with_untracked(|d| scenario::add(d, s));
        if app.apply(e) {
            reset();
        }
    };
    view! {
        // `toggle` fires after the element opened or closed: the draft follows the element,
        // and a remount opens it again (`prop:open`).
        <details class="new-scenario" id="new-scenario" prop:open=move || open.get()
            on:toggle=move |e| open.set(event_target::<web_sys::Element>(&e).has_attribute("open"))>
            <summary on:click=move |_| reset()>"New scenario from the current assumptions"</summary>
            <label>"Name" <input id="scenario-name" maxlength="60" prop:value=name on:input=move |e| typed.set(Some(event_target_value(&e)))/></label>
            <label>"Traffic ×" <input id="scenario-traffic" type="number" min="0.01" max="1000" step="any" prop:value=move || traffic.get() on:input=move |e| traffic.set(event_target_value(&e))/></label>
            <label>"Pricing"
                <select id="scenario-pricing" prop:value=move || pricing.get() on:change=move |e| pricing.set(event_target_value(&e))>
                    {ScenarioPricing::ALL.iter().map(|p| view! { <option value=p.id()>{p.label()}</option> }).collect_view()}
                </select>
            </label>
            <label class="check"><input id="scenario-free-tier" type="checkbox" prop:checked=move || free_tier.get() on:change=move |e| free_tier.set(event_target_checked(&e))/>"Free tier"</label>
            <label>"Home region"
                <select id="scenario-region" prop:value=move || region.get() on:change=move |e| region.set(event_target_value(&e))>
                    {REGION_CODES.iter().map(|r| view! { <option value=*r>{*r}</option> }).collect_view()}
                </select>
            </label>
            // What the region does to the Regions drawn in the design, said where it is
            // chosen (the engine's words, the same rule its scenario applies; QA s19: a drawn
            // Region made the field look dead).
            {move || region.with(|r| app.design.with(|d| cloudwright_engine::home_region::note(d, r))).map(|note| view! { <p id="scenario-region-note" class="muted small">{note}</p> })}
            {move || switches.get().into_iter().map(|(id, label, sw)| {
                let key = id.to_string();
                let options = cloudwright_engine::model::fields::switch_options(sw);
                view! {
                    <label>{format!("{} of {label}", sw.label())}
                        <select class="scenario-choice" data-node=key.clone() prop:value={ let k = key.clone(); move || chosen.with(|c| c.get(&k).cloned().unwrap_or_default()) } on:change=move |e| { let v = event_target_value(&e); chosen.update(|c| { c.insert(key.clone(), v); }); }>
                            <option value="">"as drawn"</option>
                            {options.iter().map(|o| view! { <option value=*o>{option_label(sw, o)}</option> }).collect_view()}
                        </select>
                    </label>
                }
            }).collect_view()}
            <button id="scenario-create" class="primary" on:click=create>"Add scenario"</button>
        </details>
    }
}
