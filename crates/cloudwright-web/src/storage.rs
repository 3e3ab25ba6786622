//! Browser storage: several designs, each with its history and view; the list of designs;
//! the emergency journal. This origin only; nothing is ever sent anywhere.
//!
//! IndexedDB (database `cloudwright`, object store `kv`, string keys, string values) holds
//! everything that matters:
//! - `cloudwright:v1:designs`          the list: id, name, last change, revision
//! - `cloudwright:v1:current`          the id of the design open last
//! - `cloudwright:v1:design:<id>`      the design, in the project's file format
//! - `cloudwright:v1:session:<id>`     its undo history and view
//! - `cloudwright:v1:trash:<id>`       a deleted design, until restored or replaced
//! - `cloudwright:v1:versions:<id>`    its named versions (see `versions`)
//!
//! **A save is one transaction** ([`save`]): it reads the list, checks that the design's
//! revision is still the one this tab last loaded or saved (compare-and-swap), then writes
//! the design, its session, the list entry (name, time, revision + 1) and `current`
//! together. So the list never shows a name the design does not have, and a tab never
//! overwrites a save it has not seen (another tab's): it gets [`SaveError::Conflict`] and
//! the user is told.
//!
//! localStorage (small, synchronous) keeps:
//! - `cloudwright:v1:current`          a copy of `current`, best effort (IndexedDB's counts);
//! - `cloudwright:v1:journal:<id>`     the emergency journal ([`write_journal`]): when the page
//!   is hidden or left with changes IndexedDB has not committed yet, they are written here
//!   synchronously (an IndexedDB write may not finish before the page is gone). Whoever
//!   next holds the design's edit lock applies it ([`recover_journal`]);
//! - `cloudwright:v1:clipboard`        copied nodes (see `actions`).
//!
//! Older versions kept the list, `current` and the bodies in localStorage: on start they
//! move into IndexedDB (and leave localStorage once the move committed). When IndexedDB is
//! unavailable (blocked, disabled), everything falls back to localStorage under the same
//! keys, with the same checks.
//!
//! Every write returns the browser's reason when it fails, and the caller tells the user
//! exactly what was and was not saved. The design in memory is never dropped.

use crate::state::View;
use cloudwright_engine::{file, Design, History};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const LIST: &str = "cloudwright:v1:designs";
const CURRENT: &str = "cloudwright:v1:current";
const JOURNAL_PREFIX: &str = "cloudwright:v1:journal:";
const DB_NAME: &str = "cloudwright";
const DB_VERSION: u32 = 1;
const KV: &str = "kv";
/// Keys that live in IndexedDB (and are moved there from localStorage).
const BODY_PREFIXES: [&str; 4] = ["cloudwright:v1:design:", "cloudwright:v1:session:", "cloudwright:v1:trash:", "cloudwright:v1:versions:"];

fn design_key(id: &str) -> String {
    format!("cloudwright:v1:design:{id}")
}
fn session_key(id: &str) -> String {
    format!("cloudwright:v1:session:{id}")
}
fn trash_key(id: &str) -> String {
    format!("cloudwright:v1:trash:{id}")
}
fn journal_key(id: &str) -> String {
    format!("{JOURNAL_PREFIX}{id}")
}

fn store() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get_raw(key: &str) -> Option<String> {
    store()?.get_item(key).ok().flatten()
}

/// A localStorage key's value as the browser holds it (a JS string), not copied into wasm:
/// for a caller that only compares it with one it kept ([`crate::actions::paste`]: a copied
/// clip of 1,000 components is ~0.5 MB of text, copied into wasm by wasm-bindgen's
/// character loop in the paste's key task). None when unset or storage is unavailable.
pub fn get_js(key: &str) -> Option<JsValue> {
    let s = store()?;
    let get: js_sys::Function = js_sys::Reflect::get(&s, &JsValue::from_str("getItem")).ok()?.dyn_into().ok()?;
    get.call1(&s, &JsValue::from_str(key)).ok().filter(JsValue::is_string)
}

