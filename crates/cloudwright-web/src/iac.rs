//! Infrastructure as code in the app: import CloudFormation/SAM templates, Terraform files
//! or `terraform show -json` output (preview with the import report and the diagram, then
//! "Import as new design"), and export the design as CloudFormation YAML or Terraform HCL.
//!
//! The work is the engine's `iac` module, run by the IaC worker (`cloudwright-iac-worker`, a
//! second wasm in a Web Worker) so its parsers and exporters are downloaded only when a
//! user imports or exports code, never with the app. This module is the page's side: it
//! starts the worker on first use, sends [`Job`]s and awaits their [`Outcome`]s, and shows
//! the preview. What comes back is a design file's text, opened by `file::open` like every
//! other file from outside; the preview is drawn by the engine's `diagram::render` and
//! priced and checked by its `totals::summary`.

use crate::state::{AppState, View};
use cloudwright_engine::iac::{Outcome as Became, Report};
use cloudwright_engine::{diagram, file, totals, units, Design, History};
use cloudwright_iac_worker::{File, Format, Job, Outcome, Reply, Request};
use crate::focus_trap::focus_trap;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The worker's start script, relative to the page (Trunk's `data-loader-shim`: it
/// `importScripts` the wasm-bindgen glue and starts the wasm). Workers keep their Cargo name
/// (no content hash), so the page can name it.
const WORKER_URL: &str = "./cloudwright-iac-worker_loader.js";

// ── the worker client ──────────────────────────────────────────────────────────────────

/// The running worker: requests wait in `queue` until it says it is ready; each pending
/// request's promise is resolved with the reply's JSON text.
struct Client {
    worker: web_sys::Worker,
    ready: bool,
    queue: Vec<String>,
    pending: BTreeMap<u32, js_sys::Function>,
    next_id: u32,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

/// What a failed worker answers every request it still owed: it could not be loaded
/// (offline before the app was cached, a blocked script) or it stopped (a wasm trap).
fn failed_reply(id: u32, why: &str) -> String {
    serde_json::to_string(&Reply { id, outcome: Outcome::Failed { errors: vec![why.to_string()] } }).unwrap_or_default()
}

fn start_worker() -> Result<Client, String> {
    let worker = web_sys::Worker::new(WORKER_URL).map_err(|_| "the browser refused to start the code import module".to_string())?;
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
        let Some(text) = e.data().as_string() else { return };
        let Ok(reply) = serde_json::from_str::<Reply>(&text) else { return };
        CLIENT.with(|c| {
            let mut c = c.borrow_mut();
            let Some(client) = c.as_mut() else { return };
            if matches!(reply.outcome, Outcome::Ready) {
                client.ready = true;
                for msg in client.queue.drain(..) {
                    let _ = client.worker.post_message(&JsValue::from_str(&msg));
                }
            } else if let Some(resolve) = client.pending.remove(&reply.id) {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&text));
            }
        });
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
        e.prevent_default();
        // The worker is unusable: answer what it owed, and start afresh next time.
        let Some(client) = CLIENT.with(|c| c.borrow_mut().take()) else { return };
        client.worker.terminate();
        let why = if client.ready {
            "the code import module stopped unexpectedly; nothing was changed"
        } else {
            "the code import module could not be loaded (offline before the app was fully cached?); nothing was changed"
        };
        for (id, resolve) in client.pending {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&failed_reply(id, why)));
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Client { worker, ready: false, queue: Vec::new(), pending: BTreeMap::new(), next_id: 1, _on_message: on_message, _on_error: on_error })
}

