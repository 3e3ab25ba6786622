//! The app shell: header and toolbar, palette, canvas, side panel, dialogs; start-up
//! (restore the last design, else the starter design) and autosave.

use crate::canvas::Canvas;
use crate::designs::DesignsDialog;
use crate::keyboard::HelpSheet;
use crate::palette::Palette;
use crate::state::{AppState, ToastAction, View};
use crate::{actions, files, storage};
use cloudwright_engine::{sample, History};
use leptos::prelude::*;
use std::time::Duration;

/// The state the app opens with: the design open last, else the starter design.
fn initial_state() -> (AppState, Option<String>) {
    if let Some(id) = storage::current_id() {
        match storage::load(&id) {
            Ok((d, h, v)) => return (AppState::new(d, h, v, id), None),
            Err(e) => {
                // The stored text stays where it is; the user is told, and starts afresh.
                let fresh = storage::new_id();
                return (AppState::new(sample::three_tier(), History::new(), View::default(), fresh), Some(format!("The last design could not be reopened ({e}); it is still in browser storage.")));
            }
        }
    }
    let app = AppState::new(sample::three_tier(), History::new(), View::default(), storage::new_id());
    // First visit: show the whole starter design once the canvas has its size.
    request_animation_frame(move || actions::zoom_to_fit(&app));
    (app, None)
}

/// Saves 400 ms after the last change (never per pointer move): the design when it
/// changed, the view and history always.
fn install_autosave(app: AppState) {
    let pending: StoredValue<Option<leptos::prelude::TimeoutHandle>> = StoredValue::new(None);
    let saved_revision = StoredValue::new(u64::MAX);
    Effect::new(move |_| {
        let rev = app.revision.get();
        app.view.track();
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                let with_design = saved_revision.get_value() != rev;
                let id = app.design_id.get_untracked();
                let r = app.design.with_untracked(|d| app.history.with_untracked(|h| storage::save(&id, d, h, &app.view.get_untracked(), with_design)));
                match r {
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
            },
            Duration::from_millis(400),
        )
        .ok();
        pending.set_value(handle);
    });
}

#[component]
pub fn App() -> impl IntoView {
    let (app, startup_problem) = initial_state();
    provide_context(app);
    crate::analysis::provide(app);
    crate::keyboard::install();
    install_autosave(app);
    if let Some(p) = startup_problem {
        app.error_at(p, None);
    }
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
