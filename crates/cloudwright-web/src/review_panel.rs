//! The Versions panel (issue 18): save a named version of the design, list the versions
//! (name, time, monthly cost), compare with one or with another saved design, restore one
//! (one undoable edit: the engine's `edit::restore`), download or delete one. While
//! comparing, the panel lists the differences and the deltas — components and connections
//! added, removed and changed (each field old → new), findings introduced and cleared, the
//! bill by service and in total, p50/p95/p99 per entry — all read from the engine's `diff`
//! (see `review`); the figures are written by `units`.

use crate::review::{self, use_review};
use crate::state::use_app;
use crate::storage;
use crate::versions::{self, Version};
use cloudwright_engine::diff::{Changes, Diff, FieldChange, FindingChange, FindingRef};
use cloudwright_engine::{catalog, edit, units, Edit};
use leptos::prelude::*;
use serde_json::Value as J;
use std::sync::Arc;

#[component]
pub fn ReviewPanel() -> impl IntoView {
    view! {
        <section class="review-panel" aria-label="Versions and comparison">
            <DiffView/>
            <SaveVersion/>
            <VersionList/>
            <CompareOther/>
        </section>
    }
}

/// "Save version": a name (a default is offered) and the button.
#[component]
fn SaveVersion() -> impl IntoView {
    let app = use_app();
    let review = use_review();
    let name = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let shared = move || app.design_id.with(|id| id == crate::share::SHARED_ID);
    let save = move || {
        if busy.get_untracked() || shared() {
            return;
        }
        let typed = name.get_untracked().trim().to_string();
        let label = if typed.is_empty() { review.versions.with_untracked(|v| versions::next_name(v)) } else { typed };
        if let Err(e) = cloudwright_engine::model::fields::check_design_name(&label) {
            app.error_at(format!("Version name: {}", e.replace("a design needs", "a version needs").replace("a design name", "a version name")), None);
            return;
        }
        let (id, design) = (app.design_id.get_untracked(), app.design.get_untracked());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match versions::save(&id, &label, &design).await {
                Ok(list) => {
                    if app.design_id.get_untracked() == id {
                        review.versions.set(list);
                    }
                    name.set(String::new());
                    app.info(format!("Saved version \u{201c}{label}\u{201d}"));
                }
                Err(e) => app.error_at(format!("The version was not saved: {e}. Your design is untouched."), None),
            }
            busy.set(false);
        });
    };
    view! {
        <h3>"Versions"</h3>
        {move || shared().then(|| view! { <p class="hint">"A shared link is read-only: use \u{201c}Keep a copy\u{201d} to save versions of it."</p> })}
        <form class="version-save" on:submit=move |e| { e.prevent_default(); save(); }>
            <input id="version-name" type="text" maxlength="120" aria-label="Version name"
                placeholder=move || review.versions.with(|v| format!("{} (name this version)", versions::next_name(v)))
                prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e))/>
            <button id="save-version" type="submit" disabled=move || busy.get() || shared()>"Save version"</button>
        </form>
    }
}

