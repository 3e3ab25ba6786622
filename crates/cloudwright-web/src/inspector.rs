//! The inspector: every property of the selected node with its unit, default and valid
//! range; the selected connection's meaning and share; or, with nothing selected, the
//! design's own settings and workload. A bad value is refused with the reason next to the
//! field, and the previous value stays.

use crate::on_demand::{Ask, Split, SplitCode, Stage};
use crate::state::use_app;
use cloudwright_engine::catalog::{self, PropSpec, PropType, REGION_CODES};
use cloudwright_engine::model::fields;
use cloudwright_engine::model::PricingModel;
use cloudwright_engine::az_choice;
use cloudwright_engine::defaults;
use cloudwright_engine::home_region;
use cloudwright_engine::{ConnKind, Connection, Design, Edit, NodeId, Value};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the inspector shows.
#[derive(Clone, Debug, PartialEq)]
enum Shows {
    Node,
    Several,
    Connection(cloudwright_engine::ConnId),
    Design,
}

#[component]
pub fn Inspector() -> impl IntoView {
    let app = use_app();
    // The selection as the inspector shows it. An edit that removes the shown component (a
    // delete, an undo of its add) empties the selection in the edit's own task, and the
    // inspector then dropped that component's form and built the design's settings there,
    // before the page's analysis and the totals bar: about a third of a 300-node delete's
    // script before its analysis (BENCHMARKS.md s25-edit). Such a change is now followed in
    // the next animation frame's callback, before that frame is painted: the frame painted
    // after the edit shows the same panel, the bar gets its figures first. Any other change
    // of the selection (a click, Escape, a paste) is followed at once.
    let sel = RwSignal::new(app.selection.get_untracked());
    Effect::new(move |_| {
        let now = app.selection.get();
        let removed = sel.with_untracked(|s| !s.is_empty() && app.design.with_untracked(|d| s.iter().any(|id| !d.nodes.contains_key(id))));
        if removed {
            request_animation_frame(move || {
                if let Some(now) = app.selection.try_get_untracked() {
                    sel.try_set(now);
                }
            });
        } else if sel.with_untracked(|s| *s != now) {
            sel.set(now);
        }
    });
    let single = Memo::new(move |_| sel.with(|s| if s.len() == 1 { s.iter().next().cloned() } else { None }));
    let count = Memo::new(move |_| sel.with(|s| s.len()));
    // The heading of a selection of several: how many are selected and, when some of them
    // hold others (a pasted VPC, a subnet), how many components that is — what a move or a
    // delete takes with it. QA s27 F8: a paste of 25 said "9 selected" (its top-level copies)
    // under the note "Pasted 25 components"; Ctrl+A, which selects every component, said 25.
    let held = Memo::new(move |_| {
        if count.get() < 2 {
            return String::new();
        }
        sel.with(|s| app.design.with(|d| selection_heading(d, s)))
    });
    // The selected component, kept while something else is shown: selecting another component
    // changes this id, and the node inspector's fields update their values in place instead
    // of being built again (issue 20: the press that selects is the first frame of a drag).
    let node = Memo::new(move |prev: Option<&NodeId>| single.get().or_else(|| prev.cloned()).unwrap_or_else(|| NodeId::new("")));
    let shows = Memo::new(move |_| {
        if single.with(Option::is_some) {
            Shows::Node
        } else if count.get() > 1 {
            Shows::Several
        } else if let Some(c) = app.selected_conn.get() {
            Shows::Connection(c)
        } else {
            Shows::Design
        }
    });
    // A read-only tab (another tab edits the design) shows the values but cannot change
    // them: a disabled fieldset disables every input, select and button inside it.
    // Also while an action waits for its code (a paste, Tidy up: `action_queue`): an edit made
    // then would land before it, and is refused (`AppState::may_edit`); a field left enabled
    // kept showing the refused value as if applied (QA s58 F1).
    let read_only = Memo::new(move |_| matches!(app.access.get(), crate::state::Access::ReadOnly(_)) || crate::action_queue::waits());
    let fields = move || match shows.get() {
        // A component's or a connection's form is fetched on first use (`FORMS`): "Loading
        // the inspector…" while it comes, why not if it cannot (nothing was edited yet).
        Shows::Node => forms_view("component", move |f| (f.node)(node)),
        Shows::Several => view! {
            <div class="inspector">
                <h2>{move || held.with(|h| h.clone())}</h2>
                <div class="button-row">
                    <button on:click=move |_| crate::actions::align(&app, "left")>"Align left"</button>
                    <button on:click=move |_| crate::actions::align(&app, "top")>"Align top"</button>
                    <button on:click=move |_| crate::actions::align(&app, "center")>"Align centres"</button>
                    <button on:click=move |_| crate::actions::align(&app, "middle")>"Align middles"</button>
                </div>
            </div>
        }
        .into_any(),
        Shows::Connection(c) => forms_view("connection", move |f| (f.conn)(c.clone())),
        Shows::Design => view! { <DesignInspector/> }.into_any(),
    };
    // Another component's form starts at its top (its "Label" first), not at the scroll offset
    // the previous one's (longer) form was left at; the same component selected again keeps
    // its place. The side panel itself is what scrolls.
    let root = NodeRef::<leptos::html::Fieldset>::new();
    Effect::new(move |before: Option<NodeId>| {
        let now = node.get();
        if before.is_some_and(|b| b != now) {
            if let Some(panel) = root.get_untracked().and_then(|f| f.closest(".sidepanel").ok().flatten()) {
                panel.set_scroll_top(0);
            }
        }
        now
    });
    view! {
        <fieldset class="inspector-fields" node_ref=root disabled=move || read_only.get()>{fields}</fieldset>
    }
}

/// The forms of a selected component and of a selected connection, as function pointers: the
/// page reaches their code (the fields, their hints, and the code only they reach) only through
/// [`fetch_forms`], a split point, so it is not in the first download (issue 20; ARCHITECTURE.md
/// "Code fetched on first use"). A first visit shows the design's settings (nothing selected),
/// which stay in the app's wasm.
pub struct Forms {
    /// The selected component's form (`NodeInspector`).
    pub node: fn(Memo<NodeId>) -> AnyView,
    /// The selected connection's form (`ConnectionInspector`).
    pub conn: fn(cloudwright_engine::ConnId) -> AnyView,
}

fn node_form(id: Memo<NodeId>) -> AnyView {
    view! { <NodeInspector id=id/> }.into_any()
}

fn conn_form(id: cloudwright_engine::ConnId) -> AnyView {
    view! { <ConnectionInspector id=id/> }.into_any()
}

crate::on_demand::split_point!(inspector_forms =>
/// The inspector's forms ([`Forms`]). A split point (src/on_demand.rs), fetched from the start,
/// before the analyses' code (`sidepanel::fetch_first_click_code`: a selection is the likeliest
/// first act, QA s55 G3), or by the first selection that finds it not in yet.
fn fetch_forms() -> Result<&'static Forms, crate::on_demand::SplitLoaderError> {
    static FORMS: Forms = Forms { node: node_form, conn: conn_form };
    Ok(&FORMS)
});

thread_local! {
    /// Whether the forms' code is in (`on_demand::Split`: one fetch at a time; after a failure,
    /// a new one only when the user asks, [`retry_forms`] or the error's Retry).
    static FORMS: Split<&'static Forms> = Split::new(|| Box::pin(fetch_forms()));
}

/// Fetches the forms' code unless it is in, on its way or failed: at the start, before the
/// analyses' code (`sidepanel::fetch_first_click_code`: QA s55 G3), and first in the idle
/// prefetch (`on_demand::prefetch_soon`), which then finds it in or on its way. Its failure is
/// forgotten (nobody saw it): the first selection then tries once itself, and says so if that
/// fails too.
pub async fn prefetch() -> Result<(), crate::on_demand::SplitLoaderError> {
    FORMS.prefetch().await;
    Ok(())
}

/// [`prefetch`] asked now, not when a task first polls it: the fetch's task is spawned before
/// those of the fetches asked after this call (the analyses' code, `analysis_worker::init`), so
/// the browser requests the forms first (`sidepanel::fetch_first_click_code`; an extra task in
/// between put the analyses' 33 files ahead again, e2e s55-inspector).
pub fn prefetch_now() {
    leptos::task::spawn_local(FORMS.prefetch());
}

