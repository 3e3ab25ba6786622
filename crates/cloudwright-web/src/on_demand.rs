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
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::thread::LocalKey;

mod code;
pub use code::{Ask, Failure, Stage};

/// A split point's fetch, boxed (its `async fn`'s future).
pub type Fetch<T> = fn() -> Pin<Box<dyn Future<Output = Result<T, SplitLoaderError>>>>;

/// An asker waiting for a fetch on its way: woken with its outcome.
type Waiter<T> = Box<dyn FnOnce(Result<T, Failure>)>;

/// One split point's code on the page: whether it is in ([`code::Code`], the one record of it),
/// a signal the views track (it changes when the stage does), and the split point's fetch.
/// Kept in a `thread_local!` (the page has one thread) and used through [`SplitCode`]:
/// `FORMS.load(Ask::Use).await`, `FORMS.stage()`.
pub struct Split<T: Copy + 'static> {
    fetch: Fetch<T>,
    code: RefCell<code::Code<T, Waiter<T>>>,
    /// Notified when the stage changes. Reference-counted, not an arena signal: an arena one
    /// would belong to whichever reactive owner first read it, and be disposed with it.
    changed: ArcTrigger,
    /// Whether a prefetch has asked for the code ([`SplitCode::prefetch`]): a prefetch asks once
    /// per page. The forms are prefetched at start-up and again by the idle prefetch; blocked,
    /// each asked the network (review s56 R11, QA s56 F8).
    prefetched: Cell<bool>,
}

impl<T: Copy + 'static> Split<T> {
    /// The code of the split point `fetch` fetches (its boxed `async fn`), not fetched yet.
    pub fn new(fetch: Fetch<T>) -> Self {
        Split { fetch, code: RefCell::new(code::Code::new()), changed: ArcTrigger::new(), prefetched: Cell::new(false) }
    }
}

