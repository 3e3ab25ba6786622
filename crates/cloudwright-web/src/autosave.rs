//! Autosave: work is never lost.
//!
//! - **The first change after a pause is saved at once** (leading edge), not after a quiet
//!   period: a reload 100 ms after an edit finds it. Changes that come while a save is
//!   under way are saved together as soon as it ends, at most one save per
//!   [`MIN_GAP_MS`] (a large design takes a few milliseconds to serialise).
//! - Pan and zoom alone are saved 400 ms after they stop (the view is not work).
//! - **When the page is hidden or left** (`visibilitychange` to hidden, `pagehide`: tab
//!   switch, reload, close) with changes IndexedDB has not committed, they are written
//!   synchronously to the journal in localStorage (`storage::write_journal`), because an
//!   IndexedDB write started now may not finish before the page is gone; the next tab to
//!   hold the design's edit lock applies it.
//! - Saves happen only in the tab that holds the design's edit lock (see `tabs`); a save
//!   that finds the design saved by another tab is refused by storage and the user chooses
//!   (save a copy, or take the saved version). Every outcome is told: a failure in a
//!   banner with an export, a save without undo history in a notice.

use crate::state::{Access, AppState, ToastAction};
use crate::storage::{self, SaveError};
use crate::tabs;
use leptos::prelude::*;
use std::cell::Cell;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Least time between the starts of two saves, in ms.
pub const MIN_GAP_MS: f64 = 200.0;
/// Pan and zoom are saved this long after they stop, in ms.
const VIEW_DEBOUNCE_MS: u64 = 400;

thread_local! {
    static SAVING: Cell<bool> = const { Cell::new(false) };
    /// Another save was asked for while one was under way.
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    static TIMER: Cell<bool> = const { Cell::new(false) };
    static LAST_START: Cell<f64> = const { Cell::new(f64::NEG_INFINITY) };
    /// The revision the journal holds, while it holds changes not yet saved.
    static JOURNALED: Cell<Option<u64>> = const { Cell::new(None) };
    /// The session (history, view) changed since the last save.
    static SESSION_DIRTY: Cell<bool> = const { Cell::new(false) };
    static TOLD_HISTORY: Cell<bool> = const { Cell::new(false) };
}

fn unsaved(app: &AppState) -> bool {
    app.revision.get_untracked() != app.saved_revision.get_untracked()
}

fn may_save(app: &AppState) -> bool {
    app.access.get_untracked() == Access::Editing && !app.conflict.get_untracked()
}

/// Installs autosave for the app's life: on changes, on the view, on the lock being
/// granted, and on the page being hidden or left.
pub fn install(app: AppState) {
    Effect::new(move |_| {
        app.revision.track();
        app.access.track();
        app.conflict.track();
        if unsaved(&app) {
            request(app);
        }
    });
    let view_timer: StoredValue<Option<leptos::prelude::TimeoutHandle>> = StoredValue::new(None);
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        app.view.track();
        if first.get_value() {
            first.set_value(false);
            return;
        }
        SESSION_DIRTY.with(|d| d.set(true));
        if let Some(h) = view_timer.get_value() {
            h.clear();
        }
        view_timer.set_value(set_timeout_with_handle(move || request(app), Duration::from_millis(VIEW_DEBOUNCE_MS)).ok());
    });
    on_page_leaving(app);
}

/// Asks for a save: now when none is under way and the last began long enough ago, else as
/// soon as that allows.
fn request(app: AppState) {
    if !may_save(&app) {
        return;
    }
    if SAVING.with(Cell::get) {
        AGAIN.with(|a| a.set(true));
        return;
    }
    if TIMER.with(Cell::get) {
        return;
    }
    let wait = MIN_GAP_MS - (js_sys::Date::now() - LAST_START.with(Cell::get));
    if wait <= 0.0 {
        // Not in the task that made the change: a drop's frame (the moved component drawn
        // where it landed) is painted first, then the design is serialised (`file::save`:
        // several ms for a 1,000-node design, issue 20).
        TIMER.with(|t| t.set(true));
        after_paint(move || {
            TIMER.with(|t| t.set(false));
            // A save begun meanwhile (`flush`) takes this one after it.
            if SAVING.with(Cell::get) {
                AGAIN.with(|a| a.set(true));
            } else if may_save(&app) {
                start(app);
            }
        });
    } else {
        TIMER.with(|t| t.set(true));
        set_timeout(
            move || {
                TIMER.with(|t| t.set(false));
                request(app);
            },
            Duration::from_millis(wait.ceil() as u64),
        );
    }
}

