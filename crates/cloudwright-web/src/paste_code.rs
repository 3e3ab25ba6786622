//! The code of a paste and a duplicate — the engine's `paste::paste` (fresh ids and labels, the
//! copies' places: `diagram::place` code only it reaches) and the reader of a copied clip —
//! fetched on first use (issue 20, the first visit's download; ARCHITECTURE.md "Code fetched on
//! first use").
//!
//! A first visit pastes nothing until a copy, so the code is a split point of its own
//! ([`fetch_code`], chunk `cloudwright-web-split-paste-code-<hash>.wasm`), fetched when the
//! browser is idle after the start (`sidepanel::prefetch_first_tabs`, after the Cost and
//! Latency tabs'), on the first copy, and by the first paste or duplicate that finds it not in
//! yet: that keypress waits for it (`action_queue`: it and the input after it run in order once
//! it is in, each in a task of its own, nothing is dropped), then pastes as before. The page
//! reaches the code only through [`PasteCode`]'s function pointers, so the splitter moves it.
//! A chunk that cannot be fetched (offline before the service worker saved it) is said in an
//! error toast, which also says the keys pressed after the paste were not applied (they were
//! meant for the design with the paste in it); the next paste tries again; the clipboard keeps
//! its copy.

use crate::action_queue::{Action, Turn, Words};
use cloudwright_engine::paste::{Clip, Pasted};
use cloudwright_engine::{Design, Rect};
use crate::on_demand::{Ask, Split, SplitCode, Stage};

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

thread_local! {
    /// Whether the paste's code is in (`on_demand::Split`: one fetch at a time).
    static STATE: Split<&'static PasteCode> = Split::new(|| Box::pin(fetch_code()));
}

/// A paste's words in the messages (`action_queue`).
static PASTE: Words = Words { doing: "Pasting", not_done: "The paste was not made", could_not: "The paste could not be made", then: "Check the connection and press it again, or reload the page." };
/// A duplicate's.
static DUPLICATE: Words = Words { doing: "Duplicating", not_done: "The duplicate was not made", could_not: "The duplicate could not be made", then: "Check the connection and press it again, or reload the page." };

/// A paste (`verb` "Paste") or a duplicate ("Duplicate") made with the paste's code, for
/// [`action_queue::in_turn`]: it runs in its turn once the code is in (asked for now if not).
pub fn action(verb: &'static str, run: impl FnOnce(&'static PasteCode) + 'static) -> Turn {
    Turn::Action(Action::new(if verb == "Duplicate" { &DUPLICATE } else { &PASTE }, &STATE, run))
}

/// Starts fetching the code unless it is in or on its way (a copy: its paste is likely next).
/// A failure is kept: the paste that follows tries again and says so if it fails too.
pub fn fetch() {
    if !matches!(STATE.stage_untracked(), Stage::In(_) | Stage::Fetching { .. }) {
        STATE.start(Ask::Retry);
    }
}

/// The idle prefetch's part (`on_demand::prefetch_soon`): fetches the code unless it is in, on
/// its way or failed. Its failure is forgotten (nobody saw it): the next paste tries again and
/// says so if that fails too.
pub async fn prefetch() -> Result<(), crate::on_demand::SplitLoaderError> {
    STATE.prefetch().await;
    Ok(())
}
