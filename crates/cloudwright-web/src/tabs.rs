//! Two tabs on the same design: one edits, the others watch.
//!
//! The tab that opens a design first takes its **edit lock** (a Web Lock named
//! `cloudwright-design:<id>`, held for as long as the tab has the design open). A second tab
//! opening the same design does not get it: it shows the design **read-only**, with a
//! banner saying so, and follows the editing tab — after each save, the editing tab posts
//! `saved` on the BroadcastChannel `cloudwright`, and watching tabs reload the design.
//! "Edit here instead" asks the editing tab to hand over: it saves, releases the lock and
//! becomes read-only itself; if it does not answer (a frozen tab), the lock is taken from
//! it after a few seconds, and if that tab ever saves again, the revision check in
//! `storage::save` refuses it and it tells its user.
//!
//! Why read-only rather than live merging: two tabs editing at once would need every edit
//! of one tab replayed in the other, with conflicts (an edit whose `before` no longer
//! matches) and two undo histories that disagree; a clear "edit in one place" never loses
//! an edit and is easy to explain in front of a customer. The revision check in storage
//! backs it up where Web Locks are missing (an old browser, an insecure origin): then both
//! tabs may edit, and the second to save is told instead of overwriting.
//!
//! Web Locks are called through `js_sys::Reflect` (web-sys has them only behind an
//! unstable flag).

use js_sys::{Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const CHANNEL: &str = "cloudwright";

fn lock_name(id: &str) -> String {
    format!("cloudwright-design:{id}")
}

/// `navigator.locks`, when the browser has it (secure contexts in current browsers).
fn locks() -> Option<JsValue> {
    let nav = web_sys::window()?.navigator();
    let l = Reflect::get(&nav, &"locks".into()).ok()?;
    (!l.is_undefined() && !l.is_null()).then_some(l)
}

/// The edit lock of one design, held until [`EditLock::release`] (or the page goes away).
pub struct EditLock {
    release: Rc<RefCell<Option<Function>>>,
}

impl EditLock {
    pub fn release(&self) {
        if let Some(f) = self.release.borrow_mut().take() {
            let _ = f.call0(&JsValue::NULL);
        }
    }
}

/// How to ask for a lock.
#[derive(Clone, Copy, PartialEq)]
pub enum Ask {
    /// Only if no other tab holds it.
    IfFree,
    /// Take it from the holder.
    Steal,
    /// Queue for it: granted when the holder lets go, which the browser does for a tab
    /// that closes or crashes. Cancelled by aborting the given `AbortController`.
    Wait,
}

/// The result of asking for a design's edit lock.
pub enum Lock {
    Held(EditLock),
    /// Another tab edits this design.
    Busy,
    /// No Web Locks here: every tab may edit; storage's revision check guards saves.
    Unsupported,
}

/// Asks for the edit lock of design `id`. `on_lost` runs if the lock is later taken away
/// (stolen by a tab whose holder did not answer).
pub async fn acquire(id: &str, ask: Ask, on_lost: impl FnOnce() + 'static) -> Lock {
    acquire_with(id, ask, None, on_lost).await
}

/// [`acquire`], with an `AbortSignal` that cancels a queued ([`Ask::Wait`]) request: the
/// request then rejects and this returns [`Lock::Busy`].
async fn acquire_with(id: &str, ask: Ask, signal: Option<&JsValue>, on_lost: impl FnOnce() + 'static) -> Lock {
    let Some(locks) = locks() else { return Lock::Unsupported };
    let Ok(request) = Reflect::get(&locks, &"request".into()).and_then(|f| f.dyn_into::<Function>()) else { return Lock::Unsupported };
    let granted: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
    let granted_p = {
        let g = granted.clone();
        Promise::new(&mut |resolve, _| *g.borrow_mut() = Some(resolve))
    };
    let release: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
    let (g, r) = (granted.clone(), release.clone());
    let on_grant = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        let got = !lock.is_null() && !lock.is_undefined();
        if let Some(f) = g.borrow_mut().take() {
            let _ = f.call1(&JsValue::NULL, &JsValue::from_bool(got));
        }
        if !got {
            return JsValue::UNDEFINED;
        }
        // Held until this promise settles: `EditLock::release` resolves it.
        Promise::new(&mut |resolve, _| *r.borrow_mut() = Some(resolve)).into()
    });
    let opts = Object::new();
    match ask {
        Ask::IfFree => {
            let _ = Reflect::set(&opts, &"ifAvailable".into(), &JsValue::TRUE);
        }
        Ask::Steal => {
            let _ = Reflect::set(&opts, &"steal".into(), &JsValue::TRUE);
        }
        Ask::Wait => {}
    }
    if let Some(sig) = signal {
        let _ = Reflect::set(&opts, &"signal".into(), sig);
    }
    let args = js_sys::Array::of3(&JsValue::from_str(&lock_name(id)), &opts, &on_grant);
    let Ok(p) = Reflect::apply(&request, &locks, &args).and_then(|p| p.dyn_into::<Promise>()) else { return Lock::Unsupported };
    // The request's promise rejects when the lock is stolen from us, or when a queued
    // request is aborted before it was granted (then nobody waits for `on_lost`).
    let g = granted.clone();
    let lost = Closure::once(move |_: JsValue| match g.borrow_mut().take() {
        Some(f) => {
            let _ = f.call1(&JsValue::NULL, &JsValue::FALSE);
        }
        None => on_lost(),
    });
    let _ = p.catch(&lost);
    lost.forget(); // called at most once, when the lock is stolen
    match JsFuture::from(granted_p).await {
        Ok(v) if v.as_bool() == Some(true) => Lock::Held(EditLock { release }),
        _ => Lock::Busy,
    }
}

