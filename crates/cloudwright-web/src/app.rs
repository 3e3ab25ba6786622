//! The app shell: header and toolbar, palette, canvas, side panel, dialogs; start-up
//! (restore the last design, else the starter design) and autosave.

use crate::canvas::Canvas;
use crate::designs::DesignsDialog;
use crate::keyboard::HelpSheet;
use crate::palette::Palette;
use crate::state::{AppState, ToastAction, View};
use crate::{actions, files, storage};
use cloudwright_engine::{sample, Design, History};
use leptos::prelude::*;
use std::time::Duration;

/// The state the app opens with, and the id of the design to load into it. On a first
/// visit that is the starter design, ready at once. Otherwise the last design is read
/// from IndexedDB, which is asynchronous: the shell waits (showing "Opening…") and
/// autosave is not installed until the design is in, so the placeholder is never saved
/// over the stored design.
fn initial_state() -> (AppState, Option<String>) {
    if let Some(id) = storage::current_id() {
        let placeholder = AppState::new(Design::new("Opening…", "us-east-1"), History::new(), View::default(), id.clone());
        return (placeholder, Some(id));
    }
    let app = AppState::new(sample::three_tier(), History::new(), View::default(), storage::new_id());
    // First visit: show the whole starter design once the canvas has its size.
    request_animation_frame(move || actions::zoom_to_fit(&app));
    (app, None)
}

/// Loads the design open last into the app, or, when it no longer loads, the starter design
/// under a fresh id (the stored text stays where it is, and the user is told). True when
/// the stored design was loaded.
async fn restore_last(app: AppState, id: String) -> bool {
    match storage::load(&id).await {
        Ok((d, h, v)) => {
            app.replace(id, d, h, v);
            true
        }
        Err(e) => {
            app.replace(storage::new_id(), sample::three_tier(), History::new(), View::default());
            request_animation_frame(move || actions::zoom_to_fit(&app));
            app.error_at(format!("The last design could not be reopened ({e}); it is still in browser storage."), None);
            false
        }
    }
}

/// Saves 400 ms after the last change (never per pointer move): the design when it
/// changed, the view and history always. `just_loaded`: the design came from storage, so
/// the first run (which sees no change) saves nothing.
fn install_autosave(app: AppState, just_loaded: bool) {
    let pending: StoredValue<Option<leptos::prelude::TimeoutHandle>> = StoredValue::new(None);
    let saved_revision = StoredValue::new(if just_loaded { app.revision.get_untracked() } else { u64::MAX });
    let skip = StoredValue::new(just_loaded);
    Effect::new(move |_| {
        let rev = app.revision.get();
        app.view.track();
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        if skip.get_value() {
            skip.set_value(false);
            return;
        }
        let handle = set_timeout_with_handle(
            move || {
                let with_design = saved_revision.get_value() != rev;
                let id = app.design_id.get_untracked();
                let write = app.design.with_untracked(|d| app.history.with_untracked(|h| storage::save(&id, d, h, &app.view.get_untracked(), with_design)));
                leptos::task::spawn_local(async move {
                    match write.await {
                        Ok(()) => {
                            saved_revision.set_value(rev);
                            if app.storage_problem.get_untracked().is_some() {
                                app.storage_problem.set(None);
                            }
                        }
                        Err(e) => {
                            if app.storage_problem.get_untracked().is_none() {
                                app.toast_with(format!("Not saved: {e}. Your design is safe in this tab; export it to keep a copy."), true, None, Some(ToastAction::ExportDesign));
                            }
                            app.storage_problem.set(Some(e));
                        }
                    }
                });
            },
            Duration::from_millis(400),
        )
        .ok();
        pending.set_value(handle);
    });
}

#[component]
pub fn App() -> impl IntoView {
    let (app, to_load) = initial_state();
    provide_context(app);
    let ready = RwSignal::new(to_load.is_none());
    let just_loaded = StoredValue::new(false);
    leptos::task::spawn_local(async move {
        match to_load {
            Some(id) => {
                just_loaded.set_value(restore_last(app, id).await);
                ready.set(true);
            }
            // Nothing to load, but bodies an older version left in localStorage move now.
            None => storage::init().await,
        }
    });
    view! {
        <Show when=move || ready.get() fallback=|| view! { <div class="app-loading" role="status">"Opening your last design…"</div> }>
            <Shell just_loaded=just_loaded.get_value()/>
        </Show>
    }
}