/// A press on the selected component or connection (`canvas`): if the forms' code could not be
/// fetched, it is tried again (QA s55 G4: the error said "open it again", and clicking it again
/// did nothing). Selecting another one, a re-render or a tab switch shows the error again
/// without a fetch (QA s55 G9: 27 requests on every selection while blocked).
pub fn retry_forms() {
    if matches!(FORMS.stage_untracked(), Stage::Failed(_)) {
        FORMS.start(Ask::Retry);
    }
}

/// The selected component's or connection's form (`form`, `what`: "component" or
/// "connection"), built once the forms' code is in: "Loading the inspector…" while it comes;
/// if it could not be fetched, why (nothing was edited) and what tries again: the Retry button
/// here, or a click on the selected `what` ([`retry_forms`]). Built again only when the forms'
/// stage changes (once in, never).
fn forms_view(what: &'static str, form: impl Fn(&'static Forms) -> AnyView + Send + Sync + 'static) -> AnyView {
    (move || match FORMS.stage() {
        // (Not tracked: the form's own reads must not rebuild it from here.)
        Stage::In(f) => untrack(|| form(f)),
        Stage::Failed(_) => view! {
            <div class="on-demand">
                <p class="on-demand-error" role="alert">
                    {format!("The inspector could not be loaded: {}. Check the connection, then press Retry or click the {what} again; reloading the page works too (the design is kept).", crate::on_demand::NOT_FETCHED_WHY)}
                </p>
                <button class="retry-code" on:click=move |_| FORMS.start(Ask::Retry)>"Retry"</button>
            </div>
        }
        .into_any(),
        stage => {
            if matches!(stage, Stage::NotFetched) {
                FORMS.start(Ask::Use);
            }
            view! { <div class="on-demand"><p class="on-demand-wait" role="status">"Loading the inspector…"</p></div> }.into_any()
        }
    })
    .into_any()
}

/// The component a field's change applies to: the one shown when the field took the focus.
/// Selecting another component on the canvas moves the focus away, and the browser fires the
/// field's `change` only then — after the press has already selected the other component.
#[derive(Clone, Copy)]
struct EditTarget {
    shown: Memo<NodeId>,
    focused: StoredValue<Option<NodeId>>,
}

impl EditTarget {
    fn new(app: crate::state::AppState, shown: Memo<NodeId>) -> Self {
        let target = EditTarget { shown, focused: StoredValue::new(None) };
        // Another component shown while a field still holds the focus for the last one: the
        // selection changed without moving the focus (a palette drop, a paste, a key). Left
        // focused, the field would show the new component and edit the old one (QA s19: typing
        // after a drop renamed the component selected before it). The focus is taken away:
        // a pending change goes, as on a click, to the component it was typed for, and keys
        // reach the canvas again.
        Effect::new(move |_| {
            let now = shown.get();
            if target.focused.get_value().is_some_and(|held| held != now) {
                leave(&app);
            }
        });
        target
    }
    /// Called on `focus`: the field edits the component shown until it loses the focus (a
    /// field committed with Enter keeps the focus, and may be typed into again).
    fn hold(&self) {
        self.focused.set_value(Some(self.shown.get_untracked()));
    }
    /// Called on `blur` (after the `change` it may fire).
    fn release(&self) {
        self.focused.set_value(None);
    }
    /// The component a `change` carrying `typed` applies to: the one the field was focused
    /// for, else the one shown. `None` when the change is only the focus leaving a field that
    /// was refilled for another component (it holds that component's value, `shown_value`):
    /// nothing was typed, and writing it would copy one component's value into the other.
    /// The blur above runs before the refill today (s35-focus-number), so this is the guard
    /// for an order the framework does not promise.
    fn take(&self, typed: &str, shown_value: impl FnOnce() -> String) -> Option<NodeId> {
        let shown = self.shown.get_untracked();
        match self.focused.get_value() {
            Some(held) if held != shown && typed == shown_value() => None,
            held => Some(held.unwrap_or(shown)),
        }
    }
}

thread_local! {
    /// Set while [`let_field_go`] takes the focus from a field because its form goes (another
    /// selection): a value refused then is told by a message that stays (`refused_on_leave`).
    static LEAVING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The one way out of the inspector: what the form shows is about to change or the form goes
/// (a press on the canvas, another component shown, another side-panel tab, Present, a form
/// of another kind). Two things, always together, so no caller can do one without the other:
/// - the field holding the focus lets it go ([`let_field_go`]): the browser fires its `change`
///   now, while the form still shows what it was typed for, so a valid value typed without
///   Enter is committed (one undo step) to the component or connection it was typed for, and
///   a refused one is told by a toast (`refused_on_leave`: QA s26 P-3b, a Share of "12abc"
///   typed in the connection form was silently dropped on a click on another connector);
/// - a refusal already shown under its field (Enter, Tab, or the focus gone before a button
///   was pressed) that the leaving takes away with the form, or with the component it was
///   about, is told by a toast too ([`tell_refusals_taken`]: QA s27 F1). One still shown after
///   the leaving (a press on the component already shown) stays under its field, untold.
///
/// Before, present.rs, the side panel and the canvas each called a part of this (the canvas
/// only the first, so a refusal shown under a field went without a word when a press on the
/// canvas selected something else).
pub fn leave(app: &crate::state::AppState) {
    let_field_go();
    tell_refusals_taken(app);
}

/// Takes the focus from the inspector field that holds it, if any: the first half of
/// [`leave`], never called alone.
fn let_field_go() {
    let active = document().active_element().filter(|e| e.closest(".inspector").ok().flatten().is_some());
    if let Some(el) = active.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        LEAVING.with(|l| l.set(true));
        let _ = el.blur();
        LEAVING.with(|l| l.set(false));
    }
}

/// A value refused as its field's focus leaves with its form ([`let_field_go`]): the message
/// under the field goes with the form, so the user is told by a toast naming the field and
/// what it was for. A refusal while the form stays (Enter, Tab) is shown under its field only.
/// A refusal while the form stays is kept in [`SHOWN`] under its input's id, so that
/// [`leave`] can tell it if the form goes while it is still shown.
fn refused_on_leave(app: &crate::state::AppState, field: &str, subject: &str, msg: &str, input: &str) {
    let text = format!("{field} of \u{201c}{subject}\u{201d} was not changed: {}", without_field(field, msg));
    if LEAVING.with(|l| l.get()) {
        // A sentence, as when told with others (`sentences`: QA s29 F2).
        app.error_at(cloudwright_engine::text::sentences(&[text]), None);
    } else {
        SHOWN.with(|s| s.borrow_mut().insert(input.to_string(), text));
    }
}

/// A refusal's reason without the field's name in front when the toast names it already
/// ("AZs enabled of “Public ALB” was not changed: must be between 1 and 2 AZs…", not "…: AZs
/// enabled must be…": QA s27 F9).
fn without_field<'m>(field: &str, msg: &'m str) -> &'m str {
    msg.strip_prefix(field).and_then(|m| m.strip_prefix(' ').or_else(|| m.strip_prefix(": "))).filter(|m| !m.is_empty()).unwrap_or(msg)
}

thread_local! {
    /// Refusals shown under their field (not told by a toast), by the input's id: the text a
    /// toast would tell. Read by [`tell_refusals_taken`]; an entry whose field no longer shows
    /// its message (corrected, dismissed, another component shown) is skipped there.
    static SHOWN: std::cell::RefCell<std::collections::BTreeMap<String, String>> = Default::default();
}

