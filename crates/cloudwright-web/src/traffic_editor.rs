//! Traffic in one place (issue 14): the first figure of the totals bar is the design's
//! traffic (`3.81/s · peak 11.4/s`); clicking it opens an editor for the request rate (typed
//! per second or per month, with separators and units: `12,000/s`, `3.5M/month`), the request
//! and response sizes and the peak factor, right next to the totals it changes.
//!
//! The engine owns the figures and the edit: `workload::read` (the rate is the sum of the
//! entry nodes' `requests_per_month`, the very property the inspector shows on the users
//! node, so the two cannot disagree) and `workload::change` (one undoable batch); `units`
//! parses and writes every figure. This view only holds the typed text.
//!
//! The figure shown is the traffic of the design the other totals are of: with a what-if
//! scenario active, the scenario's (`analysis::Shown`: its entry volumes are the base's × its
//! multiplier, `scenario::apply`), read by the same `workload::read`. The editor always edits
//! the base design (as every edit does), so it opens on the base's figures and says so.

use crate::state::use_app;
use cloudwright_engine::units::{self, Per};
use cloudwright_engine::workload::{self, Change};
use leptos::ev;
use crate::focus_trap::focus_trap;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The typed text of each field, and the error of each.
#[derive(Clone, Copy)]
struct Form {
    rate: RwSignal<String>,
    req: RwSignal<String>,
    resp: RwSignal<String>,
    peak: RwSignal<String>,
    error: RwSignal<Option<(&'static str, String)>>,
}

/// The traffic figure of the totals bar and its editor.
#[component]
pub fn TrafficTotal() -> impl IntoView {
    let app = use_app();
    let an = crate::analysis::use_analyses();
    // The base design's traffic: what the editor edits.
    let load = Memo::new(move |_| app.design.with(workload::read));
    // The traffic the tile shows: the shown design's (the active scenario's, else the base's),
    // the design the cost, p95 and headroom beside it are computed from.
    let shown = Memo::new(move |_| {
        app.design.track();
        an.shown.with(workload::read)
    });
    let scenario_name = move || {
        let id = app.active_scenario.get()?;
        an.shown.error.with(Option::is_none).then(|| app.design.with(|d| d.scenarios.iter().find(|s| s.id == id).map(|s| s.name.clone())))?
    };
    // (left, top) of the editor, fixed to the viewport: the totals bar scrolls sideways, so
    // a popover inside it would be clipped.
    let open = RwSignal::new(None::<(f64, f64)>);
    let form = Form { rate: RwSignal::new(String::new()), req: RwSignal::new(String::new()), resp: RwSignal::new(String::new()), peak: RwSignal::new(String::new()), error: RwSignal::new(None) };
    let fill = move || {
        let l = load.get_untracked();
        form.rate.set(units::rate_natural(l.requests_per_month));
        form.req.set(units::kb(l.request_kb));
        form.resp.set(units::kb(l.response_kb));
        form.peak.set(format!("{}×", units::plain(l.peak_to_average)));
        form.error.set(None);
    };
    let toggle = move |e: ev::MouseEvent| {
        if open.get_untracked().is_some() {
            open.set(None);
            return;
        }
        fill();
        let r = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).map(|el| el.get_bounding_client_rect());
        let (left, top) = r.map(|r| (r.left(), r.bottom() + 4.0)).unwrap_or((8.0, 96.0));
        // The rate takes the focus, its text selected (`data-autofocus`, `focus_trap`).
        open.set(Some((left, top)));
    };
    // Closed from inside (Escape, Enter, Apply, Cancel), the focus goes back to the traffic
    // figure that opened it (`focus_trap`; QA s60 #7).
    let close = move || open.set(None);
    let submit = move || {
        let l = load.get_untracked();
        // A rate typed without a period is read per the period it was shown in.
        let default = Per::natural(l.requests_per_month);
        // The period the rate was typed in: a refusal speaks in it ("at most 3.8 million requests/s").
        let mut typed_per = default;
        let parsed = (|| {
            let (rate, per) = units::parse_rate_per(&form.rate.get_untracked(), default).map_err(|e| ("rate", e))?;
            typed_per = per;
            let req = units::parse_kb(&form.req.get_untracked()).map_err(|e| ("request", e))?;
            let resp = units::parse_kb(&form.resp.get_untracked()).map_err(|e| ("response", e))?;
            let peak = units::parse_factor(&form.peak.get_untracked()).map_err(|e| ("peak", e))?;
            // Unchanged text keeps the exact figure (the shown text is rounded).
            let same = |typed: &str, shown: String| typed.trim() == shown;
            Ok::<_, (&'static str, String)>(Change {
                requests_per_month: (!same(&form.rate.get_untracked(), units::rate(l.requests_per_month, default))).then_some(rate),
                request_kb: (!same(&form.req.get_untracked(), units::kb(l.request_kb))).then_some(req),
                response_kb: (!same(&form.resp.get_untracked(), units::kb(l.response_kb))).then_some(resp),
                peak_to_average: (!same(&form.peak.get_untracked(), format!("{}×", units::plain(l.peak_to_average)))).then_some(peak),
            })
        })();
        let change = match parsed {
            Ok(c) => c,
            Err(e) => return form.error.set(Some(e)),
        };
        match app.design.with_untracked(|d| workload::change_in(d, &change, typed_per)) {
            // A rate the entries cannot carry is said under the rate; any other refusal below all.
            Err(why) if why.starts_with("the request rate") => form.error.set(Some(("rate", sentence(&why)))),
            Err(why) => form.error.set(Some(("all", sentence(&why)))),
            Ok(None) => close(),
            Ok(Some(edit)) => {
                if app.apply(edit) {
                    close();
                }
            }
        }
    };
    // On the editor, which takes the focus of a click anywhere in it (tabindex -1): Enter is
    // the editor's even after a click on its text (QA s59 round 2: the focus went to the page);
    // Escape closes it wherever the focus is (`focus_trap`).
    let on_key = move |e: ev::KeyboardEvent| {
        if e.key() == "Enter" {
            e.prevent_default();
            submit();
        }
    };
    let field = move |id: &'static str, key: &'static str, label: &'static str, hint: &'static str, value: RwSignal<String>| {
        view! {
            <label class="field traffic-field" class:invalid=move || form.error.with(|e| e.as_ref().is_some_and(|e| e.0 == key))>
                <span class="field-label">{label}</span>
                // A field's own error goes as it is typed over (QA s60 #6: "“abc” does not
                // start with a figure" stayed under a valid 25/s).
                <input type="text" id=id inputmode="decimal" autocomplete="off" spellcheck="false" data-autofocus=(id == "traffic-rate").then_some("")
                    aria-invalid=move || form.error.with(|e| e.as_ref().is_some_and(|e| e.0 == key)).then_some("true")
                    prop:value=move || value.get()
                    on:input=move |e| {
                        value.set(event_target_value(&e));
                        if form.error.with_untracked(|e| e.as_ref().is_some_and(|e| e.0 == key)) {
                            form.error.set(None);
                        }
                    }/>
                <span class="hint">{hint}</span>
                {move || form.error.get().filter(|e| e.0 == key).map(|e| view! { <span class="field-error" role="alert">{e.1}</span> })}
            </label>
        }
    };
    // What the typed rate means in the other period, as it is typed.
    let echo = move || {
        let l = load.get();
        let typed = form.rate.get();
        match units::parse_rate(&typed, Per::natural(l.requests_per_month)) {
            Ok(v) => format!("= {} = {}", units::rate(v, Per::Second), units::rate(v, Per::Month)),
            Err(_) => String::new(),
        }
    };
    let senders = move || {
        let l = load.get();
        if l.entries.is_empty() {
            return "No entry point: add Internet users (Clients) to send requests into the design.".to_string();
        }
        let total = l.requests_per_month.max(1e-12);
        let list = l.entries.iter().map(|(_, label, v)| if l.entries.len() == 1 { format!("\u{201c}{label}\u{201d}") } else { format!("\u{201c}{label}\u{201d} {}", units::pct(v / total)) }).collect::<Vec<_>>().join(", ");
        format!("Sent by {list}: the same figure as its Requests per month. A new rate keeps the mix.")
    };
    view! {
        <button class="total traffic" id="total-traffic" aria-expanded=move || open.get().is_some().to_string() aria-controls="traffic-editor"
            title="The traffic the design expects: requests per second (average and peak). Click to change the rate, request and response sizes and the peak factor"
            on:click=toggle>
            <span class="total-value" id="total-traffic-value">{move || {
                let l = shown.get();
                if l.entries.is_empty() { "no traffic".to_string() } else { units::rate_natural(l.requests_per_month) }
            }}</span>
            <span class="total-label">{move || {
                let l = shown.get();
                if l.entries.is_empty() { "no entry point".to_string() } else { format!("traffic · peak {}", units::rate(l.requests_per_month * l.peak_to_average, Per::natural(l.requests_per_month))) }
            }}</span>
        </button>
        {move || open.get().map(|(left, top)| view! {
            <div class="traffic-backdrop" on:click=move |_| open.set(None)></div>
            <div class="traffic-editor" id="traffic-editor" role="dialog" use:focus_trap=Callback::new(move |()| close()) aria-label="Traffic" tabindex="-1" style:left=format!("{left}px") style:top=format!("{top}px") on:keydown=on_key>
                <h3>"Traffic"</h3>
                {move || scenario_name().map(|name| view! {
                    <p class="muted small traffic-scenario" id="traffic-scenario">
                        {format!("The bar shows scenario \u{201c}{}\u{201d}. These are the baseline's figures: a change here changes the baseline, and every scenario follows it.", crate::files::shown(&name))}
                    </p>
                })}
                {field("traffic-rate", "rate", "Requests", "per second or per month: 12,000/s, 3.5M/month", form.rate)}
                <p class="muted small traffic-echo" id="traffic-echo">{echo}</p>
                <div class="traffic-row">
                    {field("traffic-request", "request", "Request size", "2 KB, 1.5 MB", form.req)}
                    {field("traffic-response", "response", "Response size", "20 KB", form.resp)}
                    {field("traffic-peak", "peak", "Peak factor", "peak ÷ average", form.peak)}
                </div>
                {move || form.error.get().filter(|e| e.0 == "all").map(|e| view! { <p class="field-error" role="alert">{e.1}</p> })}
                <p class="muted small" id="traffic-senders">{senders}</p>
                <div class="button-row">
                    <button class="primary" id="traffic-apply" on:click=move |_| submit()>"Apply"</button>
                    <button id="traffic-cancel" on:click=move |_| close()>"Cancel"</button>
                </div>
            </div>
        })}
    }
}

/// A message as a sentence: its first letter upper case.
fn sentence(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}
