//! The app shell: header and toolbar, palette, canvas, side panel, dialogs; start-up
//! (a share link in the address, else the last design, else the starter design) and autosave.

use crate::canvas::Canvas;
use crate::designs::DesignsDialog;
use crate::keyboard::HelpSheet;
use crate::palette::Palette;
use crate::state::{Access, AppState, View};
use crate::{actions, autosave, files, offline, share, storage, tabs};
use cloudwright_engine::{sample, Design, History};
use crate::focus_trap::focus_trap;
use leptos::prelude::*;

/// Opens the design in a share link in the address (read-only, see `share`); else the design
/// open last (waiting for IndexedDB), after applying what tabs that closed with unsaved
/// changes left in the journal; else, on a first visit, the starter design. A link that
/// cannot be opened is explained and the user's own design opens instead.
/// The shell shows "Opening…" until then, and autosave starts only once the design is in,
/// so a placeholder is never saved over the stored design.
async fn start(app: AppState, shared: share::Share) -> Started {
    storage::init().await;
    let current = storage::current_id().await;
    tabs::recover_other_journals(app, current.as_deref()).await;
    if share::open_from_address(app, shared).await {
        return Started::Ready;
    }
    let Some(id) = current else {
        first_visit(app);
        return Started::Ready;
    };
    let (access, _) = tabs::take(app, &id).await;
    reopen(app, id, access).await
}

/// How the start-up ended.
enum Started {
    /// A design is open: the shell mounts.
    Ready,
    /// The design open last needs the full reader of design files (an older format), whose
    /// code could not be fetched ([`StartBlocked`]).
    Blocked(Blocked),
}

/// The design the start-up could not read yet, and the edit lock's answer for it.
#[derive(Clone)]
struct Blocked {
    id: String,
    name: String,
    access: Access,
    /// How many times it was tried (1 at the start).
    tries: u32,
}

/// Opens stored design `id`. A design refused by the reader is reported and the starter
/// opens (its text stays in storage). One the reader's code could not be fetched for is not
/// replaced: the start waits for the user ([`StartBlocked`]) — the starter, autosaved, would
/// become the design a reload opens, moving a returning user off their design for a passing
/// network failure (QA s56 F5, review R10).
async fn reopen(app: AppState, id: String, access: Access) -> Started {
    match storage::load(&id).await {
        Ok((d, h, v)) => {
            open_loaded(app, id, d, h, v);
            app.access.set(access);
            Started::Ready
        }
        Err(storage::LoadError::Read(crate::file_code::ReadError::ReaderNotFetched)) => Started::Blocked(Blocked { name: stored_name(&id).await, id, access, tries: 1 }),
        Err(e) => {
            let name = match stored_name(&id).await {
                n if n.is_empty() => String::new(),
                n => format!(", \u{201c}{}\u{201d},", files::brief(&n)),
            };
            first_visit(app);
            // In the user's words: no JSON path (QA s57 F2: "($: not valid JSON …))").
            app.error_at(format!("The design open last{name} could not be reopened: {}. It is still in browser storage (Designs).", e.reason()), None);
            Started::Ready
        }
    }
}

/// Opens a design read from storage; one stored without its view is shown whole once the canvas
/// has its size (QA s57: a format-4 design opened at 100 %, most of it off screen at 1024×768).
pub fn open_loaded(app: AppState, id: String, d: Design, h: History, v: Option<View>) {
    let fit = v.is_none();
    app.replace_loaded(id, d, h, v.unwrap_or_default());
    if fit {
        request_animation_frame(move || actions::zoom_to_fit(&app));
    }
}

/// The name stored design `id` has in the designs list ("" if none).
async fn stored_name(id: &str) -> String {
    storage::list().await.into_iter().find(|m| m.id == id).map(|m| m.name).unwrap_or_default()
}

