//! The code of "Tidy up" — the engine's `diagram::tidy` (and the layout code only it reaches:
//! `Tidy`'s grid of AZ columns and tier rows, ~35 kB of the linked wasm) — fetched on first use
//! (issue 20, the first visit's download; ARCHITECTURE.md "Code fetched on first use").
//!
//! A first visit draws, drags, selects and connects without it: only the Tidy up button (T) and
//! the import of a file whose components have no position (laid out as Tidy up lays them) call
//! it. So it is a split point of its own ([`fetch_code`], chunk
//! `cloudwright-web-split-tidy-code-<hash>.wasm`), fetched when the browser is idle after the
//! start (`sidepanel::prefetch_first_tabs`, last of the list), and by the first use that finds
//! it not in yet: that use waits for it and then acts on the design as it is then — a press in
//! the one queue of actions waiting for code, keys pressed after it behind it
//! (`action_queue`, [`action`]); an import by [`with_code`]. The page reaches the code only through [`TidyCode`]'s function pointers, so the
//! splitter moves it. A chunk that cannot be fetched is said in an error toast naming the action;
//! nothing was changed, and the next use tries again.

use crate::action_queue::{Action, Turn, Words};
use crate::state::AppState;
use cloudwright_engine::{Design, Edit, NodeId};
use crate::on_demand::{Ask, Split, SplitCode};
use std::collections::BTreeSet;

/// The tidy-up's code, as function pointers (nothing in the app's wasm calls into it directly).
pub struct TidyCode {
    /// The one `Batch` of moves that tidies the selected containers, or the whole design
    /// (`cloudwright_engine::diagram::tidy`); `None`: already tidy.
    pub tidy: fn(&Design, Option<&BTreeSet<NodeId>>) -> Option<Edit>,
    /// Lays out the components a file gave no position, as Tidy up would; returns how many
    /// (`cloudwright_engine::diagram::tidy::lay_out_missing`).
    pub lay_out_missing: fn(&mut Design) -> usize,
}

crate::on_demand::split_point!(tidy_code =>
/// The tidy-up's code ([`TidyCode`]). A split point (src/on_demand.rs); without the `split`
/// feature a plain `async fn` that returns at once.
fn fetch_code() -> Result<&'static TidyCode, crate::on_demand::SplitLoaderError> {
    static CODE: TidyCode = TidyCode { tidy: cloudwright_engine::diagram::tidy, lay_out_missing: cloudwright_engine::diagram::tidy::lay_out_missing };
    Ok(&CODE)
});

thread_local! {
    /// Whether Tidy up's code is in (`on_demand::Split`: one fetch at a time).
    static CODE: Split<&'static TidyCode> = Split::new(|| Box::pin(fetch_code()));
}

/// Tidy up's words in the messages (`action_queue`).
static TIDY: Words = Words { doing: "Tidying up", not_done: "Tidy up was not done", could_not: "Tidy up could not be done", then: "Nothing was changed. Check the connection and try again, or reload the page." };

/// A press of Tidy up (the button, T) made with its code, for `action_queue::in_turn`: it runs
/// in its turn once the code is in (asked for now if not), on the design and selection as they
/// are then; the keys pressed meanwhile wait behind it (QA s56 F1: Ctrl+Z after T undid the edit
/// before the tidy-up, then the tidy-up landed).
pub fn action(run: impl FnOnce(&'static TidyCode) + 'static) -> Turn {
    Turn::Action(Action::new(&TIDY, &CODE, run))
}

/// Runs `f` with the tidy-up's code, now if it is in, else once it is fetched: for the import
/// of a file whose components have no position (it opens a design of its own, so it is not
/// queued behind the user's keys). While it waits, `app` says `waits` ("Opening nopos.json…
/// (its layout code is on its way)": QA s58 F6, nothing was said and the user went on editing
/// the design the import then replaced). If the code cannot be fetched, `app` says that `what`
/// ("The import") could not be done; nothing changed.
pub fn with_code(app: AppState, what: &'static str, waits: String, f: impl FnOnce(&'static TidyCode) + 'static) {
    if let Some(code) = CODE.get() {
        f(code);
        return;
    }
    let note = app.note_while(waits);
    leptos::task::spawn_local(async move {
        let code = CODE.load(Ask::Retry).await;
        app.take_toast(note);
        match code {
            Ok(code) => f(code),
            Err(_) => app.error_at(format!("{what} could not be done: {}. Nothing was changed. Check the connection and try again, or reload the page.", crate::on_demand::NOT_FETCHED_WHY), None),
        }
    });
}

/// The idle prefetch's part (`on_demand::prefetch_soon`), and the Tidy up button's hover or
/// focus (a press that comes before the idle prefetch reached it finds the code on its way:
/// s56-size measured 0.5–1.3 s for such a first press at load 22): fetches the code unless it
/// is in, on its way or failed. Its failure is forgotten (nobody saw it): the press tries once
/// itself and says so if that fails too.
pub async fn prefetch() -> Result<(), crate::on_demand::SplitLoaderError> {
    CODE.prefetch().await;
    Ok(())
}

/// Starts fetching the code unless it is in, on its way or failed (the button's
/// `pointerenter`/`focus`: a press then finds it in or on its way; its failure is forgotten and
/// the press asks again: [`with_code`]). A prefetch, not a use: the idle prefetch does not wait
/// for a hover's fetch as it waits for a user's (review s58 R7).
pub fn prefetch_soon() {
    leptos::task::spawn_local(CODE.prefetch());
}
