//! The page's side of the analysis worker (`cloudwright-analysis-worker`, a second wasm run
//! in a Web Worker): it keeps the worker's copy of the design equal to the app's and hands
//! each answer to [`crate::analysis`], which puts it in the signals every panel reads.
//!
//! - The worker gets the whole design once (when it has started, on opening another design,
//!   or when it asks), then only the edits the app applied ([`record`], called by
//!   `AppState::apply_at/undo/redo`), sent with the next request; a move or a resize is
//!   recorded but sends nothing (a drag never sends work).
//! - Each request has a sequence number; an answer is shown only if it is for the newest
//!   request sent (stale answers are dropped) — the worker itself analyses only the newest
//!   request it holds.
//! - Which path analyses a design is decided by its size, never by a timing: a design of
//!   [`WORKER_FROM_NODES`] components or more goes to the worker (from the start when it is
//!   opened that large; when an edit makes it that large, the worker starts and the page
//!   analyses meanwhile); a smaller one is analysed on this thread and never fetches the
//!   worker's wasm nor pays a round trip per edit. `?analysis=worker` and `?analysis=page`
//!   force a path, for the tests and benchmarks ([`forced`]).
//! - On this thread the design is held in a [`LocalSession`] (the worker crate's, the same
//!   session code as the worker's): the edits the app applied are applied to it at the next
//!   request and it recomputes only what they can change (a full analysis per edit before,
//!   BENCHMARKS.md s29-edit); a copy it cannot vouch for (another design, a change without
//!   an edit) is analysed afresh, as the worker's is.
//! - Until the worker has started, and if it cannot start or stops (no `Worker` in the
//!   wasm-bindgen tests, a blocked script, a trap), the analyses run on this thread.
//!   A large design waits for the worker's `Ready` at most [`READY_WITHIN_MS`]: a worker
//!   whose wasm never loads (blocked, failed: its loader's promise rejects inside the worker,
//!   which the page never hears of) or hangs would otherwise leave the panels "Analysing…"
//!   for ever. After it, and when the worker stops (`onerror`), the page analyses the design
//!   itself and the user is told (a toast).
//!
//! A copy out of step cannot go unnoticed: a request sends edits only when they account for
//! every step of `analysis_rev` since the previous request (anything else — `replace`, a path
//! that changed the design without an edit — sends the whole design), and a worker whose
//! copy refuses an edit asks for the design.

use crate::on_demand::{Ask, Failure, Split, SplitCode, Stage};
use crate::state::AppState;
use cloudwright_analysis_worker::{Analysed, Answer, Change, LocalSession, PageSession, Reply, Request};
use cloudwright_engine::{capacity, diff, file, latency, scenario, totals, Design, Edit};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

/// The worker's start script, relative to the page (Trunk's `data-loader-shim`). Workers
/// keep their Cargo name (no content hash), so the page can name it.
const WORKER_URL: &str = "./cloudwright-analysis-worker_loader.js";

/// A design of this many components or more is analysed by the worker (from the start when
/// opened, imported or restored that large: the panels show an empty analysis, marked as
/// updating, until the worker's first answer); a smaller one on this thread, edit by edit
/// through its [`LocalSession`]. Chosen by size, not by timing one analysis: that timing
/// depended on the machine's load and on the first analysis parsing the price and latency
/// books cold, so the same design took either path. Measured edit → totals bar, each path
/// forced (`bench-totals.mjs`, release build, quiet 2-core machine, medians of 2 runs × 6
/// edits, BENCHMARKS.md s29-edit): 300 nodes page 24–29 ms vs worker 39–42 ms, 700 nodes
/// 43–45 vs 52–55 ms, 1,000 nodes 49–52 vs 55–69 ms: per edit the page stays ahead (the
/// worker's round trip, patch and decode cost more than the engine work it moves), but the
/// engine's part of a page edit is the page's own task (1,000 nodes: 26–50 ms, at the 50 ms
/// long-task line on a quiet machine) and a design's first analysis on the page is one long
/// task (1,000 nodes: hundreds of ms). 800 keeps the page's edits under ~40 ms of engine
/// work on this machine, and larger designs off the main thread.
pub const WORKER_FROM_NODES: usize = 800;

/// From this many edits since the page's last analysis (a `Batch` counts its edits: a paste
/// of 300 components is ~1,000) the analysis on this thread runs in its own task after the
/// edit's frame is painted, not in the edit's task: the paste, its views and its analysis were
/// one long task (300 components: 134 ms on a quiet machine, BENCHMARKS.md s41-paste). An
/// ordinary edit (a few edits) is analysed in its own task as before.
pub const LATER_FROM: usize = 64;

/// How long a design waits for the worker's `Ready` before the page analyses it itself
/// (ms). `Ready` comes once the worker has fetched and compiled its wasm (583 KB brotli,
/// 2.4 MB raw): from `Worker::new` to `Ready` (`analysis-worker ready`, a User Timing
/// measure) 0.45–0.92 s over loopback on the team's 2-core machine at load 21–23 (4 starts,
/// `scripts/probe-worker-start.mjs`, BENCHMARKS.md s27-edit); over a slow link (1 Mbit/s)
/// the download alone is ~4.7 s. 15 s is three times the slowest of these: a worker not
/// ready by then is blocked, failed or hung, and the user should not watch "Analysing…"
/// any longer. If one becomes ready later it takes over the next analyses.
pub const READY_WITHIN_MS: u64 = 15_000;

/// Whether a design of `nodes` components is analysed by the worker ([`WORKER_FROM_NODES`];
/// every design when the page was opened with `?analysis=worker`, none with
/// `?analysis=page`: [`forced`]).
pub fn at_once(nodes: usize) -> bool {
    forced().unwrap_or(nodes >= WORKER_FROM_NODES)
}

