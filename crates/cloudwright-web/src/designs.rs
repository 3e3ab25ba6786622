//! The designs list (open, rename, duplicate, delete with undo, new) and the templates.

use crate::state::{use_app, AppState, ToastAction, View};
use crate::storage::{self, DesignMeta};
use cloudwright_engine::{Design, History};
use crate::focus_trap::focus_trap;
use leptos::prelude::*;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Saves the open design now if it has unsaved changes (so switching never loses the last
/// second of work); see `autosave::flush`.
pub fn flush(app: &AppState) -> impl std::future::Future<Output = ()> + 'static {
    crate::autosave::flush(app)
}

/// Opens stored design `id`, named `name` in the list. One of an older format waits for the
/// full reader's code, and says so meanwhile; the last open asked wins (`AppState::ask_open`).
pub fn open(app: &AppState, id: &str, name: &str) {
    let (app, id, name) = (*app, id.to_string(), crate::files::brief(name));
    let saved = flush(&app);
    let ask = app.ask_open_stored(&id);
    leptos::task::spawn_local(async move {
        saved.await;
        let note = std::cell::Cell::new(None);
        let loaded = storage::load_noting(&id, || {
            note.set(Some(app.note_while(format!("Opening \"{name}\"\u{2026} (the reader of older files is on its way)"))));
            OPENING.with(|o| o.update(|ids| ids.push(id.clone())));
        })
        .await;
        if let Some(seq) = note.get() {
            app.take_toast(seq);
            // Only this open's entry: another design may still be waiting (QA s59 round 2).
            OPENING.with(|o| {
                o.update(|ids| {
                    if let Some(at) = ids.iter().position(|i| *i == id) {
                        ids.remove(at);
                    }
                })
            });
        }
        if !app.still_wanted(&ask) {
            // Opened again meanwhile (Open pressed twice): the later open opens it, nothing to
            // say.
            if !app.asked_again(&ask) {
                app.info(format!("\"{name}\" was not opened: another design was opened while it was being read."));
            }
            return;
        }
        match loaded {
            Ok((d, h, v)) => crate::app::open_loaded(app, id, d, h, v),
            Err(e) => app.error_at(format!("Cannot open this design: {}", e.reason()), None),
        }
    });
}

thread_local! {
    /// The stored designs being opened while they wait for the reader's code ([`open`]), one
    /// entry per open (Open pressed on A, then on B: both wait, and A's arrival must not free
    /// B): the list does not rename or delete them meanwhile — each was read before, and is
    /// opened after, so a rename was undone by its next save and a deleted design came back
    /// (QA s59 #3, #4).
    static OPENING: ArcRwSignal<Vec<String>> = ArcRwSignal::new(Vec::new());
}

pub fn new_design(app: &AppState, design: Design) {
    let before = flush(app);
    app.replace(storage::new_id(), design, History::new(), View::default());
    crate::actions::zoom_to_fit(app);
    // Autosave saves the new design once its edit lock is granted.
    leptos::task::spawn_local(before);
}

pub fn restore_deleted(app: &AppState, id: &str) {
    let (app, id) = (*app, id.to_string());
    leptos::task::spawn_local(async move {
        match storage::restore(&id).await {
            Ok(d) => {
                let name = d.name.clone();
                app.info(format!("Restored \"{}\"", crate::files::brief(&name)));
                app.show_designs.set(false);
                app.show_designs.set(true);
            }
            Err(e) => app.error_at(format!("Cannot restore: {e}"), None),
        }
    });
}

#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct TemplateMeta {
    pub file: String,
    pub name: String,
    /// One line for the gallery card.
    #[serde(default)]
    pub tagline: String,
    pub summary: String,
}

