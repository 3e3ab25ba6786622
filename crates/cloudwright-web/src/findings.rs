//! The findings panel: what is wrong with the design, grouped by severity, each explained
//! (why, fix, source). Click a finding to select and frame what it points at; suppress it on
//! a node with a reason (asked in the app's own dialog, `findings_link`) that is saved in the
//! design and shown, not hidden. The marked finding (`findings_link::Mark`: the last one
//! clicked here, or shown from the inspector or a badge) is outlined; one shown from elsewhere
//! is scrolled into view and focused ([`reveal_marked`]).

use crate::analysis::use_analyses;
use crate::list_focus::list_focus;
use crate::state::use_app;
use cloudwright_engine::rules::{Finding, Severity};
use leptos::prelude::*;

#[component]
pub fn FindingsPanel() -> impl IntoView {
    let an = use_analyses();
    let counts = Memo::new(move |_| {
        let f = an.findings.get();
        let live = |s: Severity| f.iter().filter(|x| x.severity == s && !x.is_suppressed()).count();
        (live(Severity::Error), live(Severity::Warning), live(Severity::Advice), f.iter().filter(|x| x.is_suppressed()).count())
    });
    // A finding shown from the inspector or a badge: once its row is drawn (this panel just
    // mounted, or the first answer arrived), scroll it into view.
    let link = crate::findings_link::use_link();
    Effect::new(move |_| {
        if !link.reveal.get() || an.first_pending.get() {
            return;
        }
        an.findings.track();
        // After this update's rows are in the document.
        request_animation_frame(move || reveal_marked(link, 0, f64::NAN));
    });
    view! {
        <div class="findings" class:updating=move || an.updating.get()>
            <div class="findings-summary" class:hidden=move || an.first_pending.get()>
                {move || { let (e, w, a, s) = counts.get(); view! {
                    <span class="pill error">{cloudwright_engine::units::counted(e as f64, "error", "errors")}</span>
                    <span class="pill warning">{cloudwright_engine::units::counted(w as f64, "warning", "warnings")}</span>
                    <span class="pill advice">{a} " advice"</span>
                    {(s > 0).then(|| view! { <span class="pill suppressed">{s} " suppressed"</span> })}
                }}}
                <span class="muted small timing">{move || format!("checked {}", crate::analysis::timing_text(an.findings_ms.get(), an.totals_ms.get()))}</span>
            </div>
            {move || if an.first_pending.get() {
                Some(view! { <p class="muted analysing">{crate::analysis_worker::first_pending_text("findings appear")}</p> }.into_any())
            } else {
                an.findings.with(|f| f.is_empty()).then(|| view! { <p class="muted">"No findings: this design follows every rule we check."</p> }.into_any())
            }}
            // Keyed by content: after an edit only the findings that changed are built (at
            // 1,000 nodes rebuilding every row took one long task per answer).
            // A row rebuilt under the focus (a finding just suppressed) hands it to the row now
            // at its place (`list_focus`; QA s61 #6).
            <ul class="finding-list" use:list_focus>
                <For each=move || keyed(&an.findings.get()) key=|row| row.clone() let:row>
                    <FindingItem f=row.finding().clone()/>
                </For>
            </ul>
        </div>
    }
}

/// A row of the findings list: the `i`-th finding of one answer's findings, the `n`-th with
/// its content (1 for the first). It compares and hashes by the finding's content and `n`, so
/// a row is kept exactly when its finding is unchanged; it shares the answer's findings
/// instead of holding a copy (a copy of every finding per answer, and freeing the previous
/// answer's copies, were ~2.6 ms of a 300-node edit's task in wasm, BENCHMARKS.md s36-speed).
#[derive(Clone)]
struct Row {
    all: std::sync::Arc<Vec<Finding>>,
    i: usize,
    n: usize,
}

impl Row {
    fn finding(&self) -> &Finding {
        &self.all[self.i]
    }
}