/// The start-up's answer when the design open last cannot be read yet: it is safe in storage,
/// nothing was changed; "Try again" reads it again (fetching the reader again), "Start a new
/// design instead" opens the starter (the design stays in Designs).
#[component]
fn StartBlocked(blocked: Blocked, ready: RwSignal<bool>, waiting: RwSignal<Option<Blocked>>) -> impl IntoView {
    let app = crate::state::use_app();
    let trying = RwSignal::new(false);
    // The focus on "Try again" each time the box is shown (`autofocus` acts on the page's first
    // one only: after a failed try the focus was on the page, and Enter did nothing; QA s57 F4).
    let retry_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(b) = retry_button.get() {
            let _ = b.focus();
        }
    });
    let b = blocked.clone();
    let retry = move |_| {
        if trying.get_untracked() {
            return;
        }
        trying.set(true);
        let b = b.clone();
        leptos::task::spawn_local(async move {
            match reopen(app, b.id.clone(), b.access.clone()).await {
                Started::Ready => ready.set(true),
                Started::Blocked(again) => waiting.set(Some(Blocked { tries: b.tries + 1, ..again })),
            }
        });
    };
    let start_new = move |_| {
        first_visit(app);
        ready.set(true);
    };
    let name = if blocked.name.is_empty() { "the design you had open".to_string() } else { format!("\u{201c}{}\u{201d}", files::brief(&blocked.name)) };
    view! {
        <div class="app-loading">
            // Escape does nothing here: the design cannot be shown yet, and the two buttons say the
            // two ways on.
            <div class="start-blocked" role="alertdialog" use:focus_trap=Callback::new(|()| ()) aria-labelledby="start-blocked-title" aria-describedby="start-blocked-why">
                <h1 id="start-blocked-title">"Your design is safe, but cannot be opened yet"</h1>
                <p id="start-blocked-why">"Opening "{name}" needs the part of the app that reads designs saved by earlier versions of Cloudwright (and checks files with problems), and this browser could not fetch that part ("{crate::on_demand::NOT_FETCHED_CAUSES}")."</p>
                <p>"Nothing was changed: the design stays in this browser\u{2019}s storage. Check the connection and try again."</p>
                {(blocked.tries > 1).then(|| view! { <p class="start-blocked-tries" role="status">{format!("Still not fetched (tried {} times).", blocked.tries)}</p> })}
                <div class="button-row">
                    <button id="start-retry" class="primary" node_ref=retry_button disabled=move || trying.get() on:click=retry>{move || if trying.get() { "Trying\u{2026}" } else { "Try again" }}</button>
                    <button id="start-new" on:click=start_new>"Start a new design instead"</button>
                </div>
            </div>
        </div>
    }
}

/// The starter design under a fresh id, shown whole once the canvas has its size.
fn first_visit(app: AppState) {
    app.replace(storage::new_id(), sample::three_tier(), History::new(), View::default());
    crate::gallery::first_visit();
    request_animation_frame(move || actions::zoom_to_fit(&app));
}

/// What a palette component released off the canvas does (nothing), told after the drop.
const OUTSIDE_CANVAS_DROP: &str = "Not added: released outside the canvas. Drop it on the canvas to add it.";

#[component]
pub fn App() -> impl IntoView {
    let app = AppState::new(Design::new("Opening…", "us-east-1"), History::new(), View::default(), String::new());
    provide_context(app);
    let shared = share::provide();
    let ready = RwSignal::new(false);
    let blocked = RwSignal::new(None::<Blocked>);
    leptos::task::spawn_local(async move {
        match start(app, shared).await {
            Started::Ready => ready.set(true),
            Started::Blocked(b) => blocked.set(Some(b)),
        }
    });
    let waiting = move || match blocked.get() {
        None => view! { <div class="app-loading" role="status">"Opening your design\u{2026}"</div> }.into_any(),
        Some(b) => view! { <StartBlocked blocked=b ready=ready waiting=blocked/> }.into_any(),
    };
    view! {
        <Show when=move || ready.get() fallback=waiting>
            <Shell/>
        </Show>
    }
}