/// The versions, newest first: name, time, monthly cost; Compare, Restore, Download, Delete.
#[component]
fn VersionList() -> impl IntoView {
    let app = use_app();
    let review = use_review();
    let restore = move |v: &Version| {
        let target = match &v.design {
            Ok(d) => d.clone(),
            Err(e) => return app.error_at(format!("This version cannot be read ({e}); download it to keep it."), None),
        };
        let label = format!("Restore version \u{201c}{}\u{201d}", v.name);
        match app.design.with_untracked(|d| edit::restore(d, &target, &label)) {
            Ok(Edit::Batch { edits, .. }) if edits.is_empty() => app.info(format!("The design is already as in \u{201c}{}\u{201d}", v.name)),
            Ok(e) => {
                if app.apply(e) {
                    review.target.set(None);
                    app.info(format!("Restored \u{201c}{}\u{201d} — Undo (Ctrl+Z) brings back the design as it was", v.name));
                }
            }
            Err(e) => app.error_at(e.0, None),
        }
    };
    // Delete takes two clicks (the button asks "Delete for good?" for 4 s): a deleted version
    // cannot be brought back, and the button sits next to Download.
    let armed: RwSignal<Option<String>> = RwSignal::new(None);
    let delete = move |v: &Version| {
        if armed.get_untracked().as_deref() != Some(v.id.as_str()) {
            armed.set(Some(v.id.clone()));
            let id = v.id.clone();
            set_timeout(
                move || {
                    if armed.get_untracked().as_deref() == Some(id.as_str()) {
                        armed.set(None);
                    }
                },
                std::time::Duration::from_millis(4000),
            );
            return;
        }
        armed.set(None);
        let (design_id, vid, name) = (app.design_id.get_untracked(), v.id.clone(), v.name.clone());
        leptos::task::spawn_local(async move {
            match versions::delete(&design_id, &vid).await {
                Ok(list) => {
                    review.versions.set(list);
                    app.info(format!("Deleted version \u{201c}{name}\u{201d}"));
                }
                Err(e) => app.error_at(format!("The version was not deleted: {e}"), None),
            }
        });
    };
    let download = move |v: &Version| {
        let stem = cloudwright_engine::text::file_stem(&format!("{} {}", app.design.with_untracked(|d| d.name.clone()), v.name));
        crate::files::download_text(&v.text, "application/json", &format!("{stem}.json"));
    };
    let row = move |v: Version| {
        let (v1, v2, v3, v4) = (v.clone(), v.clone(), v.clone(), v.clone());
        let cost = v.monthly().map(|m| format!("{}/month", units::money_short(m))).unwrap_or_else(|| "unreadable".into());
        let comparing = move || review.target.with(|t| t.as_ref().is_some_and(|t| t.title == title_of(&v4)));
        view! {
            <li class="version" class:comparing=comparing data-version=v.name.clone()>
                <div class="version-head">
                    <span class="version-name">{v.name.clone()}</span>
                    // No figure where the bar says none can be computed (QA s37 F4: one state).
                    <span class="version-cost">{move || if crate::analysis_worker::figures_unavailable() { "—".to_string() } else { cost.clone() }}</span>
                </div>
                <div class="version-time">{versions::when(v.saved)}</div>
                <div class="version-actions">
                    <button class="compare" disabled=v.design.is_err() on:click=move |_| {
                        if let Ok(d) = &v1.design {
                            review::compare_with(review, title_of(&v1), d.clone());
                        }
                    }>"Compare"</button>
                    <button class="restore" disabled=v.design.is_err() on:click=move |_| restore(&v2)>"Restore"</button>
                    <button class="download" on:click=move |_| download(&v3) title="Download this version as a design file">"Download"</button>
                    {
                        let (v5, id) = (v.clone(), v.id.clone());
                        let asking = move || armed.with(|a| a.as_deref() == Some(id.as_str()));
                        let asking2 = asking.clone();
                        view! {
                            <button class="delete" class:armed=asking on:click=move |_| delete(&v5) title="Delete this version (click twice)">
                                {move || if asking2() { "Delete for good?" } else { "Delete" }}
                            </button>
                        }
                    }
                </div>
            </li>
        }
    };
    view! {
        {move || review.versions.with(|v| v.is_empty()).then(|| view! {
            <p class="hint">"No versions yet. Save one before a change (a workshop, a review), then compare with it or restore it."</p>
        })}
        <ul class="versions">
            {move || review.versions.get().into_iter().map(row).collect_view()}
        </ul>
    }
}

fn title_of(v: &Version) -> String {
    format!("version \u{201c}{}\u{201d}", v.name)
}

