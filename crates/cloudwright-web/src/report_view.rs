//! The Report button's view: the hand-over report of the current design, exactly the HTML
//! the engine renders (`report::html`, the same page as `cloudwright report --format html`),
//! shown in a sandboxed frame (no script runs in it), with Print (the browser's print to
//! PDF, using the page's own print stylesheet) and downloads of the Markdown and the HTML.

use crate::files;
use crate::state::use_app;
use cloudwright_engine::diagram::{self, SvgOptions};
use cloudwright_engine::report::{self, ReportOptions};
use crate::focus_trap::focus_trap;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Both renderings of one report model, and the design's name for the file names.
#[derive(Clone)]
struct Rendered {
    html: String,
    markdown: String,
    /// Download names: `<design>.md`, `<design>.html`.
    md_name: String,
    html_name: String,
}

#[component]
pub fn ReportView() -> impl IntoView {
    let app = use_app();
    let rendered = RwSignal::new(None::<Rendered>);
    // Set when the report's code (fetched on first use) could not be fetched.
    let failed = RwSignal::new(false);
    // Build when opened: fetch the icons the diagram uses (same origin), then one report.
    Effect::new(move |_| {
        if !app.show_report.get() {
            rendered.set(None);
            failed.set(false);
            return;
        }
        let d = app.design.get_untracked();
        leptos::task::spawn_local(async move {
            let icons = files::icon_data(diagram::kinds_used(&d)).await;
            let r = render(d, icons).await;
            if app.show_report.get_untracked() {
                match r {
                    Ok(r) => rendered.set(Some(r)),
                    Err(_) => failed.set(true),
                }
            }
        });
    });
    let print = move |_| {
        let frame = document().get_element_by_id("report-frame").and_then(|f| f.dyn_into::<web_sys::HtmlIFrameElement>().ok());
        if let Some(w) = frame.and_then(|f| f.content_window()) {
            let _ = w.print();
        }
    };
    let download = move |md: bool| {
        if let Some(r) = rendered.get_untracked() {
            if md {
                files::download_text(&r.markdown, "text/markdown;charset=utf-8", &r.md_name);
            } else {
                files::download_text(&r.html, "text/html;charset=utf-8", &r.html_name);
            }
        }
    };
    move || {
        app.show_report.get().then(|| {
            view! {
                // A click beside the report closes it, as beside every other dialog (QA s61 #6).
                <div class="modal-backdrop report-backdrop" on:click=move |_| app.show_report.set(false)>
                    <div class="report-dialog" role="dialog" use:focus_trap=Callback::new(move |()| app.show_report.set(false)) aria-label="Hand-over report" on:click=|e| e.stop_propagation()>
                        <div class="report-bar">
                            <strong>"Hand-over report"</strong>
                            <span class="muted">"The same report as cloudwright report; Print saves it as PDF."</span>
                            <button id="report-print" disabled=move || rendered.with(|r| r.is_none()) || crate::analysis_worker::figures_unavailable() on:click=print>"Print"</button>
                            <button id="report-md" disabled=move || rendered.with(|r| r.is_none()) || crate::analysis_worker::figures_unavailable() on:click=move |_| download(true)>"Download Markdown"</button>
                            <button id="report-html" disabled=move || rendered.with(|r| r.is_none()) || crate::analysis_worker::figures_unavailable() on:click=move |_| download(false)>"Download HTML"</button>
                            <button id="report-close" on:click=move |_| app.show_report.set(false)>"Close"</button>
                        </div>
                        {move || match rendered.get() {
                            // The report is of the figures the page cannot compute: it says what
                            // the bar says (QA s37 F4: it showed them while the bar did not).
                            _ if crate::analysis_worker::figures_unavailable() => view! { <p class="report-wait on-demand-error" id="report-unavailable" role="alert">{format!("The report could not be prepared. {}", crate::analysis_worker::not_fetched())}</p> }.into_any(),
                            None if failed.get() => view! { <p class="report-wait on-demand-error" role="alert">{format!("The report could not be prepared: {}", crate::on_demand::NOT_FETCHED)}</p> }.into_any(),
                            None => view! { <p class="report-wait" role="status">"Preparing the report…"</p> }.into_any(),
                            Some(r) => view! { <iframe id="report-frame" title="Hand-over report" sandbox="allow-same-origin allow-modals" srcdoc=r.html on:load=move |e| escape_in_frame(&e)></iframe> }.into_any(),
                        }}
                    </div>
                </div>
            }
        })
    }
}

thread_local! {
    /// The listener on the report frame's document (one frame at a time: a new one drops it).
    static FRAME_KEYS: std::cell::RefCell<Option<wasm_bindgen::closure::Closure<dyn FnMut(web_sys::KeyboardEvent)>>> = const { std::cell::RefCell::new(None) };
}

/// Escape pressed in the report's frame (a click in its text puts the focus there, and its
/// document, not the page, hears the keys) closes the report as anywhere else (QA s61 #2), by
/// the one way Escape closes a dialog (`focus_trap::escape`); Tab goes round the report's
/// controls as from any of them (`focus_trap::tab_in_frame`). The frame is same-origin
/// (`allow-same-origin`, no scripts), so the page can listen to it.
fn escape_in_frame(e: &web_sys::Event) {
    let doc = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlIFrameElement>().ok()).and_then(|f| f.content_document());
    let Some(doc) = doc else { return };
    let keys = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |k: web_sys::KeyboardEvent| {
        match k.key().as_str() {
            "Escape" if crate::focus_trap::escape() => k.prevent_default(),
            "Tab" => crate::focus_trap::tab_in_frame(&k),
            _ => {}
        }
    });
    let _ = doc.add_event_listener_with_callback("keydown", keys.as_ref().unchecked_ref());
    FRAME_KEYS.with(|f| f.replace(Some(keys)));
}

crate::on_demand::split_point!(report =>
/// The report of `d`, in both renderings. A split point (src/on_demand.rs): the report's
/// model and renderers (engine `report`, most of `diagram`'s SVG) are fetched the first time a
/// report is opened, not with the app; the wait shows as "Preparing the report…".
fn render(d: cloudwright_engine::Design, icons: std::collections::BTreeMap<String, String>) -> Result<Rendered, crate::on_demand::SplitLoaderError> {
    let r = report::build(&d, &ReportOptions { diagram: SvgOptions { icons, ..Default::default() } });
    Ok(Rendered { html: report::html(&r), markdown: report::markdown(&r), md_name: files::file_name(&d, "md"), html_name: files::file_name(&d, "html") })
});
