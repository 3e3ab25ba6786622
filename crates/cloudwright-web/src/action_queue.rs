//! One in-order queue for the user's actions that wait for code fetched on first use — a
//! paste, a duplicate (`paste_code`), Tidy up (`tidy_code`) — and the input given after them
//! (issue 20: code a first visit does not need is a split point of its own; ARCHITECTURE.md
//! "Code fetched on first use").
//!
//! An action whose code is not in yet cannot act; a key pressed after it that ran at once would
//! act on the design without it: Ctrl+Z after T undid the edit before the tidy-up, then the
//! tidy-up landed (QA s56 F1); Delete after Ctrl+V deleted the originals (review s55 R1). So
//! until the action has run, every key is queued behind it (`keyboard::install`'s capture
//! listener) and pressed again in its turn, and pointer input that edits is refused with a note
//! ("Pasting… (its code is on its way)"). Each item runs in a task of its own, in order. If an
//! action's code cannot be fetched, the action and the keys behind it are dropped (they were
//! meant for the design with it) and the message says so. Opening another design drops them too
//! (`AppState::replace`: they belong to the design they were made in); Escape cancels them.

use crate::on_demand::{Ask, Split, SplitCode};
use crate::state::AppState;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::thread::LocalKey;
use leptos::prelude::{ArcRwSignal, Get, GetUntracked, Set};

/// What the messages about an action say.
pub struct Words {
    /// While it waits: "Pasting" ("Pasting… (its code is on its way)").
    pub doing: &'static str,
    /// Dropped: "The paste was not made" (": another design was opened…").
    pub not_done: &'static str,
    /// Its code could not be fetched: "The paste could not be made" (": this browser could not…").
    pub could_not: &'static str,
    /// What to do then, ending that message: "Check the connection and press it again, or
    /// reload the page."
    pub then: &'static str,
}

/// A user's action that needs a split point's code: waits at the front of the queue until its
/// code is in (then runs) or could not be fetched (then is dropped, with the input behind it).
pub struct Action {
    words: &'static Words,
    /// `Some(true)` once its code is in, `Some(false)` once its fetch failed; `None` meanwhile.
    settled: Rc<Cell<Option<bool>>>,
    run: Box<dyn FnOnce()>,
}

impl Action {
    /// The action `run`, with the code of `split`: in now, or asked for now (a user's ask: a
    /// failed fetch is tried again), the queue told when its fetch ends.
    pub fn new<T: Copy + 'static>(words: &'static Words, split: &'static LocalKey<Split<T>>, run: impl FnOnce(T) + 'static) -> Action {
        let code: Rc<Cell<Option<T>>> = Rc::new(Cell::new(split.get()));
        let settled = Rc::new(Cell::new(code.get().map(|_| true)));
        if code.get().is_none() {
            // Asked now (the record is "fetching" at once), awaited in a task of its own.
            let fetch = split.load(Ask::Retry);
            let (code, settled) = (code.clone(), settled.clone());
            leptos::task::spawn_local(async move {
                match fetch.await {
                    Ok(t) => {
                        code.set(Some(t));
                        settled.set(Some(true));
                    }
                    Err(_) => settled.set(Some(false)),
                }
                code_settled();
            });
        }
        Action {
            words,
            settled,
            run: Box::new(move || {
                if let Some(t) = code.get() {
                    run(t);
                }
            }),
        }
    }
}

/// What waits its turn behind an action whose code is on its way ([`in_turn`]).
pub enum Turn {
    /// A paste, a duplicate, a tidy-up: runs once its code is in.
    Action(Action),
    /// Any other input the user gave meanwhile (a key, pressed again): it runs whether or not
    /// the code could be fetched, unless a failure dropped it.
    Input(Box<dyn FnOnce()>),
}

/// The actions made before their code was in, and the input given after them, in order, with
/// the app to tell (set by the first action queued). Changed only through [`change`].
struct Queue {
    turns: VecDeque<Turn>,
    app: Option<AppState>,
}