/// The path the page's address forces: `?analysis=worker` (`Some(true)`: every design,
/// whatever its size, is analysed by the worker from the start) or `?analysis=page`
/// (`Some(false)`: every design on the page; the worker is never started). For the tests and
/// benchmarks of one path on a design the other would take (`scripts/bench-totals.mjs`'s
/// `QUERY`).
fn forced() -> Option<bool> {
    thread_local! {
        static FORCED: Option<bool> = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .and_then(|q| q.trim_start_matches('?').split('&').find_map(|p| match p {
                "analysis=worker" => Some(true),
                "analysis=page" => Some(false),
                _ => None,
            }));
    }
    FORCED.with(|f| *f)
}

/// What the panels show for a large design until the worker's first answer (and for any design
/// until the analyses' code is in, [`Code`]): the analyses of an empty design (no findings,
/// nothing to pay), with `updating` set. Written out, not computed (`Analysed::empty`): running
/// them would put the analyses' code back into the app's wasm.
pub fn placeholder() -> Analysed {
    Analysed::empty("us-east-1")
}

/// The analyses' code the page runs itself (issue 20, the first visit's download): the rules,
/// the bill, the latency projection, the capacity models, the traffic plan, the totals and
/// what only they reach (with the price, latency and capacity books) are not in the app's wasm
/// but in the chunk of the split point [`fetch_code`] (`cloudwright-web-split-analyses-…wasm`),
/// which the page starts fetching as soon as it has mounted ([`init`]). None of it is needed to
/// draw, drag, drop or connect. The page reaches that code only through these function
/// pointers and the [`PageSession`] trait object `session` makes (its vtable, drop included, is
/// in the chunk), so the splitter finds no direct call into it from the app's wasm. Once the
/// chunk is in every call is synchronous, as before: an edit's analysis still runs in the
/// edit's task.
pub struct Code {
    /// A page session of a design: its first analysis, then edit by edit (`LocalSession::new`).
    pub session: fn(Design, &dyn Fn() -> f64) -> Box<dyn PageSession>,
    /// The capacity report at a traffic multiple (`capacity::analyse`).
    pub capacity: fn(&Design, f64) -> capacity::CapacityReport,
    /// The latency projection at a traffic multiple (`latency::project_at`).
    pub latency: fn(&Design, f64) -> latency::LatencyReport,
    /// The headline figures of a design (`totals::summary`: the import preview's).
    pub summary: fn(&Design, f64) -> totals::Totals,
    /// A what-if scenario applied to a design (`scenario::active`; its error in words): a
    /// scenario's switches are the Compare panel's, which price and size the options.
    pub scenario: fn(&Design, &str) -> Result<Design, String>,
    /// What changed between two designs, analyses included (`diff::diff`: comparing with a
    /// saved version).
    pub diff: fn(&Design, &Design) -> diff::Diff,
    /// The monthly total an exported diagram shows (`diagram::svg::MonthlyTotal::of`).
    pub monthly_total: fn(&Design) -> cloudwright_engine::diagram::svg::MonthlyTotal,
    /// A rule's explanation and fix, by the rule's id (`rules::rule`: `why`, `fix`), for the
    /// findings list's "Why, and the fix" (`findings::FindingItem`). The ~40 kB of texts are in
    /// this chunk, not in the app's wasm: every finding the page shows was made by this code or
    /// read from the worker's answer (whose reader comes after it), and the list reads a rule's
    /// title from `rules::head`, which reaches none of them (BENCHMARKS.md, s59-size).
    pub rule_text: fn(&str) -> Option<(&'static str, &'static str)>,
}

fn rule_text(id: &str) -> Option<(&'static str, &'static str)> {
    cloudwright_engine::rules::rule(id).map(|r| (r.why, r.fix))
}

fn scenario_of(d: &Design, id: &str) -> Result<Design, String> {
    scenario::active(d, Some(id)).map_err(|e| e.to_string())
}

fn new_session(d: Design, now: &dyn Fn() -> f64) -> Box<dyn PageSession> {
    Box::new(LocalSession::new(d, now))
}

crate::on_demand::split_point!(analyses =>
/// The page's analyses' code ([`Code`]). A split point (src/on_demand.rs): its chunk holds
/// every function only these pointers reach. Without the `split` feature (the wasm-bindgen
/// tests) a plain `async fn` that returns at once.
fn fetch_code() -> Result<&'static Code, crate::on_demand::SplitLoaderError> {
    static CODE: Code = Code { session: new_session, capacity: capacity::analyse, latency: latency::project_at, summary: totals::summary, scenario: scenario_of, diff: diff::diff, monthly_total: cloudwright_engine::diagram::svg::MonthlyTotal::of, rule_text };
    Ok(&CODE)
});

thread_local! {
    /// Where the analyses' code is: the one record of it (`on_demand::Split`; review s54: a
    /// `Cell` and a signal beside it said the same twice). Tracked by the views' memos that run
    /// an analysis themselves (`analysis::provide`: a scenario's design, capacity and latency at
    /// a traffic multiple; the review's diff): they run again when it arrives.
    static ANALYSES: Split<&'static Code> = Split::new(|| Box::pin(fetch_code()));
    /// No figures can be shown: the code could not be fetched and no worker can take over.
    /// The reason is always the same ([`not_fetched`]); the totals bar says "Figures
    /// unavailable", and every view with figures says the same (QA s37 F4: one state).
    static UNAVAILABLE: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// Whether the analyses' code is in (not tracked).
pub fn code_in() -> Option<&'static Code> {
    ANALYSES.get()
}

/// The analyses' code if it is in (tracked: a memo that reads it runs again when it arrives).
pub fn loaded() -> Option<&'static Code> {
    match ANALYSES.stage() {
        Stage::In(c) => Some(c),
        _ => None,
    }
}

