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
//! - **Escape** closes the front dialog (its `close`, given with the directive), wherever the
//!   focus is, even in one of its fields, and nothing else: one key press, one thing (QA s61 #5:
//!   it also cleared the canvas's selection). A view that handles Escape itself (a field that
//!   cancels its own edit) calls `preventDefault`, and it is left to it. The keyboard's
//!   shortcuts read [`front_is_modal`]: this registry is the one answer to "what is open".
//! - **Closing**, the focus goes back to what had it when the dialog opened (the button that
//!   opened it), unless the user has put it elsewhere since (QA s60 #2, #7: it went to the
//!   page and the next Tab started from the top). A dialog opened from another one that has
//!   gone meanwhile (an on-demand dialog's "Loading…" box, replaced by the dialog) gives it
//!   back to what that one would have. An opener that is gone itself (the Suppress button of
//!   a finding just suppressed) leaves it to the first control of its nearest container still
//!   there (the findings list), not to the page (QA s61 #6: the next Tab started from the top).
//!
//! Everything here runs on the page's one thread.

use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// What Tab can reach (the browser's own list, but for elements hidden or disabled).
const FOCUSABLE: &str = "button:not([disabled]), a[href], input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), iframe, summary, [contenteditable], [tabindex]:not([tabindex=\"-1\"])";

/// An open dialog.
struct Open {
    /// Its box (the element with `use:focus_trap`).
    bx: Element,
    /// Where its focus goes back to on closing: the first still in the page.
    back: Vec<Opener>,
    /// What Escape does: closes it (a no-op for an alert whose only ways out are its buttons).
    close: Callback<()>,
}

/// An element that had the focus when a dialog opened, and its containers then, nearest first
/// (the page's `body` left out): where the focus goes if the element is gone on closing.
#[derive(Clone)]
struct Opener {
    el: HtmlElement,
    around: Vec<Element>,
}

thread_local! {
    /// The open dialogs, the last opened last.
    static OPEN: RefCell<Vec<Open>> = const { RefCell::new(Vec::new()) };
}

/// The directive (`<div role="dialog" use:focus_trap=close>`, `close` what Escape does): from
/// the box's creation until its view is dropped.
pub fn focus_trap(el: Element, close: Callback<()>) {
    let back = opener(&el);
    OPEN.with(|o| o.borrow_mut().push(Open { bx: el.clone(), back: back.clone(), close }));
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
        OPEN.with(|o| o.borrow_mut().retain(|d| d.bx != el));
        let _ = el.remove_event_listener_with_callback("focusout", blurs.as_ref().unchecked_ref());
        give_back(&el, &back);
    });
}

/// Where the focus goes back to when the box `el` closes: what has it now, then, if that is in
/// another open dialog, where that one's goes back to (it may be gone by then).
fn opener(el: &Element) -> Vec<Opener> {
    let Some(active) = active().filter(|a| !el.contains(Some(a))) else { return Vec::new() };
    let outer = OPEN.with(|o| o.borrow().iter().rev().find(|d| d.bx.contains(Some(&active))).map(|d| d.back.clone()));
    let body = document().body().map(Element::from);
    let around: Vec<Element> = std::iter::successors(active.parent_element(), |p| p.parent_element()).take_while(|p| Some(p) != body.as_ref()).collect();
    let mut back: Vec<Opener> = active.dyn_into::<HtmlElement>().ok().map(|el| Opener { el, around }).into_iter().collect();
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
            // A field's text is selected: what is typed replaces it (the traffic editor's rate).
            if let Some(field) = t.dyn_ref::<web_sys::HtmlInputElement>() {
                field.select();
            }
        }
    });
}

/// The last opened dialog still in the page: its box and its `close`.
fn front_open() -> Option<(Element, Callback<()>)> {
    OPEN.with(|o| o.borrow().iter().rev().find(|d| d.bx.is_connected()).map(|d| (d.bx.clone(), d.close)))
}

/// The last opened dialog's box that is still in the page.
fn front() -> Option<Element> {
    front_open().map(|(bx, _)| bx)
}