/// The browser's name for an error (a DOMException's `name`), e.g. "QuotaExceededError".
fn error_name(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"name".into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

/// A failed write in the user's words, from the browser's error name.
fn write_error(name: &str) -> String {
    if name.contains("Quota") {
        "browser storage is full".to_string()
    } else {
        format!("browser storage refused the save ({})", if name.is_empty() { "unknown error" } else { name })
    }
}

/// Writes a localStorage key; the error is the browser's own words (e.g. QuotaExceededError).
pub fn set_raw(key: &str, value: &str) -> Result<(), String> {
    let s = store().ok_or_else(|| "browser storage is unavailable (private mode or disabled)".to_string())?;
    s.set_item(key, value).map_err(|e| write_error(&error_name(&e)))
}

pub fn remove_raw(key: &str) {
    if let Some(s) = store() {
        let _ = s.remove_item(key);
    }
}

fn local_keys(prefix: &str) -> Vec<String> {
    let Some(ls) = store() else { return vec![] };
    let n = ls.length().unwrap_or(0);
    (0..n).filter_map(|i| ls.key(i).ok().flatten()).filter(|k| k.starts_with(prefix)).collect()
}

// ---------------------------------------------------------------------------------------
// IndexedDB, with raw web-sys: one database, one store of strings.

enum Db {
    Unknown,
    Open(web_sys::IdbDatabase),
    Unavailable(String),
}

thread_local! {
    static DB: RefCell<Db> = const { RefCell::new(Db::Unknown) };
    /// The revision of each design as this tab last loaded or saved it (see [`save`]).
    static KNOWN_REV: RefCell<BTreeMap<String, u64>> = const { RefCell::new(BTreeMap::new()) };
}

fn known_rev(id: &str) -> u64 {
    KNOWN_REV.with(|k| k.borrow().get(id).copied().unwrap_or(0))
}
fn set_known_rev(id: &str, rev: u64) {
    KNOWN_REV.with(|k| k.borrow_mut().insert(id.to_string(), rev));
}

/// A promise settled by an IndexedDB request (or transaction) event: resolves on success
/// (or complete), rejects on error, abort or blocked.
fn settle(target: &web_sys::EventTarget, ok: &str, fail: &[&str]) -> JsFuture {
    let p = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = target.add_event_listener_with_callback(ok, &resolve);
        for f in fail {
            let _ = target.add_event_listener_with_callback(f, &reject);
        }
    });
    JsFuture::from(p)
}

