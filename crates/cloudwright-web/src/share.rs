//! Share by link, in the app: "Copy link" packs the open design into the page's address after
//! `#d=` (the engine's `share` module: zlib, URL-safe base64, a size limit); opening such a
//! link shows that design **read-only** with "Keep a copy".
//!
//! - The fragment never reaches a server (browsers do not send it), so a shared design stays
//!   between the two browsers, as every design does.
//! - The shared design is shown under the id [`SHARED_ID`], which is never saved: autosave
//!   saves only a design this tab edits (`Access::Editing`), the tab takes no edit lock for it,
//!   and `current` is not changed, so the user's own designs are untouched. "Keep a copy"
//!   makes it a design of the user's own (a fresh id, saved like any other).
//! - A link that cannot be opened (corrupt, cut short, too long, from a newer version) shows
//!   the engine's message in a dialog and the user's own design opens as usual: a link is
//!   decoded whole before anything changes, so a design is never half-loaded.

use crate::state::{Access, AppState, View};
use cloudwright_engine::{share, Design, History};
use js_sys::{Promise, Reflect};
use crate::focus_trap::focus_trap;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The id the shared design is shown under: no stored design has it (`storage::new_id`
/// makes `d…` ids), and nothing is saved under it.
pub const SHARED_ID: &str = "shared-link";

const READ_ONLY: &str = "A shared design, shown read-only. Nothing of it is saved in this browser unless you keep a copy; your own designs are untouched.";

/// The share state the dialogs show.
#[derive(Clone, Copy)]
pub struct Share {
    /// The "Share by link" dialog is open: the number of the click that opened it (a link
    /// made for an earlier opening, one closed meanwhile, is dropped, not shown nor copied).
    pub dialog: RwSignal<Option<u64>>,
    /// Whether the link reached the clipboard (`None` while it is made and copied).
    pub copied: RwSignal<Option<bool>>,
    /// Why a link the page was opened with cannot be shown.
    pub problem: RwSignal<Option<String>>,
}

pub fn provide() -> Share {
    let s = Share { dialog: RwSignal::new(None), copied: RwSignal::new(None), problem: RwSignal::new(None) };
    provide_context(s);
    s
}

pub fn use_share() -> Share {
    expect_context::<Share>()
}

/// Whether the app shows a shared design (read-only, never saved).
pub fn is_shared(app: &AppState) -> bool {
    app.design_id.with_untracked(|id| id == SHARED_ID)
}

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The share-link payload in the page's address (`#d=…`), if there is one.
pub fn payload_in_address() -> Option<String> {
    let hash = location()?.hash().ok()?;
    share::payload_of_fragment(&hash).map(str::to_string)
}

/// Removes the fragment from the address (without reloading or adding a history entry), so
/// a reload opens the user's own design again.
pub fn clear_address() {
    let Some(win) = web_sys::window() else { return };
    let Ok(href) = win.location().href() else { return };
    let Some((base, _)) = href.split_once('#') else { return };
    if let Ok(h) = win.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(base));
    }
}

crate::on_demand::split_point!(share_open =>
/// The link's reader (`share::decode`: base64, zlib's inflate, the size and version checks;
/// ~20 kB of the linked wasm), fetched on first use (s56-size): only a page opened with a
/// link (or given one later) needs it. A split point (src/on_demand.rs).
fn open_code() -> Result<fn(&str) -> Result<Design, String>, crate::on_demand::SplitLoaderError> {
    fn decode(payload: &str) -> Result<Design, String> {
        share::decode(payload).map_err(|e| e.to_string())
    }
    Ok(decode)
});

/// Decodes the link in the address and shows its design read-only; on failure tells why.
/// Returns whether a shared design is now shown. The link's reader is fetched first
/// ([`open_code`]); if it cannot be, that is the reason told and the link stays in the address,
/// so a reload tries again (review s56 R2: clearing it made the advice to reload open the
/// user's own design). A link that is not a design is cleared: a reload opens the user's own.
pub async fn open_from_address(app: AppState, s: Share) -> bool {
    let Some(payload) = payload_in_address() else { return false };
    let decoded = match open_code().await {
        Ok(decode) => decode(&payload).map_err(|e| (e, true)),
        Err(_) => Err((format!("{}. Check the connection, then reload the page to open the link (it is kept in the address).", crate::on_demand::NOT_FETCHED_WHY), false)),
    };
    match decoded {
        Ok(d) => {
            show(app, d);
            true
        }
        Err((e, not_a_design)) => {
            if not_a_design {
                clear_address();
            } else {
                LINK_KEPT.with(|k| k.set(true));
            }
            s.problem.set(Some(e));
            false
        }
    }
}

