//! A list's keyboard focus when the row that has it is rebuilt (`use:list_focus` on the list).
//! The findings list is keyed by content: suppressing a finding removes its row (a new one,
//! suppressed, is added at the end) when the analyses' answer comes, after the suppression's
//! dialog has closed and given the focus back to that row's button. The focus then went to the
//! page and the next Tab started again from the toolbar (QA s61 #6). Now it goes to the same
//! control of the row that takes the removed row's place (the next finding's Suppress), so a
//! keyboard user can go on down the list.

use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// What Tab reaches in a row (as `focus_trap`'s list, but for hidden ones).
const FOCUSABLE: &str = "button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex=\"-1\"])";

/// The directive: for the list element's life. `focusin` notes which row (the list's child, by
/// position) and which of its controls has the focus; a `focusout` to nothing whose row is then
/// gone (removed, not moved) hands the focus, in the next frame, to the control at the same
/// place in the row now at that position (the last row if the list got shorter), if nothing else
/// took it meanwhile.
pub fn list_focus(list: Element) {
    let at: Rc<Cell<Option<(u32, usize)>>> = Rc::new(Cell::new(None));
    let on_in = Closure::<dyn FnMut(web_sys::Event)>::new({
        let (list, at) = (list.clone(), at.clone());
        move |e: web_sys::Event| at.set(e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| place(&list, &t)))
    });
    let on_out = Closure::<dyn FnMut(web_sys::Event)>::new({
        let (list, at) = (list.clone(), at.clone());
        move |e: web_sys::Event| {
            let Some(f) = e.dyn_ref::<web_sys::FocusEvent>().filter(|f| f.related_target().is_none()) else { return };
            let (Some(left), Some((row, control))) = (f.target().and_then(|t| t.dyn_into::<Element>().ok()), at.get()) else { return };
            let list = list.clone();
            request_animation_frame(move || {
                let gone = !left.is_connected();
                let free = document().active_element().is_none_or(|a| Some(&a) == document().body().map(Element::from).as_ref());
                if gone && free && list.is_connected() {
                    hand_on(&list, row, control);
                }
            });
        }
    });
    let _ = list.add_event_listener_with_callback("focusin", on_in.as_ref().unchecked_ref());
    let _ = list.add_event_listener_with_callback("focusout", on_out.as_ref().unchecked_ref());
    let owned = send_wrapper::SendWrapper::new((list, on_in, on_out));
    on_cleanup(move || {
        let (list, on_in, on_out) = owned.take();
        let _ = list.remove_event_listener_with_callback("focusin", on_in.as_ref().unchecked_ref());
        let _ = list.remove_event_listener_with_callback("focusout", on_out.as_ref().unchecked_ref());
    });
}

/// The row (the list's child containing `el`, by position) and `el`'s position among the row's
/// controls; `None` for an element outside a row or not a control.
fn place(list: &Element, el: &Element) -> Option<(u32, usize)> {
    let rows = list.children();
    let row = (0..rows.length()).find(|&i| rows.item(i).is_some_and(|r| r.contains(Some(el))))?;
    let control = controls(&rows.item(row)?).iter().position(|c| c.unchecked_ref::<Element>() == el)?;
    Some((row, control))
}

fn controls(row: &Element) -> Vec<HtmlElement> {
    let Ok(nodes) = row.query_selector_all(FOCUSABLE) else { return Vec::new() };
    (0..nodes.length()).filter_map(|i| nodes.item(i)?.dyn_into::<HtmlElement>().ok()).collect()
}

/// Focuses the `control`-th control (or the last) of the `row`-th row (or the last).
fn hand_on(list: &Element, row: u32, control: usize) {
    let rows = list.children();
    let Some(r) = rows.item(row.min(rows.length().saturating_sub(1))) else { return };
    let list = controls(&r);
    if let Some(c) = list.get(control.min(list.len().saturating_sub(1))) {
        let _ = c.focus();
    }
}