/// A message between the tabs of this origin.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Message {
    /// The editing tab saved design `id` (revision `rev`).
    Saved { id: String, rev: u64 },
    /// A watching tab asks the editing tab of `id` to hand the lock over.
    Takeover { id: String },
}

thread_local! {
    static CHANNEL_: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
}

/// Opens the channel and calls `on_message` for each message from another tab.
pub fn listen(on_message: impl Fn(Message) + 'static) {
    let Ok(ch) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
    let cb = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        if let Some(m) = e.data().as_string().and_then(|s| serde_json::from_str::<Message>(&s).ok()) {
            on_message(m);
        }
    });
    ch.set_onmessage(Some(cb.as_ref().unchecked_ref()));
    cb.forget(); // for the page's life
    CHANNEL_.with(|c| *c.borrow_mut() = Some(ch));
}

/// Tells the other tabs.
pub fn post(m: &Message) {
    CHANNEL_.with(|c| {
        if let (Some(ch), Ok(s)) = (c.borrow().as_ref(), serde_json::to_string(m)) {
            let _ = ch.post_message(&JsValue::from_str(&s));
        }
    });
}

// ---------------------------------------------------------------------------------------
// The app's side: which design this tab holds, and what it does with the messages.

use crate::state::{Access, AppState};
use crate::storage::{self, Recovered};
use leptos::prelude::*;

const BUSY: &str = "This design is open for editing in another tab. This tab shows it read-only and follows the changes saved there.";
const GONE: &str = "The other tab that was editing this design closed: this tab edits it now, with every change saved there.";
const MOVED: &str = "Editing moved to another tab. This tab is now read-only and follows the changes saved there.";