/// The app itself, mounted once the design is in memory.
#[component]
fn Shell(just_loaded: bool) -> impl IntoView {
    let app = crate::state::use_app();
    crate::analysis::provide(app);
    crate::keyboard::install();
    install_autosave(app, just_loaded);
    let name = Memo::new(move |_| app.design.with(|d| d.name.clone()));
    let can_undo = Memo::new(move |_| app.history.with(|h| h.can_undo()));
    let can_redo = Memo::new(move |_| app.history.with(|h| h.can_redo()));
    let undo_title = move || app.history.with(|h| h.undo_label().map(|l| format!("Undo: {l} (Ctrl+Z)")).unwrap_or_else(|| "Nothing to undo".into()));
    let redo_title = move || app.history.with(|h| h.redo_label().map(|l| format!("Redo: {l} (Ctrl+Shift+Z)")).unwrap_or_else(|| "Nothing to redo".into()));

    view! {
        <div class="app"
            on:dragover=|e: leptos::ev::DragEvent| e.prevent_default()
            on:drop=move |e: leptos::ev::DragEvent| {
                // A design file dropped anywhere on the page is imported.
                e.prevent_default();
                if let Some(f) = e.data_transfer().and_then(|dt| dt.files()).and_then(|l| l.get(0)) {
                    files::import_file(app, f);
                }
            }
        >
            <header class="topbar">
                <span class="brand">
                    <img src="icons/logo.svg" alt="" width="24" height="24"/>
                    "Cloudwright"
                </span>
                <button class="design-name" title="Your designs" on:click=move |_| app.show_designs.set(true)>{move || name.get()}</button>
                <div class="toolbar">
                    <button class="tb" id="undo" disabled=move || !can_undo.get() title=undo_title on:click=move |_| app.undo()>"Undo"</button>
                    <button class="tb" id="redo" disabled=move || !can_redo.get() title=redo_title on:click=move |_| app.redo()>"Redo"</button>
                    <span class="sep"></span>
                    <button class="tb" on:click=move |_| actions::zoom_to_fit(&app) title="Zoom to fit (Shift+1)">"Fit"</button>
                    <button class="tb" on:click=move |_| actions::zoom_by(&app, 1.2) title="Zoom in (+)">"+"</button>
                    <button class="tb" on:click=move |_| actions::zoom_by(&app, 1.0 / 1.2) title="Zoom out (-)">"−"</button>
                    <span class="zoom">{move || format!("{:.0}%", app.view.get().zoom * 100.0)}</span>
                    <span class="sep"></span>
                    <button class="tb" id="designs" on:click=move |_| app.show_designs.set(true)>"Designs"</button>
                    <button class="tb" id="import" on:click=move |_| files::pick_file(app) title="Import a design file (or drop it on the page)">"Import"</button>
                    <button class="tb" id="export-json" on:click=move |_| files::export_json(&app)>"Export JSON"</button>
                    <button class="tb" id="export-svg" on:click=move |_| files::export_svg(&app)>"SVG"</button>
                    <button class="tb" id="export-png" on:click=move |_| files::export_png(&app)>"PNG"</button>
                    <span class="sep"></span>
                    <button class="tb" on:click=move |_| app.show_help.set(true) title="Keyboard shortcuts (?)">"?"</button>
                </div>
            </header>
            {move || app.storage_problem.get().map(|p| view! {
                <div class="banner error" role="alert">
                    {format!("Not saved in this browser: {p}. Your design is safe in this tab — export it to keep a copy.")}
                    <button on:click=move |_| files::export_json(&app)>"Export design"</button>
                </div>
            })}
            <main class="workspace">
                <Palette/>
                <Canvas/>
                <crate::sidepanel::SidePanel/>
            </main>
            <HelpSheet/>
            <DesignsDialog/>
            <ImportErrors/>
            <crate::toast::ToastView/>
        </div>
    }
}

#[component]
fn ImportErrors() -> impl IntoView {
    let app = crate::state::use_app();
    move || {
        app.import_errors.get().map(|(name, lines)| {
            view! {
                <div class="modal-backdrop" on:click=move |_| app.import_errors.set(None)>
                    <div class="modal import-errors" role="alertdialog" aria-label="Import failed" on:click=|e| e.stop_propagation()>
                        <h2>{format!("{name} was not imported")}</h2>
                        <p>"Nothing was changed: your current design is untouched. The file has these problems:"</p>
                        <ul>{lines.into_iter().map(|l| view! { <li><code>{l}</code></li> }).collect_view()}</ul>
                        <button on:click=move |_| app.import_errors.set(None)>"Close"</button>
                    </div>
                </div>
            }
        })
    }
}