/// What a queue emptied at once held ([`Queue::take_all`]).
struct Dropped {
    /// The first action's words, if an action was queued.
    words: Option<&'static Words>,
    /// How many keys were queued (behind the actions).
    keys: usize,
    app: Option<AppState>,
}

impl Queue {
    /// Empties the queue, saying what it held.
    fn take_all(&mut self) -> Dropped {
        let words = self.turns.iter().find_map(|t| if let Turn::Action(a) = t { Some(a.words) } else { None });
        let keys = self.turns.iter().filter(|t| matches!(t, Turn::Input(_))).count();
        self.turns.clear();
        Dropped { words, keys, app: self.app.take() }
    }
}

thread_local! {
    static WAITING: RefCell<Queue> = const { RefCell::new(Queue { turns: VecDeque::new(), app: None }) };
    /// Whether an item taken from [`WAITING`] is running (an action, its key pressed again):
    /// what it does then runs at once, it is not queued again behind the items after it.
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    /// While an item taken from [`WAITING`] runs: where what it queues goes — its own place, at
    /// the front, in the order it queues them — not behind the keys pressed after it (a T
    /// pressed again after a paste, whose tidy-up waits for its own code, before the Ctrl+Z
    /// pressed after the T).
    static INSERT_AT: Cell<Option<usize>> = const { Cell::new(None) };
    /// Whether the task that runs the next waiting item ([`step`]) is set.
    static STEP_SET: Cell<bool> = const { Cell::new(false) };
    /// The "Pasting…" note's toast ([`crate::state::Toast::seq`]): it stays while the action
    /// waits, and is taken away when the wait ends (QA s38 G6: it went after 3 s).
    static NOTE: Cell<Option<u64>> = const { Cell::new(None) };
    /// [`WAITING`] is not empty, for views ([`waits`]); kept by [`change`], the queue's one
    /// writer. Reference-counted, not an arena signal: it outlives every view that reads it.
    static WAITS: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// Changes the queue: the one way to, so [`WAITS`] (what views track) follows every change
/// (review s58: a second copy of "is the queue empty?" kept by calls after each change would
/// drift the day one is forgotten).
fn change<R>(f: impl FnOnce(&mut Queue) -> R) -> R {
    let (r, now) = WAITING.with_borrow_mut(|q| {
        let r = f(q);
        (r, !q.turns.is_empty())
    });
    WAITS.with(|w| {
        if w.get_untracked() != now {
            w.set(now);
        }
    });
    r
}

/// Whether anything waits in the queue ([`waiting`]), tracked: the inspector's fields are
/// disabled meanwhile, so nothing typed there is shown as if it were applied (QA s58 F1: a
/// refused label stayed in its field).
pub fn waits() -> bool {
    WAITS.with(|w| w.get())
}

/// Whether an item taken from the queue is running now: a key dispatched now is one the user
/// pressed earlier, pressed again in its turn (`keyboard::install`).
pub fn replaying() -> bool {
    RUNNING.with(Cell::get)
}

/// Whether an action in the queue still waits for its code (not only keys pressed again).
pub fn waits_for_code() -> bool {
    waiting_action().is_some()
}

/// Runs `turn` in its turn: now if nothing waits (for an action: and its code is in), else
/// after the items waiting before it, each in a task of its own. An action that finds its code
/// not in waits for it; the input given after it waits behind it ([`waiting`]), so none acts on
/// the design without it.
pub fn in_turn(app: AppState, turn: Turn) {
    // (False while a waiting item runs: what it does runs at once, not queued again.)
    let free = !waiting();
    let turn = match turn {
        Turn::Input(f) if free => return f(),
        Turn::Action(a) if free && a.settled.get() == Some(true) => return (a.run)(),
        turn => turn,
    };
    let first_action = change(|q| {
        let first = !q.turns.iter().any(|t| matches!(t, Turn::Action(_)));
        let is_action = matches!(turn, Turn::Action(_));
        if is_action {
            q.app.get_or_insert(app);
        }
        match INSERT_AT.get() {
            Some(at) => {
                q.turns.insert(at.min(q.turns.len()), turn);
                INSERT_AT.set(Some(at + 1));
            }
            None => q.turns.push_back(turn),
        }
        first && is_action
    });
    if first_action {
        // Nothing else on screen says an action is on its way (review s55 R1).
        note(app);
    }
    // Its code may be in already (queued behind an action still waiting), or have failed at
    // once: the queue looks again.
    code_settled();
}

/// The first action waiting for its code (not run yet), if any: its words.
fn waiting_action() -> Option<&'static Words> {
    WAITING.with_borrow(|q| {
        q.turns.iter().find_map(|t| match t {
            Turn::Action(a) if a.settled.get() != Some(true) => Some(a.words),
            _ => None,
        })
    })
}

