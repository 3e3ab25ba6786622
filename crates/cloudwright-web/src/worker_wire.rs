//! The page's side of the analysis worker's wire — the MessagePack reader of its answers
//! (`cloudwright_analysis_worker::wire`), the patches they carry (`Results::patched`) and the
//! request's writer — fetched only when a design is analysed by the worker (issue 20, the first
//! visit's download; ARCHITECTURE.md "Code fetched on first use").
//!
//! Only a design of `analysis_worker::WORKER_FROM_NODES` components or more (or a page opened
//! with `?analysis=worker`, or one whose analyses' chunk could not be fetched) starts the
//! worker; a first visit (the starter, 20-odd components) never does, yet the reader was 79 kB
//! of the app's linked wasm (BENCHMARKS.md s54-engine). It is a split point of its own here,
//! fetched when the worker is started (`analysis_worker::spawn`), while the worker fetches and
//! compiles its own wasm (643 KB brotli: the worker's `Ready`, its first message, comes well
//! after this chunk of 44 KB brotli, BENCHMARKS.md s55-size). The page reaches the code only through [`Wire`]'s function
//! pointers, so the splitter moves it. A message that arrives before the chunk is in waits in
//! [`QUEUE`] and is read, in order, when it arrives; a chunk that cannot be fetched stops the
//! worker (the page analyses every design itself, and says so: `analysis_worker::fall_back`;
//! unless the analyses' code failed too, review s55 R2).
//! Offline the service worker's precache serves it like every chunk.

use cloudwright_analysis_worker::{Patch, Reply, Request, Results};
use crate::on_demand::{Ask, Failure, Split, SplitCode, Stage};
use std::cell::{Cell, RefCell};

/// The worker's wire, as function pointers (the split point returns them; nothing in the app's
/// wasm calls into the code directly).
pub struct Wire {
    /// Reads a reply the worker posted (`cloudwright_analysis_worker::decode`).
    pub decode: fn(&[u8]) -> Result<Reply, String>,
    /// Writes a request for the worker (`cloudwright_analysis_worker::encode_request`).
    pub encode: fn(&Request) -> String,
    /// The analysis a patch describes, rebuilt from its base (`Results::patched`).
    pub patched: fn(&Results, &Patch) -> Result<Results, String>,
}

crate::on_demand::split_point!(worker_wire =>
/// The worker's wire's code ([`Wire`]). A split point (src/on_demand.rs); without the `split`
/// feature a plain `async fn` that returns at once.
fn fetch_wire() -> Result<&'static Wire, crate::on_demand::SplitLoaderError> {
    static WIRE: Wire = Wire { decode: cloudwright_analysis_worker::decode, encode: cloudwright_analysis_worker::encode_request, patched: Results::patched };
    Ok(&WIRE)
});

thread_local! {
    /// Whether the wire's code is in (`on_demand::Split`: one fetch at a time).
    static STATE: Split<&'static Wire> = Split::new(|| Box::pin(fetch_wire()));
    /// The worker's messages that arrived before the wire's code: read in order once it is in.
    static QUEUE: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
    /// [`fetch`]'s callbacks (the worker's side), once a worker asked for the wire.
    static ON_END: Cell<Option<(fn(&'static Wire, Vec<Vec<u8>>), fn())>> = const { Cell::new(None) };
}

/// The wire's code, if it is in.
pub fn get() -> Option<&'static Wire> {
    STATE.get()
}

/// Starts fetching the wire's code unless it is in or on its way. `on_in` then reads the
/// messages that waited for it ([`read_or_queue`]); `on_failed` runs if the chunk could not
/// be fetched (the queue is dropped: no worker answer can be read). A later call tries again.
pub fn fetch(on_in: fn(&'static Wire, Vec<Vec<u8>>), on_failed: fn()) {
    ON_END.with(|o| o.set(Some((on_in, on_failed))));
    if matches!(STATE.stage_untracked(), Stage::In(_) | Stage::Fetching { .. }) {
        return;
    }
    leptos::task::spawn_local(async move {
        let _ = load().await;
    });
}

/// Fetches the wire's code (a failed fetch too: a worker asks for it again); then the
/// worker's side ([`fetch`]'s callbacks), if one asked.
async fn load() -> Result<(), Failure> {
    crate::analysis_worker::mark("worker wire code");
    match STATE.load(Ask::Retry).await {
        Ok(w) => {
            crate::analysis_worker::measure("worker wire code", "worker wire code");
            let waiting = QUEUE.with_borrow_mut(std::mem::take);
            if let Some((on_in, _)) = ON_END.with(Cell::get) {
                on_in(w, waiting);
            }
            Ok(())
        }
        Err(e) => {
            QUEUE.with_borrow_mut(Vec::clear);
            if let Some((_, on_failed)) = ON_END.with(Cell::get) {
                on_failed();
            }
            Err(e)
        }
    }
}

/// Drops the messages waiting for the wire: their worker was terminated, and one of its
/// (a `Ready`) must not be read as the next worker's (review s55 R4).
pub fn drop_queued() {
    QUEUE.with_borrow_mut(Vec::clear);
}

/// The wire's code if it is in; else `bytes` wait for it (in order) and `None`.
pub fn read_or_queue(bytes: Vec<u8>) -> Option<(&'static Wire, Vec<u8>)> {
    match get() {
        Some(w) => Some((w, bytes)),
        None => {
            QUEUE.with_borrow_mut(|q| q.push(bytes));
            None
        }
    }
}
