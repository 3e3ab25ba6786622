//! How a new user starts (issue 14): the template gallery (a thumbnail of each reference
//! architecture, its name and one line), shown on a first visit and in the Designs dialog,
//! and the empty design's hint (what to drag, or a template to start from).
//!
//! Thumbnails are drawn in the browser by the engine's `diagram::render`, the same SVG the
//! export writes (without header, legend or connectors), when the gallery first opens, one
//! per frame: nothing to regenerate when a template or the drawing changes and nothing extra
//! in the build (pre-rendered files would go stale with every change to the drawing). Time
//! measured in `data-render-ms` / `data-slowest-ms` on the gallery, printed by
//! tests/e2e/gallery.test.mjs. Icons are the app's own `icons/<kind>.svg`.

use crate::designs::{self, TemplateMeta};
use crate::state::use_app;
use crate::storage;
use cloudwright_engine::diagram::svg::SvgOptions;
use cloudwright_engine::{diagram, Design};
use crate::focus_trap::focus_trap;
use leptos::prelude::*;
use std::cell::RefCell;

/// Set once the first-visit gallery was answered, so it never shows again in this browser.
const WELCOMED_KEY: &str = "cloudwright:v1:ui:welcomed";

/// A template with its thumbnail (an SVG document), once drawn.
#[derive(Clone, PartialEq)]
pub struct Thumb {
    pub meta: TemplateMeta,
    pub svg: Option<String>,
}

thread_local! {
    /// The templates and their thumbnails, drawn once per page: (list, total ms, slowest ms).
    static CACHE: RefCell<Option<(Vec<Thumb>, f64, f64)>> = const { RefCell::new(None) };
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Waits for the next frame, so the page paints (and answers input) between two thumbnails.
async fn next_frame() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// The thumbnail of a design: the engine's drawing of its components and containers, icons
/// from the app's own files. Connectors are left out: at 180 px they are hairlines nobody
/// reads, and routing them is most of the drawing's time (measured with them: 3.3 s for the
/// ten templates and 1.5 s for the largest on the loaded 2-core test machine, a frozen page).
pub fn thumbnail(d: &Design) -> String {
    let mut d = d.clone();
    d.connections.clear();
    let d = &d;
    let icons = cloudwright_engine::order::map(diagram::svg::kinds_used(d).into_iter().map(|k| (k.clone(), format!("icons/{k}.svg"))));
    let svg = diagram::svg::render(d, &SvgOptions { icons, legend: false, monthly_total: None });
    // Inlined in the page: the card's tooltip is the summary (no <title>), and the arrow
    // marker gets an id of its own (every thumbnail defines the same marker; the canvas has others).
    let svg = match (svg.find("<title>"), svg.find("</title>")) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &svg[..a], &svg[b + "</title>".len()..]),
        _ => svg,
    };
    svg.replace("id=\"a\"", "id=\"thumb-arrow\"").replace("url(#a)", "url(#thumb-arrow)")
}

/// What the gallery shows: the cards (thumbnails fill in one per frame), and the time spent
/// drawing them, total and slowest (ms), once all are drawn.
type Shown = Result<(Vec<Thumb>, Option<(f64, f64)>), String>;

/// Loads the template list, shows the cards at once, then draws one thumbnail per frame (the
/// routing of a template's connectors takes tens of milliseconds; drawn all at once the page
/// would freeze); cached for the page.
async fn load(into: RwSignal<Option<Shown>>) {
    if let Some((list, total, slowest)) = CACHE.with(|c| c.borrow().clone()) {
        into.set(Some(Ok((list, Some((total, slowest))))));
        return;
    }
    let list: Vec<TemplateMeta> = match designs::fetch_text("templates/index.json").await.and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string())) {
        Ok(l) => l,
        Err(e) => return into.set(Some(Err(e))),
    };
    let mut thumbs: Vec<Thumb> = list.into_iter().map(|meta| Thumb { meta, svg: None }).collect();
    into.set(Some(Ok((thumbs.clone(), None))));
    let (mut total, mut slowest) = (0.0f64, 0.0f64);
    for i in 0..thumbs.len() {
        next_frame().await;
        let loaded = match designs::fetch_text(&format!("templates/{}", thumbs[i].meta.file)).await {
            Ok(s) => crate::file_code::load(&s).await.ok(),
            Err(_) => None,
        };
        if let Some(d) = loaded {
            let t0 = now_ms();
            let svg = thumbnail(&d);
            let took = now_ms() - t0;
            total += took;
            slowest = slowest.max(took);
            thumbs[i].svg = Some(svg.clone());
            into.update(|s| {
                if let Some(Ok((l, _))) = s {
                    l[i].svg = Some(svg);
                }
            });
        }
    }
    into.update(|s| {
        if let Some(Ok((_, t))) = s {
            *t = Some((total, slowest));
        }
    });
    CACHE.with(|c| *c.borrow_mut() = Some((thumbs, total, slowest)));
}