/// Sends a job to the worker (starting it on first use) and awaits its outcome.
async fn call(job: Job) -> Outcome {
    let mut job = Some(job);
    let mut refused = None;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let Some(job) = job.take() else { return };
        CLIENT.with(|c| {
            let mut c = c.borrow_mut();
            if c.is_none() {
                match start_worker() {
                    Ok(client) => *c = Some(client),
                    Err(e) => {
                        refused = Some(e);
                        let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
                        return;
                    }
                }
            }
            let client = c.as_mut().expect("started above");
            let id = client.next_id;
            client.next_id += 1;
            let text = serde_json::to_string(&Request { id, job }).unwrap_or_default();
            client.pending.insert(id, resolve);
            if client.ready {
                let _ = client.worker.post_message(&JsValue::from_str(&text));
            } else {
                client.queue.push(text);
            }
        });
    });
    let answer = JsFuture::from(promise).await.ok().and_then(|v| v.as_string());
    if let Some(why) = refused {
        return Outcome::Failed { errors: vec![why] };
    }
    match answer.and_then(|t| serde_json::from_str::<Reply>(&t).ok()) {
        Some(reply) => reply.outcome,
        None => Outcome::Failed { errors: vec!["the code import module gave no answer".into()] },
    }
}

// ── import ─────────────────────────────────────────────────────────────────────────────

/// What the IaC dialog shows.
#[derive(Clone)]
pub enum Stage {
    Idle,
    /// The worker is busy: the sentence says with what.
    Working(String),
    Preview(std::sync::Arc<Preview>),
}

/// An import read but not yet taken: the design, its report, its picture, its figures.
pub struct Preview {
    /// What was imported, for the title ("stack.yaml", "main.tf (+2 files)").
    pub source: String,
    pub design: Design,
    pub report: Report,
    /// The engine's SVG of the design, as a data: URI (shown in an <img>: inert).
    pub picture: String,
    pub totals: totals::Totals,
}

#[derive(Clone, Copy)]
pub struct IacState {
    pub stage: RwSignal<Stage>,
}

thread_local! {
    /// The app's one IacState, also for async tasks (a file read finishing), which run with
    /// no reactive owner and so cannot read the context.
    static STATE: std::cell::Cell<Option<IacState>> = const { std::cell::Cell::new(None) };
}

pub fn provide() {
    let state = IacState { stage: RwSignal::new(Stage::Idle) };
    STATE.with(|s| s.set(Some(state)));
    provide_context(state);
}

impl IacState {
    /// Closes the preview (Escape, Cancel); a running job's answer is then dropped.
    pub fn close(&self) {
        self.stage.set(Stage::Idle);
    }
}

pub fn use_iac() -> IacState {
    use_context::<IacState>().or_else(|| STATE.with(|s| s.get())).expect("iac::provide runs when the shell mounts")
}

/// The files' names as the dialog and the errors name them.
fn source_name(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => crate::files::brief(one),
        [first, rest @ ..] => format!("{} (+{} files)", crate::files::brief(first), rest.len()),
    }
}

/// Reads code files in the worker and shows the preview (or what is wrong: nothing is
/// imported then, and the current design is untouched).
pub fn import(app: AppState, files: Vec<(String, String)>) {
    let iac = use_iac();
    let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    let source = source_name(&names);
    iac.stage.set(Stage::Working(format!("Reading {source}…")));
    let region = app.design.with_untracked(|d| d.region.clone());
    leptos::task::spawn_local(async move {
        let job = Job::Import { files: files.into_iter().map(|(name, text)| File { name, text }).collect(), region };
        let preview = match call(job).await {
            Outcome::Imported { design, report } => match crate::file_code::open(design.as_bytes()).await {
                Ok(loaded) => Ok((loaded.design, report)),
                Err(e) => Err(e.lines()),
            },
            Outcome::Failed { errors } => Err(errors),
            _ => Err(vec!["the code import module answered something else".into()]),
        };
        // The user may have cancelled meanwhile.
        if !matches!(iac.stage.get_untracked(), Stage::Working(_)) {
            return;
        }
        match preview {
            Ok((design, report)) => {
                let icons = crate::files::icon_data(diagram::kinds_used(&design)).await;
                let svg = diagram::render(&design, &diagram::SvgOptions { icons, legend: false, monthly_total: None });
                // (The analyses' code, fetched after start-up: in by now, unless it cannot be
                // fetched, which the user is told as an import error.)
                let totals = match crate::analysis_worker::code().await {
                    Ok(code) => (code.summary)(&design, 1.0),
                    Err(_) => {
                        iac.stage.set(Stage::Idle);
                        app.import_errors.set(Some((source, vec![crate::analysis_worker::not_fetched()])));
                        return;
                    }
                };
                if !matches!(iac.stage.get_untracked(), Stage::Working(_)) {
                    return;
                }
                iac.stage.set(Stage::Preview(std::sync::Arc::new(Preview { source, design, report, picture: diagram::svg_data_uri(&svg), totals })));
            }
            Err(lines) => {
                iac.stage.set(Stage::Idle);
                app.import_errors.set(Some((source, lines)));
            }
        }
    });
}