/// What stands behind a modal dialog's box, as its parent (the designs list's) or just before
/// it (the traffic editor's, a box placed at its figure).
const BACKDROP: &str = ".modal-backdrop, .traffic-backdrop";

/// Whether a dialog is open (`Some`) and, if so, whether it is modal: over a backdrop, or an
/// alert (the start-up's "cannot be opened yet"), where every key is the dialog's; not the
/// presentation, which covers the editor and reads its own keys (`present::on_key`).
pub fn front_is_modal() -> Option<bool> {
    let bx = front()?;
    let matches = |e: Option<Element>| e.is_some_and(|e| e.matches(BACKDROP).unwrap_or(false));
    Some(bx.get_attribute("role").as_deref() == Some("alertdialog") || bx.closest(BACKDROP).ok().flatten().is_some() || matches(bx.previous_element_sibling()))
}

/// Tab (or Shift+Tab) pressed in a frame of the front dialog, whose keys only the frame's
/// document hears (the report's): goes on round the dialog's controls from the frame, as from
/// any control, instead of leaving the page for the browser's own controls and then the
/// toolbar behind the dialog (QA s62 #2).
pub fn tab_in_frame(e: &web_sys::KeyboardEvent) {
    if let Some(el) = front() {
        next_control(&el, e);
    }
}

/// Closes the front dialog as Escape does (the report's frame hears its own keys: it calls
/// this); `false` when none is open.
pub fn escape() -> bool {
    let Some((_, close)) = front_open() else { return false };
    close.run(());
    true
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
/// - Escape closes it, unless a view handled the key first (`preventDefault`); the window's
///   shortcuts, which hear the key after the document, then leave it alone;
/// - Tab pressed in it or in a message over it goes round its controls (`next_control`);
/// - the focus arriving anywhere else goes back to its box (the next Tab goes to its first
///   control). Tab out of a frame does that: the frame's document hears the key, not the page
///   (QA s61 #1: from the report's frame Tab walked the toolbar hidden behind the report).
fn install_once() {
    if INSTALLED.with(|g| g.replace(true)) {
        return;
    }
    let keys = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>().filter(|k| !k.default_prevented()) else { return };
        match k.key().as_str() {
            "Escape" => {
                if escape() {
                    k.prevent_default();
                }
            }
            "Tab" => {
                let (Some(el), Some(at)) = (front(), e.target().and_then(|t| t.dyn_into::<Element>().ok())) else { return };
                if within(&el, &at) {
                    next_control(&el, k);
                }
            }
            _ => {}
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
    let _ = d.add_event_listener_with_callback("keydown", keys.as_ref().unchecked_ref());
    let _ = d.add_event_listener_with_callback("focusin", arrive.as_ref().unchecked_ref());
    // For the page's life.
    keys.forget();
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

/// On closing: the focus goes back (the first of `back` still in the page; if none is, the first
/// control of the nearest of their containers still there) if it was in the box or nowhere; not
/// if the user put it elsewhere (a click on the canvas beside a popover).
fn give_back(el: &Element, back: &[Opener]) {
    // In a message over it counts as in it: the message may go with the dialog (QA s62 #4:
    // Escape from the presentation's "cannot be changed here" message left it on the page).
    let lost = match active() {
        None => true,
        Some(a) => within(el, &a) || !a.is_connected(),
    };
    if !lost {
        return;
    }
    let to = back.iter().map(|b| b.el.clone()).find(|b| b.is_connected()).or_else(|| {
        back.iter().flat_map(|b| &b.around).filter(|c| c.is_connected() && !el.contains(Some(c))).find_map(|c| focusable_in(c).into_iter().next())
    });
    if let Some(to) = to {
        let _ = to.focus();
    }
}

/// `f` as `el`'s listener of `event`; the closure is kept to take it off again.
fn listen(el: &Element, event: &str, f: impl FnMut(web_sys::Event) + 'static) -> Closure<dyn FnMut(web_sys::Event)> {
    let c = Closure::<dyn FnMut(web_sys::Event)>::new(f);
    let _ = el.add_event_listener_with_callback(event, c.as_ref().unchecked_ref());
    c
}
