//! A dialog's keyboard focus, one mechanism for every dialog and popover (`use:focus_trap` on
//! its box), after the WAI-ARIA Authoring Practices' modal dialog pattern:
//!
//! - **Opening**, the box takes the focus (the element marked `data-autofocus` in it, else the
//!   box itself), unless the dialog's own code has already put it on one of its fields (the
//!   traffic editor's rate, a suppression's reason).
//! - **While open**, Tab from the last control goes to the first and Shift+Tab from the first
//!   to the last: the focus never goes behind the backdrop, where Escape and Enter would act
//!   on the page (QA s60 #5). Tab from a frame in it (the report's), where these keys are not
//!   heard, is caught as the focus arrives behind the box and sent back to the box (QA s61
//!   #1). A message shown over the dialog (a toast: "Design deleted. Undo") is in the
//!   cycle, after the box's controls, so its action is in reach of the keyboard (QA s61 #4).
//!   A control that loses the focus because it was moved (a keyed list re-sorted after a
//!   rename: Chromium blurs a node it moves) gets it back (QA s60 #1); one removed (a deleted
//!   design's row) leaves it on the box, not the page (QA s61 #3).
//! - **Closing**, the focus goes back to what had it when the dialog opened (the button that
//!   opened it), unless the user has put it elsewhere since (QA s60 #2, #7: it went to the
//!   page and the next Tab started from the top). A dialog opened from another one that has
//!   gone meanwhile (an on-demand dialog's "Loading…" box, replaced by the dialog) gives it
//!   back to what that one would have.
//!
//! Everything here runs on the page's one thread.

use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// What Tab can reach (the browser's own list, but for elements hidden or disabled).
const FOCUSABLE: &str = "button:not([disabled]), a[href], input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), iframe, summary, [contenteditable], [tabindex]:not([tabindex=\"-1\"])";

thread_local! {
    /// The open dialogs' boxes, the last opened last, each with where its focus goes back to
    /// (first that is still in the page).
    static OPEN: RefCell<Vec<(Element, Vec<HtmlElement>)>> = const { RefCell::new(Vec::new()) };
}

/// The directive (`<div role="dialog" use:focus_trap>`): from the box's creation until its
/// view is dropped.
pub fn focus_trap(el: Element) {
    let back = opener(&el);
    OPEN.with(|o| o.borrow_mut().push((el.clone(), back.clone())));
    // A click on the box's text keeps the focus in the box (not the page), as its keys do.
    if !el.has_attribute("tabindex") {
        let _ = el.set_attribute("tabindex", "-1");
    }
    // It behaves as a modal dialog: a screen reader is told so (QA s61 #7).
    if !el.has_attribute("aria-modal") {
        let _ = el.set_attribute("aria-modal", "true");
    }
    let _ = el.set_attribute("data-focus-trap", "");
    install_once();
    take_focus(el.clone());
    let blurs = listen(&el, "focusout", {
        let el = el.clone();
        move |e: web_sys::Event| keep_moved(&el, &e)
    });
    let owned = send_wrapper::SendWrapper::new((el, blurs, back));
    on_cleanup(move || {
        let (el, blurs, back) = owned.take();
        OPEN.with(|o| o.borrow_mut().retain(|(b, _)| b != &el));
        let _ = el.remove_event_listener_with_callback("focusout", blurs.as_ref().unchecked_ref());
        give_back(&el, &back);
    });
}

/// Where the focus goes back to when the box `el` closes: what has it now, then, if that is in
/// another open dialog, where that one's goes back to (it may be gone by then).
fn opener(el: &Element) -> Vec<HtmlElement> {
    let Some(active) = active().filter(|a| !el.contains(Some(a))) else { return Vec::new() };
    let outer = OPEN.with(|o| o.borrow().iter().rev().find(|(b, _)| b.contains(Some(&active))).map(|(_, back)| back.clone()));
    let mut back: Vec<HtmlElement> = active.dyn_into::<HtmlElement>().into_iter().collect();
    back.extend(outer.unwrap_or_default());
    back
}

/// The focused element, `None` when it is the page itself.
fn active() -> Option<Element> {
    let d = document();
    d.active_element().filter(|a| Some(a) != d.body().map(Element::from).as_ref())
}

/// In the next frame, when the box is in the page (a view's element is made before it is
/// placed; a Suspense's content even before its fallback goes).
fn take_focus(el: Element) {
    request_animation_frame(move || {
        if !el.is_connected() || active().is_some_and(|a| el.contains(Some(&a))) {
            return;
        }
        let target = el.query_selector("[data-autofocus]").ok().flatten().unwrap_or_else(|| el.clone());
        if let Ok(t) = target.dyn_into::<HtmlElement>() {
            let _ = t.focus();
        }
    });
}

/// The last opened dialog's box that is still in the page.
fn front() -> Option<Element> {
    OPEN.with(|o| o.borrow().iter().rev().map(|(b, _)| b).find(|b| b.is_connected()).cloned())
}

/// `to` is in the box `el` or in a message over it.
fn within(el: &Element, to: &Element) -> bool {
    el.contains(Some(to)) || to.closest(TOAST).ok().flatten().is_some()
}

