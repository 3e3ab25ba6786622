//! Files in and out: import a design (file picker or drop), export it as JSON, SVG or PNG;
//! infrastructure code goes on to `iac` (preview, import as a new design; CloudFormation and
//! Terraform exports).
//! Everything happens in the page: downloads are blob: URLs, nothing is uploaded.

use crate::state::{AppState, View};
use cloudwright_engine::diagram::{self as svg_export, SvgOptions};
use cloudwright_engine::{file, Design, History};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What the app does with the bytes of a file the user imports: the engine's one entry
/// point for outside files, [`file::open`] — the function every CLI command calls — so the
/// app and the CLI accept exactly the same files (the wasm test runs the shared corpus
/// through this function).
/// The app reads it in two steps, the second fetched on first use (`file_code::open`).
pub async fn parse_import(bytes: &[u8]) -> Result<Design, crate::file_code::ReadError> {
    crate::file_code::open(bytes).await.map(|l| l.design)
}

/// Longest name a message quotes, in characters: a name is free text of any length, and a
/// message that quotes 10,000 characters covers the page.
pub const MESSAGE_NAME_CHARS: usize = 60;

/// `name` as a message quotes it: whole when short, else its first [`MESSAGE_NAME_CHARS`]
/// characters and an ellipsis (the full name stays in the toolbar's hover and the inspector),
/// as shown ([`shown`]).
pub fn brief(name: &str) -> String {
    match name.char_indices().nth(MESSAGE_NAME_CHARS) {
        Some((cut, _)) => format!("{}…", shown(&name[..cut])),
        None => shown(name),
    }
}

/// User text (a name, a label, a reason) as the app shows it: a direction-override
/// character is drawn as a mark (`⟨RLO⟩`, the engine's `text::reveal_bidi`, as in every
/// export) so it cannot disguise the text; the design keeps what was typed, and input
/// fields show that. Elements holding user text also get CSS `unicode-bidi: isolate`
/// (`.user-text`), so a right-to-left name cannot reorder the app's own words around it.
pub fn shown(text: &str) -> String {
    cloudwright_engine::text::reveal_bidi(text).into_owned()
}

/// A component's label where it names the component (a bill row, a latency hop, the totals
/// bar's entry, a comparison, the presentation): [`shown`]'s marks, and cut at 160 characters
/// with "…" (`text::shown_label`, as the canvas and the findings draw it), so a label pasted
/// by mistake cannot widen a panel or stall the page's layout (qa23: one 100,000-character
/// word made a latency hop 627,000 px wide).
pub fn shown_label(label: &str) -> String {
    cloudwright_engine::text::shown_label(label).into_owned()
}

/// The files of a drop or a picker, imported together ([`import_files`]).
pub fn import_list(app: AppState, list: web_sys::FileList) {
    import_files(app, (0..list.length()).filter_map(|i| list.get(i)).collect());
}

/// Is this file a Cloudwright design (rather than infrastructure code)? Decided by content
/// (`iac::detect`: a design's `schema_version` and `nodes`, a template's `Resources`, a
/// plan's `format_version`, HCL blocks), so a `.json` template goes to the code import and
/// a broken design file to the design import, which says what is wrong with it.
fn is_design_file(name: &str, bytes: &[u8]) -> bool {
    use cloudwright_engine::iac::{detect, Format};
    let json_name = name.to_ascii_lowercase().ends_with(".json");
    let Ok(text) = std::str::from_utf8(bytes) else { return json_name };
    match detect(name, text) {
        Some(Format::Design) => true,
        Some(_) => false,
        None => json_name || text.trim_start_matches('\u{feff}').trim_start().starts_with('{'),
    }
}

/// Reads the files the user chose or dropped, as bytes (not as text: the browser would
/// replace invalid UTF-8 with U+FFFD and accept a file the CLI refuses). One design file
/// opens as a new design (the current one is kept in the designs list); infrastructure code
/// (CloudFormation/SAM, Terraform `.tf` files, `terraform show -json`), one file or several,
/// goes to the code import's preview (`iac::import`). A bad file lists what is wrong and
/// where, and changes nothing.
pub fn import_files(app: AppState, files: Vec<web_sys::File>) {
    let Some(first) = files.first() else { return };
    let label = if files.len() == 1 { first.name() } else { format!("{} (+{} files)", first.name(), files.len() - 1) };
    if let Some(big) = files.iter().find(|f| f.size() > file::MAX_FILE_BYTES as f64) {
        let e = file::too_large(Some(big.size() as u64));
        app.import_errors.set(Some((big.name(), e.problems.iter().map(|p| p.to_string()).collect())));
        return;
    }
    leptos::task::spawn_local(async move {
        let mut read = Vec::new();
        for f in &files {
            match JsFuture::from(f.array_buffer()).await {
                Ok(buf) => read.push((f.name(), js_sys::Uint8Array::new(&buf).to_vec())),
                Err(_) => {
                    app.import_errors.set(Some((f.name(), vec!["the browser could not read the file".into()])));
                    return;
                }
            }
        }
        if let [(name, bytes)] = read.as_slice() {
            if is_design_file(name, bytes) {
                open_design(app, name, bytes).await;
                return;
            }
        }
        let mut texts = Vec::new();
        let mut errors = Vec::new();
        for (name, bytes) in read {
            match String::from_utf8(bytes) {
                Ok(text) => texts.push((name, text)),
                Err(e) => errors.push(format!("{name}: not UTF-8 text (byte {} is not valid UTF-8)", e.utf8_error().valid_up_to())),
            }
        }
        if errors.is_empty() {
            crate::iac::import(app, texts);
        } else {
            app.import_errors.set(Some((label, errors)));
        }
    });
}