/// The gallery: one card per template (thumbnail, name, one line; the full summary as the
/// tooltip). Choosing a card opens a new design from it.
#[component]
pub fn TemplateGallery(#[prop(optional)] on_pick: Option<Callback<()>>) -> impl IntoView {
    let app = use_app();
    let shown = RwSignal::new(None::<Shown>);
    leptos::task::spawn_local(load(shown));
    let card = move |i: usize, t: Thumb| {
        let meta = t.meta.clone();
        let line = if t.meta.tagline.is_empty() { t.meta.summary.clone() } else { t.meta.tagline.clone() };
        // Only the thumbnail follows the signal: a card is built once.
        let svg = Memo::new(move |_| shown.with(|s| s.as_ref().and_then(|s| s.as_ref().ok()).and_then(|(l, _)| l.get(i)).and_then(|t| t.svg.clone())));
        view! {
            <li class="gallery-card" data-template=t.meta.file.clone() class:drawn=move || svg.with(|s| s.is_some())>
                <button class="gallery-pick" title=t.meta.summary.clone() on:click=move |_| {
                    mark_welcomed();
                    designs::open_template(app, meta.clone());
                    if let Some(cb) = on_pick { cb.run(()); }
                }>
                    <span class="gallery-thumb" aria-hidden="true" inner_html=move || svg.get().unwrap_or_default()></span>
                    <span class="gallery-name">{t.meta.name.clone()}</span>
                    <span class="gallery-line">{line}</span>
                </button>
            </li>
        }
    };
    // The list itself is built once, when the template list arrives.
    let listed = Memo::new(move |_| shown.with(|s| s.as_ref().map(|s| s.as_ref().map(|(l, _)| l.iter().map(|t| Thumb { meta: t.meta.clone(), svg: None }).collect::<Vec<_>>()).map_err(|e| e.clone()))));
    let timing = move || shown.with(|s| s.as_ref().and_then(|s| s.as_ref().ok()).and_then(|(_, t)| *t));
    move || match listed.get() {
        None => view! { <p class="muted small" role="status">"Loading the templates…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="field-error">{format!("The templates could not be read: {e}")}</p> }.into_any(),
        Some(Ok(list)) => view! {
            <ul class="gallery template-list"
                data-render-ms=move || timing().map(|t| format!("{:.1}", t.0)).unwrap_or_default()
                data-slowest-ms=move || timing().map(|t| format!("{:.1}", t.1)).unwrap_or_default()>
                {list.into_iter().enumerate().map(|(i, t)| card(i, t)).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

fn mark_welcomed() {
    let _ = storage::set_raw(WELCOMED_KEY, "1");
}

/// Whether to greet this browser with the gallery: never greeted before.
pub fn should_welcome() -> bool {
    storage::get_raw(WELCOMED_KEY).is_none()
}

thread_local! {
    /// This page opened the starter design because the browser had none (a first visit).
    static FIRST_VISIT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Called by `app::first_visit` (before the shell mounts): the welcome gallery will show,
/// unless this browser already answered it.
pub fn first_visit() {
    FIRST_VISIT.with(|f| f.set(true));
}

/// The first-visit gallery. Mounted once in the shell; provides its own switch.
#[component]
pub fn WelcomeDialog() -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(FIRST_VISIT.with(|f| f.get()) && should_welcome());
    let close = move || {
        mark_welcomed();
        open.set(false);
    };
    move || {
        open.get().then(|| {
            view! {
                <div class="modal-backdrop" on:click=move |_| close()>
                    <div class="modal welcome" role="dialog" use:focus_trap=Callback::new(move |()| close()) aria-modal="true" aria-labelledby="welcome-title" on:click=|e| e.stop_propagation()>
                        <h2 id="welcome-title">"Start a design"</h2>
                        <p class="muted">"Pick a reference architecture to start from — every figure, finding and comparison is worked out in this browser and nothing leaves it. Or keep the starter design, a three-tier web app, open behind this window."</p>
                        <TemplateGallery on_pick=Callback::new(move |_| open.set(false))/>
                        <div class="button-row">
                            <button id="welcome-empty" on:click=move |_| {
                                mark_welcomed();
                                designs::new_design(&app, Design::new("Untitled design", "us-east-1"));
                                open.set(false);
                            }>"Start with an empty design"</button>
                            <button class="primary" id="welcome-keep" on:click=move |_| close()>"Keep the starter design"</button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}

/// Over an empty canvas: how to start.
#[component]
pub fn EmptyHint() -> impl IntoView {
    let app = use_app();
    let empty = Memo::new(move |_| app.design.with(|d| d.nodes.is_empty()));
    move || {
        empty.get().then(|| {
            view! {
                <div class="empty-hint" id="empty-hint" role="note">
                    <h2>"An empty design"</h2>
                    <p>"Drag a component from the palette on the left onto the canvas — or type its name in the palette's search box (press /) and Enter. Words like " <em>"lambda"</em> ", " <em>"queue"</em> ", " <em>"cdn"</em> " or " <em>"postgres"</em> " work; a database or a service comes with the VPC, AZ and subnet it needs."</p>
                    <p>"A usual start: " <strong>"Internet users"</strong> ", a " <strong>"Region"</strong> " with a " <strong>"VPC"</strong> ", then what serves the requests. To connect two, select one and drag the round handle on its right edge onto the other."</p>
                    <p><button class="primary" id="empty-templates" on:click=move |_| app.show_designs.set(true)>"Or start from a template"</button></p>
                </div>
            }
        })
    }
}