/// Tab and Shift+Tab go round the box's controls and a message's over it (`controls`), from the
/// last to the first and back, never to the page.
fn next_control(el: &Element, e: &web_sys::KeyboardEvent) {
    e.prevent_default();
    let list = controls(el);
    if list.is_empty() {
        // Nothing to tab to: the focus stays on the box.
        return;
    }
    let at = active();
    let i = list.iter().position(|c| at.as_ref() == Some(c.unchecked_ref::<Element>()));
    let n = list.len();
    let to = match (i, e.shift_key()) {
        (Some(i), false) => (i + 1) % n,
        (Some(i), true) => (i + n - 1) % n,
        // On the box itself (or a control Tab does not reach): from its start or its end.
        (None, false) => 0,
        (None, true) => n - 1,
    };
    let _ = list[to].focus();
}

/// The box's controls Tab reaches, in document order, then a message's over it (hidden ones
/// left out: no layout box).
fn controls(el: &Element) -> Vec<HtmlElement> {
    let mut list = focusable_in(el);
    if let Ok(Some(toast)) = document().query_selector(TOAST) {
        list.extend(focusable_in(&toast));
    }
    list
}

/// A message over the page (`toast.rs`): its buttons belong to whatever dialog is open.
const TOAST: &str = ".toast";

fn focusable_in(el: &Element) -> Vec<HtmlElement> {
    let Ok(nodes) = el.query_selector_all(FOCUSABLE) else { return Vec::new() };
    (0..nodes.length()).filter_map(|i| nodes.item(i)?.dyn_into::<HtmlElement>().ok()).filter(|c| c.get_client_rects().length() > 0).collect()
}

thread_local! {
    static INSTALLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Once for the page, two listeners on the document, for the last opened dialog (`front`):
/// - Tab pressed in it or in a message over it goes round its controls (`next_control`);
/// - the focus arriving anywhere else goes back to its box (the next Tab goes to its first
///   control). Tab out of a frame does that: the frame's document hears the key, not the page
///   (QA s61 #1: from the report's frame Tab walked the toolbar hidden behind the report).
fn install_once() {
    if INSTALLED.with(|g| g.replace(true)) {
        return;
    }
    let tab = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>().filter(|k| k.key() == "Tab" && !k.default_prevented()) else { return };
        let (Some(el), Some(at)) = (front(), e.target().and_then(|t| t.dyn_into::<Element>().ok())) else { return };
        if within(&el, &at) {
            next_control(&el, k);
        }
    });
    let arrive = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let (Some(el), Some(to)) = (front(), e.target().and_then(|t| t.dyn_into::<Element>().ok())) else { return };
        if !within(&el, &to) {
            // After this event, not in it: a focus() here fires `focusin` again, into this
            // listener while it runs (which wasm-bindgen refuses: "closure invoked recursively").
            wasm_bindgen_futures::spawn_local(async move {
                let still = front().is_some_and(|f| f == el) && active().is_none_or(|a| !within(&el, &a));
                if let (true, Ok(el)) = (still, el.dyn_into::<HtmlElement>()) {
                    let _ = el.focus();
                }
            });
        }
    });
    let d = document();
    let _ = d.add_event_listener_with_callback("keydown", tab.as_ref().unchecked_ref());
    let _ = d.add_event_listener_with_callback("focusin", arrive.as_ref().unchecked_ref());
    // For the page's life.
    tab.forget();
    arrive.forget();
}

/// A control in the box that lost the focus to nothing (`relatedTarget` null) gets it back in
/// the next frame if it is still in the box (moved); if it is gone (removed), the box takes
/// it; either only if nothing else took it and the box is still open.
fn keep_moved(el: &Element, e: &web_sys::Event) {
    let moved = e.dyn_ref::<web_sys::FocusEvent>().filter(|f| f.related_target().is_none()).and_then(|f| f.target()).and_then(|t| t.dyn_into::<HtmlElement>().ok());
    let Some(moved) = moved else { return };
    let el = el.clone();
    request_animation_frame(move || {
        if active().is_some() || !el.is_connected() {
            return;
        }
        if moved.is_connected() && el.contains(Some(&moved)) {
            let _ = moved.focus();
        } else if !moved.is_connected() {
            if let Ok(el) = el.dyn_into::<HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

/// On closing: the focus goes back (the first of `back` still in the page) if it was in the box
/// or nowhere; not if the user put it elsewhere (a click on the canvas beside a popover).
fn give_back(el: &Element, back: &[HtmlElement]) {
    let lost = match active() {
        None => true,
        Some(a) => el.contains(Some(&a)) || !a.is_connected(),
    };
    if lost {
        if let Some(b) = back.iter().find(|b| b.is_connected()) {
            let _ = b.focus();
        }
    }
}

/// `f` as `el`'s listener of `event`; the closure is kept to take it off again.
fn listen(el: &Element, event: &str, f: impl FnMut(web_sys::Event) + 'static) -> Closure<dyn FnMut(web_sys::Event)> {
    let c = Closure::<dyn FnMut(web_sys::Event)>::new(f);
    let _ = el.add_event_listener_with_callback(event, c.as_ref().unchecked_ref());
    c
}