/// Whether the analyses' code could not be fetched (and is not in since): the views that run
/// an analysis on the page (capacity, latency at a traffic multiple, a scenario's design, a
/// version's diff) say so instead of staying blank, with a Retry ([`retry`]); tracked. False
/// while it is on its way the first time (they show "…" then).
pub fn code_missing() -> bool {
    matches!(ANALYSES.stage(), Stage::Failed(_) | Stage::Fetching { again: true })
}

/// Tries to fetch the analyses' code again (a view's Retry button; each request does too).
pub fn retry() {
    start_fetch(Ask::Retry);
}

/// Whether no figures can be shown (the code could not be fetched and no worker can take
/// over); tracked. The reason, in the user's words: [`not_fetched`].
pub fn figures_unavailable() -> bool {
    UNAVAILABLE.with(|s| s.get())
}

/// What a panel says before its design's first analysis is shown: that it is on its way
/// ("Analysing this design in the background: its `what` appear(s) here in a moment."), or,
/// when no analysis can run, why ([`not_fetched`]; QA s37 F3: the Cost and Findings tabs said
/// "in a moment" for ever, the Latency tab asked for users the design had). Tracked.
pub fn first_pending_text(what: &str) -> String {
    if figures_unavailable() {
        not_fetched()
    } else {
        format!("Analysing this design in the background: its {what} here in a moment.")
    }
}

/// What a view that runs an analysis on the page shows while the analyses' code is missing
/// ([`code_missing`]): `what` ("Capacity at ×10") and why, with a Retry button; the next edit
/// retries too (review s54 R1: these views stayed blank for good).
pub fn missing_view(what: &'static str) -> AnyView {
    view! {
        <p class="muted code-missing" role="status">
            {format!("{what} cannot be computed: {}.", crate::on_demand::not_fetched_retry("computes"))}
            " "<button class="retry-code" on:click=move |_| retry()>"Retry"</button>
        </p>
    }
    .into_any()
}

/// The words the totals bar shows when the analyses' code could not be fetched and the
/// analysis worker cannot take over.
///
/// Not the views' "open it again": reopening a tab, the report or presentation does not fetch
/// the figures' code again (QA s55 F1); a reload does, and an edit's analysis tries too.
pub fn not_fetched() -> String {
    format!("The figures could not be computed: {}. Check the connection, then reload the page (the design is kept) to try again.", crate::on_demand::NOT_FETCHED_WHY)
}

/// The analyses' code, fetched if it is not in yet (for a caller that can wait: the import
/// preview's totals).
///
/// A user's action (an export, an import's preview): a fetch that failed before is tried
/// again, or the one on its way is waited for (one at a time).
pub async fn code() -> Result<&'static Code, Failure> {
    if let Some(c) = code_in() {
        return Ok(c);
    }
    let code = ANALYSES.load(Ask::Retry).await?;
    // Recorded as the start-up's fetch records it, so the views waiting for it show (review s54
    // R1: an import preview's fetch that worked left them blank).
    record_in();
    Ok(code)
}

/// The analyses' code is in: the views' memos that track [`loaded`] run, no reason for
/// missing figures is said any longer, and the request waiting for the code (if the page, not
/// the worker, is to analyse it) is analysed now. Every arrival goes through here, the
/// start-up's fetch and [`code`]'s (export, import) alike (review s55 R3: an arrival through
/// `code` left "Analysing…" up until the next edit).
fn record_in() {
    // (`ANALYSES` has the code: the memos tracking `loaded` run.)
    // Set only if it changes, as `show` does: a set notifies even with the same value, and
    // the Compare tab rebuilds its whole panel on it (review s55 R5).
    if UNAVAILABLE.with(|s| s.get_untracked()) {
        UNAVAILABLE.with(|s| s.set(false));
    }
    // The `CLIENT` borrow ends with this statement: `show_here` borrows it again.
    let waiting = CLIENT.with(|c| c.borrow_mut().as_mut().is_some_and(|c| std::mem::take(&mut c.waiting_code) && c.mode != Mode::Worker));
    if waiting {
        show_here();
    }
}

/// Starts fetching the analyses' code unless it is in or on its way. Once in, the newest
/// request waiting for it is analysed (the session is built from the design as it is then:
/// every edit made meanwhile is in it). If it cannot be fetched, the analysis worker (another
/// wasm holding the same analyses) takes over; if that cannot either, the totals bar says so.
///
/// `ask`: [`Ask::Use`] at the start; [`Ask::Retry`] for a user's request (an edit's analysis,
/// a Retry button), which tries a failed fetch again.
fn start_fetch(ask: Ask) {
    let again = match ANALYSES.stage_untracked() {
        Stage::Fetching { .. } | Stage::In(_) => return,
        Stage::NotFetched => false,
        Stage::Failed(_) if ask == Ask::Use => return,
        Stage::Failed(_) => true,
    };
    mark("analyses code");
    let load = ANALYSES.load(ask);
    leptos::task::spawn_local(async move {
        match load.await {
            Ok(_) => {
                measure("analyses code", "analyses code");
                record_in();
            }
            Err(_) => {
                // (The split loader has said which file could not be fetched, in one line:
                // this says what follows, once.)
                if !again {
                    web_sys::console::info_1(&JsValue::from_str("the analyses' code could not be fetched: the analysis worker takes over"));
                }
                let tell = CLIENT.with(|c| {
                    let mut c = c.borrow_mut();
                    let c = c.as_mut()?;
                    c.code_failed = true;
                    if !c.tried {
                        // The worker's wasm holds the same analyses: it analyses every design
                        // from now on (its `Ready` sends the newest request).
                        spawn(c);
                        if c.worker.is_some() {
                            c.hooks.updating.set(true);
                            return None;
                        }
                        // No `Worker` could be made (review s54 R9: "Analysing…" for ever).
                    }
                    // No worker can take over (it failed, is not ready in time, or could not be
                    // made): the page has nothing to show the figures with until a retry works.
                    (c.waiting_code && (c.mode == Mode::Here || c.overdue)).then_some(())
                });
                if tell.is_some() {
                    let first = !UNAVAILABLE.with(|s| s.get_untracked());
                    if first {
                        UNAVAILABLE.with(|s| s.set(true));
                    }
                    // The bar has room for two words ("Figures unavailable"); the whole reason
                    // and what to do is said once, where it can be read (s54 lead: at 1440 the
                    // sentence overflowed the bar, at 1024 only a spinner showed).
                    // Once: each later edit retries the fetch, and a failed retry says nothing new.
                    if let Some(app) = first.then(|| CLIENT.with(|c| c.borrow().as_ref().map(|c| c.hooks.app))).flatten() {
                        app.toast_with(not_fetched(), true, None, None);
                    }
                    // No analysis to wait for: the service worker may register.
                    crate::offline::started();
                }
            }
        }
    });
}

