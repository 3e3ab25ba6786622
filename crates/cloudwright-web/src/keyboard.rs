//! Keyboard shortcuts, one table for both the handler and the help sheet (`?`).

use crate::actions;
use crate::state::{use_app, AppState};
use leptos::ev;
use crate::focus_trap::focus_trap;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// (keys, what they do), as shown in the help sheet.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z / Ctrl+Y", "Redo"),
    ("Delete / Backspace", "Delete the selection (with everything inside it)"),
    ("Ctrl+D", "Duplicate the selection"),
    ("Ctrl+C / Ctrl+V", "Copy / paste (also between designs)"),
    ("Ctrl+A", "Select everything"),
    ("Shift/Ctrl+click, drag on empty canvas", "Add to selection / box-select"),
    ("Arrow keys (Shift: 1 px)", "Nudge the selection by the grid"),
    ("Space+drag, middle drag, two-finger scroll", "Pan"),
    ("Mouse wheel, Ctrl+wheel, pinch, + / -", "Zoom (10% per wheel notch)"),
    ("T", "Tidy up: lay out the selected containers (or everything) the AWS way"),
    ("Shift+1", "Zoom to fit"),
    ("Shift+2", "Zoom to selection"),
    ("Shift+0", "Zoom to 100%"),
    ("0 … 9", "Show the baseline (0) or what-if scenario 1 … 9"),
    ("/", "Search the palette (Enter places the first match)"),
    ("Double-click a label", "Rename in place"),
    ("Escape", "Cancel a drag; close a dialog, else clear the selection"),
    ("P", "Presentation mode (full screen, figures only; Escape returns)"),
    ("?", "This help"),
];

/// Whether the key went to a text field (then it is typing, not a shortcut).
pub fn typing_in_field(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.closest("[contenteditable]").ok().flatten().is_some())
        .unwrap_or(false)
}

/// Whether the key press is Undo (Ctrl/Cmd+Z) or Redo (Ctrl/Cmd+Y, Shift+Ctrl/Cmd+Z).
pub fn is_undo_or_redo(e: &web_sys::KeyboardEvent) -> bool {
    (e.ctrl_key() || e.meta_key()) && matches!(e.key().as_str(), "z" | "Z" | "y" | "Y")
}

/// The pointer events refused on what edits or selects while an action waits for its code (a
/// paste, a duplicate, Tidy up: `action_queue`)
/// (`install`'s capture listener): a press, its click, a double-click (rename), a drag started
/// from the palette and a drop on the canvas.
const REFUSED_WHILE_WAITING: [&str; 6] = ["pointerdown", "mousedown", "click", "dblclick", "dragstart", "drop"];

/// What is open in front of the canvas, as the keys see it: the one answer both key listeners
/// ask (review s58 R6: two queries that could disagree).
#[derive(Clone, Copy, PartialEq)]
enum InFront {
    Nothing,
    /// A dialog without a backdrop of its own: the report and the presentation, which cover
    /// the editor (`install`'s handler gives them the keys first): Escape is theirs.
    Popover,
    /// A modal dialog over the canvas (a backdrop: the designs list, the shortcuts, the share
    /// link, the traffic editor — QA s59 #2: Backspace deleted the component half under it) or
    /// an alert (the start-up's "cannot be opened yet"): every key is its.
    Modal,
}

/// [`InFront`] now: the open dialogs' registry (`focus_trap`), the one record of what is open.
fn in_front() -> InFront {
    match crate::focus_trap::front_is_modal() {
        None => InFront::Nothing,
        Some(true) => InFront::Modal,
        Some(false) => InFront::Popover,
    }
}

