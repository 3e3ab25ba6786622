//! The code of a paste and a duplicate — the engine's `paste::paste` (fresh ids and labels, the
//! copies' places: `diagram::place` code only it reaches) and the reader of a copied clip —
//! fetched on first use (issue 20, the first visit's download; ARCHITECTURE.md "Code fetched on
//! first use").
//!
//! A first visit pastes nothing until a copy, so the code is a split point of its own
//! ([`fetch_code`], chunk `cloudwright-web-split-paste-code-<hash>.wasm`), fetched when the
//! browser is idle after the start (`sidepanel::prefetch_first_tabs`, after the Cost and
//! Latency tabs'), on the first copy, and by the first paste or duplicate that finds it not in
//! yet: that keypress waits for it ([`in_turn`]: it and the input after it run in order once
//! it is in, each in a task of its own, nothing is dropped), then pastes as before. The page
//! reaches the code only through [`PasteCode`]'s function pointers, so the splitter moves it.
//! A chunk that cannot be fetched (offline before the service worker saved it) is said in an
//! error toast, which also says the keys pressed after the paste were not applied (they were
//! meant for the design with the paste in it); the next paste tries again; the clipboard keeps
//! its copy.

use crate::state::AppState;
use cloudwright_engine::paste::{Clip, Pasted};
use cloudwright_engine::{Design, Rect};
use crate::on_demand::{Ask, Failure, Split, SplitCode, Stage};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

/// The paste's code, as function pointers (nothing in the app's wasm calls into it directly).
pub struct PasteCode {
    /// A clip added to a design with fresh ids at an offset, placed in `view` when it fits
    /// (`cloudwright_engine::paste::paste`).
    pub paste: fn(&Design, &Clip, f64, f64, &str, Option<Rect>) -> Result<Pasted, String>,
    /// A clip read back from the text a copy stored (`None`: not a clip).
    pub read_clip: fn(&str) -> Option<Clip>,
}

fn read_clip(text: &str) -> Option<Clip> {
    serde_json::from_str(text).ok()
}

crate::on_demand::split_point!(paste_code =>
/// The paste's code ([`PasteCode`]). A split point (src/on_demand.rs); without the `split`
/// feature a plain `async fn` that returns at once.
fn fetch_code() -> Result<&'static PasteCode, crate::on_demand::SplitLoaderError> {
    static CODE: PasteCode = PasteCode { paste: cloudwright_engine::paste::paste, read_clip };
    Ok(&CODE)
});

/// What waits its turn behind a paste or duplicate whose code is on its way ([`in_turn`]).
pub enum Turn {
    /// A paste or duplicate ("Paste", "Duplicate": what a message names): made with the code.
    Paste(&'static str, Box<dyn FnOnce(&'static PasteCode)>),
    /// Any other input the user gave meanwhile (a key, pressed again): it runs whether or not
    /// the code could be fetched.
    Input(Box<dyn FnOnce()>),
}