/// The refusals shown under their fields as [`leave`] is called, told by one toast if the
/// leaving takes their messages away: the form goes (another side-panel tab opened — its
/// button, the totals bar's figures, a finding's link —, Present, nothing selected), or shows
/// another component (whose message is not this one). What the leaving changes is drawn by
/// the effects of the reactive updates it starts, so the fields are looked at again in a task
/// of their own, after those. Each refusal is told once (taken from [`SHOWN`]); the texts are
/// joined as sentences (QA s28 F6: "…between 1 and 2 AZs Memory of “X”…" ran together).
/// A field shows its message while its input is `aria-invalid` ([`field_error`]).
fn tell_refusals_taken(app: &crate::state::AppState) {
    let shows = |id: &str| document().get_element_by_id(id).is_some_and(|e| e.get_attribute("aria-invalid").as_deref() == Some("true"));
    // Only what shows now is watched. Nothing is dropped here: a second leave in the same task
    // (the form's own cleanup, as the tab's switch drops it) finds the fields already gone, and
    // dropping their entries then lost the refusals the first one watches. An entry whose
    // message went before (corrected, dismissed) is never watched again; a new refusal in its
    // field replaces it.
    let mut watched: Vec<String> = SHOWN.with(|s| s.borrow().keys().filter(|id| shows(id)).cloned().collect());
    // Told in the form's order: the inputs' ids are numbered as the form builds them
    // (`input_id`), "prop-9" before "prop-10".
    cloudwright_engine::order::sort_by_key(&mut watched, |id| id.rsplit('-').next().and_then(|n| n.parse::<u64>().ok()));
    if watched.is_empty() {
        return;
    }
    let app = *app;
    set_timeout(
        move || {
            let texts: Vec<String> = SHOWN.with(|s| {
                let mut s = s.borrow_mut();
                watched.iter().filter(|id| !shows(id)).filter_map(|id| s.remove(id)).collect()
            });
            if !texts.is_empty() {
                app.error_at(cloudwright_engine::text::sentences(&texts), None);
            }
        },
        std::time::Duration::ZERO,
    );
}

/// Undo keys and Escape in an inspector text field. The browser's own text undo knows nothing
/// of the values the app writes into the field (a refill after an undo, another component
/// shown), so it rebuilt strings nobody typed and the focus leaving committed them (QA s19:
/// Ctrl+Z turned 600 into 6,001,000). Here the field is in one of two states:
/// - something typed and not committed (the input differs from `committed`): Ctrl+Z and
///   Escape put the committed value back, as if nothing had been typed;
/// - nothing pending: Ctrl+Z and Ctrl+Shift+Z / Ctrl+Y are the design's undo and redo, as
///   outside the field. The field lets the focus go first: a value written into a focused
///   field would fire a `change` on the next blur, an edit nobody made, wiping the redo.
/// Returns whether the key was taken (its default is then prevented).
fn field_keys(app: &crate::state::AppState, e: &ev::KeyboardEvent, committed: &str) -> bool {
    let ctrl = e.ctrl_key() || e.meta_key();
    let key = e.key();
    let undo = ctrl && !e.shift_key() && key.eq_ignore_ascii_case("z");
    let redo = ctrl && ((e.shift_key() && key.eq_ignore_ascii_case("z")) || key.eq_ignore_ascii_case("y"));
    let escape = key == "Escape";
    if !(undo || redo || escape) {
        return false;
    }
    let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return false };
    e.prevent_default();
    if input.value() != committed {
        if undo || escape {
            input.set_value(committed);
        }
        return true;
    }
    if escape {
        // Nothing typed: Escape leaves the field (keys reach the canvas again).
        let _ = input.blur();
        return true;
    }
    let _ = input.blur();
    if undo {
        app.undo();
    } else {
        app.redo();
    }
    true
}

/// The limits the rest of the design sets on a value: a minimum's maximum and the reverse
/// (`model::min_max`), and the AZs the design lets a component enable (`az_count`:
/// [`cloudwright_engine::az_choice`]). Read in place.
fn design_limit(d: &Design, spec: &PropSpec, node: &NodeId, v: &Value) -> Result<(), String> {
    let (Some(n), Some(x)) = (d.nodes.get(node), v.as_f64()) else { return Ok(()) };
    // A minimum above its maximum (or the reverse) is refused as AWS refuses it (QA s23 #7).
    cloudwright_engine::model::min_max::check(d, n, spec.key, x)?;
    if spec.key != "az_count" {
        return Ok(());
    }
    az_choice::check(d, n, x)
}

/// The field's hint: for an AZ count, the AZs the design allows (its subnets, its VPC's
/// AZs); else the catalog's range and default.
fn field_hint(d: &Design, spec: &PropSpec, node: &NodeId) -> String {
    let Some(n) = (spec.key == "az_count").then(|| d.nodes.get(node)).flatten() else { return range_hint(spec) };
    match (az_choice::az_choice(d, n), az_choice::hint(d, n)) {
        // Placed per AZ: the count is what it is, no default applies.
        (az_choice::AzChoice::Placed { .. }, Some(h)) => h,
        // A default the VPC cannot give is no choice: "1 AZ (the only AZ of …), default 2"
        // read as a contradiction (QA s23 #14).
        (az_choice::AzChoice::UpTo { azs, .. }, Some(h)) if matches!(spec.default.to_value(), Value::Number(x) if x > azs as f64) => h,
        (_, Some(h)) => format!("{h}, default {}", shown_default(spec)),
        (_, None) => range_hint(spec),
    }
}

/// Whether a field's label is followed by its unit: not when the label already says it
/// ("AZs enabled", unit AZs, read "AZs enabled (AZs)": QA s23 #14).
fn shows_unit(label: &str, unit: &str) -> bool {
    !unit.is_empty() && !label.to_lowercase().split_whitespace().any(|w| w == unit.to_lowercase())
}

/// Parses what the user typed into the value the property's type wants.
fn parse_input(spec: &PropSpec, raw: &str) -> Result<Value, String> {
    match spec.ty {
        PropType::Number { .. } | PropType::Integer { .. } => {
            // Grouped thousands and multipliers, as the app writes figures ("31,536,000", "30M").
            cloudwright_engine::units::parse_amount(raw, spec.unit).map(Value::Number)
        }
        PropType::List => Ok(Value::List(raw.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())),
        PropType::Bool => Ok(Value::Bool(raw == "true")),
        _ => Ok(Value::Text(raw.to_string())),
    }
}

/// A value as a text input holds it (a list comma-separated). A component's number field
/// writes its numbers with [`field_text`].
fn show(v: &Value) -> String {
    match v {
        Value::List(l) => l.join(", "),
        other => other.to_string(),
    }
}

/// A property's value as its field shows it: a number as the app writes figures, by the one
/// formatter (`PropSpec::figure`: "30,000,000", a port as written), which `parse_input`
/// reads back to the same value (catalog test `every_number_field_reads_back_what_it_shows`):
/// a field the focus leaves untouched changes nothing.
fn field_text(spec: &PropSpec, v: &Value) -> String {
    match v {
        Value::Number(x) => spec.figure(*x),
        other => show(other),
    }
}

/// A property's default as a hint reads it: a number grouped by the one formatter
/// (`PropSpec::figure`: "default 1,000,000", a port as written), anything else as shown.
fn shown_default(spec: &PropSpec) -> String {
    match spec.default.to_value() {
        Value::Number(x) => spec.figure(x),
        v => show(&v),
    }
}

/// The range hint of a connection field, from its spec.
fn conn_hint(key: &str) -> String {
    let Some(f) = fields::find(fields::CONNECTION, key) else { return String::new() };
    match f.spec.ty {
        PropType::Number { min, max } | PropType::Integer { min, max } => {
            let unit = if f.spec.unit.is_empty() { String::new() } else { format!(" {}", f.spec.unit) };
            format!("{} – {}{unit}; empty = not set", f.spec.figure(min), f.spec.figure(max))
        }
        _ => String::new(),
    }
}

fn range_hint(spec: &PropSpec) -> String {
    let unit = if spec.unit.is_empty() { String::new() } else { format!(" {}", spec.unit) };
    match spec.ty {
        PropType::Number { min, max } | PropType::Integer { min, max } => format!("{} – {}{unit}, default {}", spec.figure(min), spec.figure(max), shown_default(spec)),
        _ => format!("default {}", shown_default(spec)),
    }
}