/// Opens a design file's bytes as a new design, or lists what is wrong with it. A file that
/// waits for the full reader's code (an older format) says so meanwhile, and is not opened if
/// the user opened something else meanwhile (the last open asked wins: `AppState::ask_open`).
async fn open_design(app: AppState, name: &str, bytes: &[u8]) {
    let ask = app.ask_open();
    let note = std::cell::Cell::new(None);
    let read = crate::file_code::open_noting(bytes, || note.set(Some(app.note_while(format!("Opening {}\u{2026} (the reader of older files is on its way)", brief(name)))))).await;
    if let Some(seq) = note.get() {
        app.take_toast(seq);
    }
    if !app.still_wanted(&ask) {
        app.info(format!("{} was not opened: another design was opened while it was being read.", brief(name)));
        return;
    }
    match read.map(|l| l.design) {
        Ok(design) => {
            // A file without positions (written by hand or by a script) is laid out as Tidy up
            // lays it: opened as it was, the canvas showed nothing of it (QA s21). That layout
            // is Tidy up's code, fetched on first use (`tidy_code`): only such a file waits.
            if cloudwright_engine::diagram::tidy::missing_positions(&design) == 0 {
                open_laid_out(app, name, design, 0);
            } else {
                let name = name.to_string();
                let waits = format!("Opening {}\u{2026} (its layout code is on its way)", brief(&name));
                crate::tidy_code::with_code(app, "The import", waits, move |code| {
                    // (Still the last open asked, after waiting for the layout's code too.)
                    if !app.still_wanted(&ask) {
                        app.info(format!("{} was not opened: another design was opened while it was being read.", brief(&name)));
                        return;
                    }
                    let mut design = design;
                    let laid_out = (code.lay_out_missing)(&mut design);
                    open_laid_out(app, &name, design, laid_out);
                });
            }
        }
        Err(e) => {
            app.import_errors.set(Some((name.to_string(), e.lines())));
        }
    }
}

/// Opens an imported design (`laid_out`: how many of its components the file gave no position).
fn open_laid_out(app: AppState, name: &str, design: Design, laid_out: usize) {
    let id = crate::storage::new_id();
    let label = design.name.clone();
    app.replace(id, design, History::new(), View::default());
    crate::actions::zoom_to_fit(&app);
    let how = if laid_out > 0 { format!(" and laid out ({} had no position in the file)", cloudwright_engine::units::counted(laid_out as f64, "component", "components")) } else { String::new() };
    app.info(format!("Imported \"{}\" from {}{how}", brief(&label), brief(name)));
}

/// Opens the browser's file picker for a design file, or infrastructure code (one template,
/// or several Terraform files together).
pub fn pick_file(app: AppState) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(input) = doc.create_element("input") else { return };
    let input: web_sys::HtmlInputElement = input.unchecked_into();
    input.set_type("file");
    input.set_accept(".json,.yaml,.yml,.template,.tf,application/json");
    input.set_multiple(true);
    input.set_class_name("hidden-file-input");
    let i2 = input.clone();
    let on_change = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(list) = i2.files() {
            import_list(app, list);
        }
        i2.remove();
    });
    input.set_onchange(Some(on_change.unchecked_ref()));
    if let Some(body) = doc.body() {
        let _ = body.append_child(&input);
    }
    input.click();
}

/// The download's file name stem: short, plain (the engine's `text::file_stem`).
fn slug(name: &str) -> String {
    cloudwright_engine::text::file_stem(name)
}

/// A `data:` URI for SVG text of any characters: its UTF-8 bytes, percent-encoded (the
/// engine's `diagram::svg_data_uri`). Not `btoa`, which takes only Latin-1: "Orders → API"
/// or an emoji made the PNG export fail.
use cloudwright_engine::diagram::svg_data_uri;

