//! The findings panel: what is wrong with the design, grouped by severity, each explained
//! (why, fix, source). Click a finding to select and frame what it points at; suppress it on
//! a node with a reason (asked in the app's own dialog, `findings_link`) that is saved in the
//! design and shown, not hidden.

use crate::analysis::use_analyses;
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
    view! {
        <div class="findings" class:updating=move || an.updating.get()>
            <div class="findings-summary" class:hidden=move || an.first_pending.get()>
                {move || { let (e, w, a, s) = counts.get(); view! {
                    <span class="pill error">{e} " errors"</span>
                    <span class="pill warning">{w} " warnings"</span>
                    <span class="pill advice">{a} " advice"</span>
                    {(s > 0).then(|| view! { <span class="pill suppressed">{s} " suppressed"</span> })}
                }}}
                <span class="muted small timing">{move || format!("checked {}", crate::analysis::timing_text(an.findings_ms.get(), an.totals_ms.get()))}</span>
            </div>
            {move || if an.first_pending.get() {
                Some(view! { <p class="muted analysing">"Analysing this design in the background: its findings appear here in a moment."</p> }.into_any())
            } else {
                an.findings.with(|f| f.is_empty()).then(|| view! { <p class="muted">"No findings: this design follows every rule we check."</p> }.into_any())
            }}
            // Keyed by content: after an edit only the findings that changed are built (at
            // 1,000 nodes rebuilding every row took one long task per answer).
            <ul class="finding-list">
                <For each=move || keyed(&an.findings.get()) key=|(k, _)| k.clone() let:item>
                    <FindingItem f=item.1/>
                </For>
            </ul>
        </div>
    }
}

/// The findings in the order shown — live ones first, by severity; suppressed ones last,
/// still visible — each with a key that is its whole content (and which occurrence of it),
/// so a row is kept exactly when its finding is unchanged.
fn keyed(all: &[Finding]) -> Vec<(String, Finding)> {
    let mut sorted: Vec<&Finding> = all.iter().collect();
    cloudwright_engine::order::sort_by_key(&mut sorted, |f| (f.is_suppressed(), f.severity));
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    sorted
        .into_iter()
        .map(|f| {
            let content = format!("{f:?}");
            let n = seen.entry(content.clone()).or_insert(0);
            *n += 1;
            (format!("{n}:{content}"), f.clone())
        })
        .collect()
}

#[component]
fn FindingItem(f: Finding) -> impl IntoView {
    let app = use_app();
    let meta = f.meta();
    let sev = f.severity.name();
    let nodes = f.nodes.clone();
    let conns = f.connections.clone();
    // Selects its components and frames them on the canvas (findings_link).
    let select = move |_| crate::findings_link::select_and_frame(&app, &nodes, &conns);
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
        <li class=format!("finding {sev}{}", if is_suppressed { " is-suppressed" } else { "" }) data-rule=f.rule>
            <div class="finding-head" on:click=select>
                <span class=format!("sev {sev}")>{sev}</span>
                <span class="finding-title">{meta.title}</span>
            </div>
            <div class="finding-msg">{f.message.clone()}</div>
            {suppressed.map(|s| view! { <div class="suppression">"Suppressed on " {crate::files::shown(s.node.as_str())} ": " <span class="user-text">{crate::files::shown(&s.reason)}</span></div> })}
            <details>
                <summary>"Why, and the fix"</summary>
                <p><strong>"Why: "</strong>{meta.why}</p>
                <p><strong>"Fix: "</strong>{meta.fix}</p>
                <p class="muted small"><code>{meta.id}</code> " · source: " {meta.source}</p>
            </details>
            {(!f.nodes.is_empty()).then(|| view! {
                <button class="link" on:click=toggle>{if is_suppressed { "Unsuppress" } else { "Suppress on this node…" }}</button>
            })}
        </li>
    }
}