/// The selected component's fields. `id` changes when another component is selected: the
/// fields stay and show its values; they are built again only for another kind.
#[component]
fn NodeInspector(id: Memo<NodeId>) -> impl IntoView {
    let app = use_app();
    // A component an edit removed keeps its form (its fields show no value) until the
    // inspector follows the selection, in the next frame's callback (`Inspector`'s `sel`): the
    // form is dropped then, with the rest of the swap, not in the edit's task.
    let kind = Memo::new(move |prev: Option<&Option<String>>| {
        id.with(|id| app.design.with(|d| d.nodes.get(id).map(|n| n.kind.clone()))).or_else(|| prev.cloned().flatten())
    });
    let label = Memo::new(move |_| id.with(|id| app.design.with(|d| d.nodes.get(id).map(|n| n.label.clone()).unwrap_or_default())));
    let target = EditTarget::new(app, id);
    move || {
        // The form is built for one kind; another kind shown (a drop, a paste, an undo of
        // another kind selected) builds another, and the framework disposes of this one
        // (its fields' Memos, their handlers) before the new one is built, reusing the same
        // inputs in place. A field still focused then fired its `change` into disposed Memos
        // (a panic, the value lost), or named the old component "undefined", or the focus
        // stayed in the input that became the new form's field (QA s20, s21-inspector). Its
        // cleanup runs first, while this form's values are still alive: the focus leaves and
        // the value typed is committed to the component it was typed for. Untracked: the
        // commit's reads must not subscribe the form to them.
        Owner::on_cleanup(move || untrack(|| leave(&app)));
        let kind = kind.get()?;
        let spec = catalog::kind(&kind)?;
        Some(view! {
            <div class="inspector" data-node=move || id.get().to_string()>
                <div class="inspector-head">
                    <img src=format!("icons/{}", spec.icon) alt="" width="32" height="32"/>
                    <div>
                        <div class="kind-name">{spec.name}</div>
                        <div class="muted small">{spec.summary}</div>
                    </div>
                </div>
                <label class="field">
                    <span class="field-label">"Label"</span>
                    <input type="text" prop:value=move || { id.track(); label.get() }
                        on:focus=move |_| target.hold()
                        on:blur=move |_| target.release()
                        on:keydown=move |e| { field_keys(&app, &e, &label.get_untracked()); }
                        on:change=move |e| {
                            let v = event_target_value(&e);
                            let Some(id) = target.take(&v, || label.get_untracked()) else { return };
                            // An emptied label keeps the old one (as renaming in place does): a
                            // container without a label has nothing left to double-click.
                            if v.trim().is_empty() {
                                event_target::<web_sys::HtmlInputElement>(&e).set_value(&label.get_untracked());
                                app.error_at("A label cannot be empty: the old one is kept.", None);
                                return;
                            }
                            // Read in place: a copy of a large design costs more than the edit.
                            let edit = app.design.with_untracked(|d| Edit::set_label(d, &id, &v));
                            app.apply(edit);
                        }/>
                </label>
                // A label another node has too: allowed, but findings, the bill and Compare then
                // name two things alike (QA s24 #4); the hint says so and offers a free name.
                {
                    // A memo: the text changes with labels, not with every move of a drag.
                    let same = Memo::new(move |_| {
                        let id = id.get();
                        app.design.with(|d| {
                            let other = defaults::same_label(d, &id).next()?;
                            let kind = catalog::kind(&other.kind).map_or(other.kind.as_str(), |k| k.name);
                            let free = defaults::free_label(d, &id)?;
                            Some(format!("Another component ({kind}) is also called “{}”: findings, the bill and Compare cannot tell them apart. “{free}” is free.", other.label))
                        })
                    });
                    move || same.get().map(|t| view! { <p class="same-label" role="note">{t}</p> })
                }
                <SpanField id=id/>
                // Its findings, linked to the findings panel (issue 14).
                {move || view! { <crate::findings_link::NodeFindings id=id.get()/> }}
                {spec.props.iter().map(|p| view! { <PropField id=id spec=p/> }).collect_view()}
                <p class="muted small">"Source: " {cloudwright_engine::source::in_words(spec.source)}</p>
            </div>
        })
    }
}

/// A fresh element id (`prefix-N`), for an input a message points at and for the message.
fn input_id(prefix: &str) -> String {
    thread_local!(static NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) });
    format!("{prefix}-{}", NEXT.with(|n| { n.set(n.get() + 1); n.get() }))
}

/// A refused value's message under its field, and a button that dismisses it. The field
/// already shows the value in force (a refusal keeps it): the message only says why what was
/// typed was not taken. Typing, Escape, an undo or another component take it away, but on a
/// fresh design the toolbar's Undo is disabled and nothing a user would try near the field
/// did (QA s23 second pass). The button sits beside the message, not in it: the message's
/// text stays the message. `input`: the id of the input it is about (`input_id`), or None for
/// a message about a group of inputs (the AZ rows of `SpanField`), which marks none.
fn field_error(text: String, input: Option<String>, dismiss: impl Fn() + 'static) -> impl IntoView {
    // The input it is about is marked invalid and described by it for assistive technology
    // (`aria-invalid`, `aria-describedby`), while it is shown (QA s26 P-3a: the red border and
    // the message were for the eye only). Found by its id, passed by its form: exact, where
    // the first input of the enclosing `.field` would mark the wrong one of two.
    let msg_id = input_id("field-error");
    let input2 = input.clone();
    let row: NodeRef<leptos::html::Span> = NodeRef::new();
    let marked: StoredValue<Option<web_sys::Element>, LocalStorage> = StoredValue::new_local(None);
    let id_mark = msg_id.clone();
    Effect::new(move |_| {
        if row.get().is_none() {
            return;
        }
        let field = input.as_deref().and_then(|id| document().get_element_by_id(id));
        if let Some(f) = &field {
            let _ = f.set_attribute("aria-invalid", "true");
            let _ = f.set_attribute("aria-describedby", &id_mark);
        }
        marked.set_value(field);
    });
    on_cleanup(move || {
        if let Some(f) = marked.try_get_value().flatten() {
            let _ = f.remove_attribute("aria-invalid");
            let _ = f.remove_attribute("aria-describedby");
        }
    });
    view! {
        <span class="field-error-row" node_ref=row>
            <span class="field-error" role="alert" id=msg_id>{text}</span>
            <button type="button" class="field-error-close" title="Dismiss" aria-label="Dismiss the message"
                on:click=move |e| {
                    e.prevent_default();
                    // Focus goes back to the field, not to the page (QA s24 new problem 2: the
                    // button goes with the message, and focus fell to <body>).
                    let field = input2.as_deref().and_then(|id| document().get_element_by_id(id)).and_then(|i| i.dyn_into::<web_sys::HtmlElement>().ok());
                    dismiss();
                    if let Some(f) = field {
                        let _ = f.focus();
                    }
                }>"×"</button>
        </span>
    }
}

