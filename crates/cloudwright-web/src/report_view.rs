//! The Report button's view: the hand-over report of the current design, exactly the HTML
//! the engine renders (`report::html`, the same page as `cloudwright report --format html`),
//! shown in a sandboxed frame (no script runs in it), with Print (the browser's print to
//! PDF, using the page's own print stylesheet) and downloads of the Markdown and the HTML.

use crate::files;
use crate::state::use_app;
use cloudwright_engine::diagram::{self, SvgOptions};
use cloudwright_engine::report::{self, ReportOptions};
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
    // Build when opened: fetch the icons the diagram uses (same origin), then one report.
    Effect::new(move |_| {
        if !app.show_report.get() {
            rendered.set(None);
            return;
        }
        let d = app.design.get_untracked();
        leptos::task::spawn_local(async move {
            let icons = files::icon_data(diagram::kinds_used(&d)).await;
            let r = report::build(&d, &ReportOptions { diagram: SvgOptions { icons, ..Default::default() } });
            if app.show_report.get_untracked() {
                rendered.set(Some(Rendered { html: report::html(&r), markdown: report::markdown(&r), md_name: files::file_name(&d, "md"), html_name: files::file_name(&d, "html") }));
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
                <div class="modal-backdrop report-backdrop">
                    <div class="report-dialog" role="dialog" aria-label="Hand-over report">
                        <div class="report-bar">
                            <strong>"Hand-over report"</strong>
                            <span class="muted">"The same report as cloudwright report; Print saves it as PDF."</span>
                            <button id="report-print" disabled=move || rendered.with(|r| r.is_none()) on:click=print>"Print"</button>
                            <button id="report-md" disabled=move || rendered.with(|r| r.is_none()) on:click=move |_| download(true)>"Download Markdown"</button>
                            <button id="report-html" disabled=move || rendered.with(|r| r.is_none()) on:click=move |_| download(false)>"Download HTML"</button>
                            <button id="report-close" on:click=move |_| app.show_report.set(false)>"Close"</button>
                        </div>
                        {move || match rendered.get() {
                            None => view! { <p class="report-wait" role="status">"Preparing the report…"</p> }.into_any(),
                            Some(r) => view! { <iframe id="report-frame" title="Hand-over report" sandbox="allow-same-origin allow-modals" srcdoc=r.html></iframe> }.into_any(),
                        }}
                    </div>
                </div>
            }
        })
    }
}