/// Where the analyses run.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    /// The worker's wasm is loading: analyses run here meanwhile.
    Starting,
    Worker,
    /// No worker (not needed yet, refused, failed to load, stopped): analyses run here.
    Here,
}

/// An analysis as the page holds it (the worker crate's: natively tested with the patches).
pub use cloudwright_analysis_worker::Results;

/// What [`crate::analysis`] gives the client.
pub struct Hooks {
    pub app: AppState,
    /// Shows an analysis, of the design at this `analysis_rev` (sets the signals the panels
    /// read).
    pub show: Rc<dyn Fn(Results, u64)>,
    /// Whether shown results are older than the newest request.
    pub updating: RwSignal<bool>,
    /// Whether the shown results are the placeholder (set again after showing it: `show`
    /// clears it for every analysis shown).
    pub first_pending: RwSignal<bool>,
}

struct Client {
    hooks: Hooks,
    mode: Mode,
    worker: Option<web_sys::Worker>,
    /// Edits applied since the previous request (sent with the next one).
    journal: Vec<Edit>,
    /// How many of them moved `analysis_rev` (layout edits do not).
    journal_steps: u64,
    /// The `analysis_rev` the worker's copy is at after the previous request; `None`: the
    /// worker holds no copy the app can vouch for (the next request sends the design).
    synced_rev: Option<u64>,
    /// The newest request: its number, and what it asked for (rev, scenario).
    seq: u64,
    asked: Option<(u64, Option<String>)>,
    /// The number of the newest request that sent the whole design.
    load_seq: u64,
    /// The newest worker answer accepted (its request's number, the analysis): the base the
    /// worker's next patch is against (`Request::have`).
    held: Option<(u64, Results)>,
    /// The worker was started (it is not started again: after a failure analyses stay here;
    /// only one not ready in time is replaced, once, [`ready_overdue`]).
    tried: bool,
    /// The worker did not say `Ready` within [`READY_WITHIN_MS`]: a large design is analysed
    /// here until it does, instead of waiting for it.
    overdue: bool,
    /// How many workers were started (the first, and one more when it was not ready in time).
    attempts: u32,
    /// The design (`design_id`) whose analysis the panels show or the worker was last sent:
    /// sending another one (opened, imported) marks the shown figures as not this design's.
    loaded_id: String,
    /// The design as analysed on this thread (not while the worker answers), kept up to date
    /// by the edits in `local_journal` at each request ([`analyse_here`]).
    local: Option<Box<dyn PageSession>>,
    /// Edits applied since `local` was last brought up to date, and how many of them moved
    /// `analysis_rev`; `local_rev`: the `analysis_rev` `local` was at then (as `journal`,
    /// `journal_steps` and `synced_rev` for the worker's copy).
    local_journal: Vec<Edit>,
    local_steps: u64,
    local_rev: Option<u64>,
    /// An analysis on this thread is waiting for the frame after a large edit ([`LATER_FROM`]).
    later: bool,
    /// An analysis on this thread is waiting for the analyses' code ([`start_fetch`]).
    waiting_code: bool,
    /// The analyses' code could not be fetched (once at least): the worker, which holds the
    /// same analyses, analyses every design until it is in.
    code_failed: bool,
    _on_message: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
    _on_error: Option<Closure<dyn FnMut(web_sys::Event)>>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

/// Sets up the client for the current revision and scenario (the panels show the
/// placeholder until [`first_analysis`] or the worker's first answer); starts the worker at
/// once for a large design ([`at_once`]: one opened from storage).
pub fn init(hooks: Hooks) {
    let rev = hooks.app.analysis_rev.get_untracked();
    let scenario = hooks.app.active_scenario.get_untracked();
    let hooks_id = hooks.app.design_id.get_untracked();
    let mut client = Client { hooks, mode: Mode::Here, worker: None, journal: Vec::new(), journal_steps: 0, synced_rev: None, seq: 0, asked: Some((rev, scenario)), load_seq: 0, held: None, tried: false, overdue: false, attempts: 0, loaded_id: hooks_id, local: None, local_journal: Vec::new(), local_steps: 0, local_rev: None, later: false, waiting_code: false, code_failed: false, _on_message: None, _on_error: None };
    if at_once(client.hooks.app.design.with_untracked(|d| d.nodes.len())) {
        spawn(&mut client);
    }
    CLIENT.with(|c| *c.borrow_mut() = Some(client));
    // The analyses' code: fetched now, while the canvas is drawn, so the first analysis
    // (after the first paint) seldom waits for it.
    start_fetch(Ask::Use);
}

/// Starts the worker (it says when it is ready; until then analyses run here, and a large
/// design waits for it at most [`READY_WITHIN_MS`]).
fn spawn(client: &mut Client) {
    client.tried = true;
    client.attempts += 1;
    // (`analysis-worker ready`: from here to its `Ready`, the figure behind READY_WITHIN_MS.)
    mark("analysis-worker start");
    let attempt = client.attempts;
    set_timeout(move || ready_overdue(attempt), std::time::Duration::from_millis(READY_WITHIN_MS));
    // The page's reader of the worker's answers: fetched now, while the worker fetches its
    // own wasm (src/worker_wire.rs).
    crate::worker_wire::fetch(read_waiting, wire_failed);
    match web_sys::Worker::new(WORKER_URL) {
        Ok(worker) => {
            let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
                // What the page spends on an answer (copy, decode, setting the signals; the
                // views render after): `analysis-answer <bytes>` for the benchmarks.
                mark("analysis-answer");
                let bytes = js_sys::Uint8Array::new(&e.data()).to_vec();
                let n = bytes.len();
                // (Before the wire's code is in, the message waits for it: `read_waiting`.)
                if let Some((wire, bytes)) = crate::worker_wire::read_or_queue(bytes) {
                    read(wire, &bytes);
                }
                measure(&format!("analysis-answer {n}"), "analysis-answer");
            });
            let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
                e.prevent_default();
                let _ = fall_back();
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            client.worker = Some(worker);
            client.mode = Mode::Starting;
            client._on_message = Some(on_message);
            client._on_error = Some(on_error);
        }
        Err(_) => web_sys::console::warn_1(&JsValue::from_str("the analysis worker cannot start: analyses run on the page")),
    }
}