/// What the page does with a [`Split`] in a `thread_local!`.
pub trait SplitCode<T: Copy + 'static> {
    /// The code if it is in (not tracked: for an event handler or a task).
    fn get(&'static self) -> Option<T>;
    /// Where the code is; tracked: a view or memo that reads it runs again when it changes. A
    /// view reading it shows the stage to the user: its failure is not forgotten by a prefetch.
    fn stage(&'static self) -> Stage<T>;
    /// Where the code is, not tracked.
    fn stage_untracked(&'static self) -> Stage<T>;
    /// The code: at once if it is in; else the fetch on its way, or a new one (one at a time),
    /// unless the last failed and `ask` is [`Ask::Use`]: then that failure, with no fetch (a
    /// re-render, a prefetch do not try again: QA s55 G9). A use's wait is counted as the
    /// user's, so the idle prefetch starts nothing meanwhile (`users_first`).
    fn load(&'static self, ask: Ask) -> Pin<Box<dyn Future<Output = Result<T, Failure>>>>;
    /// Forgets a failure nobody was shown (a prefetch's: `code::Code::forget_failure`); one a
    /// view read through [`SplitCode::stage`] stays.
    fn forget_failure(&'static self);
    /// [`SplitCode::load`] in a task of its own (asked when the task runs), its outcome
    /// dropped (the views track [`SplitCode::stage`]).
    fn start(&'static self, ask: Ask);
    /// A prefetch: the code asked now as [`Ask::Use`] (unless in, on its way or failed), and a
    /// failure nobody was shown forgotten once it comes, so the first use that needs the code
    /// tries once itself and says so if that fails too. Once per page: a later prefetch asks
    /// nothing. The idle prefetch's items, the forms' start-up fetch, Tidy up's hover.
    fn prefetch(&'static self) -> Pin<Box<dyn Future<Output = ()>>>;
}

impl<T: Copy + 'static> SplitCode<T> for LocalKey<Split<T>> {
    fn get(&'static self) -> Option<T> {
        self.with(|s| s.code.borrow().get())
    }

    fn stage(&'static self) -> Stage<T> {
        self.with(|s| {
            s.changed.track();
            // A view reads it to draw it: the wait and the failure are shown, so a failure is
            // kept (`Code::shown`).
            let mut code = s.code.borrow_mut();
            code.shown();
            code.stage().clone()
        })
    }

    fn stage_untracked(&'static self) -> Stage<T> {
        self.with(|s| s.code.borrow().stage().clone())
    }

    fn load(&'static self, ask: Ask) -> Pin<Box<dyn Future<Output = Result<T, Failure>>>> {
        load_for(self, ask, Asker::User)
    }

    fn forget_failure(&'static self) {
        self.with(|s| {
            s.code.borrow_mut().forget_failure();
            s.changed.notify();
        });
    }

    fn prefetch(&'static self) -> Pin<Box<dyn Future<Output = ()>>> {
        // A second prefetch asks nothing: it waits for the first's fetch if that is on its way
        // (the idle prefetch's next item must not share a slow link with it), and is done if
        // the code is in or the fetch failed and was forgotten (the first use tries itself).
        if self.with(|s| s.prefetched.replace(true)) && !matches!(self.stage_untracked(), Stage::Fetching { .. }) {
            return Box::pin(async {});
        }
        let load = load_for(self, Ask::Use, Asker::Prefetch);
        Box::pin(async move {
            if load.await.is_err() {
                self.forget_failure();
            }
        })
    }

    fn start(&'static self, ask: Ask) {
        // Asked in the task, not here: a view that starts it while it renders must not be
        // notified of the new stage during its own run.
        leptos::task::spawn_local(async move {
            let _ = self.load(ask).await;
        });
    }
}

/// Who asks for a split point's code ([`load_for`]).
#[derive(Clone, Copy, PartialEq)]
enum Asker {
    /// A use: a view, an action, a retry. Its wait holds back the idle prefetch.
    User,
    /// The idle or start-up prefetch ([`SplitCode::prefetch`]).
    Prefetch,
}

/// [`SplitCode::load`], the wait counted as the user's ([`UserLoad`]) unless a prefetch asked.
fn load_for<T: Copy + 'static>(split: &'static LocalKey<Split<T>>, ask: Ask, asker: Asker) -> Pin<Box<dyn Future<Output = Result<T, Failure>>>> {
    // Asked now, not when the future is first polled: a second ask in the same task then
    // finds the fetch on its way. The fetch runs in a task of its own and every asker, the
    // one that started it too, waits for its outcome: an asker that drops its future
    // cannot leave the record "fetching" for good (review s56 R7).
    let slot = Rc::new(RefCell::new(Slot { value: None, waker: None }));
    let next = split.with(|s| {
        let mut code = s.code.borrow_mut();
        let next = code.ask(ask);
        if matches!(next, code::Next::Wait | code::Next::Start) {
            let slot = slot.clone();
            let _ = code.wait(Box::new(move |r| {
                let mut slot = slot.borrow_mut();
                slot.value = Some(r);
                if let Some(w) = slot.waker.take() {
                    w.wake();
                }
            }));
        }
        next
    });
    match next {
        code::Next::Ready(t) => Box::pin(std::future::ready(Ok(t))),
        code::Next::Refused(f) => Box::pin(std::future::ready(Err(f))),
        code::Next::Wait => waiting(slot, asker),
        code::Next::Start => {
            split.with(|s| s.changed.notify());
            let fetch = split.with(|s| s.fetch);
            leptos::task::spawn_local(async move {
                let outcome = fetch().await;
                let (waiters, outcome) = split.with(|s| {
                    let mut code = s.code.borrow_mut();
                    let waiters = match outcome {
                        Ok(t) => code.arrived(t),
                        Err(e) => code.failed(js_sys::Date::now(), e.to_string()),
                    };
                    (waiters, code.outcome())
                });
                split.with(|s| s.changed.notify());
                for w in waiters {
                    w(outcome.clone());
                }
            });
            waiting(slot, asker)
        }
    }
}

/// The wait for a fetch's outcome; a user's counted from now until it ends (or is dropped).
fn waiting<T: 'static>(slot: Rc<RefCell<Slot<T>>>, asker: Asker) -> Pin<Box<dyn Future<Output = Result<T, Failure>>>> {
    let user = (asker == Asker::User).then(UserLoad::begin);
    Box::pin(async move {
        let _user = user;
        Waiting(slot).await
    })
}

/// Where a waiting asker's outcome lands.
struct Slot<T> {
    value: Option<Result<T, Failure>>,
    waker: Option<Waker>,
}

/// The future of an asker waiting for the fetch on its way.
struct Waiting<T>(Rc<RefCell<Slot<T>>>);

impl<T> Future for Waiting<T> {
    type Output = Result<T, Failure>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut slot = self.0.borrow_mut();
        match slot.value.take() {
            Some(v) => Poll::Ready(v),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

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
    // With `preload $p`: also `async fn $p() -> Result<(), SplitLoaderError>`, which fetches
    // and instantiates the split point's code without running it (the macro's `preload`
    // option: the same loader, so a later call finds the code in), for [`prefetch_soon`].
    ($name:ident, preload $p:ident => $(#[$m:meta])* fn $f:ident($($a:ident: $t:ty),* $(,)?) -> $r:ty $body:block) => {
        $(#[$m])*
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible, preload($p))]
        fn $f($($a: $t),*) -> $r $body

        $(#[$m])*
        #[cfg(not(feature = "split"))]
        async fn $f($($a: $t),*) -> $r $body

        #[cfg(not(feature = "split"))]
        async fn $p() -> Result<(), $crate::on_demand::SplitLoaderError> {
            Ok(())
        }
    };
}
pub(crate) use split_point;

/// Fetches the code of the views a user opens first (the Cost and Latency tabs) once the app
/// has started (`offline::started`: first frame painted, first analysis shown) and the
/// browser is idle (`requestIdleCallback`, at most [`PREFETCH_WITHIN_MS`] later), so the
/// first click on them finds their code in, not a fetch over a slow link (QA s36 F3: 1.4 s on
/// 1.6 Mb/s). One after the other, the first-opened first. Then sets
/// `window.cloudwrightPrefetched` and fires `cloudwright-prefetched`: boot.js registers the
/// service worker (whose precache fetches every file of the build at once) only after it, so
/// the two do not share the link. What the user asks for meanwhile whose code is not in — a
/// view (`view`, `dialog`), an action waiting in the queue, a retry (any use's `load`) — goes
/// first: the next item starts only once no such fetch is on its way, or 10 s later (QA s55 G3:
/// on a slow link the first click's fetch shared the link with the queue's; review s56 R14).
/// A failure is dropped: the user's own fetch tries again and says so if it fails.
pub fn prefetch_soon(preloads: Vec<std::pin::Pin<Box<dyn Future<Output = Result<(), SplitLoaderError>>>>>) {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let run = move || {
        leptos::task::spawn_local(async move {
            crate::analysis_worker::mark("prefetch start");
            for p in preloads {
                // A view the user opened whose code is on its way goes first: the next item
                // waits for it (on a slow link the two would share the link; QA s55 G3).
                users_first().await;
                let _ = p.await;
            }
            crate::analysis_worker::mark("prefetch done");
            if let Some(w) = web_sys::window() {
                let _ = js_sys::Reflect::set(&w, &"cloudwrightPrefetched".into(), &JsValue::TRUE);
                if let Ok(e) = web_sys::Event::new("cloudwright-prefetched") {
                    let _ = w.dispatch_event(&e);
                }
            }
        })
    };
    let Some(w) = web_sys::window() else { return };
    // requestIdleCallback through Reflect: not in every browser (Safari before 18), and web-sys
    // needs a feature for it; without it, a zero-delay timer.
    let ric = js_sys::Reflect::get(&w, &"requestIdleCallback".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let cb = Closure::once_into_js(run);
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"timeout".into(), &JsValue::from_f64(PREFETCH_WITHIN_MS));
    let scheduled = ric.map(|f| f.call2(&w, &cb, &opts).is_ok()).unwrap_or(false);
    if !scheduled {
        let _ = w.set_timeout_with_callback(cb.unchecked_ref());
    }
}

thread_local! {
    /// How many of the user's asks wait for their code: views ([`show`]), actions and retries
    /// (a use's [`load_for`]).
    static USER_LOADS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// The idle prefetch, waiting for them to end (a promise's `resolve`).
    static RESUME: std::cell::RefCell<Vec<js_sys::Function>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A fetch the user waits for (a view's, an action's, a retry's), in flight: counted in
/// [`USER_LOADS`] while it lives, so the idle prefetch starts no fetch of its own meanwhile.
struct UserLoad;

impl UserLoad {
    fn begin() -> Self {
        USER_LOADS.with(|n| n.set(n.get() + 1));
        UserLoad
    }
}

impl Drop for UserLoad {
    fn drop(&mut self) {
        let left = USER_LOADS.with(|n| {
            n.set(n.get().saturating_sub(1));
            n.get()
        });
        if left == 0 {
            for resume in RESUME.with_borrow_mut(std::mem::take) {
                let _ = resume.call0(&wasm_bindgen::JsValue::NULL);
            }
        }
    }
}

/// Resolves at once when nothing the user asked for waits for its code, else when the last
/// one has its code (or gave up), or after [`USERS_FIRST_AT_MOST_MS`], whichever comes first.
async fn users_first() {
    if USER_LOADS.with(std::cell::Cell::get) == 0 {
        return;
    }
    let resumed = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, USERS_FIRST_AT_MOST_MS);
        }
        RESUME.with_borrow_mut(|r| r.push(resolve));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(resumed).await;
}

/// The longest the idle prefetch lets the user's fetches go first, in milliseconds: a fetch
/// that hangs (a stalled link) must not stop the prefetch for good (review s56 R14). A whole
/// first visit takes ~8 s on a 1.6 Mb/s link (s56-prefetch), so a user's one fetch is done
/// well within it.
const USERS_FIRST_AT_MOST_MS: i32 = 10_000;

/// The longest the prefetch waits for an idle moment after the start, in milliseconds (a busy
/// page would otherwise never be idle; the first click comes seconds after the start).
pub const PREFETCH_WITHIN_MS: f64 = 2000.0;

/// Shows the view `load` yields once its code is in; "Loading `what`…" until then, and an
/// error naming `what` if its code could not be fetched.
pub fn view(what: &'static str, load: impl Future<Output = Loaded> + 'static) -> AnyView {
    show(what, format!("Loading the {what}…"), "on-demand", Kind::Panel, load, None)
}

/// [`view_in`] for a dialog fetched on first use (the designs list, the shortcuts, the import
/// preview): the wait and the error show in a small box over a backdrop, where the dialog will
/// be, with a Close button (`close`), so a slow or failed fetch never leaves a click without an
/// answer nor the page covered without a way out. The box is a dialog as the real one is
/// (role, label, the focus on Close, Escape closes it: review s54 R15).
pub fn dialog(what: &'static str, load: impl Future<Output = Loaded> + 'static, close: Callback<()>) -> AnyView {
    dialog_saying(format!("Loading the {what}…"), what, load, close)
}

/// [`dialog`] with the words of its wait (`wait`, "Making the link…"): for a dialog whose
/// wait is more than its code's fetch (the share link is made, then shown).
pub fn dialog_saying(wait: String, what: &'static str, load: impl Future<Output = Loaded> + 'static, close: Callback<()>) -> AnyView {
    show(what, wait, "modal-backdrop on-demand-dialog", Kind::Dialog, load, Some(("Close", close)))
}

// (One text for the consts below.)
macro_rules! not_fetched_causes {
    () => {
        "offline before it was saved for offline use, or the app was updated since this page was opened"
    };
}
macro_rules! not_fetched_why {
    () => {
        concat!("this browser could not fetch its part of the app (", not_fetched_causes!(), ")")
    };
}

/// Why a part of the app may not be fetched, the two causes alone (no brackets, no full stop),
/// for a sentence that names the part itself (the start-up's "cannot be opened yet").
pub const NOT_FETCHED_CAUSES: &str = not_fetched_causes!();

/// Why a view's code could not be fetched, and what to do, in the user's words: offline before
/// the service worker had saved it, or the app updated since this page was opened (the old
/// chunk gone from the server: a reload fetches the new app; review s36 R12).
pub const NOT_FETCHED: &str = concat!(not_fetched_why!(), ". Check the connection and open it again, or reload the page.");

/// [`NOT_FETCHED`]'s reason alone (no full stop), for an action rather than a view: the
/// caller says what to do (a paste: "press it again").
pub const NOT_FETCHED_WHY: &str = not_fetched_why!();

/// [`NOT_FETCHED`] for a figure computed on the page from the analyses' code (no full stop:
/// the caller ends the sentence). Not "the next edit tries again": with the worker in charge a
/// retry comes with a request, which a move or a resize does not make (review s55 R7); where
/// it is shown with a Retry button, [`not_fetched_retry`].
pub const NOT_FETCHED_SHORT: &str = concat!("this browser could not fetch the part of the app that computes it (", not_fetched_causes!(), "); reloading the page tries again");

/// [`NOT_FETCHED_SHORT`] for a message shown with a Retry button, which says what tries again
/// (QA s59 round 2: "reloading the page tries again" beside a Retry read as if the button did
/// not). `does`: what that part of the app does with the thing shown ("computes" a figure,
/// "holds" a rule's texts). No full stop: the caller ends the sentence.
pub fn not_fetched_retry(does: &str) -> String {
    format!("this browser could not fetch the part of the app that {does} it ({NOT_FETCHED_CAUSES})")
}

/// [`view`] for a view that has its own frame (a full-screen mode): the wait and the error
/// show in a `<div>` of class `frame`, so they appear where the view will. `leave`: a way out
/// shown while it loads and with the error (`(label, action)`), for a mode that covers the page — a full-screen
/// presentation whose code could not be fetched must not leave the user with no button (review
/// s36 R13: Escape needs a keyboard).
pub fn view_in(what: &'static str, frame: &'static str, load: impl Future<Output = Loaded> + 'static, leave: Option<(&'static str, Callback<()>)>) -> AnyView {
    show(what, format!("Loading the {what}…"), frame, Kind::Panel, load, leave)
}

/// What the wait's frame stands for.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// A panel or a mode: the wait is said where it will show.
    Panel,
    /// A dialog: the box is one (`role="dialog"`, `aria-modal`, a label), takes the focus (on
    /// its way out) and closes on Escape (review s54 R15).
    Dialog,
}

fn show(what: &'static str, wait: String, frame: &'static str, kind: Kind, load: impl Future<Output = Loaded> + 'static, leave: Option<(&'static str, Callback<()>)>) -> AnyView {
    // The split loader's future is not `Send` (it waits on the browser); the app runs on one
    // thread, which is all `Suspend` needs here.
    // Counted while it waits, so the idle prefetch lets it go first (`users_first`).
    let load = send_wrapper::SendWrapper::new(async move {
        let _waiting = UserLoad::begin();
        load.await
    });
    let modal = kind == Kind::Dialog;
    let role = modal.then_some("dialog");
    let label = modal.then(|| wait.trim_end_matches('…').to_string());
    let aria_modal = modal.then_some("true");
    let way_out = move || leave.map(|(label, act)| leave_button(label, act, modal));
    // A dialog's box keeps the focus as the dialog will (its way out, `data-autofocus`, has
    // it), and Escape takes the way out.
    let trap = move |el: web_sys::Element| {
        if let (true, Some((_, act))) = (modal, leave) {
            crate::focus_trap::focus_trap(el, act);
        }
    };
    let error_label = modal.then(|| format!("The {what} could not be loaded"));
    view! {
        <Suspense fallback=move || view! { <div class=frame role=role aria-modal=aria_modal aria-label=label.clone() use:trap><p class="on-demand-wait" role="status">{wait.clone()}</p>
            // The way out while it loads too: a slow link shows this for seconds (QA s36 F1).
            {way_out()}
            </div> }>
            {Suspend::new(async move {
                match load.await {
                    Ok(v) => v,
                    Err(_) => view! {
                        <div class=frame role=role aria-modal=aria_modal aria-label=error_label.clone() use:trap><p class="on-demand-error" role="alert">
                            {format!("The {what} could not be loaded: {NOT_FETCHED}")}
                        </p>
                        {way_out()}
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// The wait's way out; in a dialog's box it takes the focus when shown (`data-autofocus`, read by
/// `focus_trap`), so Tab and Enter act in the box, not on the page behind the backdrop.
fn leave_button(label: &'static str, act: Callback<()>, focus: bool) -> AnyView {
    view! { <button class="on-demand-leave" data-autofocus=focus.then_some("") on:click=move |_| act.run(())>{label}</button> }.into_any()
}
