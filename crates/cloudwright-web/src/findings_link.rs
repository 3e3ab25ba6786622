//! Findings and the diagram, linked (issue 14): clicking a finding selects its components
//! and frames them on the canvas; a component's badge lists its findings on hover; the
//! inspector lists the selected component's findings; suppressing a finding asks for the
//! reason in the app's own dialog (Esc cancels, an empty reason is refused).
//!
//! And back (s27): a finding is reachable from where the user is. "Show in list" on each of
//! the inspector's findings, and a click (or Enter) on a component's badge, open the Findings
//! tab with that finding's row scrolled into view, marked and focused ([`show_in_list`]); a
//! row clicked in the list is marked too. One finding is marked at a time ([`Mark`]).
//!
//! The findings are the engine's (`analysis::Analyses::findings`); this module only selects,
//! frames and asks. Every suppression is one `Edit::SetSuppressions`, so one undo step.

use crate::analysis::use_analyses;
use crate::geometry::{bounds, fit, fit_floor};
use crate::state::{use_app, AppState, View};
use cloudwright_engine::diagram::geometry::inflate;
use cloudwright_engine::model::Suppression;
use cloudwright_engine::rules::Finding;
use cloudwright_engine::{ConnId, Edit, NodeId};
use leptos::ev;
use crate::focus_trap::focus_trap;
use leptos::prelude::*;
use std::collections::BTreeSet;

/// A pending "why is this acceptable?" question: suppress `rule` on `node`.
#[derive(Clone, Debug, PartialEq)]
pub struct Ask {
    pub node: NodeId,
    pub rule: &'static str,
    pub title: &'static str,
}

/// The badge the pointer is over: the node and where to show the list (canvas pixels).
#[derive(Clone, Debug, PartialEq)]
pub struct BadgeHover {
    pub node: NodeId,
    pub at: (f64, f64),
}

/// Which finding is marked in the list: its rule and what it points at (a finding's message
/// changes with a rename, its place in the list with any edit; these do not).
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub rule: &'static str,
    pub nodes: Vec<NodeId>,
    pub conns: Vec<ConnId>,
}

impl Mark {
    pub fn of(f: &Finding) -> Mark {
        Mark { rule: f.rule, nodes: f.nodes.clone(), conns: f.connections.clone() }
    }
}

#[derive(Clone, Copy)]
pub struct Link {
    pub ask: RwSignal<Option<Ask>>,
    pub badge: RwSignal<Option<BadgeHover>>,
    /// The finding marked in the Findings list (the last one shown or clicked there).
    pub marked: RwSignal<Option<Mark>>,
    /// Set by [`show_in_list`]: the list scrolls the marked row into view once it is drawn,
    /// then clears it (a row clicked in the list is marked where it is, not scrolled).
    pub reveal: RwSignal<bool>,
    findings: Memo<std::sync::Arc<Vec<Finding>>>,
}

thread_local! {
    /// The shell's signals, reachable from event handlers (which run outside the reactive
    /// owner that contexts need).
    static LINK: std::cell::Cell<Option<Link>> = const { std::cell::Cell::new(None) };
}

/// Creates the shared signals (once, in the shell).
pub fn provide() {
    let findings = use_analyses().findings;
    LINK.with(|l| l.set(Some(Link { ask: RwSignal::new(None), badge: RwSignal::new(None), marked: RwSignal::new(None), reveal: RwSignal::new(false), findings })));
}

/// Opens the Findings tab with `f`'s row scrolled into view, marked and focused
/// (`findings::reveal_marked` does the scrolling once the row is drawn).
pub fn show_in_list(f: &Finding) {
    let link = use_link();
    link.marked.set(Some(Mark::of(f)));
    link.reveal.set(true);
    crate::sidepanel::open_tab(crate::sidepanel::Tab::Findings);
}

/// A badge clicked (or Enter on it): its component selected, and its most severe open
/// finding — the one the badge's colour says — shown in the list.
pub fn badge_activate(app: &AppState, node: &NodeId) {
    let link = use_link();
    badge_leave();
    if !app.selection.with_untracked(|s| s.len() == 1 && s.contains(node)) {
        app.selected_conn.set(None);
        app.select_only(node.clone());
    }
    let first = link.findings.with_untracked(|all| findings_of(all, node).into_iter().next());
    if let Some(f) = first {
        show_in_list(&f);
    }
}

pub fn use_link() -> Link {
    LINK.with(|l| l.get()).expect("findings_link::provide runs in the shell first")
}