/// "Compare with another saved design": the designs in this browser, but this one.
#[component]
fn CompareOther() -> impl IntoView {
    let app = use_app();
    let review = use_review();
    let designs = RwSignal::new(Vec::<storage::DesignMeta>::new());
    let chosen = RwSignal::new(String::new());
    // Re-read when another design opens or a save lands (names and the list change then).
    // The read is cancelled when the effect runs again or the panel closes (another tab chosen
    // while storage answers): its answer reads the panel's signals, gone with the panel (CI on
    // stop 57: "Tried to access a reactive value that has already been disposed", then the
    // app's wasm stopped).
    Effect::new(move |_| {
        let here = app.design_id.get();
        app.saved_revision.track();
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let list: Vec<_> = storage::list().await.into_iter().filter(|m| m.id != here).collect();
            if !list.iter().any(|m| m.id == chosen.get_untracked()) {
                chosen.set(list.first().map(|m| m.id.clone()).unwrap_or_default());
            }
            designs.set(list);
        });
    });
    let compare = move |_| {
        let id = chosen.get_untracked();
        let Some(meta) = designs.with_untracked(|l| l.iter().find(|m| m.id == id).cloned()) else { return };
        leptos::task::spawn_local(async move {
            match storage::read_design(&meta.id).await {
                Ok(d) => review::compare_with(review, format!("design \u{201c}{}\u{201d}", meta.name), Arc::new(d)),
                Err(e) => app.error_at(format!("{} could not be read: {e}", meta.name), None),
            }
        });
    };
    view! {
        <h3>"Compare with another design"</h3>
        {move || if designs.with(Vec::is_empty) {
            view! { <p class="hint">"No other design saved in this browser."</p> }.into_any()
        } else {
            view! {
                <div class="compare-other">
                    <select id="compare-design" aria-label="Saved design to compare with" on:change=move |e| chosen.set(event_target_value(&e))>
                        {designs.get().into_iter().map(|m| view! { <option value=m.id.clone() selected={m.id == chosen.get_untracked()}>{m.name.clone()}</option> }).collect_view()}
                    </select>
                    <button id="compare-design-go" on:click=compare>"Compare"</button>
                </div>
            }.into_any()
        }}
    }
}

// ---------------------------------------------------------------- the differences

/// A field's value as the panel writes it: text without quotes, `default` for a property not
/// set, `—` for absent; long values cut.
fn value(v: &J, prop: bool) -> String {
    let s = match v {
        J::Null if prop => "default".to_string(),
        J::Null => "—".to_string(),
        J::String(s) => s.clone(),
        J::Number(n) => n.as_f64().map(units::plain).unwrap_or_else(|| n.to_string()),
        other => other.to_string(),
    };
    if s.chars().count() > 60 { format!("{}…", s.chars().take(59).collect::<String>()) } else { s }
}

/// A field's change; a move (`parent`) names the containers by label (`Changes::name`).
fn field_line(f: &FieldChange, c: &Changes) -> impl IntoView {
    let prop = f.field.starts_with("props.");
    let name = f.field.strip_prefix("props.").unwrap_or(&f.field).to_string();
    let shown = |v: &J| match (f.field.as_str(), v.as_str()) {
        ("parent", Some(id)) => c.name(id).to_string(),
        _ => value(v, prop),
    };
    let (before, after) = (shown(&f.before), shown(&f.after));
    view! { <li class="review-field"><code>{name}</code>": " {before} " → " {after}</li> }
}

fn kind_name(kind: &str) -> String {
    catalog::kind(kind).map(|k| k.name.to_string()).unwrap_or_else(|| kind.to_string())
}

/// A signed percentage: `+5%`, `-12%`.
fn pct_change(r: Option<f64>) -> String {
    match r {
        Some(r) if r.is_finite() => format!("{}{}", if r >= 0.0 { "+" } else { "" }, units::pct(r)),
        _ => "new".into(),
    }
}

fn opt_ms(x: Option<f64>) -> String {
    x.map(units::ms).unwrap_or_else(|| "—".into())
}

/// A finding introduced (`+`) or cleared (`✓`).
fn finding_item(introduced: bool, f: &FindingRef, names: &Changes) -> impl IntoView {
    let (glyph, class) = if introduced { ("+", "introduced") } else { ("\u{2713}", "cleared") };
    view! {
        <li class=format!("finding {class} {}", f.severity.name())>
            <span class="review-glyph">{glyph}</span>
            <span class="sev">{f.severity.name()}</span>" "
            <strong>{f.title.clone()}</strong>
            {(!f.subject.is_empty()).then(|| format!(" — {}", f.subject.iter().map(|id| names.name(id)).collect::<Vec<_>>().join(", ")))}
        </li>
    }
}

/// A finding open before and after whose list of components or connections changed (`~`):
/// what it names now and what left or joined it (QA s23 #12: it read as one introduced and
/// one cleared).
fn changed_finding_item(c: &FindingChange, names: &Changes) -> impl IntoView {
    let f = &c.now;
    view! {
        <li class=format!("finding changed {}", f.severity.name())>
            <span class="review-glyph">"~"</span>
            <span class="sev">{f.severity.name()}</span>" "
            <strong>{f.title.clone()}</strong>
            {(!f.subject.is_empty()).then(|| format!(" — {}", f.subject.iter().map(|id| names.name(id)).collect::<Vec<_>>().join(", ")))}
            <span class="muted">{format!(" ({})", cloudwright_engine::diff::left_joined(c, names))}</span>
        </li>
    }
}

