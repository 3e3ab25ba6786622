//! Browser storage: several designs, each with its history and view, autosaved.
//!
//! This origin only; nothing is ever sent anywhere.
//!
//! localStorage (small, synchronous) keeps the index:
//! - `cloudwright:v1:designs`          the list: id, name, last change
//! - `cloudwright:v1:current`          the id of the design open last
//! - `cloudwright:v1:clipboard`        copied nodes (see `actions`)
//!
//! IndexedDB (database `cloudwright`, object store `kv`, string keys, string values) keeps
//! the bodies, which can be megabytes each:
//! - `cloudwright:v1:design:<id>`      the design, in the project's file format
//! - `cloudwright:v1:session:<id>`     its undo history and view
//! - `cloudwright:v1:trash:<id>`       a deleted design, until restored or replaced
//!
//! localStorage is capped near 5 MiB per origin, which a few large designs fill; IndexedDB
//! is not. Older versions kept the bodies in localStorage under the same keys: on start
//! they are moved into IndexedDB (and removed from localStorage once the move committed).
//! When IndexedDB is unavailable (blocked, disabled), bodies fall back to localStorage
//! under the same keys; a body found in localStorage is therefore always the newer one,
//! and is moved into IndexedDB on the next start that can open it.
//!
//! Every write returns the browser's reason when it fails, and the caller tells the user
//! and offers an export. The design in memory is never dropped because a write failed.

use crate::state::View;
use cloudwright_engine::{file, Design, History};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::future::Future;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const LIST: &str = "cloudwright:v1:designs";
const CURRENT: &str = "cloudwright:v1:current";
const DB_NAME: &str = "cloudwright";
const DB_VERSION: u32 = 1;
const KV: &str = "kv";
/// Keys that live in IndexedDB (and are migrated there from localStorage).
const BODY_PREFIXES: [&str; 3] = ["cloudwright:v1:design:", "cloudwright:v1:session:", "cloudwright:v1:trash:"];

fn design_key(id: &str) -> String {
    format!("cloudwright:v1:design:{id}")
}
fn session_key(id: &str) -> String {
    format!("cloudwright:v1:session:{id}")
}
fn trash_key(id: &str) -> String {
    format!("cloudwright:v1:trash:{id}")
}