async fn open_db() -> Result<web_sys::IdbDatabase, String> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()
        .map_err(|e| format!("IndexedDB is blocked ({})", error_name(&e)))?
        .ok_or("IndexedDB is not available")?;
    let req = factory.open_with_u32(DB_NAME, DB_VERSION).map_err(|e| format!("IndexedDB is blocked ({})", error_name(&e)))?;
    let upgrade = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::IdbVersionChangeEvent)>::new(move |e: web_sys::IdbVersionChangeEvent| {
        let Some(req) = e.target().and_then(|t| t.dyn_into::<web_sys::IdbOpenDbRequest>().ok()) else { return };
        if let Ok(db) = req.result().and_then(|r| r.dyn_into::<web_sys::IdbDatabase>()) {
            if !db.object_store_names().contains(KV) {
                let _ = db.create_object_store(KV);
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let done = settle(&req, "success", &["error", "blocked"]).await;
    req.set_onupgradeneeded(None);
    drop(upgrade);
    if done.is_err() {
        let why = req.error().ok().flatten().map(|e| e.name()).unwrap_or_else(|| "blocked".into());
        return Err(format!("IndexedDB could not be opened ({why})"));
    }
    let db: web_sys::IdbDatabase = req.result().map_err(|_| "IndexedDB could not be opened")?.unchecked_into();
    migrate(&db).await;
    Ok(db)
}

/// The database, opened (and migrated) once per page; Err when IndexedDB is unavailable.
async fn db() -> Result<web_sys::IdbDatabase, String> {
    let known = DB.with(|d| match &*d.borrow() {
        Db::Open(db) => Some(Ok(db.clone())),
        Db::Unavailable(e) => Some(Err(e.clone())),
        Db::Unknown => None,
    });
    if let Some(r) = known {
        return r;
    }
    let r = open_db().await;
    DB.with(|d| {
        // Another task may have opened it meanwhile: keep the first.
        let mut d = d.borrow_mut();
        if matches!(*d, Db::Unknown) {
            *d = match &r {
                Ok(db) => Db::Open(db.clone()),
                Err(e) => Db::Unavailable(e.clone()),
            };
        }
    });
    r
}

/// Opens the database, moving what an older version kept in localStorage into it. Called
/// on start; every other function also does it on first use.
pub async fn init() {
    let _ = db().await;
}

/// Moves the list, `current` and the bodies from localStorage into IndexedDB. Keys leave
/// localStorage only after the transaction committed; on failure they stay, and are still
/// found there. A list in localStorage is merged into IndexedDB's (by id, the later change
/// wins): an older version's, or one written while IndexedDB was unavailable.
async fn migrate(db: &web_sys::IdbDatabase) {
    let Some(ls) = store() else { return };
    let mut keys: Vec<String> = BODY_PREFIXES.iter().flat_map(|p| local_keys(p)).collect();
    let local_list: Option<Vec<DesignMeta>> = ls.get_item(LIST).ok().flatten().and_then(|s| serde_json::from_str(&s).ok());
    if keys.is_empty() && local_list.is_none() {
        return;
    }
    let mut pairs: Vec<(String, String)> = keys.drain(..).filter_map(|k| ls.get_item(&k).ok().flatten().map(|v| (k, v))).collect();
    if let Some(local) = local_list {
        let mut merged = idb_get(db, LIST).await.ok().flatten().and_then(|s| serde_json::from_str::<Vec<DesignMeta>>(&s).ok()).unwrap_or_default();
        for m in local {
            match merged.iter_mut().find(|x| x.id == m.id) {
                Some(x) if x.updated >= m.updated => {}
                Some(x) => *x = m,
                None => merged.push(m),
            }
        }
        pairs.push((LIST.to_string(), serde_json::to_string(&merged).unwrap_or_else(|_| "[]".into())));
        if idb_get(db, CURRENT).await.ok().flatten().is_none() {
            if let Some(c) = ls.get_item(CURRENT).ok().flatten() {
                pairs.push((CURRENT.to_string(), c));
            }
        }
    }
    let refs: Vec<(&str, Option<&str>)> = pairs.iter().map(|(k, v)| (k.as_str(), Some(v.as_str()))).collect();
    if idb_write(db, &refs).await.is_ok() {
        for (k, _) in &pairs {
            // `current` stays in localStorage too: it is the start-up hint.
            if k != CURRENT {
                let _ = ls.remove_item(k);
            }
        }
    }
}

/// Puts (Some) or deletes (None) keys in one transaction, and waits for it to commit.
/// The error is the browser's name for it (e.g. "QuotaExceededError").
async fn idb_write(db: &web_sys::IdbDatabase, entries: &[(&str, Option<&str>)]) -> Result<(), String> {
    let tx = db.transaction_with_str_and_mode(KV, web_sys::IdbTransactionMode::Readwrite).map_err(|e| error_name(&e))?;
    let kv = tx.object_store(KV).map_err(|e| error_name(&e))?;
    let done = settle(&tx, "complete", &["error", "abort"]);
    for (k, v) in entries {
        let r = match v {
            Some(v) => kv.put_with_key(&JsValue::from_str(v), &JsValue::from_str(k)).map(|_| ()),
            None => kv.delete(&JsValue::from_str(k)).map(|_| ()),
        };
        if let Err(e) = r {
            let _ = tx.abort();
            return Err(error_name(&e));
        }
    }
    done.await.map(|_| ()).map_err(|ev| tx.error().map(|e| e.name()).unwrap_or_else(|| event_error_name(&ev)))
}

/// The name of the error behind a failed request's event (`event.target.error.name`).
fn event_error_name(ev: &JsValue) -> String {
    let name = js_sys::Reflect::get(ev, &"target".into())
        .and_then(|t| js_sys::Reflect::get(&t, &"error".into()))
        .map(|e| error_name(&e))
        .unwrap_or_default();
    if name.is_empty() { "AbortError".into() } else { name }
}

async fn idb_get(db: &web_sys::IdbDatabase, key: &str) -> Result<Option<String>, String> {
    let tx = db.transaction_with_str(KV).map_err(|e| error_name(&e))?;
    let req = tx.object_store(KV).and_then(|s| s.get(&JsValue::from_str(key))).map_err(|e| error_name(&e))?;
    settle(&req, "success", &["error"]).await.map_err(|_| req.error().ok().flatten().map(|e| e.name()).unwrap_or_default())?;
    Ok(req.result().ok().and_then(|v| v.as_string()))
}

/// Reads a key: from localStorage when it is there (then it is the newer copy, written while
/// IndexedDB was unavailable, or not moved yet), else from IndexedDB.
pub(crate) async fn get_any(key: &str) -> Option<String> {
    if let Some(v) = get_raw(key) {
        if key != CURRENT {
            return Some(v);
        }
    }
    match db().await {
        Ok(db) => idb_get(&db, key).await.ok().flatten().or_else(|| get_raw(key)),
        Err(_) => get_raw(key),
    }
}

// ---------------------------------------------------------------------------------------
// The list and the save transaction.

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesignMeta {
    pub id: String,
    pub name: String,
    /// Milliseconds since 1970, for sorting by last change.
    pub updated: f64,
    /// Bumped by every save of the design (0: never saved with a revision).
    #[serde(default)]
    pub rev: u64,
}

#[derive(Serialize, Deserialize)]
struct Session {
    history: History,
    view: View,
}

fn parse_list(s: Option<String>) -> Vec<DesignMeta> {
    s.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

/// Every saved design, latest change first.
pub async fn list() -> Vec<DesignMeta> {
    let mut l = parse_list(get_any(LIST).await);
    cloudwright_engine::order::sort_by(&mut l, |a, b| b.updated.total_cmp(&a.updated));
    l
}

/// The stored revision of a design (0 when not in the list).
async fn stored_rev(id: &str) -> u64 {
    parse_list(get_any(LIST).await).iter().find(|m| m.id == id).map_or(0, |m| m.rev)
}

pub fn new_id() -> String {
    format!("d{:x}{:04x}", js_sys::Date::now() as u64, (js_sys::Math::random() * 65536.0) as u32)
}

/// Why a save did not happen. Nothing was written in either case.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveError {
    /// The design was saved elsewhere (another tab) since this tab last loaded or saved it;
    /// `stored` is the revision in storage.
    Conflict { stored: u64 },
    /// The browser refused the write, in the user's words.
    Failed(String),
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Conflict { .. } => f.write_str("this design was changed in another tab since this tab last saved it"),
            SaveError::Failed(e) => f.write_str(e),
        }
    }
}

/// What a successful save wrote.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Saved {
    /// The design's revision now in storage.
    pub rev: u64,
    /// False when storage was too full for the undo history: the design and view were
    /// saved with an empty history.
    pub history_kept: bool,
}