#[component]
fn PropField(id: Memo<NodeId>, spec: &'static PropSpec) -> impl IntoView {
    let app = use_app();
    // A refusal, for the component it was about (another one selected: not shown).
    let error: RwSignal<Option<(NodeId, String)>> = RwSignal::new(None);
    let shown_error = move || error.with(|e| e.as_ref().filter(|(n, _)| id.with(|id| id == n)).map(|(_, m)| m.clone()));
    // A refusal is about what was typed then: another component shown, the field typed in
    // again, or its Escape/undo keys put the value back — it goes (QA s21 #2: an error stayed
    // under a field whose value had long been corrected, and came back with its component).
    Effect::watch(move || id.get(), move |_, _, _| error.set(None), false);
    // An undo or redo from anywhere (the toolbar's buttons too) puts values back: the field
    // already shows the value in force (a refusal keeps it), so only the error goes.
    Effect::watch(move || app.history_moves.get(), move |_, _, _| error.set(None), false);
    let clear_error = move || {
        if error.with_untracked(|e| e.is_some()) {
            error.set(None);
        }
    };
    // The value in force (set, or the catalog default) and whether it was set.
    let current = Memo::new(move |_| {
        id.with(|id| {
            app.design.with(|d| {
                let n = d.nodes.get(id)?;
                // A component placed in one subnet per AZ (or in a single subnet) is enabled in
                // those AZs: the field shows that count, not a stored one nothing reads (qa24
                // #2; s20: one subnet is one AZ, not the default 2).
                if spec.key == "az_count" {
                    if let az_choice::AzChoice::Placed { subnets } = az_choice::az_choice(d, n) {
                        return Some((Value::Number(subnets as f64), n.props.contains_key(spec.key)));
                    }
                }
                Some((n.props.get(spec.key).cloned().unwrap_or_else(|| spec.default.to_value()), n.props.contains_key(spec.key)))
            })
        })
    });
    let target = EditTarget::new(app, id);
    let numeric = matches!(spec.ty, PropType::Number { .. } | PropType::Integer { .. });
    // The value in force as the field writes it: what a refill shows, what undo keys put back.
    let shown = move || current.get_untracked().map(|(v, _)| field_text(spec, &v)).unwrap_or_default();
    let field_id = input_id("prop");
    let commit_id = field_id.clone();
    let commit = move |raw: String, input: Option<web_sys::HtmlInputElement>| {
        let Some(node) = target.take(&raw, shown) else { return };
        // An emptied number field goes back to the catalog default: the property is removed
        // (one undo step), and the field shows the default its hint names (s21-inspector #4:
        // an empty field was refused, and a value once set could not be unset).
        if numeric && raw.trim().is_empty() {
            error.set(None);
            let edit = app.design.with_untracked(|d| d.nodes.get(&node).is_some_and(|n| n.props.contains_key(spec.key)).then(|| Edit::set_prop(d, &node, spec.key, None)));
            if let Some(edit) = edit {
                app.apply(edit);
            }
            if let Some(el) = input {
                el.set_value(&shown());
            }
            return;
        }
        // The type and range, then (for a field naming priced types) that the price book knows
        // each value: a mistyped instance type is refused here, not priced as another (qa24 #1).
        // An AZ count, last: the AZs the design can give it (its subnets, its VPC's AZs; qa24 #2).
        // The AZ limit first: "between 1 and 3 AZs: the VPC has 3" says more than the
        // catalog's 1 – 6 (qa25 #3).
        let result = parse_input(spec, &raw).and_then(|v| {
            app.design.with_untracked(|d| design_limit(d, spec, &node, &v))
                .and_then(|_| spec.validate(&v))
                .and_then(|_| spec.check_known(&v))
                .map(|_| v)
                .map_err(|e| format!("{} {e}", spec.label))
        });
        match result {
            Ok(v) => {
                error.set(None);
                // Read in place: a copy of a large design costs more than the edit.
                let edit = app.design.with_untracked(|d| {
                    (d.nodes.get(&node).and_then(|n| n.props.get(spec.key)) != Some(&v)).then(|| match &v {
                        // A Region drawn in another region: the labels that name the old one follow.
                        Value::Text(code) if spec.key == "code" && d.nodes.get(&node).is_some_and(|n| n.kind == "region") => home_region::set_code(d, &node, code),
                        _ => Edit::set_prop(d, &node, spec.key, Some(v)),
                    })
                });
                if let Some(edit) = edit {
                    app.apply(edit);
                }
                // What was typed is written back as the app writes the value ("3e7" and
                // "30000000" read "30,000,000"), also when the value did not change (no
                // refill then) — unless another component is shown by now.
                if let Some(el) = input.filter(|_| target.shown.get_untracked() == node) {
                    el.set_value(&shown());
                }
            }
            Err(msg) => {
                let subject = app.design.with_untracked(|d| d.nodes.get(&node).map(|n| n.label.clone()).unwrap_or_default());
                refused_on_leave(&app, spec.label, &subject, &msg, &commit_id);
                error.set(Some((node, msg)));
                // Keep the previous value in the field.
                if let Some(el) = input {
                    el.set_value(&shown());
                }
            }
        }
    };
    let input_view = match spec.ty {
        PropType::Bool => {
            let c = commit.clone();
            view! {
                <input type="checkbox" id=field_id.clone() prop:checked=move || current.get().and_then(|(v, _)| v.as_bool()).unwrap_or(false)
                    on:focus=move |_| target.hold()
                        on:blur=move |_| target.release()
                    on:change=move |e| c(if event_target_checked(&e) { "true".into() } else { "false".into() }, None)/>
            }
            .into_any()
        }
        PropType::Choice { options } => {
            let c = commit.clone();
            view! {
                <select id=field_id.clone() prop:value=move || { id.track(); current.get().map(|(v, _)| show(&v)).unwrap_or_default() }
                    on:focus=move |_| target.hold()
                        on:blur=move |_| target.release()
                    on:change=move |e| c(event_target_value(&e), None)>
                    {options.iter().map(|o| view! { <option value=*o>{*o}</option> }).collect_view()}
                </select>
            }
            .into_any()
        }
        _ => {
            let c = commit.clone();
            // An AZ count its placement sets (one subnet per AZ) cannot be typed: the field
            // shows it read-only, the hint says where it comes from (qa25 #3: an editable field
            // that refuses every other value read as a bug).
            let placed = move || {
                spec.key == "az_count"
                    && id.with(|id| app.design.with(|d| d.nodes.get(id).is_some_and(|n| matches!(az_choice::az_choice(d, n), az_choice::AzChoice::Placed { .. }))))
            };
            // A value typed equal to the one shown (the catalog default of an unset field)
            // fires no `change`: it is committed on Enter or on leaving the field, so it is
            // set, the user's (QA s36 F8: ALB "AZs enabled" 2 typed stayed "(2, assumed)").
            let typed = StoredValue::new(false);
            let (c2, c3) = (commit.clone(), commit.clone());
            let same_typed = move |el: &web_sys::HtmlInputElement| typed.get_value() && el.value() == shown();
            view! {
                <input type="text" id=field_id.clone() inputmode=if numeric { "decimal" } else { "text" } readonly=placed
                    prop:value=move || { id.track(); current.get().map(|(v, _)| field_text(spec, &v)).unwrap_or_default() }
                    on:focus=move |_| { typed.set_value(false); target.hold() }
                        on:blur=move |e: ev::FocusEvent| {
                            let el: web_sys::HtmlInputElement = event_target(&e);
                            if same_typed(&el) {
                                typed.set_value(false);
                                c3(el.value(), Some(el));
                            }
                            target.release()
                        }
                    on:keydown=move |e: ev::KeyboardEvent| {
                        if e.key() == "Enter" {
                            let el: web_sys::HtmlInputElement = event_target(&e);
                            if same_typed(&el) {
                                typed.set_value(false);
                                c2(el.value(), Some(el));
                            }
                        }
                        // Escape, Ctrl+Z and Ctrl+Y take back what was typed (or leave the
                        // field, whose blur must then commit nothing): forgotten first, before
                        // `field_keys` blurs (review s54 R3: type, Escape, leave set the default).
                        let ctrl = e.ctrl_key() || e.meta_key();
                        if e.key() == "Escape" || (ctrl && (e.key().eq_ignore_ascii_case("z") || e.key().eq_ignore_ascii_case("y"))) {
                            typed.set_value(false);
                        }
                        if field_keys(&app, &e, &shown()) { clear_error(); }
                    }
                    on:input=move |_| { typed.set_value(true); clear_error() }
                    on:change=move |e: ev::Event| {
                        typed.set_value(false);
                        let el: web_sys::HtmlInputElement = event_target(&e);
                        c(el.value(), Some(el));
                    }/>
            }
            .into_any()
        }
    };
    view! {
        <label class="field" class:invalid=move || shown_error().is_some() data-prop=spec.key>
            <span class="field-label">{spec.label} {shows_unit(spec.label, spec.unit).then(|| view! { <span class="unit">" (" {spec.unit} ")"</span> })}</span>
            {input_view}
            // Reads the design only for an AZ count (other fields' hints never change).
            <span class="hint">{move || if spec.key == "az_count" { id.with(|id| app.design.with(|d| field_hint(d, spec, id))) } else { range_hint(spec) }}</span>
            {move || shown_error().map(|e| field_error(e, Some(field_id.clone()), move || error.set(None)))}
        </label>
    }
}