fn store() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get_raw(key: &str) -> Option<String> {
    store()?.get_item(key).ok().flatten()
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

// ---------------------------------------------------------------------------------------
// IndexedDB, with raw web-sys: one database, one store of strings.

enum Db {
    Unknown,
    Open(web_sys::IdbDatabase),
    Unavailable(String),
}

thread_local! {
    static DB: RefCell<Db> = const { RefCell::new(Db::Unknown) };
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

/// The database, opened (and migrated) once per page; None when IndexedDB is unavailable.
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

/// Moves design, session and trash keys from localStorage into IndexedDB. Keys are removed
/// from localStorage only after the transaction committed; on failure they stay, and
/// [`get_body`] still finds them there.
async fn migrate(db: &web_sys::IdbDatabase) {
    let Some(ls) = store() else { return };
    let n = ls.length().unwrap_or(0);
    let keys: Vec<String> = (0..n).filter_map(|i| ls.key(i).ok().flatten()).filter(|k| BODY_PREFIXES.iter().any(|p| k.starts_with(p))).collect();
    if keys.is_empty() {
        return;
    }
    let pairs: Vec<(String, String)> = keys.into_iter().filter_map(|k| ls.get_item(&k).ok().flatten().map(|v| (k, v))).collect();
    let refs: Vec<(&str, Option<&str>)> = pairs.iter().map(|(k, v)| (k.as_str(), Some(v.as_str()))).collect();
    if idb_write(db, &refs).await.is_ok() {
        for (k, _) in &pairs {
            let _ = ls.remove_item(k);
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

/// Reads a body: from localStorage when it is there (it is then the newer copy, written
/// while IndexedDB was unavailable, or not migrated yet), else from IndexedDB.
async fn get_body(key: &str) -> Option<String> {
    if let Some(v) = get_raw(key) {
        return Some(v);
    }
    let db = db().await.ok()?;
    idb_get(&db, key).await.ok().flatten()
}

/// Writes (Some) or removes (None) bodies together: in IndexedDB in one transaction, or,
/// when IndexedDB is unavailable, in localStorage.
async fn write_bodies(entries: &[(&str, Option<&str>)]) -> Result<(), String> {
    match db().await {
        Ok(db) => {
            idb_write(&db, entries).await.map_err(|name| write_error(&name))?;
            // Any older copy left in localStorage would shadow this one: drop it.
            for (k, _) in entries {
                remove_raw(k);
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

// ---------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesignMeta {
    pub id: String,
    pub name: String,
    /// Milliseconds since 1970, for sorting by last change.
    pub updated: f64,
}

#[derive(Serialize, Deserialize)]
struct Session {
    history: History,
    view: View,
}

pub fn list() -> Vec<DesignMeta> {
    let mut l: Vec<DesignMeta> = get_raw(LIST).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default();
    l.sort_by(|a, b| b.updated.total_cmp(&a.updated));
    l
}

fn write_list(l: &[DesignMeta]) -> Result<(), String> {
    set_raw(LIST, &serde_json::to_string(l).unwrap_or_else(|_| "[]".into()))
}

pub fn current_id() -> Option<String> {
    get_raw(CURRENT)
}

pub fn new_id() -> String {
    format!("d{:x}{:04x}", js_sys::Date::now() as u64, (js_sys::Math::random() * 65536.0) as u32)
}

/// Saves the design (when `with_design`), its history and view, and marks it current.
///
/// Everything is serialised now, when called (so later edits do not leak into this save);
/// the returned future does the writing, and can be awaited anywhere.
pub fn save(id: &str, design: &Design, history: &History, view: &View, with_design: bool) -> impl Future<Output = Result<(), String>> + 'static {
    let id = id.to_string();
    let body = with_design.then(|| (file::save(design), design.name.clone()));
    let session = serde_json::to_string(&Session { history: history.clone(), view: *view }).unwrap_or_default();
    let light = serde_json::to_string(&Session { history: History::new(), view: *view }).unwrap_or_default();
    async move {
        let (dk, sk) = (design_key(&id), session_key(&id));
        let mut entries: Vec<(&str, Option<&str>)> = vec![];
        if let Some((text, _)) = &body {
            entries.push((&dk, Some(text)));
        }
        entries.push((&sk, Some(&session)));
        if write_bodies(&entries).await.is_err() {
            // A long history is the first thing to give up: the design itself is saved.
            let last = entries.len() - 1;
            entries[last] = (&sk, Some(&light));
            write_bodies(&entries).await?;
        }
        if let Some((_, name)) = body {
            let mut l = list();
            match l.iter_mut().find(|m| m.id == id) {
                Some(m) => {
                    m.name = name;
                    m.updated = js_sys::Date::now();
                }
                None => l.push(DesignMeta { id: id.clone(), name, updated: js_sys::Date::now() }),
            }
            write_list(&l)?;
        }
        set_raw(CURRENT, &id)
    }
}

/// Loads a saved design with its history and view. A design whose stored text no longer
/// loads is reported, not dropped: its text stays in storage.
pub async fn load(id: &str) -> Result<(Design, History, View), String> {
    init().await;
    let text = get_body(&design_key(id)).await.ok_or_else(|| format!("design {id} is not in browser storage"))?;
    let design = file::load(&text).map_err(|e| e.to_string())?;
    let (history, view) = get_body(&session_key(id))
        .await
        .and_then(|s| serde_json::from_str::<Session>(&s).ok())
        .map(|s| (s.history, s.view))
        .unwrap_or_default();
    Ok((design, history, view))
}

/// Moves a design to the trash (restorable with [`restore`]).
pub async fn delete(id: &str) -> Result<(), String> {
    let (dk, sk, tk) = (design_key(id), session_key(id), trash_key(id));
    match get_body(&dk).await {
        Some(text) => write_bodies(&[(&tk, Some(&text)), (&dk, None), (&sk, None)]).await?,
        None => write_bodies(&[(&dk, None), (&sk, None)]).await?,
    }
    let mut l = list();
    l.retain(|m| m.id != id);
    write_list(&l)
}

pub async fn restore(id: &str) -> Result<Design, String> {
    let tk = trash_key(id);
    let text = get_body(&tk).await.ok_or("the deleted design is no longer available")?;
    let design = file::load(&text).map_err(|e| e.to_string())?;
    save(id, &design, &History::new(), &View::default(), true).await?;
    write_bodies(&[(&tk, None)]).await?;
    Ok(design)
}