thread_local! {
    /// The design whose edit lock this tab holds, and the lock.
    static HELD: RefCell<Option<(String, EditLock)>> = const { RefCell::new(None) };
    /// The design this tab last decided its access for: reopening the same design (a
    /// watching tab following a save) does not ask again.
    static DECIDED: RefCell<Option<String>> = const { RefCell::new(None) };
    /// While read-only: the design whose lock this tab queues for, and the
    /// `AbortController` that cancels the queued request.
    static WAITER: RefCell<Option<(String, JsValue)>> = const { RefCell::new(None) };
    /// Set by "Edit here instead": the lock then comes from a hand-over, not a closed tab.
    static ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Cancels the queued request for a lock, if any.
fn stop_waiting() {
    if let Some((_, ctl)) = WAITER.with(|w| w.borrow_mut().take()) {
        if let Ok(abort) = Reflect::get(&ctl, &"abort".into()).and_then(|f| f.dyn_into::<Function>()) {
            let _ = abort.call0(&ctl);
        }
    }
}

/// A new `AbortController`, through `Reflect` (no web-sys feature needed).
fn abort_controller() -> Option<JsValue> {
    let ctor = Reflect::get(&js_sys::global(), &"AbortController".into()).ok()?.dyn_into::<Function>().ok()?;
    Reflect::construct(&ctor, &js_sys::Array::new()).ok()
}

/// While this tab shows design `id` read-only: queues for its lock, so that when the
/// editing tab goes away (closed, crashed, reloaded; the browser releases its lock at
/// once) this tab takes over at once, applies any journal the closed tab left and edits.
/// Without this a watching tab kept saying "open for editing in another tab" forever.
fn wait_for(app: AppState, id: &str) {
    if WAITER.with(|w| w.borrow().as_ref().is_some_and(|(w, _)| w == id)) {
        return;
    }
    stop_waiting();
    let Some(ctl) = abort_controller() else { return };
    let Ok(signal) = Reflect::get(&ctl, &"signal".into()) else { return };
    WAITER.with(|w| *w.borrow_mut() = Some((id.to_string(), ctl.clone())));
    let id = id.to_string();
    leptos::task::spawn_local(async move {
        let lost_id = id.clone();
        let lock = acquire_with(&id, Ask::Wait, Some(&signal), move || lost(app, &lost_id)).await;
        let mine = WAITER.with(|w| w.borrow().as_ref().is_some_and(|(_, c)| c == &ctl));
        if mine {
            WAITER.with(|w| w.borrow_mut().take());
        }
        let Lock::Held(l) = lock else { return };
        let still_wanted = mine && app.design_id.get_untracked() == id && matches!(app.access.get_untracked(), Access::ReadOnly(_)) && held_id().is_none();
        if !still_wanted {
            l.release();
            return;
        }
        edit_here(app, &id, l).await;
        if app.access.get_untracked() == Access::Editing && !ASKED.with(|a| a.replace(false)) {
            app.info(GONE);
        }
    });
}

/// This tab now holds design `id`'s lock `l`: applies a journal left by a tab that closed,
/// shows the latest saved version and edits it.
async fn edit_here(app: AppState, id: &str, l: EditLock) {
    HELD.with(|h| *h.borrow_mut() = Some((id.to_string(), l)));
    let _ = storage::recover_journal(id).await;
    reload(app, id).await;
    if app.design_id.get_untracked() == id {
        app.access.set(Access::Editing);
    }
}

fn decided(id: &str) -> bool {
    DECIDED.with(|d| d.borrow().as_deref() == Some(id))
}
fn set_decided(id: &str) {
    DECIDED.with(|d| *d.borrow_mut() = Some(id.to_string()));
}

fn held_id() -> Option<String> {
    HELD.with(|h| h.borrow().as_ref().map(|(id, _)| id.clone()))
}

fn release_held() {
    if let Some((_, l)) = HELD.with(|h| h.borrow_mut().take()) {
        l.release();
    }
}

/// Asks for the lock; a busy answer is asked again a few times (after a reload the old
/// page's lock can take a moment to go).
async fn ask(app: AppState, id: &str, tries: u32) -> Lock {
    for i in 0..tries {
        let lost_id = id.to_string();
        let lock = acquire(id, Ask::IfFree, move || lost(app, &lost_id)).await;
        if !matches!(lock, Lock::Busy) || i + 1 == tries {
            return lock;
        }
        sleep(120).await;
    }
    Lock::Busy
}

async fn sleep(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(p).await;
}

/// The lock was taken from this tab (the other tab found it unresponsive).
fn lost(app: AppState, id: &str) {
    if held_id().as_deref() == Some(id) {
        HELD.with(|h| h.borrow_mut().take());
        if app.design_id.get_untracked() == id {
            app.access.set(Access::ReadOnly(MOVED.into()));
            wait_for(app, id);
        }
    }
}

/// Takes design `id` for this tab: its edit lock (releasing the one held for another
/// design) and, when granted, its journal. The access the tab gets, and whether storage
/// now holds changes newer than what was loaded (a journal applied): then reload.
pub async fn take(app: AppState, id: &str) -> (Access, bool) {
    if held_id().as_deref() == Some(id) {
        return (Access::Editing, false);
    }
    release_held();
    stop_waiting();
    match ask(app, id, 5).await {
        Lock::Held(l) => {
            HELD.with(|h| *h.borrow_mut() = Some((id.to_string(), l)));
            let newer = match storage::recover_journal(id).await {
                Ok(Recovered::AsCopy { name, .. }) => {
                    app.toast_with(format!("Changes made in a tab that closed before saving them clash with later changes: they are kept as the design \"{name}\" (see Designs)."), true, None, None);
                    false
                }
                Ok(Recovered::Applied) => true,
                Ok(Recovered::Nothing) => false,
                Err(e) => {
                    app.error_at(e, None);
                    false
                }
            };
            (Access::Editing, newer)
        }
        Lock::Busy => {
            wait_for(app, id);
            (Access::ReadOnly(BUSY.into()), false)
        }
        Lock::Unsupported => (Access::Editing, false),
    }
}

/// Follows the open design: takes its lock when it changes; reloads it when the editing
/// tab saves (while read-only); hands it over when another tab asks.
pub fn install(app: AppState) {
    if app.access.get_untracked() != Access::Opening {
        // Start-up already took (or failed to take) the open design.
        set_decided(&app.design_id.get_untracked());
    }
    Effect::new(move |_| {
        let id = app.design_id.get();
        // A shared design (`share`) is never edited or saved here: no lock to take.
        if id == crate::share::SHARED_ID || decided(&id) || held_id().as_deref() == Some(id.as_str()) {
            return;
        }
        set_decided(&id);
        app.access.set(Access::Opening);
        leptos::task::spawn_local(async move {
            let (access, newer) = take(app, &id).await;
            if app.design_id.get_untracked() != id {
                return; // switched again meanwhile; that switch takes its own lock
            }
            if newer {
                reload(app, &id).await;
            }
            app.access.set(access);
        });
    });
    listen(move |m| match m {
        Message::Saved { id, .. } => {
            if app.design_id.get_untracked() == id && matches!(app.access.get_untracked(), Access::ReadOnly(_)) {
                leptos::task::spawn_local(async move { reload(app, &id).await });
            }
        }
        Message::Takeover { id } => {
            if app.design_id.get_untracked() == id && held_id().as_deref() == Some(id.as_str()) {
                let saved = crate::autosave::flush(&app);
                leptos::task::spawn_local(async move {
                    saved.await;
                    app.access.set(Access::ReadOnly(MOVED.into()));
                    release_held();
                    // Queued behind the tab that asked, which is already waiting.
                    wait_for(app, &id);
                });
            }
        }
    });
}

/// Shows the stored version of the open design, keeping this tab's pan and zoom.
async fn reload(app: AppState, id: &str) {
    if let Ok((d, h, _)) = storage::load(id).await {
        if app.design_id.get_untracked() == id {
            let view = app.view.get_untracked();
            app.replace_loaded(id.to_string(), d, h, view);
        }
    }
}

/// "Edit here instead": asks the editing tab to hand over; this tab's queued request
/// ([`wait_for`]) gets the lock when it lets go. If it does not within 3 s (a frozen tab),
/// the lock is taken from it; then this tab loads the latest saved version and edits it.
pub fn takeover(app: AppState) {
    let id = app.design_id.get_untracked();
    ASKED.with(|a| a.set(true));
    wait_for(app, &id);
    post(&Message::Takeover { id: id.clone() });
    leptos::task::spawn_local(async move {
        for _ in 0..25 {
            if held_id().as_deref() == Some(id.as_str()) || app.design_id.get_untracked() != id {
                return;
            }
            sleep(120).await;
        }
        stop_waiting();
        ASKED.with(|a| a.set(false));
        let lost_id = id.clone();
        if let Lock::Held(l) = acquire(&id, Ask::Steal, move || lost(app, &lost_id)).await {
            edit_here(app, &id, l).await;
        }
    });
}

/// After a conflict: keep this tab's version as a new design, and edit that.
pub fn save_as_copy(app: AppState) {
    leptos::task::spawn_local(async move {
        // Numbered after every stored design's name, as Duplicate is ("Orders (copy)" becomes
        // "Orders (copy 2)" when an "Orders (copy)" exists; not only the copied version's).
        let names: Vec<String> = storage::list().await.into_iter().map(|m| m.name).collect();
        // A second click while the list was read: the first made the copy (`replace` ends
        // the conflict).
        if !app.conflict.get_untracked() {
            return;
        }
        let mut d = app.design.get_untracked();
        d.name = cloudwright_engine::model::fields::copy_name(&d.name, |n| names.iter().any(|m| m == n));
        let (h, v) = (app.history.get_untracked(), app.view.get_untracked());
        app.replace(storage::new_id(), d, h, v);
        app.info("Your version is now a design of its own; the other tab's stays as it was saved.");
    });
}

/// After a conflict: drop this tab's unsaved changes and show the saved version.
pub fn take_saved(app: AppState) {
    let id = app.design_id.get_untracked();
    leptos::task::spawn_local(async move {
        reload(app, &id).await;
        app.conflict.set(false);
    });
}

/// Applies the journals of designs other than `open` (left by tabs that closed with unsaved
/// changes), each while holding that design's lock; a design another tab edits keeps its
/// journal for that tab.
pub async fn recover_other_journals(app: AppState, open: Option<&str>) {
    for id in storage::journaled() {
        if Some(id.as_str()) == open {
            continue;
        }
        if let Lock::Held(l) = acquire(&id, Ask::IfFree, || {}).await {
            if let Ok(Recovered::AsCopy { name, .. }) = storage::recover_journal(&id).await {
                app.toast_with(format!("Changes made in a tab that closed before saving them clash with later changes: they are kept as the design \"{name}\" (see Designs)."), true, None, None);
            }
            l.release();
        }
    }
}
