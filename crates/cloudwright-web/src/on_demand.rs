//! Views whose code is fetched on first use (issue 20: the first visit's download).
//!
//! A function declared with [`split_point!`] is a split point (`#[wasm_split]`, the crate
//! `wasm_split_helpers` that Leptos re-exports):
//! the release build (`scripts/wasm-split.mjs`, a Trunk post_build hook) moves its code, and
//! all the code only it reaches (engine code included), out of the app's wasm into a chunk
//! `split_<name>…wasm` that the browser fetches the first time the function is called. Later
//! calls run at once. Outside wasm (native tests) the function is called directly.
//!
//! [`view`] shows such a view: "Loading…" while its chunk is on the way (a short wait, and none
//! once it is cached or loaded), and a clear message, never a broken panel, when the chunk could
//! not be fetched (offline before the service worker had cached it, a deploy that removed it):
//! opening the view again tries again (the loader keeps no failure).
//!
//! What is split, and why, is in ARCHITECTURE.md ("Code fetched on first use").

use leptos::prelude::*;
pub use leptos::wasm_split::SplitLoaderError;
use std::future::Future;

/// What a split view function returns: the view, or why its code could not be fetched.
pub type Loaded = Result<AnyView, SplitLoaderError>;

/// Declares `async fn $f(args) -> Result<T, SplitLoaderError>` as the split point `$name`
/// (its chunk: `cloudwright-web-split-<name>-<hash>.wasm`). The body returns `Ok(…)`; the
/// caller awaits the call and gets `Err` if the chunk could not be fetched.
///
/// A split point only with the crate's `split` feature, which the Trunk build turns on
/// (index.html) and which scripts/wasm-split.mjs then splits: without the splitter the wasm
/// would import its loader from a placeholder no page can load. Everything else (`cargo test`,
/// the wasm-bindgen tests, clippy) builds a plain `async fn` with the same body.
macro_rules! split_point {
    ($name:ident => $(#[$m:meta])* fn $f:ident($($a:ident: $t:ty),* $(,)?) -> $r:ty $body:block) => {
        $(#[$m])*
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $f($($a: $t),*) -> $r $body

        $(#[$m])*
        #[cfg(not(feature = "split"))]
        async fn $f($($a: $t),*) -> $r $body
    };
}
pub(crate) use split_point;

/// Shows the view `load` yields once its code is in; "Loading `what`…" until then, and an
/// error naming `what` if its code could not be fetched.
pub fn view(what: &'static str, load: impl Future<Output = Loaded> + 'static) -> AnyView {
    view_in(what, "on-demand", load, None)
}

/// Why a view's code could not be fetched, and what to do, in the user's words: offline before
/// the service worker had saved it, or the app updated since this page was opened (the old
/// chunk gone from the server: a reload fetches the new app; review s36 R12).
pub const NOT_FETCHED: &str = "this browser could not fetch its part of the app (offline before it was saved for offline use, or the app was updated since this page was opened). Check the connection and open it again, or reload the page.";

/// [`view`] for a view that has its own frame (a full-screen mode): the wait and the error
/// show in a `<div>` of class `frame`, so they appear where the view will. `leave`: a way out
/// shown while it loads and with the error (`(label, action)`), for a mode that covers the page — a full-screen
/// presentation whose code could not be fetched must not leave the user with no button (review
/// s36 R13: Escape needs a keyboard).
pub fn view_in(what: &'static str, frame: &'static str, load: impl Future<Output = Loaded> + 'static, leave: Option<(&'static str, Callback<()>)>) -> AnyView {
    // The split loader's future is not `Send` (it waits on the browser); the app runs on one
    // thread, which is all `Suspend` needs here.
    let load = send_wrapper::SendWrapper::new(load);
    view! {
        <Suspense fallback=move || view! { <div class=frame><p class="on-demand-wait" role="status">{format!("Loading the {what}…")}</p>
            // The way out while it loads too: a slow link shows this for seconds (QA s36 F1).
            {leave.map(|(label, act)| view! { <button class="on-demand-leave" on:click=move |_| act.run(())>{label}</button> })}
            </div> }>
            {Suspend::new(async move {
                match load.await {
                    Ok(v) => v,
                    Err(_) => view! {
                        <div class=frame><p class="on-demand-error" role="alert">
                            {format!("The {what} could not be loaded: {NOT_FETCHED}")}
                        </p>
                        {leave.map(|(label, act)| view! { <button class="on-demand-leave" on:click=move |_| act.run(())>{label}</button> })}
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}