#[component]
fn ConnectionInspector(id: cloudwright_engine::ConnId) -> impl IntoView {
    let app = use_app();
    let id2 = id.clone();
    let conn = Memo::new(move |_| app.design.with(|d| d.connections.get(&id2).cloned()));
    // A refusal and the field it is for (`data-field`): shown under that field, which shows
    // the value in force and a red border, as the component's fields do (QA s24 new problem
    // 3: the message sat at the bottom of the form, named no field, and the field kept the
    // refused text).
    // One per field, as the component's form keeps one per field (QA s25 #6: a second
    // refusal took the first field's message and red border away).
    let error: RwSignal<std::collections::BTreeMap<&'static str, String>> = RwSignal::new(Default::default());
    let clear = move |key: &'static str| {
        if error.with_untracked(|e| e.contains_key(key)) {
            error.update(|e| {
                e.remove(key);
            });
        }
    };
    Effect::watch(move || app.history_moves.get(), move |_, _, _| error.update(|e| e.clear()), false);
    // Each field's input id, for its message's `aria-describedby`: `conn-N-<key>`.
    let form_id = StoredValue::new(input_id("conn"));
    let conn_input = move |key: &str| form_id.with_value(|f| format!("{f}-{key}"));
    let update = move |key: &'static str, el: Option<web_sys::HtmlInputElement>, shown: &str, f: &dyn Fn(&mut Connection) -> Result<(), String>| {
        let Some(before) = conn.get_untracked() else { return };
        let mut after = before.clone();
        let ends = (before.from.clone(), before.to.clone());
        let refused = |e: Option<String>| {
            match e {
                Some(e) => {
                    let field = fields::find(fields::CONNECTION, key).map_or(key, |f| f.spec.label);
                    let subject = app.design.with_untracked(|d| {
                        let label = |id| d.nodes.get(id).map(|n| n.label.clone()).unwrap_or_default();
                        format!("{} \u{2192} {}", label(&ends.0), label(&ends.1))
                    });
                    refused_on_leave(&app, field, &subject, &e, &conn_input(key));
                    error.update(|m| {
                        m.insert(key, e);
                    })
                }
                None => clear(key),
            }
            if let Some(el) = &el {
                el.set_value(shown);
            }
        };
        match f(&mut after) {
            Ok(()) if after != before => {
                clear(key);
                if !app.apply(Edit::UpdateConnection { before, after }) {
                    refused(app.toast.get_untracked().map(|t| t.text));
                }
            }
            Ok(()) => {}
            Err(e) => refused(Some(e)),
        }
    };
    let invalid = move |key: &'static str| error.with(|e| e.contains_key(key));
    let error_at = move |key: &'static str| move || error.with(|e| e.get(key).cloned()).map(|e| field_error(e, Some(conn_input(key)), move || clear(key)));
    // A number typed into a field, checked against the connection field's spec (the one
    // the file validator and the edits use); empty = not set.
    let typed = |key: &str, s: &str| -> Result<Option<f64>, String> {
        let s = s.trim().trim_end_matches('%');
        if s.is_empty() {
            return Ok(None);
        }
        let v = cloudwright_engine::units::parse_amount(s, "")?;
        let f = fields::find(fields::CONNECTION, key).expect("a connection field");
        if key == "share" {
            // Typed in percent, stored as a fraction.
            return fields::check_json(f, &serde_json::json!(v / 100.0))
                .map(|_| Some(v / 100.0))
                .map_err(|_| format!("{} must be between 0 and 100 %; got {s}", f.spec.label));
        }
        fields::check_json(f, &serde_json::json!(v)).map(|_| Some(v))
    };
    move || {
        let c = conn.get()?;
        let (from, to) = app.design.with_untracked(|d| {
            (d.nodes.get(&c.from).map(|n| n.label.clone()).unwrap_or_default(), d.nodes.get(&c.to).map(|n| n.label.clone()).unwrap_or_default())
        });
        let u1 = update.clone();
        let u2 = update.clone();
        let u3 = update.clone();
        let u4 = update.clone();
        let u5 = update.clone();
        let u6 = update.clone();
        // Each field's value as shown: what it holds and what its undo keys put back.
        let share_s = c.share.map(|s| format!("{}", (s * 1000.0).round() / 10.0)).unwrap_or_default();
        let payload_s = c.payload_kb.map(|p| p.to_string()).unwrap_or_default();
        let timeout_s = c.timeout_ms.map(|p| p.to_string()).unwrap_or_default();
        let retries_s = c.retries.map(|r| r.to_string()).unwrap_or_default();
        // A refusal goes once the field is typed in again or its keys put the value back
        // (QA s21 #2), as in the component's form.
        let keys = |key: &'static str, shown: &String| {
            let shown = shown.clone();
            move |e: ev::KeyboardEvent| {
                if field_keys(&app, &e, &shown) {
                    clear(key);
                }
            }
        };
        Some(view! {
            <div class="inspector" on:input=move |e: ev::Event| {
                // Typing in a field takes its own message away, not the others'.
                let field = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|t| t.closest(".field").ok().flatten()).and_then(|f| f.get_attribute("data-field"));
                if let Some(f) = field {
                    let key = error.with_untracked(|m| m.keys().copied().find(|k| *k == f));
                    if let Some(k) = key {
                        clear(k);
                    }
                }
            }>
                <h2>"Connection"</h2>
                <p>{from} " → " {to}</p>
                <label class="field" class:invalid=move || invalid("kind") data-field="kind"><span class="field-label">"Meaning"</span>
                    <select id=conn_input("kind") prop:value=c.kind.name() on:change=move |e| {
                        let v = event_target_value(&e);
                        u1("kind", None, "", &|c: &mut Connection| { c.kind = ConnKind::ALL.into_iter().find(|k| k.name() == v).ok_or("unknown kind")?; Ok(()) })
                    }>
                        {ConnKind::ALL.iter().map(|k| view! { <option value=k.name()>{k.describe()}</option> }).collect_view()}
                    </select>
                    {error_at("kind")}
                </label>
                <label class="field" class:invalid=move || invalid("share") data-field="share"><span class="field-label">"Share of the source's traffic (%)"</span>
                    <input type="text" id=conn_input("share") placeholder="split evenly" prop:value=share_s.clone() on:keydown=keys("share", &share_s)
                        on:change={ let s = share_s.clone(); move |e: ev::Event| { let el: web_sys::HtmlInputElement = event_target(&e); let v = el.value(); u2("share", Some(el), &s, &|c: &mut Connection| { c.share = typed("share", &v)?; Ok(()) }) } }/>
                    <span class="hint">"0 – 100 %, empty = split evenly with its siblings"</span>
                    {error_at("share")}
                </label>
                <label class="field" class:invalid=move || invalid("payload_kb") data-field="payload_kb"><span class="field-label">"Payload override (KB)"</span>
                    <input type="text" id=conn_input("payload_kb") placeholder="workload default" prop:value=payload_s.clone() on:keydown=keys("payload_kb", &payload_s)
                        on:change={ let s = payload_s.clone(); move |e: ev::Event| { let el: web_sys::HtmlInputElement = event_target(&e); let v = el.value(); u3("payload_kb", Some(el), &s, &|c: &mut Connection| { c.payload_kb = typed("payload_kb", &v)?; Ok(()) }) } }/>
                    <span class="hint">{conn_hint("payload_kb")}</span>
                    {error_at("payload_kb")}
                </label>
                <label class="field" class:invalid=move || invalid("timeout_ms") data-field="timeout_ms"><span class="field-label">"Timeout (ms)"</span>
                    <input type="text" id=conn_input("timeout_ms") placeholder="none" prop:value=timeout_s.clone() on:keydown=keys("timeout_ms", &timeout_s)
                        on:change={ let s = timeout_s.clone(); move |e: ev::Event| { let el: web_sys::HtmlInputElement = event_target(&e); let v = el.value(); u4("timeout_ms", Some(el), &s, &|c: &mut Connection| { c.timeout_ms = typed("timeout_ms", &v)?; Ok(()) }) } }/>
                    <span class="hint">{conn_hint("timeout_ms")}</span>
                    {error_at("timeout_ms")}
                </label>
                <label class="field" class:invalid=move || invalid("retries") data-field="retries"><span class="field-label">"Retries"</span>
                    <input type="text" id=conn_input("retries") placeholder="none" prop:value=retries_s.clone() on:keydown=keys("retries", &retries_s)
                        on:change={ let s = retries_s.clone(); move |e: ev::Event| { let el: web_sys::HtmlInputElement = event_target(&e); let v = el.value(); u6("retries", Some(el), &s, &|c: &mut Connection| { c.retries = typed("retries", &v)?.map(|r| r as u32); Ok(()) }) } }/>
                    <span class="hint">{conn_hint("retries")}</span>
                    {error_at("retries")}
                </label>
                <label class="field checkbox" class:invalid=move || invalid("circuit_breaker") data-field="circuit_breaker"><input type="checkbox" id=conn_input("circuit_breaker") prop:checked=c.circuit_breaker
                    on:change=move |e| { let v = event_target_checked(&e); u5("circuit_breaker", None, "", &|c: &mut Connection| { c.circuit_breaker = v; Ok(()) }) }/>
                    <span>"Circuit breaker"</span>
                    {error_at("circuit_breaker")}
                </label>
                <button class="danger" on:click=move |_| crate::actions::delete_selection(&app)>"Delete connection"</button>
            </div>
        })
    }
}