/// One save: the texts to write, made when the save was asked for.
struct Commit {
    id: String,
    expected: u64,
    /// The design file and its name, when the design is saved (not only the session).
    design: Option<(String, String)>,
    session: String,
    make_current: bool,
    now: f64,
}

impl Commit {
    /// The list after this save, or the stored revision when it does not match.
    fn next_list(&self, mut list: Vec<DesignMeta>) -> Result<(Vec<DesignMeta>, u64), u64> {
        let stored = list.iter().find(|m| m.id == self.id).map_or(0, |m| m.rev);
        if stored != self.expected {
            return Err(stored);
        }
        let rev = if self.design.is_some() { stored + 1 } else { stored };
        if let Some((_, name)) = &self.design {
            match list.iter_mut().find(|m| m.id == self.id) {
                Some(m) => {
                    m.name = name.clone();
                    m.updated = self.now;
                    m.rev = rev;
                }
                None => list.push(DesignMeta { id: self.id.clone(), name: name.clone(), updated: self.now, rev }),
            }
        }
        Ok((list, rev))
    }

    fn entries<'a>(&'a self, dk: &'a str, sk: &'a str, list: &'a str) -> Vec<(&'a str, &'a str)> {
        let mut e = vec![];
        if let Some((text, _)) = &self.design {
            e.push((dk, text.as_str()));
        }
        e.push((sk, self.session.as_str()));
        e.push((LIST, list));
        if self.make_current {
            e.push((CURRENT, self.id.as_str()));
        }
        e
    }
}

