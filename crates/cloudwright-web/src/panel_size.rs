//! The side panel's width and whether it is collapsed (issue 14): a drag handle on its left
//! edge (pointer, or the keyboard: focus it, then ←/→ by 20 px, Shift for 80 px, Home/End for
//! the narrowest/widest, Enter to collapse or expand), a collapse button, both remembered in
//! this browser (localStorage, a preference of the person, not of the design, so it is not in
//! the file and not undoable).
//!
//! The width is the CSS variable `--side-w` on the document, read by the workspace grid
//! (`styles/app.css`), so no other view changes when the panel does.
//!
//! The layout follows the window (s27 #3): until the person chooses a width, the panel takes
//! the default for the window's current width (360 px, 300 at 1024 px or less), so a window
//! made narrower gives the canvas what a fresh load at that size gives; a chosen width is kept,
//! within what the window allows.

use crate::storage;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const WIDTH_KEY: &str = "cloudwright:v1:ui:panel-width";
const COLLAPSED_KEY: &str = "cloudwright:v1:ui:panel-collapsed";
/// The narrowest panel whose tables still read (checked by tests/e2e/panels.test.mjs).
pub const MIN_W: f64 = 300.0;
/// The default, the width the panels were designed at.
pub const DEFAULT_W: f64 = 360.0;
/// The default in a window at most [`NARROW_WINDOW`] wide (a 1024×768 projector): the
/// narrowest panel, so the canvas keeps 1024 − 240 − 300 = 484 px instead of 424.
pub const NARROW_DEFAULT_W: f64 = MIN_W;
pub const NARROW_WINDOW: f64 = 1024.0;
/// The widest: the canvas keeps at least this many pixels next to the palette.
const CANVAS_MIN: f64 = 320.0;
const PALETTE_W: f64 = 240.0;
/// Width of the collapsed strip (the expand button).
pub const COLLAPSED_W: f64 = 34.0;

#[derive(Clone, Copy)]
pub struct PanelSize {
    pub width: RwSignal<f64>,
    pub collapsed: RwSignal<bool>,
}

fn window_width() -> f64 {
    web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|v| v.as_f64()).unwrap_or(1440.0)
}

/// The widest the panel may be in this window.
pub fn max_w() -> f64 {
    (window_width() - PALETTE_W - CANVAS_MIN).max(MIN_W)
}

fn clamp(w: f64) -> f64 {
    w.clamp(MIN_W, max_w()).round()
}

/// The width a window of `window_w` px gives the panel when the person has chosen none.
pub fn default_for(window_w: f64) -> f64 {
    if window_w <= NARROW_WINDOW {
        NARROW_DEFAULT_W
    } else {
        DEFAULT_W
    }
}

/// The width the person chose (dragged, or set by the keyboard), if any.
fn chosen() -> Option<f64> {
    storage::get_raw(WIDTH_KEY).and_then(|s| s.parse::<f64>().ok()).filter(|w| w.is_finite())
}

/// The panel's width in this window: the chosen one, else the window's default; within
/// what the window allows.
fn width_now() -> f64 {
    clamp(chosen().unwrap_or_else(|| default_for(window_width())))
}

/// The panel's size, from this browser's preference; kept in the CSS variable, and following
/// the window's width as it is resized.
pub fn provide() -> PanelSize {
    let collapsed = storage::get_raw(COLLAPSED_KEY).as_deref() == Some("1");
    let size = PanelSize { width: RwSignal::new(width_now()), collapsed: RwSignal::new(collapsed) };
    // For the app's lifetime, like the shell.
    let resize = window_event_listener(ev::resize, move |_| {
        let w = width_now();
        if size.width.get_untracked() != w {
            size.width.set(w);
        }
    });
    std::mem::forget(resize);
    Effect::new(move |_| {
        let w = if size.collapsed.get() { COLLAPSED_W } else { size.width.get() };
        // The <html> element carries no other inline style (and this needs no extra web-sys feature).
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("style", &format!("--side-w: {w}px"));
        }
    });
    provide_context(size);
    size
}

pub fn use_size() -> Option<PanelSize> {
    use_context::<PanelSize>()
}

impl PanelSize {
    pub fn set_width(&self, w: f64) {
        let w = clamp(w);
        self.width.set(w);
        let _ = storage::set_raw(WIDTH_KEY, &w.to_string());
    }

    pub fn set_collapsed(&self, c: bool) {
        self.collapsed.set(c);
        let _ = storage::set_raw(COLLAPSED_KEY, if c { "1" } else { "0" });
    }
}

/// The handle on the panel's left edge: drag it, or focus it and use the arrow keys.
#[component]
pub fn ResizeHandle() -> impl IntoView {
    let Some(size) = use_size() else { return ().into_any() };
    let dragging = RwSignal::new(false);
    let on_down = move |e: ev::PointerEvent| {
        if size.collapsed.get_untracked() {
            return;
        }
        e.prevent_default();
        if let Some(el) = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = el.set_pointer_capture(e.pointer_id());
        }
        dragging.set(true);
    };
    let on_move = move |e: ev::PointerEvent| {
        if dragging.get_untracked() {
            // The panel ends at the window's right edge: its width is what lies right of the pointer.
            size.width.set(clamp(window_width() - e.client_x() as f64));
        }
    };
    let on_up = move |_e: ev::PointerEvent| {
        if dragging.get_untracked() {
            dragging.set(false);
            size.set_width(size.width.get_untracked());
        }
    };
    let on_key = move |e: ev::KeyboardEvent| {
        let step = if e.shift_key() { 80.0 } else { 20.0 };
        let w = size.width.get_untracked();
        let handled = match e.key().as_str() {
            // The handle is on the panel's left: moving it left widens the panel.
            "ArrowLeft" => {
                size.set_width(w + step);
                true
            }
            "ArrowRight" => {
                size.set_width(w - step);
                true
            }
            "Home" => {
                size.set_width(MIN_W);
                true
            }
            "End" => {
                size.set_width(max_w());
                true
            }
            "Enter" | " " => {
                size.set_collapsed(!size.collapsed.get_untracked());
                true
            }
            _ => false,
        };
        if handled {
            e.prevent_default();
            e.stop_propagation();
        }
    };
    view! {
        <div class="panel-resize" id="panel-resize" role="separator" aria-orientation="vertical" tabindex="0"
            aria-label="Side panel width: drag, or use the left and right arrow keys; Enter collapses"
            title="Drag to resize the side panel (or focus and use ← →); double-click to collapse"
            aria-valuemin=MIN_W.to_string() aria-valuemax=move || max_w().round().to_string() aria-valuenow=move || size.width.get().to_string()
            class:dragging=move || dragging.get()
            style:display=move || if size.collapsed.get() { "none" } else { "" }
            on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up on:pointercancel=on_up
            on:dblclick=move |_| size.set_collapsed(true)
            on:keydown=on_key>
        </div>
    }
    .into_any()
}

/// The collapse / expand button at the start of the panel's tab row.
#[component]
pub fn CollapseButton() -> impl IntoView {
    let Some(size) = use_size() else { return ().into_any() };
    view! {
        <button class="panel-collapse" id="panel-collapse" aria-expanded=move || (!size.collapsed.get()).to_string()
            title=move || if size.collapsed.get() { "Show the side panel" } else { "Hide the side panel (more room for the diagram)" }
            aria-label=move || if size.collapsed.get() { "Show the side panel" } else { "Hide the side panel" }
            on:click=move |_| size.set_collapsed(!size.collapsed.get_untracked())>
            {move || if size.collapsed.get() { "«" } else { "»" }}
        </button>
    }
    .into_any()
}