/// Runs `f` once the next frame has been painted and the page is idle (an animation frame,
/// then an idle callback, at most [`PAINT_WAIT_MS`] after it), or after [`PAINT_WAIT_MS`] if no
/// frame comes first (a hidden page paints none). Idle, not the first task after the frame:
/// after a hub's drop that task landed between the drop's frame and the next, and the save's
/// serialising (`file::save`, ~3 ms at 1,000 nodes, s52-lead) lengthened the frame after.
fn after_paint(f: impl FnOnce() + 'static) {
    let once = std::rc::Rc::new(std::cell::RefCell::new(Some(f)));
    let run = {
        let once = once.clone();
        move || {
            if let Some(f) = once.borrow_mut().take() {
                f();
            }
        }
    };
    let fallback = run.clone();
    request_animation_frame(move || crate::idle::when_idle(PAINT_WAIT_MS as u32, run));
    set_timeout(fallback, Duration::from_millis(PAINT_WAIT_MS));
}

/// Longest wait for a frame before a save starts anyway, in ms.
const PAINT_WAIT_MS: u64 = 100;

/// Starts one save of everything that changed, and when it ends, the next if needed.
fn start(app: AppState) {
    let with_design = unsaved(&app);
    if !with_design && !SESSION_DIRTY.with(Cell::get) {
        return;
    }
    SAVING.with(|s| s.set(true));
    AGAIN.with(|a| a.set(false));
    SESSION_DIRTY.with(|d| d.set(false));
    LAST_START.with(|l| l.set(js_sys::Date::now()));
    let job = Job::capture(&app, with_design);
    leptos::task::spawn_local(job.run(app));
}

/// One save, captured when asked for (later edits do not leak into it).
struct Job {
    id: String,
    /// The app's `revision` the captured design has.
    rev: u64,
    with_design: bool,
    write: std::pin::Pin<Box<dyn std::future::Future<Output = Result<storage::Saved, SaveError>>>>,
}

thread_local! {
    /// The revision each design was last saved at by this tab.
    static SAVED_AT: std::cell::RefCell<std::collections::BTreeMap<String, u64>> = const { std::cell::RefCell::new(std::collections::BTreeMap::new()) };
}

impl Job {
    fn capture(app: &AppState, with_design: bool) -> Job {
        let id = app.design_id.get_untracked();
        let rev = app.revision.get_untracked();
        // Timed (User Timing `autosave`, read by scripts/bench-drag.mjs): serialising the design
        // and its history is the synchronous part of a save.
        let perf = web_sys::window().and_then(|w| w.performance());
        if let Some(p) = &perf {
            let _ = p.mark("autosave-start");
        }
        let write = app.design.with_untracked(|d| app.history.with_untracked(|h| storage::save(&id, d, h, &app.view.get_untracked(), with_design, true)));
        if let Some(p) = &perf {
            // Only the last is kept in the page's timeline (an observer sees each).
            p.clear_measures_with_measure_name("autosave");
            let _ = p.measure_with_start_mark("autosave", "autosave-start");
            p.clear_marks_with_mark_name("autosave-start");
        }
        Job { id, rev, with_design, write: Box::pin(write) }
    }

