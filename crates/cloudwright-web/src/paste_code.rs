//! The code of a paste and a duplicate — the engine's `paste::paste` (fresh ids and labels, the
//! copies' places: `diagram::place` code only it reaches) and the reader of a copied clip —
//! fetched on first use (issue 20, the first visit's download; ARCHITECTURE.md "Code fetched on
//! first use").
//!
//! A first visit pastes nothing until a copy, so the code is a split point of its own
//! ([`fetch_code`], chunk `cloudwright-web-split-paste-code-<hash>.wasm`), fetched when the
//! browser is idle after the start (`sidepanel::prefetch_first_tabs`, after the Cost and
//! Latency tabs'), on the first copy, and by the first paste or duplicate that finds it not in
//! yet: that keypress waits for it ([`with_code`]: the actions run in order once it is in,
//! nothing is dropped), then pastes as before. The page reaches the code only through
//! [`PasteCode`]'s function pointers, so the splitter moves it. A chunk that cannot be fetched
//! (offline before the service worker saved it) is said in an error toast, and the next paste
//! tries again; the clipboard keeps its copy.

use crate::state::AppState;
use cloudwright_engine::paste::{Clip, Pasted};
use cloudwright_engine::{Design, Rect};
use crate::on_demand::{Ask, Failure, Split, SplitCode, Stage};
use std::cell::RefCell;

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

type Waiting = Box<dyn FnOnce(&'static PasteCode)>;

thread_local! {
    /// Whether the paste's code is in (`on_demand::Split`: one fetch at a time).
    static STATE: Split<&'static PasteCode> = Split::new(|| Box::pin(fetch_code()));
    /// The pastes and duplicates made before the code was in, and the keys pressed after them,
    /// in order, with the app to tell if it cannot be fetched and the first one's verb
    /// ("Paste", "Duplicate": what the message names).
    static WAITING: RefCell<(Vec<Waiting>, Option<(AppState, &'static str)>)> = const { RefCell::new((Vec::new(), None)) };
}

/// Runs `f` with the paste's code: now if it is in, else once it is (after the actions that
/// waited before it). If it cannot be fetched, `app` says so and the waiting actions are dropped
/// (the clipboard keeps the copy: the next paste tries again). `verb`: "Paste" or "Duplicate".
pub fn with_code(app: AppState, verb: &'static str, f: impl FnOnce(&'static PasteCode) + 'static) {
    if let Some(code) = STATE.get() {
        f(code);
        return;
    }
    let first = WAITING.with_borrow_mut(|w| {
        w.0.push(Box::new(f));
        w.1.get_or_insert((app, verb));
        w.0.len() == 1
    });
    if first {
        // Nothing else on screen says a paste is on its way (review s55 R1).
        app.info(format!("{}ing… (its code is on its way)", verb.trim_end_matches('e')));
    }
    fetch();
}

/// Runs `f` after the pastes waiting for the code (a key pressed meanwhile: `keyboard`), or now
/// if none is waiting.
pub fn after_waiting(f: impl FnOnce() + 'static) {
    if waiting() {
        WAITING.with_borrow_mut(|w| w.0.push(Box::new(move |_| f())));
    } else {
        f();
    }
}

/// Whether a paste or duplicate is waiting for the code. While one is, the keys are queued
/// behind it (`keyboard::install`'s capture listener): a key that ran at once would act on the
/// design without the paste (Delete deleting the originals, Ctrl+Z undoing the edit before
/// it), out of order with the key that came first (review s55 R1; the rule of s47-paste).
pub fn waiting() -> bool {
    // (Once the code is in, the list is being run: a key pressed again then acts at once.)
    STATE.get().is_none() && WAITING.with_borrow(|w| !w.0.is_empty())
}

/// Drops the pastes and duplicates waiting for the code, saying why (`why` ends the sentence
/// "The paste was not made: …"): another design was opened (they belong to the one they were
/// made in), or Escape cancelled them. The clipboard keeps its copy.
pub fn drop_waiting(why: &str) {
    let (dropped, app) = WAITING.with_borrow_mut(|w| (std::mem::take(&mut w.0).len(), w.1.take()));
    if let (true, Some((app, verb))) = (dropped > 0, app) {
        app.info(format!("The {} was not made: {why}", verb.to_lowercase()));
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

/// Fetches the code (or waits for the fetch on its way) and runs the actions waiting for it
/// (or tells why it could not).
async fn load() -> Result<(), Failure> {
    match STATE.load(Ask::Retry).await {
        Ok(code) => {
            // One at a time, the list released before each runs: an action may wait again
            // (it cannot: the code is in) or paste, which flushes the paste before it.
            while let Some(f) = WAITING.with_borrow_mut(|w| (!w.0.is_empty()).then(|| w.0.remove(0))) {
                f(code);
            }
            WAITING.with_borrow_mut(|w| w.1 = None);
            Ok(())
        }
        Err(e) => {
            let (dropped, app) = WAITING.with_borrow_mut(|w| (std::mem::take(&mut w.0).len(), w.1.take()));
            if let (true, Some((app, verb))) = (dropped > 0, app) {
                // The action's own words, not a view's ("open it again"; review s55 R7).
                app.error_at(format!("The {} could not be made: {}. Check the connection and press it again, or reload the page.", verb.to_lowercase(), crate::on_demand::NOT_FETCHED_WHY), None);
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