impl PartialEq for Row {
    fn eq(&self, other: &Self) -> bool {
        self.n == other.n && self.finding() == other.finding()
    }
}

impl Eq for Row {}

impl std::hash::Hash for Row {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.n, self.finding()).hash(h);
    }
}

/// The findings in the order shown — live ones first, by severity; suppressed ones last,
/// still visible — each with which occurrence of its content it is (1 for the first), so a
/// row is kept exactly when its finding is unchanged. A row's key is the row itself: it
/// compares and hashes by content (`Finding: Eq + Hash`). (It was the finding formatted with
/// `{:?}`, twice: 265 strings per answer at 300 components, BENCHMARKS.md s32-edit; then a
/// clone of each finding per answer.)
fn keyed(all: &std::sync::Arc<Vec<Finding>>) -> Vec<Row> {
    let mut sorted: Vec<usize> = (0..all.len()).collect();
    cloudwright_engine::order::sort_by_key(&mut sorted, |&i| (all[i].is_suppressed(), all[i].severity));
    let mut seen: std::collections::HashMap<&Finding, usize> = std::collections::HashMap::with_capacity(sorted.len());
    sorted
        .into_iter()
        .map(|i| {
            let n = seen.entry(&all[i]).or_insert(0);
            *n += 1;
            Row { all: all.clone(), i, n: *n }
        })
        .collect()
}

/// Frames to wait at most for the marked row to be drawn and its place to settle.
const REVEAL_FRAMES: u32 = 30;

/// Scrolls the side panel until the marked row's centre is at the panel's centre (or the
/// panel can scroll no further), then focuses the row. Rows out of view are not laid out
/// (`content-visibility: auto`, styles/app.css): they count as 146 px until drawn, so the
/// first scroll to a far row lands near it, the rows drawn there take their real heights and
/// the row moves; each frame corrects by what is left until it stays put (`last`: the
/// distance left a frame earlier).
fn reveal_marked(link: crate::findings_link::Link, frame: u32, last: f64) {
    use wasm_bindgen::JsCast;
    if !link.reveal.get_untracked() {
        return;
    }
    let doc = document();
    let row = doc.query_selector(".finding-list > .finding.marked").ok().flatten();
    let panel = doc.query_selector(".sidepanel").ok().flatten();
    let (Some(row), Some(panel)) = (row, panel) else {
        // Not drawn yet (or the finding is gone): try for a few frames, then give up.
        if frame < REVEAL_FRAMES {
            request_animation_frame(move || reveal_marked(link, frame + 1, last));
        } else {
            link.reveal.set(false);
        }
        return;
    };
    let (r, p) = (row.get_bounding_client_rect(), panel.get_bounding_client_rect());
    let off = (r.top() + r.height() / 2.0) - (p.top() + p.height() / 2.0);
    let before = panel.scroll_top();
    if off.abs() >= 1.0 {
        panel.set_scroll_top(before + off.round() as i32);
    }
    // Settled: the row is centred, or the panel cannot scroll further and the row stayed put.
    let stuck = panel.scroll_top() == before && (off - last).abs() < 1.0;
    if off.abs() < 1.0 || stuck || frame >= REVEAL_FRAMES {
        link.reveal.set(false);
        if let Ok(el) = row.dyn_into::<web_sys::HtmlElement>() {
            // The keyboard continues from the row; its scroll position is already right.
            let opts = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&opts, &"preventScroll".into(), &true.into());
            let focus = js_sys::Reflect::get(&el, &"focus".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            if let Some(focus) = focus {
                let _ = focus.call1(&el, &opts);
            }
        }
        return;
    }
    request_animation_frame(move || reveal_marked(link, frame + 1, off));
}