/// Reads and handles one message of the worker.
fn read(wire: &'static crate::worker_wire::Wire, bytes: &[u8]) {
    match (wire.decode)(bytes) {
        Ok(reply) => answer(wire, reply),
        Err(why) => web_sys::console::warn_1(&JsValue::from_str(&why)),
    }
}

/// The wire's code is in: the worker's messages that waited for it, in order.
fn read_waiting(wire: &'static crate::worker_wire::Wire, waiting: Vec<Vec<u8>>) {
    for bytes in waiting {
        read(wire, &bytes);
    }
}

/// The wire's code could not be fetched: no answer of the worker can be read, so it is
/// stopped and the page analyses every design itself (and says so), as when the worker's own
/// wasm fails.
///
/// Said even when no analysis was waiting for the worker (the failure can come before the
/// first request): the worker was started for a large design, which the page now analyses,
/// with pauses at each edit.
fn wire_failed() {
    web_sys::console::warn_1(&JsValue::from_str("the analysis worker's reader could not be fetched: analyses run on the page"));
    let app = CLIENT.with(|c| c.borrow().as_ref().filter(|c| c.worker.is_some()).map(|c| c.hooks.app));
    if let Some(app) = app {
        if !fall_back() {
            app.error_at(format!("{COULD_NOT_START}, so this page analyses the design itself from now on: a large design may pause at each edit. Reloading the page starts the background analysis again."), None);
        }
    }
}

/// What the user is told when the worker could not start (its wasm or its reader not fetched).
const COULD_NOT_START: &str = "The background analysis could not start";

/// Notes an edit the app has just applied to its design (sent with the next request). Taken,
/// not copied: the app copies each edit once, for this (a paste of 300 components is a batch
/// of ~1,000 edits, and a second copy of it was ~10% of its apply task, BENCHMARKS.md s44-paste).
pub fn record(e: Edit) {
    CLIENT.with(|c| {
        if let Some(c) = c.borrow_mut().as_mut() {
            if c.mode == Mode::Worker && c.synced_rev.is_some() {
                if !e.is_layout_only() {
                    c.journal_steps += 1;
                }
                c.journal.push(e);
            } else if c.local.is_some() {
                if !e.is_layout_only() {
                    c.local_steps += 1;
                }
                c.local_journal.push(e);
            }
        }
    });
}

/// Asks for the analyses of the design at `rev` with `scenario` shown (nothing when that is
/// what was asked last). Through the worker the answer arrives later; here it is shown now.
pub fn request(rev: u64, scenario: Option<String>) {
    enum Then {
        Nothing,
        RunHere,
        /// A large edit ([`LATER_FROM`]): analysed here once its frame is painted.
        Later,
        /// A large design waits for the worker (starting): the panels show the placeholder.
        Wait,
    }
    let asked = Some((rev, scenario.clone()));
    let mut retry_fetch = false;
    let then = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let Some(c) = c.as_mut() else { return Then::Nothing };
        if c.asked == asked {
            return Then::Nothing;
        }
        c.asked = asked;
        c.seq += 1;
        if c.mode == Mode::Worker {
            send(c, rev, scenario);
            // The worker took over because the analyses' code could not be fetched: the
            // views that run an analysis themselves (a scenario's design, capacity and latency
            // at a traffic multiple, a version's diff) still need it, so each request tries
            // the fetch again (review s54 R1); a failure then says nothing new.
            if c.code_failed {
                retry_fetch = true;
            }
            return Then::Nothing;
        }
        // A large design is never analysed here first: the worker starts now (its `Ready`
        // sends the newest request), unless it could not start before. One that an edit made
        // large (its analysis shown) is analysed here until the worker is ready.
        // The analyses' code could not be fetched: the worker analyses every design.
        let no_code = c.code_failed && code_in().is_none();
        if no_code || at_once(c.hooks.app.design.with_untracked(|d| d.nodes.len())) {
            if !c.tried {
                spawn(c);
            }
            let unshown = c.hooks.first_pending.get_untracked() || c.hooks.app.design_id.get_untracked() != c.loaded_id;
            if c.mode == Mode::Starting && !c.overdue && unshown {
                c.hooks.updating.set(true);
                return Then::Wait;
            }
        }
        if c.later {
            // The analysis waiting for the frame reads the newest design when it runs.
            return Then::Nothing;
        }
        if c.local_journal.iter().map(|e| if let Edit::Batch { edits, .. } = e { edits.len() } else { 1 }).sum::<usize>() >= LATER_FROM {
            c.later = true;
            c.hooks.updating.set(true);
            return Then::Later;
        }
        Then::RunHere
    });
    if retry_fetch {
        start_fetch(Ask::Retry);
    }
    match then {
        Then::Nothing => {}
        Then::RunHere => show_here(),
        Then::Later => after_paint(|| {
            let run = CLIENT.with(|c| c.borrow_mut().as_mut().is_some_and(|c| std::mem::take(&mut c.later) && c.mode != Mode::Worker));
            if run {
                show_here();
            }
        }),
        Then::Wait => {
            show(placeholder().into());
            CLIENT.with(|c| {
                if let Some(c) = c.borrow().as_ref() {
                    c.hooks.updating.set(true);
                    c.hooks.first_pending.set(true);
                }
            });
        }
    }
}

