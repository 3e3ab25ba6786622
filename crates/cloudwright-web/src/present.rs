//! Presentation mode: the design on a projector. Full screen (the Fullscreen API), the
//! diagram and the large live figures only (no palette, no inspector), large type and high
//! contrast. The critical path of the chosen entry point is highlighted; clicking a component
//! shows its monthly cost and latency contribution in a large card. Escape returns to editing.
//!
//! Nothing here can change the design: the diagram is the engine's standalone SVG (the same
//! drawing as the SVG export), not the editing canvas, so there is nothing to drag; every
//! keyboard shortcut is refused while presenting (`on_key`), and `AppState::may_edit`
//! refuses every edit, undo and redo while `presenting` is set.
//!
//! Figures: the `totals` memo (`totals::Detailed`: totals, bill, latency); the card is
//! `totals::component`. Nothing is computed here.

use crate::analysis::use_analyses;
use crate::state::{use_app, AppState};
use cloudwright_engine::diagram::geometry::node_is_container;
use cloudwright_engine::diagram::{self, SvgOptions};
use cloudwright_engine::text::xml_escape;
use cloudwright_engine::{totals, units, ConnId, Design, NodeId};
use crate::focus_trap::focus_trap;
use leptos::prelude::*;
use std::fmt::Write;
use wasm_bindgen::JsCast;

/// Enters presentation mode and asks for full screen (a refusal, e.g. without a user
/// gesture, leaves the mode on in the window; Escape still leaves it).
pub fn enter(app: &AppState) {
    // A message from before (a template's "New design from …") would sit over the Region
    // labels of the full-screen view for its last seconds (QA s23 #18); one that offers an
    // action (Undo a deleted design) stays.
    if app.toast.with_untracked(|t| t.as_ref().is_some_and(|t| t.action.is_none())) {
        app.toast.set(None);
    }
    // A value typed in the Inspector and refused as the focus left it (the Present button
    // took the focus) is told by a toast, not dropped with the form the selection's end takes
    // away (QA s27 F1: the toast that told it was cleared just above, by the line meant for
    // older messages). Before the selection goes, while the form is still there.
    crate::inspector::leave(app);
    // A paste or a tidy-up still waiting for its code would be refused when it comes (nothing
    // is edited while presenting), lost with no word of it (QA s59 #5): dropped now, and said.
    if let Some(said) = crate::action_queue::drop_waiting("the presentation was started while its code was on its way.") {
        app.info(said);
    }
    app.selection.set(Default::default());
    app.selected_conn.set(None);
    app.presenting.set(true);
    if let Some(el) = document().document_element() {
        call_promise(el.as_ref(), "requestFullscreen");
    }
}

/// Leaves presentation mode (and full screen, if the page holds it).
pub fn leave(app: &AppState) {
    app.presenting.set(false);
    // A refusal told while presenting was about the presentation (its "Press Escape" too).
    if app.toast.with_untracked(|t| t.as_ref().is_some_and(|t| t.text == crate::state::PRESENTING_REFUSED)) {
        app.toast.set(None);
    }
    if document().fullscreen_element().is_some() {
        call_promise(document().as_ref(), "exitFullscreen");
    }
}

/// Calls a method that returns a promise and absorbs its rejection (full screen may be
/// refused; that is not an error worth a console message).
fn call_promise(target: &wasm_bindgen::JsValue, method: &str) {
    let Ok(f) = js_sys::Reflect::get(target, &method.into()) else { return };
    let Ok(f) = f.dyn_into::<js_sys::Function>() else { return };
    if let Ok(p) = f.call0(target) {
        if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
            leptos::task::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(p).await;
            });
        }
    }
}

/// The keyboard while presenting: Escape leaves; a number key shows a scenario; a key that
/// would change the design (Delete,
/// Backspace, Ctrl+Z/Y/D/V/X, arrows) is refused and said so; everything else is ignored.
pub fn on_key(app: &AppState, e: &web_sys::KeyboardEvent) {
    let key = e.key();
    let ctrl = e.ctrl_key() || e.meta_key();
    if key == "Escape" {
        leave(app);
        e.prevent_default();
        return;
    }
    // A number key shows a what-if scenario (0 the baseline): a view, not an edit, so the
    // presenter can flip between them in front of the room; the figures follow.
    if !ctrl && key.len() == 1 && key.as_bytes()[0].is_ascii_digit() {
        crate::scenario_panel::show_key(app, key.as_bytes()[0] - b'0');
        e.prevent_default();
        return;
    }
    // Ctrl+A is not the browser's either: it painted the whole presentation as selected text
    // (QA s62 #5).
    if ctrl && key.eq_ignore_ascii_case("a") {
        e.prevent_default();
        return;
    }
    let edits = matches!(key.as_str(), "Delete" | "Backspace" | "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown")
        || (ctrl && matches!(key.to_ascii_lowercase().as_str(), "z" | "y" | "d" | "v" | "x"));
    if edits {
        // Refused, and the presenter is told why (may_edit shows it).
        app.may_edit(None);
        e.prevent_default();
    }
}