#[component]
fn DesignInspector() -> impl IntoView {
    let app = use_app();
    let w = Memo::new(move |_| app.design.with(|d| d.workload.clone()));
    let name = Memo::new(move |_| app.design.with(|d| d.name.clone()));
    let set_w = move |f: &dyn Fn(&mut cloudwright_engine::Workload)| {
        let before = w.get_untracked();
        let mut after = before.clone();
        f(&mut after);
        if after != before {
            app.apply(Edit::SetWorkload { before, after });
        }
    };
    // A workload number, checked by its spec in `model::fields` (the file validator's too).
    let num_field = move |key: &'static str, get: fn(&cloudwright_engine::Workload) -> f64, set: fn(&mut cloudwright_engine::Workload, f64)| {
        let f = fields::find(fields::WORKLOAD, key).expect("a workload field");
        let (label, unit) = (f.spec.label, f.spec.unit);
        let err = RwSignal::new(None::<String>);
        Effect::watch(move || app.history_moves.get(), move |_, _, _| err.set(None), false);
        let field_id = input_id("workload");
        view! {
            <label class="field" class:invalid=move || err.with(|e| e.is_some()) data-field=key>
                <span class="field-label">{label} <span class="unit">" (" {unit} ")"</span></span>
                <input type="text" id=field_id.clone() prop:value=move || get(&w.get()).to_string()
                    on:keydown=move |e| { if field_keys(&app, &e, &get(&w.get_untracked()).to_string()) { err.set(None); } }
                    on:input=move |_| if err.with_untracked(|e| e.is_some()) { err.set(None) }
                    on:change=move |e: ev::Event| {
                    let el: web_sys::HtmlInputElement = event_target(&e);
                    let typed = el.value();
                    let checked = cloudwright_engine::units::parse_amount(&typed, unit).map_err(|e| format!("{label}: {e}")).and_then(|v| fields::check_json(f, &serde_json::json!(v)).map(|_| v));
                    match checked {
                        Ok(v) => { err.set(None); set_w(&|w| set(w, v)); }
                        Err(m) => { err.set(Some(m)); el.set_value(&get(&w.get_untracked()).to_string()); }
                    }
                }/>
                <span class="hint">{range_hint(&f.spec)}</span>
                {move || err.get().map(|e| field_error(e, Some(field_id.clone()), move || err.set(None)))}
            </label>
        }
    };
    let region = Memo::new(move |_| app.design.with(|d| d.region.clone()));
    let name_err = RwSignal::new(None::<String>);
    Effect::watch(move || app.history_moves.get(), move |_, _, _| name_err.set(None), false);
    view! {
        <div class="inspector">
            <h2>"Design"</h2>
            <label class="field" data-field="name"><span class="field-label">"Name"</span>
                <input type="text" id="design-name-field" prop:value=move || name.get()
                    on:input=move |_| if name_err.with_untracked(|e| e.is_some()) { name_err.set(None) }
                    on:change=move |e| {
                    let v = event_target_value(&e);
                    let before = name.get_untracked();
                    // A blank name or one with invisible controls is refused here, with why;
                    // the rename edit itself takes any text so every rename can be undone.
                    match fields::check_design_name(&v) {
                        Err(why) => name_err.set(Some(why)),
                        Ok(()) => {
                            name_err.set(None);
                            if v != before { app.apply(Edit::Rename { before, after: v }); }
                        }
                    }
                }/>
                {move || name_err.get().map(|e| field_error(e, Some("design-name-field".into()), move || name_err.set(None)))}
            </label>
            <label class="field" data-field="region"><span class="field-label">"Home region"</span>
                <select prop:value=move || region.get() on:change=move |e| {
                    let after = event_target_value(&e);
                    // The Regions drawn in the home region move with it, as a scenario's do.
                    if let Some(edit) = app.design.with_untracked(|d| home_region::move_to(d, &after)) { app.apply(edit); }
                }>
                    {REGION_CODES.iter().map(|r| view! { <option value=*r>{*r}</option> }).collect_view()}
                </select>
                {move || app.design.with(home_region::hint).map(|h| view! { <span class="hint" id="home-region-hint">{h}</span> })}
            </label>
            <h2>"Workload"</h2>
            {num_field("request_kb", |w| w.request_kb, |w, v| w.request_kb = v)}
            {num_field("response_kb", |w| w.response_kb, |w, v| w.response_kb = v)}
            {num_field("peak_to_average", |w| w.peak_to_average, |w, v| w.peak_to_average = v)}
            {num_field("growth_pct_per_month", |w| w.growth_pct_per_month, |w, v| w.growth_pct_per_month = v)}
            {num_field("team_size", |w| w.team_size as f64, |w, v| w.team_size = v as u32)}
            <label class="field"><span class="field-label">"Pricing"</span>
                <select prop:value=move || format!("{:?}", w.get().pricing) on:change=move |e| {
                    let v = event_target_value(&e);
                    let p = match v.as_str() { "SavingsPlan1y" => PricingModel::SavingsPlan1y, "SavingsPlan3y" => PricingModel::SavingsPlan3y, _ => PricingModel::OnDemand };
                    set_w(&|w| w.pricing = p);
                }>
                    <option value="OnDemand">"On-Demand"</option>
                    <option value="SavingsPlan1y">"Savings Plan, 1 year"</option>
                    <option value="SavingsPlan3y">"Savings Plan, 3 years"</option>
                </select>
            </label>
            <label class="field checkbox"><input type="checkbox" prop:checked=move || w.get().free_tier on:change=move |e| { let v = event_target_checked(&e); set_w(&|w| w.free_tier = v) }/><span>"Apply the free tier"</span></label>
            <label class="field checkbox"><input type="checkbox" prop:checked=move || w.get().critical on:change=move |e| { let v = event_target_checked(&e); set_w(&|w| w.critical = v) }/><span>"Business-critical (a regional outage is not acceptable)"</span></label>
            <label class="field checkbox"><input type="checkbox" prop:checked=move || w.get().team_kubernetes_experience on:change=move |e| { let v = event_target_checked(&e); set_w(&|w| w.team_kubernetes_experience = v) }/><span>"Team knows Kubernetes"</span></label>
            <label class="field checkbox"><input type="checkbox" prop:checked=move || w.get().needs_portability on:change=move |e| { let v = event_target_checked(&e); set_w(&|w| w.needs_portability = v) }/><span>"Needs portability / CNCF tools"</span></label>
            <p class="muted small">"Select a component or a connection to edit it. Press ? for shortcuts."</p>
        </div>
    }
}

fn name_of(d: &cloudwright_engine::Design, id: &NodeId) -> String {
    d.nodes.get(id).map(|n| if n.label.is_empty() { n.id.to_string() } else { n.label.clone() }).unwrap_or_else(|| id.to_string())
}