/// The structure: components and connections added, removed, changed; design settings.
fn structure(c: &Changes) -> impl IntoView {
    let app = use_app();
    let select = move |id: String| {
        let id = cloudwright_engine::NodeId::new(id);
        if app.design.with_untracked(|d| d.nodes.contains_key(&id)) {
            app.select_only(id);
        }
    };
    let node = move |glyph: &'static str, class: &'static str, id: String, label: String, kind: String, fields: Option<AnyView>| {
        let sel = id.clone();
        view! {
            <li class=format!("review-item {class}") data-id=id.clone()>
                <button class="link" on:click=move |_| select(sel.clone()) title="Select it on the canvas">
                    <span class="review-glyph">{glyph}</span>{label}<span class="muted">{format!(" · {}", kind_name(&kind))}</span>
                </button>
                {fields}
            </li>
        }
    };
    let mut items = Vec::new();
    for n in &c.nodes_added {
        items.push(node("+", "added", n.id.clone(), c.name(&n.id).to_string(), n.kind.clone(), None).into_any());
    }
    for n in &c.nodes_removed {
        items.push(node("\u{2212}", "removed", n.id.clone(), c.name(&n.id).to_string(), n.kind.clone(), None).into_any());
    }
    for n in &c.nodes_changed {
        items.push(node("\u{394}", "changed", n.id.clone(), c.name(&n.id).to_string(), n.kind.clone(), (!n.fields.is_empty()).then(|| view! { <ul class="fields">{n.fields.iter().map(|f| field_line(f, c)).collect_view()}</ul> }.into_any())).into_any());
    }
    let mut conns = Vec::new();
    for (glyph, class, list) in [("+", "added", &c.connections_added), ("\u{2212}", "removed", &c.connections_removed)] {
        for x in list {
            conns.push(view! { <li class=format!("review-item {class}") data-id=x.id.clone()><span class="review-glyph">{glyph}</span>{format!("{} → {}", c.name(&x.from), c.name(&x.to))}<span class="muted">{format!(" · {}", x.kind)}</span></li> }.into_any());
        }
    }
    for x in &c.connections_changed {
        conns.push(view! {
            <li class="review-item changed" data-id=x.id.clone()><span class="review-glyph">"\u{394}"</span>{format!("{} → {}", c.name(&x.from), c.name(&x.to))}
                <ul class="fields">{x.fields.iter().map(|f| field_line(f, c)).collect_view()}</ul>
            </li>
        }.into_any());
    }
    let settings: Vec<FieldChange> = c.design.iter().chain(&c.workload).cloned().collect();
    let scenarios = c.scenarios_added.len() + c.scenarios_removed.len() + c.scenarios_changed.len();
    let n_comp = items.len();
    let n_conn = conns.len();
    view! {
        <h4>{format!("Components ({n_comp})")}</h4>
        {(n_comp == 0).then(|| view! { <p class="hint">"None added, removed or changed."</p> })}
        <ul class="review-list components">{items}</ul>
        <h4>{format!("Connections ({n_conn})")}</h4>
        {(n_conn == 0).then(|| view! { <p class="hint">"None added, removed or changed."</p> })}
        <ul class="review-list connections">{conns}</ul>
        {(!settings.is_empty()).then(|| view! { <h4>"Design and workload"</h4><ul class="fields">{settings.iter().map(|f| field_line(f, c)).collect_view()}</ul> })}
        {(scenarios > 0).then(|| view! { <p class="hint">{format!("What-if scenarios: {} added, {} removed, {} changed.", c.scenarios_added.len(), c.scenarios_removed.len(), c.scenarios_changed.len())}</p> })}
        {(!c.layout.is_empty()).then(|| view! { <p class="hint">{format!("Layout only: {} component(s) moved or resized (no analysis changes).", c.layout.len())}</p> })}
    }
}