/// The engine's SVG of the design with, inside its world group, the highlight of `path`
/// (nodes outlined, the connections it takes drawn thick along the engine's own routes) and
/// a transparent hit area per component carrying its id (`data-node`) for the card.
fn diagram_with_overlay(d: &Design, path: &[NodeId], via: &[ConnId], chosen: Option<&NodeId>) -> String {
    let icons = diagram::kinds_used(d).into_iter().map(|k| (k.clone(), format!("icons/{k}.svg"))).collect();
    let svg = diagram::render(d, &SvgOptions { icons, ..Default::default() });
    let mut o = String::from(r#"<g class="present-overlay">"#);
    let routes = diagram::route_all(d);
    for c in via {
        if let Some(r) = routes.get(c) {
            let _ = write!(o, r#"<path class="critical-edge" d="{}"/>"#, r.path());
        }
    }
    for id in path {
        if let Some(r) = d.layout.get(id) {
            let _ = write!(o, r#"<rect class="critical-node" x="{}" y="{}" width="{}" height="{}" rx="6"/>"#, r.x - 4.0, r.y - 4.0, r.w + 8.0, r.h + 8.0);
        }
    }
    for n in d.nodes.values().filter(|n| !node_is_container(n)) {
        if let Some(r) = d.layout.get(&n.id) {
            let class = match (Some(&n.id) == chosen, path.contains(&n.id)) {
                (true, true) => "hit on-path chosen",
                (true, false) => "hit chosen",
                (false, true) => "hit on-path",
                (false, false) => "hit",
            };
            let _ = write!(o, r#"<rect class="{class}" data-node="{}" x="{}" y="{}" width="{}" height="{}" rx="6"><title>{}</title></rect>"#, xml_escape(n.id.as_str()), r.x, r.y, r.w, r.h, xml_escape(&n.label));
        }
    }
    o.push_str("</g>");
    // The overlay goes last inside the world group (translated like the drawing).
    match svg.rfind("</g></svg>") {
        Some(i) => format!("{}{}{}", &svg[..i], o, &svg[i..]),
        None => svg,
    }
}

#[component]
pub fn Presentation() -> impl IntoView {
    let app = use_app();
    // Leaving full screen (the browser's own Escape) leaves the mode too.
    let fs = window_event_listener(leptos::ev::Custom::<web_sys::Event>::new("fullscreenchange"), move |_| {
        if document().fullscreen_element().is_none() && app.presenting.get_untracked() {
            app.presenting.set(false);
        }
    });
    on_cleanup(move || fs.remove());
    let entry_choice = RwSignal::new(None::<NodeId>);
    // The view is fetched on first use (src/on_demand.rs); each presentation mounts it anew, so
    // each starts without a card.
    move || app.presenting.get().then(|| crate::on_demand::view_in("presentation", "present-wait", presentation(entry_choice), Some(("Leave presentation", Callback::new(move |()| leave(&app))))))
}

crate::on_demand::split_point!(presentation =>
/// The presentation's view. A split point (src/on_demand.rs): presentation mode's code and the
/// critical-path overlay are fetched the first time a design is presented.
fn presentation(entry_choice: RwSignal<Option<NodeId>>) -> crate::on_demand::Loaded {
    Ok(view! { <Presenting entry_choice=entry_choice/> }.into_any())
});

#[component]
fn Presenting(entry_choice: RwSignal<Option<NodeId>>) -> impl IntoView {
    let app = use_app();
    let an = use_analyses();
    let card = RwSignal::new(None::<NodeId>);
    move || {
        if !app.presenting.get() {
            return None;
        }
        let det = an.totals.get();
        let t = det.totals.clone();
        // Before the first analysis (its code still on the way) or when none can run, the
        // figures are the placeholder's ($0.00, 0 / 0): shown as "…" or "—", never as the
        // design's (QA s37 F1: "$0.00 per month" in front of a customer).
        let waiting = an.first_pending.get();
        let gone = crate::analysis_worker::figures_unavailable();
        let blank = if gone { "—" } else { "…" };
        let fig = move |v: String| if waiting { blank.to_string() } else { v };
        let entries: Vec<(NodeId, String)> = det.latency.entries.iter().map(|e| (e.entry.clone(), crate::files::shown_label(&e.label))).collect();
        let chosen_id = entry_choice.get().filter(|c| entries.iter().any(|(id, _)| id == c)).or_else(|| t.main_entry.as_ref().map(|e| e.entry.clone()));
        let entry = chosen_id.as_ref().and_then(|c| det.latency.entries.iter().find(|e| &e.entry == c)).cloned();
        let path = entry.as_ref().map(totals::critical_nodes).unwrap_or_default();
        let via: Vec<ConnId> = entry.as_ref().and_then(totals::critical_path).map(|p| p.hops.iter().filter_map(|h| h.via.clone()).collect()).unwrap_or_default();
        let card_id = card.get();
        let svg = app.design.with(|d| diagram_with_overlay(d, &path, &via, card_id.as_ref()));
        let figures = card_id.as_ref().filter(|_| !waiting).and_then(|id| app.design.with(|d| totals::component(d, &det.bill, entry.as_ref(), id)));
        let p95 = entry.as_ref().map(|e| if e.p95_ms.is_finite() { units::ms(e.p95_ms) } else { "overloaded".into() }).unwrap_or_else(|| "—".into());
        let (p95, headroom) = (fig(p95), fig(crate::totals_bar::headroom_text(&t)));
        let name = app.design.with(|d| crate::files::shown(&d.name));
        let bad = t.errors > 0 && !waiting;
        let empty = app.design.with(|d| d.nodes.is_empty());
        let on_click = move |e: leptos::ev::MouseEvent| {
            let id = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("[data-node]").ok().flatten())
                .and_then(|el| el.get_attribute("data-node"));
            card.set(id.map(NodeId::new));
        };
        Some(view! {
            <div class="present" role="dialog" use:focus_trap=Callback::new(move |()| leave(&app)) aria-label="Presentation">
                <header class="present-head">
                    <h1 class="present-name" title=name.clone()>{name.clone()}</h1>
                    // The figures and Leave are one group: when the name and they do not fit on one
                    // row the group wraps under the name as a whole, so the name reads whole (QA s16:
                    // "Three-tier web appli…" at 1440 and 1920 px with room left on the figures' row).
                    <div class="present-right">
                    <div class="present-figures">
                        <div class="pfig" id="present-monthly"><span class="pval">{fig(units::money(t.monthly))}</span><span class="plab">{format!("per month · {}/year", fig(units::money_whole(t.yearly)))}</span></div>
                        <div class="pfig" id="present-p95"><span class="pval">{p95}</span><span class="plab">{match entry.as_ref() {
                            Some(e) => format!("p95 · {}", crate::files::shown_label(&e.label)),
                            // The placeholder has no entry point: not the design's fault.
                            None if waiting => "p95".to_string(),
                            None => "p95 · no entry point".to_string(),
                        }}</span></div>
                        <div class="pfig" id="present-findings" class:bad=bad><span class="pval">{fig(format!("{} / {}", t.errors, t.warnings))}</span><span class="plab">"errors / warnings"</span></div>
                        <div class="pfig" id="present-headroom"><span class="pval">{headroom}</span><span class="plab">"traffic headroom"</span></div>
                    </div>
                    <button class="present-leave" id="present-leave" on:click=move |_| leave(&app)>"Leave (Esc)"</button>
                    </div>
                </header>
                {(entries.len() > 1).then(|| {
                    let chosen = chosen_id.clone();
                    view! {
                        <nav class="present-entries" aria-label="Entry point">
                            <span>"Critical path of"</span>
                            {entries.into_iter().map(|(id, label)| {
                                let active = chosen.as_ref() == Some(&id);
                                let idc = id.clone();
                                view! { <button class:active=active data-entry=id.to_string() on:click=move |_| entry_choice.set(Some(idc.clone()))>{label}</button> }
                            }).collect_view()}
                        </nav>
                    }
                })}
                // No figures: said in a band of its own between the header and the diagram, which
                // is fitted below it (over the diagram it covered its top at 1024×768: QA s55 F3).
                {gone.then(|| view! { <p class="present-unavailable" id="present-unavailable" role="alert">{crate::analysis_worker::not_fetched()}</p> })}
                <div class="present-body">
                    <div class="present-diagram" id="present-diagram" on:click=on_click inner_html=svg></div>
                    // An empty design drew a white page under the header, with no word of why
                    // (QA s24 #7).
                    {empty.then(|| view! { <p class="present-empty" id="present-empty">"This design is empty — press Esc and add components from the palette."</p> })}
                    {figures.map(|f| view! { <ComponentCard f=f on_close=move || card.set(None)/> })}
                </div>
            </div>
        })
    }
}

#[component]
fn ComponentCard(f: totals::ComponentFigures, on_close: impl Fn() + 'static) -> impl IntoView {
    let kind = cloudwright_engine::catalog::kind(&f.kind).map(|k| k.name.to_string()).unwrap_or_else(|| f.kind.clone());
    let latency = match &f.critical_hop {
        Some(h) => view! {
            <div class="card-fig"><span class="pval">{units::ms(h.mean_ms)}</span>
            <span class="plab">{format!("mean on the critical path · {:.0}% of it ({} network + {} own; own p99 {})", h.contribution_pct, units::ms(h.network_mean_ms), units::ms(h.service_mean_ms), units::ms(h.service_p99_ms))}</span></div>
        }
        .into_any(),
        None => view! { <div class="card-fig"><span class="pval">"—"</span><span class="plab">"not on the critical path of the chosen entry"</span></div> }.into_any(),
    };
    view! {
        <aside class="present-card" id="present-card" data-node=f.node.to_string()>
            <button class="card-close" aria-label="Close" on:click=move |_| on_close()>"×"</button>
            <h2 class="user-text">{crate::files::shown_label(&f.label)}</h2>
            <p class="card-kind">{kind}</p>
            <div class="card-fig"><span class="pval" id="present-card-monthly">{units::money(f.monthly)}</span>
                <span class="plab">{format!("per month · {} of the total", units::pct(f.share_of_monthly))}</span></div>
            {latency}
        </aside>
    }
}