/// Posts the request for an edit the moment it is applied (`AppState::after_change`), when
/// the worker answers: the views redraw for the edit only after the edit's handler returns
/// (Leptos runs their effects then), so the worker computes while the page lays out and
/// paints the edit's frame, instead of after. The request effect (`analysis::provide`) then
/// finds it asked and sends nothing. Without the worker nothing happens here: an analysis on
/// this thread is left to that effect, after the views (as before).
pub fn request_early(rev: u64, scenario: Option<String>) {
    let to_worker = CLIENT.with(|c| c.borrow().as_ref().is_some_and(|c| c.mode == Mode::Worker));
    if to_worker {
        request(rev, scenario);
    }
}

/// Runs `f` once the next frame has been painted: in a task queued from that frame's
/// animation-frame callback (the browser paints between the two).
pub fn after_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO));
}

/// The start-up's first analysis, held back until the canvas has been painted
/// (`analysis::provide`: until then the panels show the placeholder, "Analysing…"). Runs the
/// newest request as a new one; nothing if an analysis was shown meanwhile (an edit made
/// before it ran asks for its own).
pub fn first_analysis() {
    let asked = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let c = c.as_mut()?;
        if c.hooks.first_pending.get_untracked() { c.asked.take() } else { None }
    });
    if let Some((rev, scenario)) = asked {
        // (`start-up first analysis`: a User Timing measure the start-up benchmark reads. It
        // times this request only: the analysis itself when the analyses' code is in, else
        // just the request parked and the code's fetch started; the analysis shown is
        // `start-up analysed`. BENCHMARKS.md "How to run", review s37 R16.)
        mark("start-up first analysis");
        request(rev, scenario);
        measure("start-up first analysis", "start-up first analysis");
    }
}

/// Posts request `c.seq` for `rev`: the journal's edits if they account for every step
/// since the previous request, else the whole design.
fn send(c: &mut Client, rev: u64, scenario: Option<String>) {
    // The worker is sent requests only once its `Ready` was read, with the wire's code.
    let Some(wire) = crate::worker_wire::get() else { return };
    mark("analysis-request");
    let in_step = c.synced_rev.is_some_and(|r| r + c.journal_steps == rev);
    let change = if in_step && c.journal.is_empty() {
        Change::Unchanged
    } else if in_step {
        Change::Edits { edits: std::mem::take(&mut c.journal) }
    } else {
        c.journal.clear();
        c.load_seq = c.seq;
        // Another design (opened, imported): until the worker's answer the panels hold the
        // previous design's figures; they say "Analysing…" instead (the answer clears it).
        let id = c.hooks.app.design_id.get_untracked();
        if id != c.loaded_id {
            c.hooks.first_pending.set(true);
            c.loaded_id = id;
        }
        Change::Load { design: c.hooks.app.design.with_untracked(file::save_compact) }
    };
    c.journal_steps = 0;
    c.synced_rev = Some(rev);
    let kind = match &change {
        Change::Load { .. } => "design",
        Change::Edits { .. } => "edits",
        Change::Unchanged => "unchanged",
    };
    let have = c.held.as_ref().map(|h| h.0);
    let text = (wire.encode)(&Request { seq: c.seq, change, scenario, have });
    if let Some(w) = &c.worker {
        let _ = w.post_message(&JsValue::from_str(&text));
    }
    c.hooks.updating.set(true);
    // What the page spent on the request (serialising the design or the edits, posting):
    // a User Timing measure the benchmarks read (`analysis-request <kind> <bytes>`).
    measure(&format!("analysis-request {kind} {}", text.len()), "analysis-request");
}

/// Sends the newest request again as a new one (after the worker lost the page's base answer
/// or its copy of the design: `send` then sends what the client no longer vouches for whole).
fn resend(c: &mut Client) {
    if let Some((rev, scenario)) = c.asked.clone() {
        c.seq += 1;
        send(c, rev, scenario);
    }
}

/// Sets a User Timing mark named `start`.
pub(crate) fn mark(start: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(start);
    }
}

/// Adds a User Timing measure `name` from the latest mark `start` to now.
pub(crate) fn measure(name: &str, start: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark(name, start);
    }
}