/// Shows "Pasting… (its code is on its way)." until the wait ends (also when an input is
/// refused meanwhile: `keyboard::install`). Only while an action waits for its code: not
/// while the keys behind one are pressed again, when nothing would take the note away (review
/// s56 R4).
pub fn note(app: AppState) {
    let Some(words) = waiting_action() else {
        // Only the keys pressed meanwhile wait, pressed again one by one (a second or two after
        // a large paste): a click refused then is said too (QA s58 F9: nothing was said).
        if WAITING.with_borrow(|q| !q.turns.is_empty()) {
            app.info("Not done: the keys pressed while waiting are still being applied. Try again in a moment");
        }
        return;
    };
    // What the wait means for the user's clicks, and the way out if the code never comes (QA
    // s58 F4, F5: a refused click was said only by the note already shown; a stalled fetch
    // kept everything waiting with no word of Escape).
    // Shown again if it stands (a refused click), else made: one note for one wait.
    if NOTE.with(Cell::get).is_some_and(|seq| app.show_note(seq)) {
        return;
    }
    let seq = app.note_while(format!("{}\u{2026} (its code is on its way). Clicks and edits are not taken until then; Escape cancels", words.doing));
    NOTE.with(|n| n.set(Some(seq)));
}

/// " The key pressed after it was not applied either." for `keys` keys dropped with an action.
fn keys_dropped(keys: usize) -> String {
    match keys {
        0 => String::new(),
        1 => " The key pressed after it was not applied either.".to_string(),
        n => format!(" The {n} keys pressed after it were not applied either."),
    }
}

/// Whether an action is waiting for its code, or input behind one is waiting its turn. While
/// one is, the keys are queued behind it (`keyboard::install`'s capture listener): a key that
/// ran at once would act on the design without it, out of order with the key that came first
/// (review s55 R1; QA s56 F1). False while a waiting item runs: what it does (a key pressed
/// again) is not queued again.
pub fn waiting() -> bool {
    !RUNNING.with(Cell::get) && WAITING.with_borrow(|q| !q.turns.is_empty())
}

/// Runs `f` as part of the item that set it up — a paste applied in the task after its own
/// (`actions::paste_clip`), while the keys after it still wait —: its edits are not refused as
/// coming before the waiting items (`AppState::may_edit`).
pub fn continuing<R>(f: impl FnOnce() -> R) -> R {
    let was = RUNNING.with(|r| r.replace(true));
    let r = f();
    RUNNING.with(|r| r.set(was));
    r
}