/// A finding's "Why: …" and "Fix: …" lines. The rules' texts are in the analyses' code
/// (`analysis_worker::Code::rule_text`), not in the app's first download (BENCHMARKS.md,
/// s59-size): every finding shown was made by that code or read from the worker's answer, so it
/// is nearly always in and the lines are written at once, as before. Only when it is not (the
/// worker answered and the analyses' code could not be fetched, or is still on its way) do
/// they wait for it, tracked, saying so meanwhile; a failure says why, with a Retry.
fn rule_text(rule: &'static str) -> AnyView {
    fn lines(code: &crate::analysis_worker::Code, rule: &str) -> AnyView {
        let (why, fix) = (code.rule_text)(rule).unwrap_or(("", ""));
        view! {
            <p><strong>"Why: "</strong>{why}</p>
            <p><strong>"Fix: "</strong>{fix}</p>
        }
        .into_any()
    }
    if let Some(code) = crate::analysis_worker::code_in() {
        return lines(code, rule);
    }
    view! { {move || match crate::analysis_worker::loaded() {
        Some(code) => lines(code, rule),
        None if crate::analysis_worker::code_missing() => view! {
            <p class="muted code-missing" role="status">
                {format!("The rule's explanation cannot be shown: {}.", crate::on_demand::not_fetched_retry("holds"))}
                " "<button class="retry-code" on:click=move |_| crate::analysis_worker::retry()>"Retry"</button>
            </p>
        }
        .into_any(),
        None => view! { <p class="muted small">"The rule's explanation is on its way…"</p> }.into_any(),
    }} }
    .into_any()
}

#[component]
fn FindingItem(f: Finding) -> impl IntoView {
    let app = use_app();
    let link = crate::findings_link::use_link();
    let mark = crate::findings_link::Mark::of(&f);
    let mark_click = mark.clone();
    let marked = move || link.marked.with(|m| m.as_ref() == Some(&mark));
    let (marked_class, marked_aria) = (marked.clone(), marked);
    // The rule's head (title, id, source); its why and fix come with the analyses' code
    // ([`rule_text`]).
    let meta = f.head();
    let sev = f.severity.name();
    let nodes = f.nodes.clone();
    let conns = f.connections.clone();
    // Selects its components and frames them on the canvas (findings_link).
    // And marks it in the list.
    let select = move |_| {
        link.reveal.set(false);
        link.marked.set(Some(mark_click.clone()));
        crate::findings_link::select_and_frame(&app, &nodes, &conns);
    };
    let suppressed = f.suppressed.clone();
    let target = f.nodes.first().cloned();
    let finding = f.clone();
    // Suppressing asks for the reason in the app's own dialog (findings_link).
    let toggle = move |_| {
        if let Some(node) = target.as_ref() {
            crate::findings_link::toggle_suppression(&app, &finding, node);
        }
    };
    let is_suppressed = suppressed.is_some();
    view! {
        <li class=format!("finding {sev}{}", if is_suppressed { " is-suppressed" } else { "" }) data-rule=f.rule
            data-node=f.nodes.first().map(|n| n.to_string()) class:marked=marked_class aria-current=move || marked_aria().then_some("true") tabindex="-1">
            <div class="finding-head" on:click=select>
                <span class=format!("sev {sev}")>{sev}</span>
                <span class="finding-title">{meta.title}</span>
            </div>
            <div class="finding-msg">{f.message.clone()}</div>
            {suppressed.map(|s| view! { <div class="suppression">"Suppressed on " {crate::files::shown(s.node.as_str())} ": " <span class="user-text">{crate::files::shown(&s.reason)}</span></div> })}
            <details>
                <summary>"Why, and the fix"</summary>
                {rule_text(f.rule)}
                <p class="muted small"><code>{meta.id}</code> " · source: " {cloudwright_engine::source::in_words(meta.source)}</p>
            </details>
            {(!f.nodes.is_empty()).then(|| view! {
                <button class="link" on:click=toggle>{if is_suppressed { "Unsuppress" } else { "Suppress on this node…" }}</button>
            })}
        </li>
    }
}