/// "Import as new design": the preview's design becomes a new saved design and is shown;
/// the design that was open stays in the designs list, untouched.
fn take(app: AppState, p: &Preview) {
    let id = crate::storage::new_id();
    let n = p.design.nodes.len();
    app.replace(id, p.design.clone(), History::new(), View::default());
    crate::actions::zoom_to_fit(&app);
    // The design is named after the file when the file names none: the file is then named
    // once (QA s30 F5: 'Imported "a.yaml": 6 components from a.yaml').
    let name = crate::files::brief(&p.design.name);
    let count = cloudwright_engine::units::counted(n as f64, "component", "components");
    if p.design.name == p.source {
        app.info(format!("Imported \"{name}\": {count}."));
    } else {
        app.info(format!("Imported \"{name}\" from {}: {count}.", crate::files::brief(&p.source)));
    }
}

// ── export ─────────────────────────────────────────────────────────────────────────────

/// Downloads the design as CloudFormation YAML (`<name>.yaml`) or Terraform HCL
/// (`<name>.tf`), written by the engine's exporters in the worker.
pub fn export(app: &AppState, format: Format) {
    let app = *app;
    let iac = use_iac();
    let d = app.design.get_untracked();
    let (what, ext, mime) = match format {
        Format::Cloudformation => ("CloudFormation", "yaml", "application/yaml"),
        Format::Terraform => ("Terraform", "tf", "text/plain"),
    };
    iac.stage.set(Stage::Working(format!("Writing {what}…")));
    leptos::task::spawn_local(async move {
        let outcome = call(Job::Export { format, design: file::save(&d) }).await;
        let cancelled = !matches!(iac.stage.get_untracked(), Stage::Working(_));
        iac.stage.set(Stage::Idle);
        if cancelled {
            return;
        }
        match outcome {
            Outcome::Exported { text } => {
                let name = crate::files::file_name(&d, ext);
                crate::files::download_text(&text, mime, &name);
                app.info(format!("Exported {what}: {name} — a starting point; review its TODO comments before deploying"));
            }
            Outcome::Failed { errors } => app.error_at(format!("The {what} export failed: {}", errors.join("; ")), None),
            _ => app.error_at(format!("The {what} export failed: the code module answered something else"), None),
        }
    });
}

// ── the dialog ─────────────────────────────────────────────────────────────────────────

/// One report line's result, in words.
fn became(o: &Became) -> (&'static str, String) {
    match o {
        Became::Drawn { kind } => ("drawn", format!("drawn as {}", cloudwright_engine::catalog::kind(kind).map(|k| k.name.to_string()).unwrap_or_else(|| kind.clone()))),
        Became::Merged { into, how } => ("merged", format!("merged into {into} ({how})")),
        Became::NotDrawn { why } => ("not-drawn", format!("not drawn: {why}")),
        Became::Skipped { why } => ("skipped", format!("skipped: {why}")),
        Became::Pending => ("not-drawn", "not drawn: not read".into()),
    }
}