/// The save transaction in IndexedDB: read the list, compare the revision, write all.
/// Reading and writing happen in one request callback, so no other transaction (another
/// tab's) can come in between.
async fn idb_commit(db: &web_sys::IdbDatabase, c: Rc<Commit>) -> Result<u64, SaveError> {
    let failed = |e: &JsValue| SaveError::Failed(write_error(&error_name(e)));
    let tx = db.transaction_with_str_and_mode(KV, web_sys::IdbTransactionMode::Readwrite).map_err(|e| failed(&e))?;
    let kv = tx.object_store(KV).map_err(|e| failed(&e))?;
    let req = kv.get(&JsValue::from_str(LIST)).map_err(|e| failed(&e))?;
    let done = settle(&tx, "complete", &["error", "abort"]);
    let outcome: Rc<RefCell<Option<Result<u64, SaveError>>>> = Rc::new(RefCell::new(None));
    let (o2, tx2, req2, c2) = (outcome.clone(), tx.clone(), req.clone(), c.clone());
    let on_list = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        let list = parse_list(req2.result().ok().and_then(|v| v.as_string()));
        let result = match c2.next_list(list) {
            Err(stored) => Err(SaveError::Conflict { stored }),
            Ok((list, rev)) => {
                let list = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
                let (dk, sk) = (design_key(&c2.id), session_key(&c2.id));
                let mut r = Ok(rev);
                for (k, v) in c2.entries(&dk, &sk, &list) {
                    if let Err(e) = kv.put_with_key(&JsValue::from_str(v), &JsValue::from_str(k)) {
                        r = Err(SaveError::Failed(write_error(&error_name(&e))));
                        break;
                    }
                }
                r
            }
        };
        if result.is_err() {
            let _ = tx2.abort();
        }
        *o2.borrow_mut() = Some(result);
    });
    req.set_onsuccess(Some(on_list.as_ref().unchecked_ref()));
    let settled = done.await;
    drop(on_list);
    let outcome = outcome.borrow_mut().take();
    match (settled, outcome) {
        (_, Some(Err(e))) => Err(e),
        (Ok(_), Some(Ok(rev))) => Ok(rev),
        (Err(ev), _) => Err(SaveError::Failed(write_error(&tx.error().map(|e| e.name()).unwrap_or_else(|| event_error_name(&ev))))),
        (Ok(_), None) => Err(SaveError::Failed("browser storage did not run the save".into())),
    }
}

/// The same save in localStorage, when IndexedDB is unavailable. Synchronous, so no other
/// tab's script runs in between.
fn local_commit(c: &Commit, why: &str) -> Result<u64, SaveError> {
    let (list, rev) = c.next_list(parse_list(get_raw(LIST))).map_err(|stored| SaveError::Conflict { stored })?;
    let list = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
    let (dk, sk) = (design_key(&c.id), session_key(&c.id));
    for (k, v) in c.entries(&dk, &sk, &list) {
        set_raw(k, v).map_err(|e| SaveError::Failed(format!("{e} ({why}; the fallback, localStorage, failed too)")))?;
    }
    Ok(rev)
}

async fn commit(c: Commit) -> Result<u64, SaveError> {
    let c = Rc::new(c);
    let rev = match db().await {
        Ok(db) => {
            let rev = idb_commit(&db, c.clone()).await?;
            // Any older copy left in localStorage would shadow this one: drop it.
            for k in [design_key(&c.id), session_key(&c.id), LIST.to_string()] {
                remove_raw(&k);
            }
            if c.make_current {
                // The start-up hint; IndexedDB's copy counts if this fails.
                let _ = set_raw(CURRENT, &c.id);
            }
            rev
        }
        Err(why) => local_commit(&c, &why)?,
    };
    set_known_rev(&c.id, rev);
    Ok(rev)
}

/// Saves the design (when `with_design`), its history and view, and — with `make_current`
/// — marks it the design to reopen. Fails with [`SaveError::Conflict`] when the design was
/// saved by another tab since this one last loaded or saved it; then nothing is written.
///
/// Everything is serialised now, when called (so later edits do not leak into this save);
/// the returned future does the writing, and can be awaited anywhere. When storage is too
/// full for the undo history, the design and view are saved without it
/// ([`Saved::history_kept`] is false).
pub fn save(id: &str, design: &Design, history: &History, view: &View, with_design: bool, make_current: bool) -> impl Future<Output = Result<Saved, SaveError>> + 'static {
    let id = id.to_string();
    let design = with_design.then(|| (file::save(design), design.name.clone()));
    let session = serde_json::to_string(&Session { history: history.clone(), view: *view }).unwrap_or_default();
    let light = serde_json::to_string(&Session { history: History::new(), view: *view }).unwrap_or_default();
    async move {
        let expected = known_rev(&id);
        let now = js_sys::Date::now();
        let full = Commit { id: id.clone(), expected, design: design.clone(), session, make_current, now };
        match commit(full).await {
            Ok(rev) => Ok(Saved { rev, history_kept: true }),
            Err(SaveError::Failed(_)) => {
                // A long history is the first thing to give up: the design itself is saved.
                let rev = commit(Commit { id, expected, design, session: light, make_current, now }).await?;
                Ok(Saved { rev, history_kept: false })
            }
            Err(conflict) => Err(conflict),
        }
    }
}