/// The deltas: bill, findings, latency.
fn deltas(x: &Diff) -> impl IntoView {
    let m = x.cost.monthly;
    let y = x.cost.yearly;
    let services = x.cost.by_service.clone();
    let entries = x.latency.clone();
    let introduced = x.findings.introduced.clone();
    let cleared = x.findings.cleared.clone();
    let changed = x.findings.changed.clone();
    let up = m.change() > 0.0;
    view! {
        <div class="review-cost" class:up=up class:down={m.change() < 0.0}>
            <div class="review-cost-total">
                <span class="label">"Monthly cost"</span>
                <span class="figures">{format!("{} → {}", units::money(m.before), units::money(m.after))}</span>
                <strong class="delta" id="review-cost-delta">{format!("{} ({})", units::money_delta_month(m.change()), pct_change(m.ratio()))}</strong>
            </div>
            <div class="review-cost-year muted">{format!("Yearly {} → {}", units::money_whole(y.before), units::money_whole(y.after))}</div>
            {(!services.is_empty()).then(|| view! {
                <table class="review-services">
                    <thead><tr><th>"Service"</th><th>"Before"</th><th>"After"</th><th>"Change"</th></tr></thead>
                    <tbody>{services.into_iter().map(|s| view! {
                        <tr><td>{kind_name(&s.service)}</td><td>{units::money_short(s.monthly.before)}</td><td>{units::money_short(s.monthly.after)}</td>
                            <td class="delta">{format!("{}{}", if s.monthly.change() >= 0.0 { "+" } else { "-" }, units::money_short(s.monthly.change().abs()))}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            })}
        </div>
        <h4>{format!("Findings: {} introduced, {} changed, {} cleared", introduced.len(), changed.len(), cleared.len())}</h4>
        <ul class="review-list findings">
            {introduced.iter().map(|f| finding_item(true, f, &x.changes)).collect_view()}
            {changed.iter().map(|c| changed_finding_item(c, &x.changes)).collect_view()}
            {cleared.iter().map(|f| finding_item(false, f, &x.changes)).collect_view()}
        </ul>
        <h4>"Latency"</h4>
        {if entries.is_empty() {
            view! { <p class="hint">"No entry's p50, p95 or p99 changed."</p> }.into_any()
        } else {
            view! {
                <table class="review-latency">
                    <thead><tr><th>"Entry"</th><th>"p50"</th><th>"p95"</th><th>"p99"</th></tr></thead>
                    <tbody>{entries.into_iter().map(|e| {
                        let cell = |p: (Option<f64>, Option<f64>)| {
                            let d = match p { (Some(a), Some(b)) => format!(" ({})", units::ms_delta(b - a)), _ => String::new() };
                            format!("{} → {}{d}", opt_ms(p.0), opt_ms(p.1))
                        };
                        view! { <tr><td>{e.label.clone()}</td><td>{cell(e.p50_ms)}</td><td>{cell(e.p95_ms)}</td><td>{cell(e.p99_ms)}</td></tr> }
                    }).collect_view()}</tbody>
                </table>
            }.into_any()
        }}
    }
}

/// While comparing: what is compared, the deltas, the differences; "Leave compare".
#[component]
fn DiffView() -> impl IntoView {
    let review = use_review();
    move || {
        let title = review.target.with(|t| t.as_ref().map(|t| t.title.clone()))?;
        Some(view! {
            <div class="review-diff" id="review-diff">
                <div class="review-diff-head">
                    <h3>{format!("Compared with {title}")}</h3>
                    <button id="leave-compare-panel" on:click=move |_| review.target.set(None)>"Leave compare"</button>
                </div>
                <p class="hint">{format!("From the {title} (before) to the design as it is now (after).")}</p>
                {move || match review.diff.get() {
                    Some(x) => {
                        let empty = x.is_empty();
                        view! {
                            {empty.then(|| view! { <p class="review-same">"No differences: the design is as it was."</p> })}
                            {deltas(&x)}
                        }
                        .into_any()
                    }
                    // The deltas run on the page: without their code, why and a Retry (review
                    // s54 R1: blank for good); the list of changes below needs none.
                    None if crate::analysis_worker::code_missing() => crate::analysis_worker::missing_view("The differences in cost and latency"),
                    None => ().into_any(),
                }}
                {move || review.changes.get().map(|c| structure(&c))}
            </div>
        })
    }
}