    /// Writes (SAVING is set by the caller), reports the outcome, and asks for the next save
    /// if more changed meanwhile.
    async fn run(self, app: AppState) {
        let Job { id, rev, with_design, write } = self;
        let result = write.await;
        SAVING.with(|s| s.set(false));
        if result.is_ok() {
            SAVED_AT.with(|m| {
                let mut m = m.borrow_mut();
                let e = m.entry(id.clone()).or_insert(0);
                *e = (*e).max(rev);
            });
        }
        // The design may have been switched meanwhile: report only about the one saved.
        let same = app.design_id.get_untracked() == id;
        match result {
            Ok(saved) => {
                if same && rev > app.saved_revision.get_untracked() {
                    app.saved_revision.set(rev);
                }
                if same && JOURNALED.with(Cell::get).is_some_and(|j| j <= rev) {
                    storage::clear_journal(&id);
                    JOURNALED.with(|j| j.set(None));
                }
                if app.storage_problem.get_untracked().is_some() {
                    app.storage_problem.set(None);
                }
                if !saved.history_kept && !TOLD_HISTORY.with(|t| t.replace(true)) {
                    app.toast_with("Saved, but without the undo history: browser storage is full.".into(), true, None, Some(ToastAction::ExportDesign));
                }
                if with_design {
                    tabs::post(&tabs::Message::Saved { id, rev: saved.rev });
                }
            }
            Err(SaveError::Conflict { .. }) if same => app.conflict.set(true),
            Err(SaveError::Conflict { .. }) => {
                app.error_at("The last changes to the design you left were not saved: another tab had changed it meanwhile.", None);
            }
            Err(SaveError::Failed(e)) => {
                if app.storage_problem.get_untracked().is_none() {
                    app.toast_with(format!("Not saved: {e}. Your design is safe in this tab; export it to keep a copy."), true, None, Some(ToastAction::ExportDesign));
                }
                app.storage_problem.set(Some(e));
                // Try again later, not in a tight loop.
                SESSION_DIRTY.with(|d| d.set(true));
                set_timeout(move || request(app), Duration::from_secs(5));
                return;
            }
        }
        if AGAIN.with(Cell::get) || unsaved(&app) {
            request(app);
        }
    }
}

/// Saves the open design now if it has unsaved changes (before switching to another one).
/// The design is captured when called; the write waits for a save under way (two saves of
/// one design at once would trip storage's revision check), and is skipped when that save
/// already covered it. Outcomes are reported like autosave's.
pub fn flush(app: &AppState) -> impl std::future::Future<Output = ()> + 'static {
    let app = *app;
    let job = (may_save(&app) && unsaved(&app)).then(|| Job::capture(&app, true));
    async move {
        let Some(job) = job else { return };
        while SAVING.with(Cell::get) {
            sleep_ms(20).await;
        }
        if SAVED_AT.with(|m| m.borrow().get(&job.id).is_some_and(|r| *r >= job.rev)) {
            return;
        }
        SAVING.with(|s| s.set(true));
        LAST_START.with(|l| l.set(js_sys::Date::now()));
        job.run(app).await;
    }
}

async fn sleep_ms(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// On `visibilitychange` (hidden) and `pagehide`: apply a paste still pending, journal what
/// IndexedDB has not committed, synchronously, and start a save at once.
fn on_page_leaving(app: AppState) {
    let Some(win) = web_sys::window() else { return };
    let leaving = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let hidden = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        if e.type_() == "visibilitychange" && !hidden {
            return;
        }
        // A paste worked out and not yet applied (it is applied in the task after its key's,
        // `actions::flush_pending_paste`) is applied now, so the journal and the save below
        // hold it: a reload or close right after Ctrl+V lost the copies (review of s43-paste).
        crate::actions::flush_pending_paste();
        if !may_save(&app) || !(unsaved(&app) || SAVING.with(Cell::get)) {
            return;
        }
        let id = app.design_id.get_untracked();
        let rev = app.revision.get_untracked();
        let in_flight = SAVING.with(Cell::get);
        let wrote = app.design.with_untracked(|d| app.history.with_untracked(|h| storage::write_journal(&id, d, h, &app.view.get_untracked(), in_flight)));
        if wrote.is_ok() {
            JOURNALED.with(|j| j.set(Some(rev)));
        }
        // And try IndexedDB too, now: the page may live on (a tab switch).
        LAST_START.with(|l| l.set(f64::NEG_INFINITY));
        request(app);
    });
    let _ = win.add_event_listener_with_callback("pagehide", leaving.as_ref().unchecked_ref());
    if let Some(doc) = win.document() {
        let _ = doc.add_event_listener_with_callback("visibilitychange", leaving.as_ref().unchecked_ref());
    }
    leaving.forget(); // for the page's life
}