/// Shows `d` read-only under [`SHARED_ID`]. Access is set first, so nothing ever tries to
/// save it.
fn show(app: AppState, d: Design) {
    app.access.set(Access::ReadOnly(READ_ONLY.into()));
    app.replace(SHARED_ID.to_string(), d, History::new(), View::default());
    request_animation_frame(move || crate::actions::zoom_to_fit(&app));
}

/// "Keep a copy": the shared design becomes one of the user's own (a new id; autosave saves
/// it once the tab holds its edit lock), and the address loses the link.
pub fn keep_copy(app: AppState) {
    if !is_shared(&app) {
        return;
    }
    clear_address();
    let d = app.design.get_untracked();
    let name = crate::files::brief(&d.name);
    app.replace(crate::storage::new_id(), d, History::new(), app.view.get_untracked());
    app.info(format!("\"{name}\" is now one of your designs, saved in this browser; edit away."));
}

thread_local! {
    /// A link whose reader could not be fetched at the start: kept in the address for the
    /// design shown instead ([`install`]'s first run), so the reload the words advise opens it
    /// (review s56 R2).
    static LINK_KEPT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Watches the address for a pasted share link (`hashchange`) and clears a stale link once
/// the user leaves the shared design by other means (opening or importing a design) — not the
/// link that could not be fetched at the start while the design shown instead stays.
pub fn install(app: AppState) {
    let s = use_share();
    Effect::new(move |_| {
        let id = app.design_id.get();
        if LINK_KEPT.with(|k| k.replace(false)) {
            return;
        }
        if id != SHARED_ID && payload_in_address().is_some() {
            clear_address();
        }
    });
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        if payload_in_address().is_none() {
            return;
        }
        let saved = crate::autosave::flush(&app);
        leptos::task::spawn_local(async move {
            saved.await;
            open_from_address(app, s).await;
        });
    });
}

/// "Copy link": opens the "Share by link" dialog at once, saying "Making the link…" while the
/// link's code (fetched on first use, [`make_link`]) and the dialog's are on their way; then
/// shows the link (with its length and the limit) and puts it on the clipboard when the browser
/// allows. Closing it meanwhile (Escape, Close) cancels for good: the link made after is
/// neither shown nor copied (review s54 R2, QA s37 F5/G2: the click showed nothing for
/// seconds, and the dialog opened after an Escape). The link is of the design as it is at the
/// click.
pub fn copy_link(_app: &AppState, s: Share) {
    thread_local! {
        static OPENED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }
    let n = OPENED.with(|o| {
        o.set(o.get() + 1);
        o.get()
    });
    s.copied.set(None);
    s.dialog.set(Some(n));
}

/// The "Share by link" dialog's content for opening `n`: the link of `d`, made and copied,
/// then the dialog; nothing if it was closed or opened again meanwhile.
async fn link_dialog(s: Share, n: u64, base: String, d: Design) -> crate::on_demand::Loaded {
    let link = make_link(base, d).await.unwrap_or_else(|_| Err(format!("The link could not be made: {}", crate::on_demand::NOT_FETCHED)));
    if s.dialog.get_untracked() != Some(n) {
        return Ok(().into_any());
    }
    if let Ok(text) = link.clone() {
        // Started before the dialog's own code is awaited: as close to the click as the
        // link allows (a write long after the gesture may be refused: Firefox, Safari).
        leptos::task::spawn_local(async move {
            let copied = write_clipboard(&text).await;
            if s.dialog.get_untracked() == Some(n) {
                s.copied.set(Some(copied));
            }
        });
    }
    share_dialog(s, link).await
}

/// Starts fetching the link's code and the dialog's when the pointer or the focus reaches
/// "Copy link" (a no-op once they are in). The dialog opens at the click anyway ("Making the
/// link…"); this keeps the clipboard write close to the click, which a browser may require
/// (Firefox: within 5 s of it; Safari: in the gesture), and the dialog then shows at once.
pub fn prefetch_link_code() {
    leptos::task::spawn_local(async {
        let _ = make_link_preload().await;
        let _ = share_dialog_preload().await;
    });
}

crate::on_demand::split_point!(share_link, preload make_link_preload =>
/// The share link of `d` at the page's address `base` (engine `share::link`), or why there is
/// none. A split point (src/on_demand.rs): the compressor (miniz_oxide's deflate, ~13 KB of
/// wasm) is fetched the first time a link is made; opening a link (inflate) stays in the app.
fn make_link(base: String, d: Design) -> Result<Result<String, String>, crate::on_demand::SplitLoaderError> {
    Ok(share::link(&base, &d).map_err(|e| e.to_string()))
});