/// Loads a saved design with its history and view (None: no view stored with it — a design
/// saved by an earlier version, or moved in from elsewhere: shown whole, `app::reopen`), and
/// remembers its revision for the next [`save`]. A design whose stored text no longer loads is reported, not dropped:
/// its text stays in storage.
pub async fn load(id: &str) -> Result<(Design, History, Option<View>), LoadError> {
    load_noting(id, || {}).await
}

/// [`load`], with `waits` called when the stored text needs the full reader and its code is not
/// in, before the wait (`file_code::load_noting`): the designs list says so meanwhile.
pub async fn load_noting(id: &str, waits: impl FnOnce()) -> Result<(Design, History, Option<View>), LoadError> {
    init().await;
    let text = get_any(&design_key(id)).await.ok_or_else(|| LoadError::Missing(id.to_string()))?;
    let design = crate::file_code::load_noting(&text, waits).await.map_err(LoadError::Read)?;
    let (history, view) = get_any(&session_key(id))
        .await
        .and_then(|s| serde_json::from_str::<Session>(&s).ok())
        .map(|s| (s.history, Some(s.view)))
        .unwrap_or_default();
    set_known_rev(id, stored_rev(id).await);
    Ok((design, history, view))
}

/// Why a stored design was not loaded ([`load`]).
#[derive(Clone, Debug)]
pub enum LoadError {
    /// No design of this id is in browser storage.
    Missing(String),
    /// Its text was not read: refused, or the full reader's code could not be fetched
    /// (`file_code::ReadError::ReaderNotFetched`: the design is fine, a later try may open it).
    Read(crate::file_code::ReadError),
}

impl LoadError {
    /// Why, in a sentence without JSON paths (`file_code::ReadError::reason`).
    pub fn reason(&self) -> String {
        match self {
            LoadError::Missing(_) => "it is no longer in browser storage".into(),
            LoadError::Read(e) => e.reason(),
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Missing(id) => write!(f, "design {id} is not in browser storage"),
            LoadError::Read(e) => e.fmt(f),
        }
    }
}

/// A saved design alone, read without touching this tab's record of its revision (for
/// "Compare with…": the design is read, never saved from here).
pub async fn read_design(id: &str) -> Result<Design, String> {
    init().await;
    let text = get_any(&design_key(id)).await.ok_or_else(|| format!("design {id} is not in browser storage"))?;
    crate::file_code::load(&text).await.map_err(|e| e.to_string())
}

/// The design to reopen at start-up: IndexedDB's `current`, else localStorage's.
pub async fn current_id() -> Option<String> {
    init().await;
    get_any(CURRENT).await
}

/// Writes (Some) or removes (None) bodies and the list together.
pub(crate) async fn write_all(entries: &[(&str, Option<&str>)]) -> Result<(), String> {
    match db().await {
        Ok(db) => {
            idb_write(&db, entries).await.map_err(|name| write_error(&name))?;
            for (k, _) in entries {
                if *k != CURRENT {
                    remove_raw(k);
                }
            }
            Ok(())
        }
        Err(why) => {
            for (k, v) in entries {
                match v {
                    Some(v) => set_raw(k, v).map_err(|e| format!("{e} ({why}; the fallback, localStorage, failed too)"))?,
                    None => remove_raw(k),
                }
            }
            Ok(())
        }
    }
}

/// Moves a design to the trash (restorable with [`restore`]) and out of the list.
pub async fn delete(id: &str) -> Result<(), String> {
    let (dk, sk, tk) = (design_key(id), session_key(id), trash_key(id));
    let mut l = parse_list(get_any(LIST).await);
    l.retain(|m| m.id != id);
    let list = serde_json::to_string(&l).unwrap_or_else(|_| "[]".into());
    match get_any(&dk).await {
        Some(text) => write_all(&[(&tk, Some(&text)), (&dk, None), (&sk, None), (LIST, Some(&list))]).await,
        None => write_all(&[(&dk, None), (&sk, None), (LIST, Some(&list))]).await,
    }
}