thread_local! {
    /// Whether the paste's code is in (`on_demand::Split`: one fetch at a time).
    static STATE: Split<&'static PasteCode> = Split::new(|| Box::pin(fetch_code()));
    /// The pastes and duplicates made before the code was in, and the input given after them,
    /// in order, with the app to tell if the code cannot be fetched and the first paste's verb
    /// ("Paste", "Duplicate": what the messages name).
    static WAITING: RefCell<(VecDeque<Turn>, Option<(AppState, &'static str)>)> = const { RefCell::new((VecDeque::new(), None)) };
    /// Whether an item taken from [`WAITING`] is running (its paste, its key pressed again):
    /// what it does then runs at once, it is not queued again behind the items after it.
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    /// Whether the task that runs the next waiting item ([`step`]) is set.
    static STEP_SET: Cell<bool> = const { Cell::new(false) };
    /// The "Pasting…" note's toast ([`crate::state::Toast::seq`]): it stays while the paste
    /// waits, and is taken away when the wait ends (QA s38 G6: it went after 3 s).
    static NOTE: Cell<Option<u64>> = const { Cell::new(None) };
}

/// Runs `turn` in its turn: now if nothing waits for the paste's code (for a paste: and the
/// code is in), else after the items waiting before it, each in a task of its own. A paste
/// that finds the code not in waits for it (and fetches it); the input given after it waits
/// behind it ([`waiting`]: `keyboard::install`'s capture listener), so none acts on the design
/// without it. If the code cannot be fetched, the app says so, and the waiting pastes and the
/// input behind them are dropped (the clipboard keeps the copy: the next paste tries again;
/// the message says the keys were not applied).
pub fn in_turn(app: AppState, turn: Turn) {
    let code = STATE.get();
    // (False while a waiting item runs: what it does runs at once, not queued again.)
    let free = !waiting();
    let turn = match (turn, code) {
        (Turn::Input(f), _) if free => return f(),
        (Turn::Paste(_, f), Some(code)) if free => return f(code),
        (turn, _) => turn,
    };
    let is_paste = matches!(turn, Turn::Paste(..));
    let first_paste = WAITING.with_borrow_mut(|w| {
        let first = !w.0.iter().any(|t| matches!(t, Turn::Paste(..)));
        if let Turn::Paste(verb, _) = &turn {
            w.1.get_or_insert((app, *verb));
        }
        w.0.push_back(turn);
        first
    });
    if is_paste {
        if first_paste && code.is_none() {
            // Nothing else on screen says a paste is on its way (review s55 R1).
            note(app);
        }
        fetch();
    }
}

/// Shows "Pasting… (its code is on its way)." until the wait ends (also when an input is
/// refused meanwhile: `keyboard::install`).
pub fn note(app: AppState) {
    // Only while a paste is waiting for its code: not while the keys behind one are pressed
    // again, when nothing would take the note away (review s56 R4).
    if !WAITING.with_borrow(|w| w.0.iter().any(|t| matches!(t, Turn::Paste(..)))) || STATE.get().is_some() {
        return;
    }
    let verb = WAITING.with_borrow(|w| w.1.map_or("Paste", |(_, verb)| verb));
    let seq = app.note_while(format!("{}ing… (its code is on its way)", verb.trim_end_matches('e')));
    NOTE.with(|n| n.set(Some(seq)));
}

/// Whether a paste or duplicate is waiting for the code, or input behind one is waiting its
/// turn. While one is, the keys are queued behind it (`keyboard::install`'s capture listener):
/// a key that ran at once would act on the design without the paste (Delete deleting the
/// originals, Ctrl+Z undoing the edit before it), out of order with the key that came first
/// (review s55 R1; the rule of s47-paste). False while a waiting item runs: what it does (a
/// key pressed again) is not queued again.
pub fn waiting() -> bool {
    !RUNNING.with(Cell::get) && WAITING.with_borrow(|w| !w.0.is_empty())
}

/// Drops the pastes and duplicates waiting for the code and the input behind them, and says
/// why: returns "The paste was not made: {why}" (`why` ends the sentence), None if none was
/// waiting. Another design was opened (they belong to the one they were made in), or Escape
/// cancelled them. The clipboard keeps its copy.
pub fn drop_waiting(why: &str) -> Option<String> {
    let (dropped, app) = WAITING.with_borrow_mut(|w| (std::mem::take(&mut w.0).len(), w.1.take()));
    NOTE.with(|n| n.set(None));
    match (dropped > 0, app) {
        (true, Some((_, verb))) => Some(format!("The {} was not made: {why}", verb.to_lowercase())),
        _ => None,
    }
}

/// Sets the task that runs the next waiting item, unless it is set.
fn set_step() {
    if !STEP_SET.with(|s| s.replace(true)) {
        leptos::prelude::set_timeout(step, std::time::Duration::ZERO);
    }
}

/// Runs the first waiting item, in a task of its own, as the user's input would have run
/// (never inside the code's arrival, a future being polled: a Ctrl+Z run there undid a
/// one-component paste in the task it was applied in, and the inspector's form for the copy
/// read a disposed signal — QA s38 G1); then sets the next item's task, after the tasks this
/// one set (a paste is applied in the task after its own: `actions::paste_clip`), so
/// [paste, Delete, paste] is the first paste applied, its copies deleted, then the second.
/// A paste waits here for its code ([`load`] sets the task again once it is in or failed).
fn step() {
    STEP_SET.with(|s| s.set(false));
    let code = STATE.get();
    let Some(turn) = WAITING.with_borrow_mut(|w| {
        let code_awaited = code.is_none() && matches!(w.0.front(), Some(Turn::Paste(..)));
        if code_awaited {
            None
        } else {
            w.0.pop_front()
        }
    }) else {
        return;
    };
    RUNNING.with(|r| r.set(true));
    match (turn, code) {
        (Turn::Input(f), _) => f(),
        (Turn::Paste(_, f), Some(code)) => f(code),
        // (Not taken: a paste waits at the front until the code is in or failed.)
        (Turn::Paste(..), None) => {}
    }
    RUNNING.with(|r| r.set(false));
    if WAITING.with_borrow(|w| !w.0.is_empty()) {
        set_step();
    } else {
        ended();
    }
}

/// The wait is over: the note goes if it is still shown (the paste's own message has
/// usually replaced it).
fn ended() {
    let app = WAITING.with_borrow_mut(|w| w.1.take());
    if let (Some((app, _)), Some(seq)) = (app, NOTE.with(|n| n.take())) {
        app.take_toast(seq);
    }
}

/// Starts fetching the code unless it is in or on its way (a copy: its paste is likely next;
/// a paste or duplicate: a key the user pressed, which tries a failed fetch again).
pub fn fetch() {
    if matches!(STATE.stage_untracked(), Stage::In(_) | Stage::Fetching { .. }) {
        return;
    }
    leptos::task::spawn_local(async {
        let _ = load().await;
    });
}

/// Fetches the code, then runs the items waiting for it ([`step`]), or says why it could
/// not and drops them, the input behind the pastes too (said in the same message).
async fn load() -> Result<(), Failure> {
    match STATE.load(Ask::Retry).await {
        Ok(_) => {
            if WAITING.with_borrow(|w| !w.0.is_empty()) {
                set_step();
            }
            Ok(())
        }
        Err(e) => {
            // The keys pressed after it are dropped with it, and said: they were meant for the
            // design with the paste in it (review s56 R5: a Delete pressed for the copies
            // deleted the originals, a Ctrl+Z undid the edit before the paste).
            let (pastes, keys, app) = WAITING.with_borrow_mut(|w| {
                let pastes = w.0.iter().filter(|t| matches!(t, Turn::Paste(..))).count();
                let keys = w.0.len() - pastes;
                w.0.clear();
                (pastes, keys, w.1.take())
            });
            NOTE.with(|n| n.set(None));
            if let (true, Some((app, verb))) = (pastes > 0, app) {
                let keys = match keys {
                    0 => String::new(),
                    1 => " The key pressed after it was not applied either.".to_string(),
                    n => format!(" The {n} keys pressed after it were not applied either."),
                };
                // The action's own words, not a view's ("open it again"; review s55 R7).
                app.error_at(format!("The {} could not be made: {}. Check the connection and press it again, or reload the page.{keys}", verb.to_lowercase(), crate::on_demand::NOT_FETCHED_WHY), None);
            }
            Err(e)
        }
    }
}

/// The idle prefetch's part (`on_demand::prefetch_soon`): fetches the code unless it is in, on
/// its way or failed (a failure is dropped: the next paste tries again and says so).
pub async fn prefetch() -> Result<(), crate::on_demand::SplitLoaderError> {
    if !matches!(STATE.stage_untracked(), Stage::NotFetched) {
        return Ok(());
    }
    let _ = load().await;
    Ok(())
}