/// Drops the actions waiting for their code and the input behind them, and says why: returns
/// "The paste was not made: {why}" (the first action's words; `why` ends the sentence), or, if
/// the action has run and only keys pressed meanwhile wait to be pressed again, "The 2 keys
/// pressed while waiting were not applied."; None if nothing was waiting. Another design
/// was opened (they belong to the one they were made in), or Escape cancelled them. (A paste's
/// clipboard keeps its copy.)
pub fn drop_waiting(why: &str) -> Option<String> {
    let Dropped { words, keys, app } = change(Queue::take_all);
    forget_note(app);
    match words {
        // The keys behind it go too, and are said as a failure says them (QA s58 F10).
        Some(words) => Some(format!("{}: {why}{}", words.not_done, keys_dropped(keys))),
        // Only keys: dropped silently, the user would not know which of them acted (review
        // s58 R4).
        // (`why` speaks of an action's code: not said.)
        None if keys == 1 => Some("The key pressed while waiting was not applied.".to_string()),
        None if keys > 1 => Some(format!("The {keys} keys pressed while waiting were not applied.")),
        None => None,
    }
}

/// An action's fetch ended (or an item was queued): runs what can run now, in a task of its
/// own; or, if the first item is an action whose code could not be fetched, drops it and the
/// input behind it, and says so.
fn code_settled() {
    let front = WAITING.with_borrow(|q| match q.turns.front() {
        Some(Turn::Action(a)) => Some(a.settled.get()),
        Some(Turn::Input(_)) => Some(Some(true)),
        None => None,
    });
    match front {
        // Nothing waits, or the first action's code is still on its way.
        None | Some(None) => {}
        Some(Some(true)) => {
            if !RUNNING.with(Cell::get) {
                set_step();
            }
        }
        Some(Some(false)) => failed(),
    }
}

/// The first action's code could not be fetched: it and the input behind it are dropped, and
/// said in one message — the keys pressed after it were meant for the design with it (review
/// s56 R5: a Delete pressed for the copies deleted the originals, a Ctrl+Z undid the edit
/// before the paste).
fn failed() {
    // (The first item is the action that failed: its words are the first action's.)
    let Dropped { words, keys, app } = change(Queue::take_all);
    forget_note(app);
    if let (Some(words), Some(app)) = (words, app) {
        // The action's own words, not a view's ("open it again"; review s55 R7); shown as long
        // as its length takes to read (QA s58 F8: 61 words went after 4.5 s).
        app.error_to_read(format!("{}: {}. {}{}", words.could_not, crate::on_demand::NOT_FETCHED_WHY, words.then, keys_dropped(keys)));
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
/// An action waits here for its code ([`code_settled`] sets the task again once it is in or
/// failed).
fn step() {
    STEP_SET.with(|s| s.set(false));
    let next = change(|q| match q.turns.front() {
        Some(Turn::Action(a)) if a.settled.get() != Some(true) => None,
        _ => q.turns.pop_front(),
    });
    let Some(turn) = next else {
        // The first action's code is on its way, or failed meanwhile.
        code_settled();
        return;
    };
    RUNNING.with(|r| r.set(true));
    INSERT_AT.set(Some(0));
    let ran_action = matches!(turn, Turn::Action(_));
    match turn {
        Turn::Input(f) => f(),
        Turn::Action(a) => (a.run)(),
    }
    INSERT_AT.set(None);
    RUNNING.with(|r| r.set(false));
    // Done waiting for code (the keys behind may still be pressed again): the note goes now,
    // not after them — a message shown and gone meanwhile brought "Pasting…" back over the
    // paste's own "Pasted 3 components" (QA s58 F11).
    if ran_action && waiting_action().is_none() {
        let app = WAITING.with_borrow(|q| q.app);
        forget_note(app);
    }
    if WAITING.with_borrow(|q| !q.turns.is_empty()) {
        code_settled();
    } else {
        ended();
    }
}

/// The wait is over: the note goes if it is still shown (the action's own message has usually
/// replaced it).
fn ended() {
    let app = change(|q| q.app.take());
    forget_note(app);
}

/// The note goes, if shown, and does not come back (`AppState::note_while`).
fn forget_note(app: Option<AppState>) {
    if let (Some(app), Some(seq)) = (app, NOTE.with(|n| n.take())) {
        app.take_toast(seq);
    }
}
