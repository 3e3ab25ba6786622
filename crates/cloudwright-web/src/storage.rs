//! Browser storage: several designs, each with its history and view, autosaved.
//!
//! Keys (localStorage, this origin only; nothing is ever sent anywhere):
//! - `cloudwright:v1:designs`          the list: id, name, last change
//! - `cloudwright:v1:current`          the id of the design open last
//! - `cloudwright:v1:design:<id>`      the design, in the project's file format
//! - `cloudwright:v1:session:<id>`     its undo history and view
//! - `cloudwright:v1:trash:<id>`       a deleted design, until restored or replaced
//!
//! localStorage is capped near 5 MiB per origin and throws when full: every write returns
//! the browser's reason, and the caller tells the user and offers an export. The design in
//! memory is never dropped because a write failed.

use crate::state::View;
use cloudwright_engine::{file, Design, History};
use serde::{Deserialize, Serialize};

const LIST: &str = "cloudwright:v1:designs";
const CURRENT: &str = "cloudwright:v1:current";

fn store() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get_raw(key: &str) -> Option<String> {
    store()?.get_item(key).ok().flatten()
}

/// Writes a key; the error is the browser's own words (e.g. QuotaExceededError).
pub fn set_raw(key: &str, value: &str) -> Result<(), String> {
    let s = store().ok_or_else(|| "browser storage is unavailable (private mode or disabled)".to_string())?;
    s.set_item(key, value).map_err(|e| {
        let name = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        if name.contains("Quota") {
            "browser storage is full".to_string()
        } else {
            format!("browser storage refused the save ({})", if name.is_empty() { "unknown error".into() } else { name })
        }
    })
}

pub fn remove_raw(key: &str) {
    if let Some(s) = store() {
        let _ = s.remove_item(key);
    }
}

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
pub fn save(id: &str, design: &Design, history: &History, view: &View, with_design: bool) -> Result<(), String> {
    if with_design {
        set_raw(&format!("cloudwright:v1:design:{id}"), &file::save(design))?;
        let mut l = list();
        match l.iter_mut().find(|m| m.id == id) {
            Some(m) => {
                m.name = design.name.clone();
                m.updated = js_sys::Date::now();
            }
            None => l.push(DesignMeta { id: id.to_string(), name: design.name.clone(), updated: js_sys::Date::now() }),
        }
        write_list(&l)?;
    }
    let session = Session { history: history.clone(), view: *view };
    let key = format!("cloudwright:v1:session:{id}");
    if set_raw(&key, &serde_json::to_string(&session).unwrap_or_default()).is_err() {
        // A long history is the first thing to give up: the design itself is saved.
        let light = Session { history: History::new(), view: *view };
        set_raw(&key, &serde_json::to_string(&light).unwrap_or_default())?;
    }
    set_raw(CURRENT, id)
}

/// Loads a saved design with its history and view. A design whose stored text no longer
/// loads is reported, not dropped: its text stays in storage.
pub fn load(id: &str) -> Result<(Design, History, View), String> {
    let text = get_raw(&format!("cloudwright:v1:design:{id}")).ok_or_else(|| format!("design {id} is not in browser storage"))?;
    let design = file::load(&text).map_err(|e| e.to_string())?;
    let (history, view) = get_raw(&format!("cloudwright:v1:session:{id}"))
        .and_then(|s| serde_json::from_str::<Session>(&s).ok())
        .map(|s| (s.history, s.view))
        .unwrap_or_default();
    Ok((design, history, view))
}

/// Moves a design to the trash (restorable with [`restore`]).
pub fn delete(id: &str) -> Result<(), String> {
    if let Some(text) = get_raw(&format!("cloudwright:v1:design:{id}")) {
        set_raw(&format!("cloudwright:v1:trash:{id}"), &text)?;
    }
    remove_raw(&format!("cloudwright:v1:design:{id}"));
    remove_raw(&format!("cloudwright:v1:session:{id}"));
    let mut l = list();
    l.retain(|m| m.id != id);
    write_list(&l)
}

pub fn restore(id: &str) -> Result<Design, String> {
    let text = get_raw(&format!("cloudwright:v1:trash:{id}")).ok_or("the deleted design is no longer available")?;
    let design = file::load(&text).map_err(|e| e.to_string())?;
    save(id, &design, &History::new(), &View::default(), true)?;
    remove_raw(&format!("cloudwright:v1:trash:{id}"));
    Ok(design)
}
