//! The app's side of working offline. `public/boot.js` registers the service worker
//! (`public/sw.js`, its precache list written after each build by `scripts/precache.mjs`)
//! and, when a new version has installed and waits, sets `window.cloudwrightUpdateWaiting`
//! and fires `cloudwright-update`. This module shows "New version available — reload"; on
//! "Reload" it first saves the open design (`autosave::flush`), then lets the new version
//! take over (`window.cloudwrightApplyUpdate()`), which reloads the page once the whole new
//! set of files is in charge. The design survives: it was saved before the reload.

use crate::state::AppState;
use js_sys::{Function, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

fn global(name: &str) -> JsValue {
    web_sys::window().and_then(|w| Reflect::get(&w, &name.into()).ok()).unwrap_or(JsValue::UNDEFINED)
}

/// Listens for a waiting new version; the signal is true once there is one.
pub fn install(_app: AppState) -> RwSignal<bool> {
    let waiting = RwSignal::new(global("cloudwrightUpdateWaiting").is_truthy());
    let handle = window_event_listener_untyped("cloudwright-update", move |_| waiting.set(true));
    std::mem::forget(handle); // for the page's life
    waiting
}

/// Says the app has started: its first frame is painted and the first analysis shown
/// (`analysis::provide`; or, for a large design, the worker started; or the analyses' code
/// could not be fetched). Sets `window.cloudwrightStarted` and fires `cloudwright-started`;
/// boot.js registers the service worker only then (and after the first tabs' prefetch,
/// `on_demand::prefetch_soon`), so its precache (every file of the build, each read and
/// checked by SHA-256) never competes with the start-up for the machine — nor with the fetch
/// of the analyses' code (`analysis_worker::Code`). Once per page.
pub fn started() {
    thread_local!(static SAID: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if SAID.with(|s| s.replace(true)) {
        return;
    }
    if let Some(w) = web_sys::window() {
        let _ = Reflect::set(&w, &"cloudwrightStarted".into(), &JsValue::TRUE);
        if let Ok(e) = web_sys::Event::new("cloudwright-started") {
            let _ = w.dispatch_event(&e);
        }
    }
    crate::analysis_worker::mark("start-up started");
    // Then, when idle, the code of the tabs a user opens first (src/on_demand.rs).
    crate::sidepanel::prefetch_first_tabs();
}

/// Saves the design, then lets the new version take over (the page reloads).
fn apply(app: AppState) {
    let saved = crate::autosave::flush(&app);
    leptos::task::spawn_local(async move {
        saved.await;
        let f = global("cloudwrightApplyUpdate");
        match f.dyn_ref::<Function>() {
            Some(f) => {
                let _ = f.call0(&JsValue::NULL);
            }
            None => {
                let _ = web_sys::window().map(|w| w.location().reload());
            }
        }
    });
}

#[component]
pub fn UpdateBanner(update: RwSignal<bool>) -> impl IntoView {
    let app = crate::state::use_app();
    let dismissed = RwSignal::new(false);
    move || {
        (update.get() && !dismissed.get()).then(|| {
            view! {
                <div class="banner update" role="status">
                    <span>"New version available — reload to use it. Your design is saved first."</span>
                    <button id="update-reload" class="primary" on:click=move |_| apply(app)>"Reload"</button>
                    <button id="update-later" on:click=move |_| dismissed.set(true)>"Later"</button>
                </div>
            }
        })
    }
}