/// The view that shows `r` (world units) on the canvas: like Fit, but never above 100% zoom,
/// so framing one small component doesn't blow it up; centred. `floor`: the smallest zoom
/// (`geometry::fit_floor` of the design's size).
pub fn frame_view(r: cloudwright_engine::Rect, canvas: (f64, f64), minimap: bool, floor: f64) -> View {
    let r = inflate(&r, 30.0);
    let v = fit(r, canvas, minimap, floor);
    if v.zoom <= 1.0 {
        return v;
    }
    // Same centre as Fit's, at 100%.
    let (cx, cy) = ((canvas.0 / 2.0 - v.tx) / v.zoom, (canvas.1 / 2.0 - v.ty) / v.zoom);
    View { tx: canvas.0 / 2.0 - cx, ty: canvas.1 / 2.0 - cy, zoom: 1.0 }
}

/// Selects what a finding points at and frames it: its nodes, else its connections (framed
/// by their ends).
pub fn select_and_frame(app: &AppState, nodes: &[NodeId], conns: &[ConnId]) {
    let d = app.design.get_untracked();
    let mut shown: BTreeSet<NodeId> = cloudwright_engine::order::set(nodes.iter().filter(|n| d.nodes.contains_key(*n)).cloned());
    if shown.is_empty() {
        app.selection.set(BTreeSet::new());
        app.selected_conn.set(conns.first().cloned());
        for c in conns.iter().filter_map(|c| d.connections.get(c)) {
            shown.insert(c.from.clone());
            shown.insert(c.to.clone());
        }
    } else {
        app.selected_conn.set(None);
        app.selection.set(shown.clone());
    }
    if let Some(r) = bounds(&d, Some(&shown)) {
        app.view.set(frame_view(r, app.canvas_size.get_untracked(), app.minimap_open.get_untracked(), fit_floor(d.nodes.len())));
    }
}

/// Suppress (asks for the reason first) or unsuppress `f` on `node` (the node it is
/// suppressed on, for an unsuppress).
pub fn toggle_suppression(app: &AppState, f: &Finding, node: &NodeId) {
    if let Some(s) = &f.suppressed {
        let d = app.design.get_untracked();
        let Some(n) = d.nodes.get(&s.node) else { return };
        let before = n.suppressions.clone();
        let after: Vec<Suppression> = before.iter().filter(|x| x.rule != f.rule).cloned().collect();
        app.apply(Edit::SetSuppressions { id: s.node.clone(), before, after });
    } else if app.may_edit(None) {
        use_link().ask.set(Some(Ask { node: node.clone(), rule: f.rule, title: f.head().title }));
    }
}

/// Saves the suppression the dialog asked for, with its reason.
fn suppress(app: &AppState, ask: &Ask, reason: &str) {
    let d = app.design.get_untracked();
    let Some(n) = d.nodes.get(&ask.node) else { return };
    let before = n.suppressions.clone();
    let mut after = before.clone();
    after.retain(|s| s.rule != ask.rule);
    after.push(Suppression { rule: ask.rule.to_string(), reason: reason.trim().to_string() });
    app.apply(Edit::SetSuppressions { id: ask.node.clone(), before, after });
}