#[component]
pub fn IacDialog() -> impl IntoView {
    let app = crate::state::use_app();
    let iac = use_iac();
    let close = move || iac.stage.set(Stage::Idle);
    move || match iac.stage.get() {
        Stage::Idle => None,
        Stage::Working(what) => Some(
            view! {
                <div class="modal-backdrop">
                    // A dialog as the preview will be: the keys are its (Escape cancels), not the
                    // canvas's behind the backdrop.
                    <div class="modal iac-working" role="dialog" aria-label="Importing" use:focus_trap=Callback::new(move |()| close())>
                        <p role="status" aria-live="polite">{what}</p>
                        <button on:click=move |_| close()>"Cancel"</button>
                    </div>
                </div>
            }
            .into_any(),
        ),
        // Fetched on first use (src/on_demand.rs): a first visit imports nothing.
        Stage::Preview(p) => Some(crate::on_demand::dialog("import preview", iac_preview(app, iac, p), Callback::new(move |()| close()))),
    }
}

crate::on_demand::split_point!(iac_preview =>
/// The import preview of `p`: what each resource became, the picture, the figures, and
/// "Import as new design". A split point (src/on_demand.rs): fetched on the first import.
fn iac_preview(app: AppState, iac: IacState, p: std::sync::Arc<Preview>) -> crate::on_demand::Loaded {
    let close = move || iac.stage.set(Stage::Idle);
    let (drawn, merged, not_drawn, skipped) = p.report.counts();
    let unresolved = p.report.unresolved().len();
    let t = &p.totals;
    let figures = format!(
        "{}/month · {} error{}, {} warning{}",
        units::money(t.monthly),
        t.errors,
        if t.errors == 1 { "" } else { "s" },
        t.warnings,
        if t.warnings == 1 { "" } else { "s" }
    );
    let rows = p
        .report
        .entries
        .iter()
        .map(|e| {
            let (class, what) = became(&e.outcome);
            let details: Vec<String> = e.notes.iter().cloned().chain(e.unresolved.iter().map(|(path, why)| format!("unresolved {path}: {why}"))).collect();
            view! {
                <tr class=class data-id=e.id.clone()>
                    <td><code>{e.id.clone()}</code></td>
                    <td class="type">{e.ty.clone()}</td>
                    <td>{what}{(!details.is_empty()).then(|| view! { <ul>{details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul> })}</td>
                </tr>
            }
        })
        .collect_view();
    let notes = p.report.notes.clone();
    let take_it = p.clone();
    Ok(view! {
        <div class="modal-backdrop" on:click=move |_| close()>
            <div class="modal iac-preview" role="dialog" use:focus_trap=Callback::new(move |()| close()) aria-label="Import preview" on:click=|e| e.stop_propagation()>
                <h2>{format!("Import {}", p.source)}</h2>
                <p class="iac-summary">
                    {format!("{} resources: {drawn} drawn, {merged} merged, {not_drawn} not drawn, {skipped} skipped", p.report.entries.len())}
                    {(unresolved > 0).then(|| view! { <span class="iac-unresolved">{format!(" · {unresolved} value{} not resolved", if unresolved == 1 { "" } else { "s" })}</span> })}
                    <br/>
                    {format!("{} components in {} · {figures}", p.design.nodes.len(), p.design.region)}
                </p>
                <div class="iac-body">
                    <figure class="iac-picture"><img src=p.picture.clone() alt=format!("Diagram of the imported design {}", p.design.name)/></figure>
                    <div class="iac-report">
                        {(!notes.is_empty()).then(|| view! { <ul class="iac-notes">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul> })}
                        <table>
                            <thead><tr><th>"Resource"</th><th>"Type"</th><th>"Result"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </div>
                <div class="iac-actions">
                    <span>"Your current design stays as it is."</span>
                    <button class="secondary" on:click=move |_| close()>"Cancel"</button>
                    <button class="primary" id="iac-import" on:click=move |_| {
                        take(app, &take_it);
                        close();
                    }>"Import as new design"</button>
                </div>
            </div>
        </div>
    }
    .into_any())
});