/// Installs the window-wide shortcut handler for the app's lifetime.
pub fn install() {
    let app = use_app();
    let handle = window_event_listener(ev::keydown, move |e| {
        // An Escape that closed a dialog (`focus_trap`, on the document, hears it first) or that
        // a view took for itself does nothing more: one key press, one thing.
        if typing_in_field(&e) || (e.key() == "Escape" && e.default_prevented()) {
            return;
        }
        if app.presenting.get_untracked() {
            crate::present::on_key(&app, &e);
            return;
        }
        // The report covers the editor: only Escape (close) reaches it.
        if app.show_report.get_untracked() {
            if e.key() == "Escape" {
                app.show_report.set(false);
                e.prevent_default();
            }
            return;
        }
        // A dialog over the canvas (the designs list, the shortcuts, the share link…) takes
        // the keys: Escape closes it, "?" closes the shortcuts, and the canvas's shortcuts do
        // nothing behind it (QA s58 F3: Delete deleted the selection unseen, T tidied).
        // A key pressed before the dialog opened and pressed again now, in its turn behind an
        // action that waited for its code (`action_queue::replaying`), still acts: it was meant
        // for the canvas (QA s58 G1: a Delete queued behind a paste was lost when "?" opened the
        // help before the paste landed). Not any untrusted event: only the queue's (review s58 R5).
        if in_front() == InFront::Modal && !crate::action_queue::replaying() && !(e.key() == "Escape" || (e.key() == "?" && app.show_help.get_untracked())) {
            // Ctrl+A is not the browser's either: it selected the whole page's text, and the
            // canvas's drags became text drags after the dialog closed (QA s58 G2).
            if (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("a") {
                e.prevent_default();
            }
            return;
        }
        let ctrl = e.ctrl_key() || e.meta_key();
        let key = e.key();
        let handled = match (ctrl, e.shift_key(), key.as_str()) {
            // During a gesture Undo and Redo cancel it (the canvas, as Escape) and undo
            // nothing, whichever of the two window listeners runs first (QA s27 F6).
            _ if is_undo_or_redo(&e) && (e.default_prevented() || app.canvas_mode.with_untracked(crate::canvas::Mode::takes_escape)) => false,
            (true, false, "z") | (true, false, "Z") => {
                app.undo();
                true
            }
            (true, true, "z") | (true, true, "Z") | (true, _, "y") | (true, _, "Y") => {
                app.redo();
                true
            }
            (true, _, "d") | (true, _, "D") => {
                actions::duplicate(&app);
                true
            }
            (true, _, "c") | (true, _, "C") => {
                actions::copy(&app);
                true
            }
            (true, _, "v") | (true, _, "V") => {
                actions::paste(&app);
                true
            }
            (true, _, "a") | (true, _, "A") => {
                actions::select_all(&app);
                true
            }
            (false, _, "Delete") | (false, _, "Backspace") => {
                actions::delete_selection(&app);
                true
            }
            (false, shift, "ArrowLeft") => {
                actions::nudge(&app, if shift { -1.0 } else { -10.0 }, 0.0);
                true
            }
            (false, shift, "ArrowRight") => {
                actions::nudge(&app, if shift { 1.0 } else { 10.0 }, 0.0);
                true
            }
            (false, shift, "ArrowUp") => {
                actions::nudge(&app, 0.0, if shift { -1.0 } else { -10.0 });
                true
            }
            (false, shift, "ArrowDown") => {
                actions::nudge(&app, 0.0, if shift { 1.0 } else { 10.0 });
                true
            }
            (false, _, "+") | (false, _, "=") => {
                actions::zoom_by(&app, 1.2);
                true
            }
            (false, _, "-") | (false, _, "_") => {
                actions::zoom_by(&app, 1.0 / 1.2);
                true
            }
            (false, true, "!") => {
                actions::fit_pressed(&app);
                true
            }
            (false, true, "@") | (false, true, "\"") => {
                actions::zoom_to_selection(&app);
                true
            }
            (false, _, "t") | (false, _, "T") => {
                actions::tidy_up(&app);
                true
            }
            (false, true, ")") | (false, true, "0") => {
                actions::reset_zoom(&app);
                true
            }
            (false, false, digit) if digit.len() == 1 && digit.as_bytes()[0].is_ascii_digit() => {
                crate::scenario_panel::show_key(&app, digit.as_bytes()[0] - b'0');
                true
            }
            (false, _, "p") | (false, _, "P") => {
                crate::present::enter(&app);
                true
            }
            (false, _, "?") => {
                app.show_help.update(|v| *v = !*v);
                true
            }
            (false, _, "/") => {
                if let Some(el) = document().query_selector(".palette-search").ok().flatten() {
                    let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
                }
                true
            }
            // During a gesture (a drag, a connector being drawn, a resize, a selection box)
            // Escape cancels it (the canvas), and nothing else: the selection stays, whichever
            // of the two window listeners runs first (this one is registered first: it reads
            // the canvas's gesture, `canvas::Mode::takes_escape`).
            (false, _, "Escape") if e.default_prevented() || app.canvas_mode.with_untracked(crate::canvas::Mode::takes_escape) => false,
            // One Escape, one thing: a dialog in front is closed by it (`focus_trap`) and the
            // selection behind it stays (QA s61 #5: closing the designs list also deselected,
            // and Delete then did nothing).
            (false, _, "Escape") if in_front() != InFront::Nothing => true,
            (false, _, "Escape") => {
                app.selection.set(Default::default());
                app.selected_conn.set(None);
                true
            }
            _ => false,
        };
        if handled {
            e.prevent_default();
        }
    });
    // A paste is applied in the task after its key's (`actions::paste_clip`): any input that
    // comes between sees the design with it, as if it had been applied at once — these run
    // before every other handler of the event (capture, on the window).
    // An action waiting for its code (a paste, a duplicate, Tidy up: `action_queue`) cannot act
    // yet: until it is, each key is queued behind it (in the same list, in order) and pressed
    // again in its turn, so none acts on the design without it — Delete deletes the copies,
    // Ctrl+Z undoes the paste (review s55 R1). Escape cancels the waiting paste (and the keys
    // behind it); a field being typed in is left alone.
    let flush = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        actions::flush_pending_paste();
        if !crate::action_queue::waiting() {
            return;
        }
        // Pointer input that edits or selects (on the canvas, the palette's components, the
        // toolbar's Undo, Redo and Tidy up) is refused while a paste waits, with the note
        // said again: run at once it acted out of order (QA s38 G2: the Undo button undid the
        // nudge before the paste); queued, a click would land where the copies may then be,
        // and a drag would show nothing moving. The rest (a dialog, a tab, the Designs list,
        // an import: which drops the paste) acts as always.
        if REFUSED_WHILE_WAITING.contains(&e.type_().as_str()) {
            // (Files dropped on the page are an import: it opens another design, which drops the paste.)
            let files = e.dyn_ref::<web_sys::DragEvent>().and_then(web_sys::DragEvent::data_transfer).and_then(|d| d.files()).is_some_and(|f| f.length() > 0);
            let refused = !files
                && e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .filter(|el| !matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
                .and_then(|el| el.closest(if e.type_() == "drop" { ".canvas" } else { ".canvas-svg, .selection-layer, .drag-layer, .palette-item, #undo, #redo, #tidy" }).ok().flatten())
                .is_some();
            if refused {
                e.prevent_default();
                e.stop_immediate_propagation();
                crate::action_queue::note(app);
            }
            return;
        }
        let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
        // Only the app's own keys (the handler above): the browser's (Tab, F5, Ctrl+R…) keep
        // their default action, which a key pressed again by script would not have.
        let key = k.key();
        let command = k.ctrl_key() || k.meta_key();
        let apps = if command {
            !k.alt_key() && matches!(key.to_lowercase().as_str(), "z" | "y" | "d" | "c" | "v" | "a")
        } else {
            !k.alt_key() && (key.chars().count() == 1 || matches!(key.as_str(), "Delete" | "Backspace" | "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Escape"))
        };
        // Space on a focused button or summary is the browser's own press of it (its click:
        // refused above if it edits), not an app key: pressed again by script it activated
        // nothing (QA s56 F6).
        let pressing = key == " "
            && e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| matches!(el.tag_name().as_str(), "BUTTON" | "SUMMARY" | "A"));
        // Keys that do not touch the design run at once: "/" (the palette's search, whose text
        // is then typed there, not queued as shortcuts: QA s58 F2, "p" of "api" opened the
        // presentation) and "?" (the shortcuts); Space (the canvas's pan key, held: its keydown
        // pressed again after its keyup left the canvas panning: QA s58 F7). So do keys meant
        // for a dialog in front.
        let at_once = matches!(key.as_str(), "/" | "?" | " ") && !command;
        // Escape in an empty field (the palette's search, focused by "/" meanwhile) cancels the
        // waiting action as it does on the canvas: the focus stayed in the search, and Escape,
        // which the note names as the way out, did nothing (QA s58 G3). In a field with text it
        // is the field's (the search clears it first).
        let empty_field = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some_and(|i| i.value().is_empty());
        let cancels = key == "Escape" && empty_field && crate::action_queue::waits_for_code();
        let front = in_front();
        if (typing_in_field(k) && !cancels) || !apps || pressing || at_once || (key != "Escape" && front == InFront::Modal) {
            return;
        }
        // Escape closes what is in front: a dialog open over the canvas, not the paste
        // waiting behind it (QA s38 G5: it cancelled the paste and left the dialog open).
        if key == "Escape" && front != InFront::Nothing {
            return;
        }
        e.prevent_default();
        e.stop_immediate_propagation();
        if key == "Escape" {
            if let Some(said) = crate::action_queue::drop_waiting("cancelled (Escape).") {
                app.info(said);
            }
            return;
        }
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(&key);
        init.set_code(&k.code());
        init.set_ctrl_key(k.ctrl_key());
        init.set_shift_key(k.shift_key());
        init.set_alt_key(k.alt_key());
        init.set_meta_key(k.meta_key());
        init.set_bubbles(true);
        init.set_cancelable(true);
        let target = e.target();
        // Pressed again in its turn, in a task of its own after the paste's
        // (`action_queue::in_turn`): as a user's key after a paste, with the page's effects run
        // between; where it was pressed (the document if that is gone).
        crate::action_queue::in_turn(
            app,
            crate::action_queue::Turn::Input(Box::new(move || {
                let Ok(again) = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init) else { return };
                let at = target.filter(|t| t.dyn_ref::<web_sys::Node>().is_none_or(web_sys::Node::is_connected)).unwrap_or_else(|| document().unchecked_into());
                let _ = at.dispatch_event(&again);
            })),
        );
    });
    const INPUTS: [&str; 9] = ["keydown", "pointerdown", "wheel", "dragover", "drop", "click", "dblclick", "mousedown", "dragstart"];
    for name in INPUTS {
        let _ = window().add_event_listener_with_callback_and_bool(name, flush.as_ref().unchecked_ref(), true);
    }
    let flush: StoredValue<Option<wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>>, LocalStorage> = StoredValue::new_local(Some(flush));
    on_cleanup(move || {
        handle.remove();
        if let Some(Some(f)) = flush.try_update_value(Option::take) {
            for name in INPUTS {
                let _ = window().remove_event_listener_with_callback_and_bool(name, f.as_ref().unchecked_ref(), true);
            }
        }
    });
}

#[component]
pub fn HelpSheet() -> impl IntoView {
    let app = use_app();
    // Fetched on first use (src/on_demand.rs): a first visit does not open it.
    move || app.show_help.get().then(|| crate::on_demand::dialog("keyboard shortcuts", help_sheet(app), Callback::new(move |()| app.show_help.set(false))))
}

crate::on_demand::split_point!(help_sheet =>
/// The shortcuts sheet. A split point (src/on_demand.rs): its table is fetched when "?" is
/// first pressed.
fn help_sheet(app: AppState) -> crate::on_demand::Loaded {
    Ok(view! {
        <div class="modal-backdrop" on:click=move |_| app.show_help.set(false)>
            <div class="modal help" role="dialog" use:focus_trap=Callback::new(move |()| app.show_help.set(false)) aria-label="Keyboard shortcuts" on:click=|e| e.stop_propagation()>
                <h2>"Keyboard shortcuts"</h2>
                <table>
                    {SHORTCUTS.iter().map(|(k, what)| view! { <tr><td><kbd>{*k}</kbd></td><td>{*what}</td></tr> }).collect_view()}
                </table>
                <button on:click=move |_| app.show_help.set(false)>"Close"</button>
            </div>
        </div>
    }
    .into_any())
});