/// The app's own "why is this acceptable?" dialog. Enter saves, Esc or Cancel closes it
/// without a change; an empty reason is refused with a message.
#[component]
pub fn SuppressDialog() -> impl IntoView {
    let app = use_app();
    let link = use_link();
    let reason = RwSignal::new(String::new());
    let problem: RwSignal<Option<&'static str>> = RwSignal::new(None);
    // A fresh question starts empty, with the field focused (`data-autofocus`, `focus_trap`).
    Effect::new(move |_| {
        if link.ask.with(Option::is_some) {
            reason.set(String::new());
            problem.set(None);
        }
    });
    let close = move || link.ask.set(None);
    let save = move || {
        let Some(ask) = link.ask.get_untracked() else { return };
        let r = reason.get_untracked();
        if r.trim().is_empty() {
            problem.set(Some("Give a reason: it is saved in the design and shown with the finding."));
            return;
        }
        link.ask.set(None);
        suppress(&app, &ask, &r);
    };
    move || {
        let ask = link.ask.get()?;
        let label = app.design.with_untracked(|d| d.nodes.get(&ask.node).map(|n| n.label.clone()).unwrap_or_default());
        Some(view! {
            <div class="modal-backdrop" on:click=move |_| close()>
                <div class="modal suppress-dialog" role="dialog" use:focus_trap=Callback::new(move |()| close()) aria-modal="true" aria-labelledby="suppress-title"
                    on:click=|e| e.stop_propagation()>
                    <h2 id="suppress-title">"Suppress \u{201c}" {ask.title} "\u{201d}"</h2>
                    <p>"On " <strong>{label}</strong> ". Why is it acceptable here? The reason is saved in the design and shown with the finding, in the report and in CI results."</p>
                    <input class="suppress-reason" type="text" data-autofocus="" aria-label="Reason" placeholder="e.g. internal tool, accepted by the security team"
                        prop:value=move || reason.get()
                        on:input=move |e| { reason.set(event_target_value(&e)); problem.set(None); }
                        on:keydown=move |e: ev::KeyboardEvent| if e.key() == "Enter" { e.prevent_default(); save(); }
                    />
                    {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
                    <div class="button-row">
                        <button class="primary" on:click=move |_| save()>"Suppress"</button>
                        <button on:click=move |_| close()>"Cancel"</button>
                    </div>
                </div>
            </div>
        })
    }
}

/// Findings that point at `id`, live ones first by severity, then the suppressed ones.
fn findings_of(all: &[Finding], id: &NodeId) -> Vec<Finding> {
    let mut v: Vec<Finding> = all.iter().filter(|f| f.nodes.contains(id)).cloned().collect();
    cloudwright_engine::order::sort_by_key(&mut v, |f| (f.is_suppressed(), f.severity));
    v
}

/// The selected component's findings, in the inspector.
#[component]
pub fn NodeFindings(id: NodeId) -> impl IntoView {
    let app = use_app();
    let an = use_analyses();
    let id_f = id.clone();
    let mine = Memo::new(move |_| an.findings.with(|all| findings_of(all, &id_f)));
    move || {
        let list = mine.get();
        if list.is_empty() {
            return view! { <p class="node-findings-none muted small">"No findings on this component."</p> }.into_any();
        }
        let id = id.clone();
        view! {
            <section class="node-findings" aria-label="Findings on this component">
                <h3>"Findings"</h3>
                <ul>
                    {list.into_iter().map(|f| {
                        let sev = f.severity.name();
                        let suppressed = f.is_suppressed();
                        let (fc, idc) = (f.clone(), id.clone());
                        view! {
                            <li class=format!("node-finding {sev}{}", if suppressed { " is-suppressed" } else { "" }) data-rule=f.rule>
                                <span class=format!("sev {sev}")>{sev}</span>
                                <span class="finding-title">{f.head().title}</span>
                                <div class="finding-msg small">{f.message.clone()}</div>
                                {f.suppressed.clone().map(|s| view! { <div class="suppression small">"Suppressed: " {s.reason}</div> })}
                                <span class="node-finding-actions">
                                    {let fs = f.clone(); view! { <button class="linkish show-in-list" on:click=move |_| show_in_list(&fs)>"Show in list"</button> }}
                                    <button class="link" on:click=move |_| toggle_suppression(&app, &fc, &idc)>{if suppressed { "Unsuppress" } else { "Suppress…" }}</button>
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
        .into_any()
    }
}

/// Called by a badge when the pointer enters it (canvas pixels of the event).
pub fn badge_enter(node: NodeId, e: &ev::PointerEvent) {
    let Some(canvas) = e
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .and_then(|t| t.closest(".canvas").ok().flatten())
    else {
        return;
    };
    let r = canvas.get_bounding_client_rect();
    use_link().badge.set(Some(BadgeHover { node, at: (e.client_x() as f64 - r.left(), e.client_y() as f64 - r.top()) }));
}

pub fn badge_leave() {
    use_link().badge.set(None);
}

/// The list a badge shows on hover: the component's open findings (most severe first),
/// then how many are suppressed. Drawn over the canvas next to the pointer, kept inside it.
#[component]
pub fn BadgeTip() -> impl IntoView {
    let app = use_app();
    let an = use_analyses();
    let link = use_link();
    move || {
        let h = link.badge.get()?;
        let all = an.findings.get();
        let list = findings_of(&all, &h.node);
        let open: Vec<&Finding> = list.iter().filter(|f| !f.is_suppressed()).collect();
        let suppressed = list.len() - open.len();
        let label = app.design.with_untracked(|d| d.nodes.get(&h.node).map(|n| n.label.clone()))?;
        let (cw, ch) = app.canvas_size.get_untracked();
        // Right of and below the pointer; flipped left/up when it would leave the canvas.
        let (w, est_h) = (300.0, 40.0 + 40.0 * open.len() as f64);
        let left = if h.at.0 + 14.0 + w > cw { (h.at.0 - 14.0 - w).max(4.0) } else { h.at.0 + 14.0 };
        let top = if h.at.1 + 14.0 + est_h > ch { (h.at.1 - 14.0 - est_h).max(4.0) } else { h.at.1 + 14.0 };
        Some(view! {
            <div class="badge-tip" role="tooltip" data-node=h.node.to_string() style:left=format!("{left}px") style:top=format!("{top}px")>
                <div class="badge-tip-head">{label}</div>
                <ul>
                    {open.into_iter().map(|f| {
                        let sev = f.severity.name();
                        view! { <li class=sev><span class=format!("sev {sev}")>{sev}</span>" "<strong>{f.head().title}</strong><div class="small">{f.message.clone()}</div></li> }
                    }).collect_view()}
                </ul>
                {(suppressed > 0).then(|| view! { <div class="muted small">{format!("{suppressed} suppressed")}</div> })}
            </div>
        })
    }
}