/// Starts a download of some bytes under a file name.
fn download(parts: &JsValue, mime: &str, filename: &str) {
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(parts, &opts) else { return };
    download_blob(&blob, filename);
}

fn download_blob(blob: &web_sys::Blob, filename: &str) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else { return };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(a) = doc.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Starts a download of text (UTF-8) under a file name.
pub fn download_text(text: &str, mime: &str, filename: &str) {
    download(&js_sys::Array::of1(&JsValue::from_str(text)), mime, filename);
}

/// The download name for a design and an extension: `three-tier-vpc.md`.
pub fn file_name(d: &cloudwright_engine::Design, ext: &str) -> String {
    format!("{}.{ext}", slug(&d.name))
}

pub fn export_json(app: &AppState) {
    let d = app.design.get_untracked();
    let parts = js_sys::Array::of1(&JsValue::from_str(&file::save(&d)));
    download(&parts, "application/json", &format!("{}.json", slug(&d.name)));
}

/// Fetches the icons a design uses (same origin) as data: URIs, so the exported SVG stands
/// on its own.
pub async fn icon_data(kinds: Vec<String>) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    let Some(win) = web_sys::window() else { return out };
    for k in kinds {
        let Ok(resp) = JsFuture::from(win.fetch_with_str(&format!("icons/{k}.svg"))).await else { continue };
        let resp: web_sys::Response = resp.unchecked_into();
        if !resp.ok() {
            continue;
        }
        let Ok(p) = resp.text() else { continue };
        let Ok(text) = JsFuture::from(p).await else { continue };
        out.insert(k, svg_data_uri(&text.as_string().unwrap_or_default()));
    }
    out
}

/// What the SVG and PNG exports draw around the diagram: the design's name, a legend of the
/// kinds and connection styles used, and the monthly total (the cost engine's, the figure
/// the app shows, through the analyses' code: `analysis_worker::Code`). If that code cannot
/// be fetched the export is drawn without the total and the user is told.
async fn export_options(app: AppState, d: &cloudwright_engine::Design, icons: std::collections::BTreeMap<String, String>) -> SvgOptions {
    let monthly_total = match crate::analysis_worker::code().await {
        Ok(code) => Some((code.monthly_total)(d)),
        Err(_) => {
            app.error_at(format!("The export has no monthly total: {}", crate::on_demand::NOT_FETCHED), None);
            None
        }
    };
    SvgOptions { icons, legend: true, monthly_total }
}

pub fn export_svg(app: &AppState) {
    let d = app.design.get_untracked();
    let app = *app;
    leptos::task::spawn_local(async move {
        let icons = icon_data(svg_export::kinds_used(&d)).await;
        let svg = svg_export::render(&d, &export_options(app, &d, icons).await);
        download(&js_sys::Array::of1(&JsValue::from_str(&svg)), "image/svg+xml", &format!("{}.svg", slug(&d.name)));
    });
}

/// Renders the SVG export into a canvas at 2x and downloads it as PNG.
pub fn export_png(app: &AppState) {
    let d = app.design.get_untracked();
    let app = *app;
    leptos::task::spawn_local(async move {
        let icons = icon_data(svg_export::kinds_used(&d)).await;
        let opts = export_options(app, &d, icons).await;
        let (svg, (w, h)) = (svg_export::render(&d, &opts), svg_export::svg::size_with(&d, &opts));
        let result: Result<(), JsValue> = async {
            let win = web_sys::window().ok_or("no window")?;
            let doc = win.document().ok_or("no document")?;
            let img = web_sys::HtmlImageElement::new()?;
            img.set_src(&svg_data_uri(&svg));
            JsFuture::from(img.decode()).await.map_err(|_| JsValue::from_str("the diagram could not be drawn as an image"))?;
            let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas")?.unchecked_into();
            let scale = 2.0;
            canvas.set_width((w * scale) as u32);
            canvas.set_height((h * scale) as u32);
            let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d")?.ok_or("no 2d context")?.unchecked_into();
            ctx.scale(scale, scale)?;
            ctx.draw_image_with_html_image_element(&img, 0.0, 0.0)?;
            let url = canvas.to_data_url_with_type("image/png")?;
            let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.unchecked_into();
            a.set_href(&url);
            a.set_download(&format!("{}.png", slug(&d.name)));
            a.click();
            Ok(())
        }
        .await;
        if let Err(e) = result {
            let why = e.as_string().unwrap_or_else(|| js_sys::Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_default());
            app.error_at(format!("The PNG export failed ({why}); the SVG export has the same diagram"), None);
        }
    });
}