/// `navigator.clipboard.writeText(text)` (through Reflect: web-sys has the Clipboard API
/// behind a feature the app does not otherwise need). False when refused or missing.
async fn write_clipboard(text: &str) -> bool {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return false };
    let Ok(cb) = Reflect::get(&nav, &"clipboard".into()) else { return false };
    if cb.is_undefined() || cb.is_null() {
        return false;
    }
    let Ok(f) = Reflect::get(&cb, &"writeText".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) else { return false };
    let Ok(p) = f.call1(&cb, &JsValue::from_str(text)).and_then(|p| p.dyn_into::<Promise>()) else { return false };
    JsFuture::from(p).await.is_ok()
}

/// The banner over a shared design.
#[component]
pub fn SharedBanner(why: String) -> impl IntoView {
    let app = crate::state::use_app();
    view! {
        <div class="banner read-only shared" role="status">
            <span>{why}</span>
            <button id="keep-copy" class="primary" on:click=move |_| keep_copy(app)>"Keep a copy"</button>
        </div>
    }
}

/// The "Share by link" dialog and the "This link cannot be opened" dialog.
#[component]
pub fn ShareDialogs() -> impl IntoView {
    let s = use_share();
    // Fetched on first use (src/on_demand.rs): a first visit shares nothing.
    let app = crate::state::use_app();
    // (Read when the dialog opens: in the click's task, so the link is of the design as it is
    // at the click.)
    let link_dialog = move || {
        s.dialog.get().map(|n| {
            let base = location().and_then(|l| l.href().ok()).unwrap_or_default();
            let d = app.design.get_untracked();
            crate::on_demand::dialog_saying("Making the link…".into(), "share dialog", link_dialog(s, n, base, d), Callback::new(move |()| s.dialog.set(None)))
        })
    };
    let problem_dialog = move || {
        s.problem.get().map(|why| {
            let close = move |_| s.problem.set(None);
            view! {
                <div class="modal-backdrop" on:click=close>
                    <div class="modal share-problem" role="alertdialog" use:focus_trap=Callback::new(move |()| s.problem.set(None)) aria-label="This link cannot be opened" on:click=|e| e.stop_propagation()>
                        <h2>"This link cannot be opened"</h2>
                        <p class="share-error">{format!("Nothing was opened from it: {why}")}</p>
                        <p class="muted small">"Your own designs are untouched; the one you had open is shown."</p>
                        <button id="share-problem-close" on:click=close>"Close"</button>
                    </div>
                </div>
            }
        })
    };
    view! { {link_dialog} {problem_dialog} }
}

crate::on_demand::split_point!(share_dialog, preload share_dialog_preload =>
/// The "Share by link" dialog: `link` (or why there is none) and whether it reached the
/// clipboard (`s.copied`; None while copying). A split point (src/on_demand.rs).
fn share_dialog(s: Share, link: Result<String, String>) -> crate::on_demand::Loaded {
    let close = move |_| s.dialog.set(None);
    let body = match link {
        Ok(link) => {
            let chars = link.split_once("#d=").map_or(0, |(_, p)| p.len());
            let status = move || match s.copied.get() {
                Some(true) => "Copied to the clipboard.",
                Some(false) => "Select the link and copy it (Ctrl+C): this browser did not let the page use the clipboard.",
                None => "Copying…",
            };
            view! {
                <p class="share-status" role="status">{status}</p>
                <input id="share-link" class="share-link" type="text" readonly=true prop:value=link.clone()
                    on:focus=|e| { if let Some(i) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) { i.select(); } }/>
                <p class="muted small">
                    {format!("The whole design is in the link, after \"#\" ({} of at most {} characters). Browsers never send that part to a server: the design goes only to whoever you give the link to, and opens read-only for them.", group(chars), group(share::MAX_PAYLOAD_CHARS))}
                </p>
            }
            .into_any()
        }
        Err(why) => view! { <p class="share-error" role="alert">{why}</p> }.into_any(),
    };
    Ok(view! {
        <div class="modal-backdrop" on:click=close>
            // Escape closes it from the link field too (`focus_trap`: the link field has the focus).
            <div class="modal share" role="dialog" use:focus_trap=Callback::new(move |()| s.dialog.set(None)) aria-label="Share by link" on:click=|e| e.stop_propagation()>
                <h2>"Share by link"</h2>
                {body}
                <button id="share-close" on:click=close>"Close"</button>
            </div>
        </div>
    }
    .into_any())
});

/// 65536 → "65,536".
fn group(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