/// Places a component spanning AZs in `home` + `span` and draws it there, as one undo step
/// (`diagram::band::place`: a band across those subnets in their row). When the subnet just
/// chosen (`picked`) is in another row than the others, the whole band moves to that row in
/// the same AZs (`model::span::to_row`): a component spanning AZs is one band across one row,
/// so the drawing always shows where its subnets are. A refusal is shown under the field.
#[allow(clippy::too_many_arguments)]
fn respan(app: crate::state::AppState, d: &cloudwright_engine::Design, id: &NodeId, home: &NodeId, span_to: &[NodeId], picked: Option<&NodeId>, label: String, error: RwSignal<Option<String>>) {
    use cloudwright_engine::diagram::band;
    use cloudwright_engine::model::span;
    let Some(y) = d.layout.get(id).map(|r| r.y) else { return };
    let subnets: Vec<&NodeId> = std::iter::once(home).chain(span_to.iter()).collect();
    let row_move = picked.filter(|_| !span::one_row(d, &subnets));
    let (edits, label) = match row_move {
        Some(p) => {
            let who = d.nodes.get(id).map(|n| n.label.clone()).unwrap_or_default();
            (band::move_to_row(d, id, p, Some(&subnets.iter().map(|s| (*s).clone()).collect::<Vec<_>>()), y), format!("Move \u{201c}{who}\u{201d} to the row of {}", name_of(d, p)))
        }
        None => (band::place(d, id, home, span_to, y), label),
    };
    match edits {
        Err(e) => error.set(Some(e.0)),
        Ok(edits) => {
            error.set(None);
            app.apply(Edit::Batch { label, edits, switch: None });
        }
    }
}

/// Where a component that spans AZs is placed (issue 14): its home subnet, a choice of one
/// subnet in each other AZ of its VPC, and each AZ's share of its traffic and monthly cost
/// (the engine's `zones::shares_of` and the bill). Shown only for kinds that AWS places in
/// several subnets, once the component sits in a subnet. `id` follows the selection: the rows
/// are built again only when the choices they offer change.
#[component]
fn SpanField(id: Memo<NodeId>) -> impl IntoView {
    use cloudwright_engine::model::span;
    let app = use_app();
    let an = crate::analysis::use_analyses();
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    // A refusal is about the component it was shown for.
    Effect::new(move |_| {
        id.track();
        error.set(None);
    });
    let rows = Memo::new(move |_| {
        id.with(|id| {
            app.design.with(|d| {
                let n = d.nodes.get(id)?;
                let choices = span::choices(d, id);
                if choices.is_empty() {
                    return None;
                }
                let name = |x: &NodeId| d.nodes.get(x).map(|n| if n.label.is_empty() { n.id.to_string() } else { n.label.clone() }).unwrap_or_default();
                let placed: Vec<NodeId> = span::placements(n).cloned().collect();
                Some(
                    choices
                        .into_iter()
                        .enumerate()
                        .map(|(i, (az, subnets))| SpanRowData {
                            az_name: name(&az),
                            chosen: subnets.iter().find(|s| placed.contains(s)).map(|s| s.to_string()).unwrap_or_default(),
                            options: subnets.iter().map(|s| (s.to_string(), name(s))).collect(),
                            home: i == 0,
                            az,
                        })
                        .collect::<Vec<_>>(),
                )
            })
        })
    });
    // Each AZ's share: traffic (percent) and cost (USD per month, the bill's lines of the node).
    let shares = Memo::new(move |_| {
        let id = id.get();
        let list = app.design.with(|d| cloudwright_engine::zones::shares_of(d, &id));
        if list.is_empty() {
            return Vec::new();
        }
        let monthly: f64 = an.totals.with(|t| t.bill.lines_of(id.as_str()).map(|l| l.monthly).sum());
        app.design.with(|d| {
            let name = |x: &NodeId| d.nodes.get(x).map(|n| if n.label.is_empty() { n.id.to_string() } else { n.label.clone() }).unwrap_or_default();
            list.iter().map(|s| (s.az.as_ref().map(&name).unwrap_or_default(), name(&s.subnet), s.traffic, s.cost * monthly)).collect::<Vec<_>>()
        })
    });
    // A subnet chosen in an AZ's row: the home row moves the component to another subnet of
    // the same AZ (a move between containers, one undo step); another row places it in that
    // AZ, or takes it out of it (the empty choice).
    let choose = move |az: NodeId, home: bool, value: String| {
        let id = id.get_untracked();
        let d = app.design.get_untracked();
        let Some(n) = d.nodes.get(&id) else { return };
        if home {
            let after = NodeId::new(value);
            if Some(&after) == n.parent.as_ref() {
                return;
            }
            let label = format!("Move \u{201c}{}\u{201d} to {}", n.label, name_of(&d, &after));
            respan(app, &d, &id, &after, &n.span.clone(), Some(&after), label, error);
            return;
        }
        let Some(home) = n.parent.clone() else { return };
        let subnet = (!value.is_empty()).then(|| NodeId::new(value));
        let after = span::with_az(&d, &id, &az, subnet.as_ref());
        if after == n.span {
            return;
        }
        // Named by labels, member by member (`Edit::describe`): "Move “Web app” to Public b".
        let label = Edit::SetSpan { id: id.clone(), before: n.span.clone(), after: after.clone() }.describe(&d);
        respan(app, &d, &id, &home, &after, subnet.as_ref(), label, error);
    };
    move || {
        let rows = rows.get()?;
        Some(view! {
            <div class="span-field" data-span-of=move || id.get().to_string()>
                <span class="field-label">"Availability Zones"</span>
                <span class="muted small">"One subnet per AZ: AWS spreads it across them; drawn once, across its subnets."</span>
                {rows.into_iter().map(|row| span_row(row, choose)).collect_view()}
                {move || error.get().map(|e| field_error(e, None, move || error.set(None)))}
                {move || {
                    let s = shares.get();
                    (!s.is_empty()).then(|| view! {
                        <table class="span-shares">
                            // One column for where (the AZ, its subnet under it), so the names
                            // have the width the figures leave (at 1024 px an AZ column of its
                            // own was 54 px: a 36-character name took 7 lines, s27 #2).
                            <thead><tr><th>"AZ · subnet"</th><th class="num">"Traffic"</th><th class="num">"Cost / month"</th></tr></thead>
                            <tbody>
                                {s.into_iter().map(|(az, subnet, traffic, cost)| view! {
                                    <tr>
                                        <td class="where"><span class="az-name user-text">{crate::files::shown(&az)}</span><span class="subnet-name user-text">{crate::files::shown(&subnet)}</span></td>
                                        <td class="num">{cloudwright_engine::units::pct(traffic)}</td>
                                        <td class="num">{cloudwright_engine::units::money(cost)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    })
                }}
            </div>
        })
    }
}

/// One AZ's row of [`SpanField`].
#[derive(Clone, Debug, PartialEq)]
struct SpanRowData {
    az: NodeId,
    az_name: String,
    /// (subnet id, label) of each subnet of the AZ in the component's row.
    options: Vec<(String, String)>,
    /// The subnet it is placed in, in this AZ ("" when none).
    chosen: String,
    /// The AZ of its home subnet: it cannot be left, only changed to another subnet.
    home: bool,
}

/// An AZ and the subnet the component is placed in there, as a choice: the one row of
/// [`SpanField`], its home AZ's included. The home AZ's row has no "not placed" choice: a
/// component is always in its home subnet.
fn span_row(row: SpanRowData, choose: impl Fn(NodeId, bool, String) + 'static) -> impl IntoView {
    let SpanRowData { az, az_name, options, chosen, home } = row;
    let az_attr = az.to_string();
    let none = (!home).then(|| chosen.is_empty());
    view! {
        <label class="field span-az" class:span-home=home data-az=az_attr>
            // The space is text: between two expressions the view writes none ("primary(home)").
            <span class="field-label">{az_name} {home.then(|| view! { " " <span class="muted small">"(home)"</span> })}</span>
            <select prop:value=chosen.clone() on:change=move |e| choose(az.clone(), home, event_target_value(&e))>
                {none.map(|selected| view! { <option value="" selected=selected>"— not placed in this AZ —"</option> })}
                {options.into_iter().map(|(s, l)| {
                    let sel = s == chosen;
                    view! { <option value=s selected=sel>{l}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// "N selected", and "N selected (M components)" when the selection with everything its
/// members hold counts M ≠ N components. What a selected node holds is what the engine says it
/// contains (`Design::ancestors`, as `paste::selection_roots` and copy read it), not a walk of
/// its own.
pub fn selection_heading(d: &cloudwright_engine::Design, sel: &std::collections::BTreeSet<NodeId>) -> String {
    let n = sel.len();
    // A node counts when it is selected or has a selected ancestor.
    let m = d.nodes.keys().filter(|id| sel.contains(*id) || d.ancestors(id).any(|a| sel.contains(&a.id))).count();
    if m == n { format!("{n} selected") } else { format!("{n} selected ({m} components)") }
}