pub(crate) async fn fetch_text(url: &str) -> Result<String, String> {
    let win = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(win.fetch_with_str(url)).await.map_err(|_| format!("could not read {url}"))?;
    let resp: web_sys::Response = resp.unchecked_into();
    if !resp.ok() {
        return Err(format!("could not read {url} ({})", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(|_| "no body")?).await.map_err(|_| "no body")?;
    Ok(text.as_string().unwrap_or_default())
}

pub fn open_template(app: AppState, t: TemplateMeta) {
    // The last open asked wins (the template's file is fetched first).
    let ask = app.ask_open();
    leptos::task::spawn_local(async move {
        let loaded = match fetch_text(&format!("templates/{}", t.file)).await {
            Ok(s) => crate::file_code::load(&s).await.map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        if !app.still_wanted(&ask) {
            return;
        }
        match loaded {
            Ok(d) => {
                new_design(&app, d);
                app.show_designs.set(false);
                app.info(format!("New design from the template \"{}\"", t.name));
            }
            Err(e) => app.error_at(format!("Cannot open the template: {e}"), None),
        }
    });
}

#[component]
pub fn DesignsDialog() -> impl IntoView {
    let app = use_app();
    let designs: RwSignal<Vec<DesignMeta>> = RwSignal::new(vec![]);
    Effect::new(move |_| {
        if app.show_designs.get() {
            let saved = flush(&app);
            leptos::task::spawn_local(async move {
                saved.await;
                designs.set(storage::list().await);
            });
        }
    });
    // Fetched on first use (src/on_demand.rs): a first visit does not open it.
    move || app.show_designs.get().then(|| crate::on_demand::dialog("designs list", designs_dialog(app, designs), Callback::new(move |()| app.show_designs.set(false))))
}

crate::on_demand::split_point!(designs_dialog =>
/// The designs list (open, rename, duplicate, delete, new, the gallery) of `designs`. A split
/// point (src/on_demand.rs): fetched the first time the list is opened.
fn designs_dialog(app: AppState, designs: RwSignal<Vec<DesignMeta>>) -> crate::on_demand::Loaded {
    // Each design's name by id, once per change of the list (each row reads its own).
    let names = Memo::new(move |_| designs.with(|l| l.iter().map(|m| (m.id.clone(), m.name.clone())).collect::<HashMap<String, String>>()));
    Ok(view! {
        <div class="modal-backdrop" on:click=move |_| app.show_designs.set(false)>
            <div class="modal designs" role="dialog" use:focus_trap=Callback::new(move |()| app.show_designs.set(false)) aria-label="Designs" on:click=|e| e.stop_propagation()>
                <h2>"Your designs"</h2>
                <p class="muted small">"Kept in this browser only. Export a design to share it."</p>
                <ul class="design-list">
                    // Keyed by id: a rename or a save re-sorts the list, and a row's elements
                    // stay its own design's, so the focus never lands on another design's
                    // Rename or Delete (QA s59 round 2: it stayed at its place in the list).
                    // A row moved keeps the focus it had (`focus_trap`; QA s60 #1).
                    <For each=move || designs.get() key=|m| m.id.clone() children=move |m: DesignMeta| design_row(app, designs, names, m.id) />
                </ul>
                <div class="button-row">
                    <button class="primary" on:click=move |_| { new_design(&app, Design::new("Untitled design", "us-east-1")); app.show_designs.set(false); }>"New empty design"</button>
                </div>
                <h2>"Start from a reference architecture"</h2>
                <crate::gallery::TemplateGallery/>
                <button on:click=move |_| app.show_designs.set(false)>"Close"</button>
            </div>
        </div>
    }
    .into_any())
});

/// One design's row of the list: its name as listed now (`names`: a rename keeps the row) and
/// its buttons. The open design's row is marked (`aria-current`) and cannot be deleted.
fn design_row(app: AppState, designs: RwSignal<Vec<DesignMeta>>, names: Memo<HashMap<String, String>>, id: String) -> impl IntoView {
    let refresh = move || leptos::task::spawn_local(async move { designs.set(storage::list().await) });
    let current = { let id = id.clone(); Memo::new(move |_| app.design_id.with(|d| *d == id)) };
    let opening = { let id = id.clone(); Memo::new(move |_| OPENING.with(|o| o.with(|ids| ids.contains(&id)))) };
    let wait = move || if opening.get() { "Being opened: rename or delete it once it is open" } else { "" };
    let name = { let id = id.clone(); Memo::new(move |_| names.with(|n| n.get(&id).cloned().unwrap_or_default())) };
    let (id1, id2, id3, id4) = (id.clone(), id.clone(), id.clone(), id.clone());
    view! {
        <li class:current=move || current.get() aria-current=move || current.get().then_some("true") data-design=id>
            <span class="design-title user-text" title=move || name.with(|n| crate::files::shown(n))>{move || name.with(|n| crate::files::shown(n))}</span>
            <button on:click=move |_| { open(&app, &id1, &name.get_untracked()); app.show_designs.set(false); }>"Open"</button>
            <button class="rename" disabled=move || opening.get() title=wait on:click=move |_| rename(app, &id2, &name.get_untracked(), refresh)>"Rename"</button>
            <button on:click=move |_| {
                let saved = flush(&app);
                let id3 = id3.clone();
                leptos::task::spawn_local(async move {
                    saved.await;
                    if let Ok((mut d, _, v)) = storage::load(&id3).await {
                        // Numbered after the copies the list has (QA s60 #3).
                        d.name = names.with_untracked(|n| cloudwright_engine::model::fields::copy_name(&d.name, |c| n.values().any(|m| m == c)));
                        let nid = storage::new_id();
                        if let Err(e) = storage::save(&nid, &d, &History::new(), &v.unwrap_or_default(), true, false).await { app.error_at(format!("Not duplicated: {e}"), None); }
                        refresh();
                    }
                });
            }>"Duplicate"</button>
            <button class="danger" disabled=move || current.get() || opening.get() title=move || if current.get() { "Open another design to delete this one" } else { wait() } on:click=move |_| {
                let id4 = id4.clone();
                // Gone from the list at once; the storage catches up.
                designs.update(|l| l.retain(|m| m.id != id4));
                leptos::task::spawn_local(async move {
                    match storage::delete(&id4).await {
                        Ok(()) => app.toast_with("Design deleted".into(), false, None, Some(ToastAction::RestoreDeletedDesign(id4.clone()))),
                        Err(e) => app.error_at(e, None),
                    }
                    refresh();
                });
            }>"Delete"</button>
        </li>
    }
}

/// Rename asks for the new name (the browser's prompt, `name` filled in) and renames the design
/// `id`: the open one by an edit (undoable, saved at once), another in the storage. `refresh`
/// reads the list again after.
fn rename(app: AppState, id: &str, name: &str, refresh: impl Fn() + 'static) {
    let new_name = web_sys::window().and_then(|w| w.prompt_with_message_and_default("Rename design", name).ok().flatten());
    let new_name = new_name.and_then(|n| match cloudwright_engine::model::fields::check_design_name(&n) {
        Ok(()) => Some(n),
        Err(why) => {
            app.toast_with(format!("Not renamed: {why}"), true, None, None);
            None
        }
    });
    let Some(n) = new_name else { return };
    let id = id.to_string();
    if app.design_id.get_untracked() == id {
        let before = app.design.with_untracked(|d| d.name.clone());
        app.apply(cloudwright_engine::Edit::Rename { before, after: n });
        let saved = flush(&app);
        leptos::task::spawn_local(async move {
            saved.await;
            refresh();
        });
    } else {
        leptos::task::spawn_local(async move {
            if let Ok((mut d, h, v)) = storage::load(&id).await {
                d.name = n;
                if let Err(e) = storage::save(&id, &d, &h, &v.unwrap_or_default(), true, false).await {
                    app.error_at(format!("Not renamed: {e}"), None);
                }
            }
            refresh();
        });
    }
}