pub async fn restore(id: &str) -> Result<Design, String> {
    let tk = trash_key(id);
    let text = get_any(&tk).await.ok_or("the deleted design is no longer available")?;
    let design = crate::file_code::load(&text).await.map_err(|e| e.to_string())?;
    set_known_rev(id, stored_rev(id).await);
    save(id, &design, &History::new(), &View::default(), true, false).await.map_err(|e| e.to_string())?;
    write_all(&[(&tk, None)]).await?;
    Ok(design)
}

// ---------------------------------------------------------------------------------------
// The emergency journal.

/// Changes not yet committed when the page was hidden or left, written synchronously.
#[derive(Serialize, Deserialize)]
struct Journal {
    /// The design's revision this tab had last loaded or saved.
    base_rev: u64,
    /// A save was under way when the journal was written (it may have committed since,
    /// as revision `base_rev + 1`).
    in_flight: bool,
    /// The design file.
    design: String,
    /// Its session (history and view), when it fitted.
    session: Option<String>,
}

/// Writes the journal of a design synchronously (localStorage), for the page being hidden
/// or left before IndexedDB committed its last changes. Without the history when there is
/// no room for it. Err: not even the design fitted.
pub fn write_journal(id: &str, design: &Design, history: &History, view: &View, in_flight: bool) -> Result<(), String> {
    let base_rev = known_rev(id);
    let design = file::save(design);
    let session = serde_json::to_string(&Session { history: history.clone(), view: *view }).ok();
    let full = Journal { base_rev, in_flight, design: design.clone(), session };
    let key = journal_key(id);
    if set_raw(&key, &serde_json::to_string(&full).unwrap_or_default()).is_ok() {
        return Ok(());
    }
    let light = Journal { base_rev, in_flight, design, session: None };
    set_raw(&key, &serde_json::to_string(&light).unwrap_or_default())
}

pub fn clear_journal(id: &str) {
    remove_raw(&journal_key(id));
}

/// Ids of designs with a journal waiting.
pub fn journaled() -> Vec<String> {
    local_keys(JOURNAL_PREFIX).into_iter().map(|k| k[JOURNAL_PREFIX.len()..].to_string()).collect()
}

/// What [`recover_journal`] did.
#[derive(Debug, PartialEq)]
pub enum Recovered {
    Nothing,
    /// The journal's changes are now the saved design.
    Applied,
    /// The design was saved elsewhere since: the journal was saved as a new design,
    /// under this id and name.
    AsCopy { id: String, name: String },
}

/// Applies a design's journal, if it has one. Call it while holding the design's edit lock
/// (see `tabs`), before loading the design: the journal is then newer than anything in
/// storage, unless another tab saved since, in which case it becomes a copy — the user's
/// edits are never dropped silently.
pub async fn recover_journal(id: &str) -> Result<Recovered, String> {
    let key = journal_key(id);
    let Some(text) = get_raw(&key) else { return Ok(Recovered::Nothing) };
    let Ok(j) = serde_json::from_str::<Journal>(&text) else {
        remove_raw(&key);
        return Ok(Recovered::Nothing);
    };
    let design = crate::file_code::load(&j.design).await.map_err(|e| format!("the unsaved changes of a closed tab could not be read ({e})"))?;
    let (history, view) = j.session.as_deref().and_then(|s| serde_json::from_str::<Session>(s).ok()).map(|s| (s.history, s.view)).unwrap_or_default();
    let stored = stored_rev(id).await;
    let ours = stored == j.base_rev || (j.in_flight && stored == j.base_rev + 1);
    let same = get_any(&design_key(id)).await.as_deref() == Some(j.design.as_str());
    let result = if same {
        Recovered::Nothing
    } else if ours {
        set_known_rev(id, stored);
        save(id, &design, &history, &view, true, false).await.map_err(|e| e.to_string())?;
        Recovered::Applied
    } else {
        let copy = new_id();
        let mut d = design;
        d.name = format!("{} (unsaved edits from a closed tab)", d.name);
        save(&copy, &d, &history, &view, true, false).await.map_err(|e| e.to_string())?;
        Recovered::AsCopy { id: copy, name: d.name }
    };
    remove_raw(&key);
    Ok(result)
}