/// The app itself, mounted once the design is in memory.
#[component]
fn Shell() -> impl IntoView {
    let app = crate::state::use_app();
    // The palette and the side panel are mounted after the canvas's first frame (issue 20,
    // cold start): the start-up task built the whole shell (the palette's 53 icons and ~200
    // elements, the side panel's tabs and inspector) before the canvas could be painted or
    // clicked. Until then each has a placeholder of its own size (the workspace grid sets
    // both widths), so nothing moves when they come. Asked for before the first analysis's
    // task (`analysis::provide`), so the panels are in by the time the figures are.
    let rest = RwSignal::new(false);
    crate::analysis_worker::after_paint(move || {
        // (`start-up rest`: a User Timing measure of that mount, read by scripts/bench-load.mjs.
        // The views are built by the effects the signal wakes, queued before this future.)
        crate::analysis_worker::mark("start-up rest");
        rest.set(true);
        leptos::task::spawn_local(async { crate::analysis_worker::measure("start-up rest", "start-up rest") });
    });
    crate::analysis::provide(app);
    crate::review::provide(app);
    crate::sidepanel::provide_tab();
    crate::scenario_panel::provide();
    crate::iac::provide();
    crate::findings_link::provide();
    crate::keyboard::install();
    tabs::install(app);
    autosave::install(app);
    share::install(app);
    let shared = share::use_share();
    let update = offline::install(app);
    let name = Memo::new(move |_| app.design.with(|d| d.name.clone()));
    let can_undo = Memo::new(move |_| app.history.with(|h| h.can_undo()));
    let can_redo = Memo::new(move |_| app.history.with(|h| h.can_redo()));
    let undo_title = move || app.history.with(|h| app.design.with(|d| h.undo_label(d)).map(|l| format!("Undo: {l} (Ctrl+Z)")).unwrap_or_else(|| "Nothing to undo".into()));
    let redo_title = move || app.history.with(|h| app.design.with(|d| h.redo_label(d)).map(|l| format!("Redo: {l} (Ctrl+Shift+Z)")).unwrap_or_else(|| "Nothing to redo".into()));

    view! {
        <div class="app"
            data-access=move || match app.access.get() { Access::Opening => "opening", Access::Editing => "editing", Access::ReadOnly(_) => "read-only" }
            on:dragover=move |e: leptos::ev::DragEvent| {
                e.prevent_default();
                crate::canvas::palette_over_page(&app, &e);
            }
            on:drop=move |e: leptos::ev::DragEvent| {
                // A design file dropped anywhere on the page is imported.
                e.prevent_default();
                // A palette component released elsewhere than on the canvas's own elements
                // lands where it was released if that point is on the canvas (an overlay
                // there), else it is not added, and said so, as a move released off the
                // canvas is (`canvas::finish_drag`).
                if crate::canvas::palette_drop_on_page(&app, &e, OUTSIDE_CANVAS_DROP) {
                    return;
                }
                if let Some(list) = e.data_transfer().and_then(|dt| dt.files()) {
                    files::import_list(app, list);
                }
            }
        >
            <header class="topbar">
                <span class="brand">
                    <img src="icons/logo.svg" alt="" width="24" height="24"/>
                    "Cloudwright"
                </span>
                <button class="design-name user-text" title=move || format!("{} — your designs", files::shown(&name.get())) on:click=move |_| app.show_designs.set(true)>{move || files::shown(&name.get())}</button>
                <div class="toolbar">
                    <button class="tb" id="undo" disabled=move || !can_undo.get() || matches!(app.access.get(), Access::ReadOnly(_)) title=undo_title on:click=move |_| app.undo()>"Undo"</button>
                    <button class="tb" id="redo" disabled=move || !can_redo.get() || matches!(app.access.get(), Access::ReadOnly(_)) title=redo_title on:click=move |_| app.redo()>"Redo"</button>
                    <span class="sep"></span>
                    <button class="tb" on:click=move |_| actions::fit_pressed(&app) title="Zoom to fit (Shift+1)">"Fit"</button>
                    <button class="tb" on:click=move |_| actions::zoom_by(&app, 1.2) title="Zoom in (+)">"+"</button>
                    <button class="tb" on:click=move |_| actions::zoom_by(&app, 1.0 / 1.2) title="Zoom out (-)">"−"</button>
                    <span class="zoom">{move || format!("{:.0}%", app.view.get().zoom * 100.0)}</span>
                    <button class="tb" id="tidy" disabled=move || matches!(app.access.get(), Access::ReadOnly(_)) on:pointerenter=move |_| crate::tidy_code::prefetch_soon() on:focus=move |_| crate::tidy_code::prefetch_soon() on:click=move |_| actions::tidy_up(&app) title="Tidy up: AZs as columns, subnets as rows by tier, entry points left; the selected containers or the whole design (T)">"Tidy up"</button>
                    <span class="sep"></span>
                    <button class="tb" id="designs" on:click=move |_| app.show_designs.set(true)>"Designs"</button>
                    <button class="tb" id="import" on:click=move |_| files::pick_file(app) title="Import a design file, a CloudFormation/SAM template, Terraform files or terraform show -json output (or drop them on the page)">"Import"</button>
                    <button class="tb" id="export-json" on:click=move |_| files::export_json(&app) title="Export the design as a JSON file"><span class="long">"Export JSON"</span><span class="short">"JSON"</span></button>
                    <button class="tb" id="export-svg" on:click=move |_| files::export_svg(&app)>"SVG"</button>
                    <button class="tb" id="export-png" on:click=move |_| files::export_png(&app)>"PNG"</button>
                    <button class="tb" id="export-cfn" on:click=move |_| crate::iac::export(&app, cloudwright_iac_worker::Format::Cloudformation) title="Export as CloudFormation (YAML): a starting point with the resources, their containment and parameters"><span class="long">"CloudFormation"</span><span class="short">"CFN"</span></button>
                    <button class="tb" id="export-tf" on:click=move |_| crate::iac::export(&app, cloudwright_iac_worker::Format::Terraform) title="Export as Terraform (HCL): a starting point with the resources, their containment and variables"><span class="long">"Terraform"</span><span class="short">"TF"</span></button>
                    <button class="tb" id="copy-link" on:pointerenter=move |_| share::prefetch_link_code() on:focus=move |_| share::prefetch_link_code() on:click=move |_| share::copy_link(&app, shared) title="Share this design by link: the whole design goes in the link, read-only for whoever opens it"><span class="long">"Copy link"</span><span class="short">"Link"</span></button>
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
            <offline::UpdateBanner update=update/>
            {move || match app.access.get() {
                Access::ReadOnly(why) if app.design_id.with(|id| id == share::SHARED_ID) => Some(view! { <share::SharedBanner why=why/> }.into_any()),
                Access::ReadOnly(why) => Some(view! {
                    <div class="banner read-only" role="status">
                        <span>{why}</span>
                        <button id="edit-here" on:click=move |_| tabs::takeover(app)>"Edit here instead"</button>
                    </div>
                }.into_any()),
                _ => None,
            }}
            {move || app.conflict.get().then(|| view! {
                <div class="banner error conflict" role="alert">
                    <span>"This design was changed in another tab after this tab last saved it, so your latest changes here are not saved."</span>
                    <button id="conflict-copy" on:click=move |_| tabs::save_as_copy(app)>"Keep mine as a copy"</button>
                    <button id="conflict-reload" on:click=move |_| tabs::take_saved(app)>"Show the saved version"</button>
                </div>
            })}
            <crate::scenario_panel::ScenarioBar/>
            <crate::totals_bar::TotalsBar/>
            <main class="workspace">
                <Show when=move || rest.get() fallback=|| view! { <nav class="palette" aria-label="Components" aria-busy="true"></nav> }>
                    <Palette/>
                </Show>
                <Canvas/>
                <crate::gallery::EmptyHint/>
                <Show when=move || rest.get() fallback=|| view! { <crate::sidepanel::Placeholder/> }>
                    <crate::sidepanel::SidePanel/>
                </Show>
            </main>
            <crate::present::Presentation/>
            <crate::report_view::ReportView/>
            <HelpSheet/>
            <DesignsDialog/>
            <crate::gallery::WelcomeDialog/>
            <ImportErrors/>
            <crate::iac::IacDialog/>
            <share::ShareDialogs/>
            <crate::findings_link::SuppressDialog/>
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
                    <div class="modal import-errors" role="alertdialog" use:focus_trap=Callback::new(move |()| app.import_errors.set(None)) aria-label="Import failed" on:click=|e| e.stop_propagation()>
                        <h2>{format!("{name} was not imported")}</h2>
                        // Not always the file's fault: the import's code may not be fetched (QA s55 F2).
                        <p>"Nothing was changed: your current design is untouched. What went wrong:"</p>
                        <ul>{lines.into_iter().map(|l| view! { <li><code>{l}</code></li> }).collect_view()}</ul>
                        <button on:click=move |_| app.import_errors.set(None)>"Close"</button>
                    </div>
                </div>
            }
        })
    }
}