/// Computes and shows the analyses on this thread (no worker, or not yet). The analysis is
/// taken out of the client before it is shown: showing sets signals, whose effects may call
/// back into this module.
fn show_here() {
    // (`analysis-here`: a User Timing measure the benchmarks read, beside the worker's.)
    let Some(code) = code_in() else {
        // The analyses' code is not in yet: the panels keep what they show, marked as
        // updating, and the newest request is analysed when it arrives (a failed fetch is
        // tried again).
        CLIENT.with(|c| {
            if let Some(c) = c.borrow_mut().as_mut() {
                c.waiting_code = true;
                c.hooks.updating.set(true);
            }
        });
        start_fetch(Ask::Retry);
        return;
    };
    mark("analysis-here");
    let a = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let c = c.as_mut()?;
        c.hooks.updating.set(false);
        c.waiting_code = false;
        let a = analyse_here(c, code);
        Some((a, c.local.as_ref().is_some_and(|l| l.warmed())))
    });
    if let Some((a, warmed)) = a {
        measure("analysis-here", "analysis-here");
        if warmed {
            // (For the tests: this analysis came from a session warmed up before it.)
            mark("analysis-here by a warmed session");
        }
        show(a.into());
        release_soon();
    }
}

/// Drops what the page's session replaced in the edit just shown ([`PageSession::release`]:
/// the analysis before it, its parts and the traffic its bill was priced from; after a
/// property edit each report recomputed) in an idle period after the answer's frame is
/// painted, as the worker does after posting its answer. Not released, they were dropped at
/// the start of the next edit's `apply`, in that edit's path (~1.7 M instructions of a
/// 300-node edit's ~20 M natively, BENCHMARKS.md s34-core). Releasing holds no result: any
/// time is correct (engine `tests/analysis_incremental.rs`,
/// `releasing_what_an_edit_replaced_changes_no_result`). `analysis-here release`: a User
/// Timing measure, only when something was held (a test and the benchmarks read it).
fn release_soon() {
    after_paint(|| {
        request_idle_callback(|| {
            mark("analysis-here release");
            let held = CLIENT.with(|c| c.borrow_mut().as_mut().and_then(|c| c.local.as_mut()).is_some_and(|l| l.release()));
            if held {
                measure("analysis-here release", "analysis-here release");
            }
        })
    });
}

/// Drops `x` in an idle period after the next frame is painted, not in the task that
/// replaced it. For an answer's findings and totals (`analysis::provide`): the replaced ones
/// were freed inside the answer's task, when the panels' memos let go of them (the findings
/// list, the bill's lines, the latency report: ~1–3.5 ms of a 300-node edit's task in wasm,
/// BENCHMARKS.md s36-speed). Freeing later changes no result: nothing reads them.
pub fn drop_later<T: 'static>(x: T) {
    let held = std::cell::Cell::new(Some(x));
    after_paint(move || request_idle_callback(move || drop(held.take())));
}

/// Warms the page's session up ([`PageSession::warm_up`]) once it has analysed a design
/// afresh: in an idle period after the analysis' frame is painted, so the first edits
/// after opening a design are as fast as later ones (at 300 nodes the first two took
/// 128–134 ms against ~24–34 ms, BENCHMARKS.md s29-edit), the way the worker warms its own.
/// The warm-up leaves the session's design and analysis as they were; edits recorded
/// meanwhile wait in the journal and are applied at the next request as usual.
/// `analysis-here warm-up`: a User Timing measure the benchmarks read.
fn warm_up_soon() {
    after_paint(|| {
        request_idle_callback(|| {
            mark("analysis-here warm-up");
            let ran = CLIENT.with(|c| c.borrow_mut().as_mut().and_then(|c| c.local.as_mut()).is_some_and(|l| l.warm_up()));
            if ran {
                measure("analysis-here warm-up", "analysis-here warm-up");
            }
        })
    });
}

/// The analyses of the app's design at its current `analysis_rev`, with the requested
/// scenario shown, from the page's [`LocalSession`]: the journal's edits applied to it when
/// they account for every step since it was last brought up to date (anything else — none
/// yet, another design, a change without an edit, an edit its copy refuses — analyses the
/// design afresh).
fn analyse_here(c: &mut Client, code: &Code) -> Analysed {
    let now = &crate::analysis::now_ms;
    let rev = c.hooks.app.analysis_rev.get_untracked();
    let in_step = c.local.is_some() && c.local_rev.is_some_and(|r| r + c.local_steps == rev);
    let edits = std::mem::take(&mut c.local_journal);
    c.local_steps = 0;
    let kept = in_step && c.local.as_mut().is_some_and(|l| match l.apply_burst(&edits, now) {
        Ok(()) => true,
        Err(why) => {
            web_sys::console::info_1(&JsValue::from_str(&format!("the page's analysis is computed afresh: {why}")));
            false
        }
    });
    if !kept {
        c.local = Some(c.hooks.app.design.with_untracked(|d| (code.session)(d.clone(), now)));
        warm_up_soon();
    }
    c.local_rev = Some(rev);
    c.loaded_id = c.hooks.app.design_id.get_untracked();
    let scenario = c.asked.as_ref().and_then(|a| a.1.clone());
    c.local.as_mut().expect("set above").analysed_of(scenario.as_deref(), now)
}

fn show(a: Results) {
    if UNAVAILABLE.with(|s| s.get_untracked()) {
        UNAVAILABLE.with(|s| s.set(false));
    }
    let hook = CLIENT.with(|c| c.borrow().as_ref().map(|c| (c.hooks.show.clone(), c.asked.as_ref().map_or(0, |a| a.0))));
    if let Some((show, rev)) = hook {
        show(a, rev);
    }
}

/// A reply from the worker (read with `wire`, which also rebuilds a patched answer).
fn answer(wire: &'static crate::worker_wire::Wire, reply: Reply) {
    enum Then {
        Nothing,
        Show(Results),
    }
    let then = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let Some(c) = c.as_mut() else { return Then::Nothing };
        match reply {
            Reply::Ready => {
                // (Late: after `ready_overdue` the page analysed meanwhile; the worker takes over.)
                if c.mode != Mode::Starting {
                    return Then::Nothing;
                }
                measure("analysis-worker ready", "analysis-worker start");
                c.mode = Mode::Worker;
                // The worker holds the design from now on: the page's copy is not kept.
                c.local = None;
                c.local_journal.clear();
                c.local_rev = None;
                // Hand it the design now, so the first edit sends only the edit. Its answer
                // equals what is shown: the panels see no change.
                if let Some((rev, scenario)) = c.asked.clone() {
                    c.seq += 1;
                    send(c, rev, scenario);
                }
                Then::Nothing
            }
            // Only the newest request's answer is shown; an older one never is.
            Reply::Analysed { seq, answer } if seq == c.seq && c.mode == Mode::Worker => {
                let rebuilt = match answer {
                    Answer::Whole(a) => Ok(Results::from(*a)),
                    Answer::Patch(p) => match c.held.as_ref() {
                        Some((base, held)) if *base == p.base => (wire.patched)(held, &p),
                        _ => Err(format!("a patch against answer {} arrived; the page holds {:?}", p.base, c.held.as_ref().map(|h| h.0))),
                    },
                };
                match rebuilt {
                    Ok(r) => {
                        c.hooks.updating.set(false);
                        c.held = Some((seq, r.clone()));
                        Then::Show(r)
                    }
                    // Cannot happen while the worker keeps the page's base; if it does, ask
                    // again for the whole analysis (the page holds no base).
                    Err(why) => {
                        web_sys::console::info_1(&JsValue::from_str(&format!("analysis worker answer resent whole: {why}")));
                        c.held = None;
                        resend(c);
                        Then::Nothing
                    }
                }
            }
            Reply::Analysed { .. } => Then::Nothing,
            Reply::NeedDesign { seq, why } => {
                if seq >= c.load_seq && c.mode == Mode::Worker {
                    web_sys::console::info_1(&JsValue::from_str(&format!("analysis worker resynchronised: {why}")));
                    c.synced_rev = None;
                    resend(c);
                }
                Then::Nothing
            }
        }
    });
    if let Then::Show(a) = then {
        show(a);
    }
}

/// [`READY_WITHIN_MS`] after worker `attempt` was started: if it has not said `Ready`, a large
/// design stops waiting for it (analysed here, the user told; a small one is analysed here
/// meanwhile anyway), and the first worker is replaced by a new one, once: whatever held the
/// first one up (a fetch that never completed, a start that hung) may not hold up a second
/// (the e2e `answer-reload` waited 180 s once for a `Ready` that never came). If that one
/// becomes ready, it takes over.
fn ready_overdue(attempt: u32) {
    let waiting = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let c = c.as_mut()?;
        if c.mode != Mode::Starting || c.attempts != attempt {
            return None;
        }
        let told = !c.overdue;
        c.overdue = true;
        web_sys::console::warn_1(&JsValue::from_str(&format!("the analysis worker is not ready after {} s: analyses run on the page until one is", READY_WITHIN_MS / 1000)));
        if attempt == 1 {
            if let Some(w) = c.worker.take() {
                w.set_onmessage(None);
                w.set_onerror(None);
                w.terminate();
            }
            c._on_message = None;
            c._on_error = None;
            // Its messages waiting for the wire are not the next one's (review s55 R4).
            crate::worker_wire::drop_queued();
            spawn(c);
        }
        (told && c.hooks.updating.get_untracked()).then(|| c.hooks.app)
    });
    if let Some(app) = waiting {
        app.error_at(format!("The background analysis has not started within {} s, so this page analyses the design itself meanwhile: a large design may pause at each edit. If it does not start, reloading the page tries again.", READY_WITHIN_MS / 1000), None);
        show_here();
    }
}

/// The worker failed (could not load, or stopped): analyses run here from now on, starting
/// with the newest request, and the user is told (when an analysis was waiting for it or it
/// was answering: whether it told is returned).
fn fall_back() -> bool {
    let code_in = code_in().is_some();
    let was_waiting = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let Some(c) = c.as_mut() else { return (false, None, false) };
        if let Some(w) = c.worker.take() {
            w.terminate();
            crate::worker_wire::drop_queued();
        }
        // (Starting too: a large design waits for the worker without an analysis here.)
        let waiting = matches!(c.mode, Mode::Worker | Mode::Starting) && c.hooks.updating.get_untracked();
        let told = (c.mode == Mode::Worker || (c.mode == Mode::Starting && waiting)).then_some(c.mode == Mode::Worker);
        c.mode = Mode::Here;
        c.journal.clear();
        c.synced_rev = None;
        c.held = None;
        web_sys::console::warn_1(&JsValue::from_str("the analysis worker stopped or could not load: analyses run on the page"));
        // The analyses' code failed too (the worker was taking over for it): the page cannot
        // analyse the design either (review s55 R2).
        (waiting, told.map(|ran| (ran, c.hooks.app)), c.code_failed && !code_in)
    });
    // Said once, by the not-fetched state `show_here` leads to (its fetch tried again fails,
    // or works and the figures show): not "this page analyses the design itself".
    if was_waiting.2 {
        show_here();
        return true;
    }
    // What the user is told says what happened: a worker that answered and then stopped, or
    // one whose script could not load (`onerror` before any `Ready`, QA s12 #4).
    if let (_, Some((ran, app)), _) = was_waiting {
        let what = if ran { "The background analysis stopped" } else { COULD_NOT_START };
        app.error_at(format!("{what}, so this page analyses the design itself from now on: a large design may pause at each edit. Reloading the page starts the background analysis again."), None);
    }
    if was_waiting.0 {
        show_here();
    }
    was_waiting.1.is_some()
}
