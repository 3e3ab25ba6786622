//! Named versions of a design (issue 18): "Save version" keeps a copy of the design as it is
//! now, under a name, beside the design in browser storage; the list shows each with its
//! time and monthly cost; a version can be compared with (see `review`), restored (one
//! undoable edit, the engine's `edit::restore`), downloaded as a design file, or deleted.
//!
//! Where they live: IndexedDB (see `storage`), key `cloudwright:v1:versions:<design id>`, one
//! JSON list per design of `{id, name, saved, design}` where `design` is the version in the
//! project's file format (text), so a version saved today opens through `file::load` — and
//! its migrations — after the format moves on. Versions are not part of the design file:
//! they travel as files ("Download" on a version gives a design file, which imports as a
//! design of its own and can be compared with "Compare with another saved design").
//! A deleted design keeps its versions, so restoring it from the trash brings them back.

use crate::storage;
use cloudwright_engine::{cost, file, Design};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

fn key(design_id: &str) -> String {
    format!("cloudwright:v1:versions:{design_id}")
}

/// A version as stored.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Stored {
    id: String,
    name: String,
    /// Milliseconds since 1970.
    saved: f64,
    /// The design, in the file format.
    design: String,
}

/// A version in memory: its design read once, its monthly cost from the cost engine.
#[derive(Clone, Debug)]
pub struct Version {
    pub id: String,
    pub name: String,
    pub saved: f64,
    /// The version's design; `Err` (why) when its text no longer loads — then it is listed,
    /// not dropped, and can still be downloaded.
    pub design: Result<Arc<Design>, String>,
    /// USD per month at the design's own traffic ([`Version::monthly`]), worked out the first
    /// time the Versions panel shows it, not when the list is read (on opening a design): the
    /// bill's code is then not in the app's first download (BENCHMARKS.md, s54-engine).
    monthly: Arc<std::sync::OnceLock<Option<f64>>>,
    /// The stored text (for "Download").
    pub text: String,
}

impl Version {
    /// Read with the full reader's code asked as `ask` (see [`list`]).
    async fn from_stored(s: Stored, ask: crate::on_demand::Ask) -> Version {
        let design = crate::file_code::load_asking(&s.design, ask).await.map(Arc::new).map_err(|e| e.to_string());
        Version { id: s.id, name: s.name, saved: s.saved, design, monthly: Default::default(), text: s.design }
    }

    /// USD per month at the design's own traffic (`cost::cost_at(d, 1.0)`, the one bill);
    /// `None` when its design does not load. Computed once.
    pub fn monthly(&self) -> Option<f64> {
        *self.monthly.get_or_init(|| self.design.as_ref().ok().map(|d| cost::cost_at(d, 1.0).monthly))
    }
}

async fn read(design_id: &str) -> Vec<Stored> {
    storage::get_any(&key(design_id)).await.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

async fn write(design_id: &str, list: &[Stored]) -> Result<(), String> {
    let k = key(design_id);
    if list.is_empty() {
        return storage::write_all(&[(&k, None)]).await;
    }
    let text = serde_json::to_string(list).map_err(|e| e.to_string())?;
    storage::write_all(&[(&k, Some(&text))]).await
}

/// The versions of a design, newest first. The full reader's code (older formats) is fetched
/// at most once per list: once it could not be, the next versions are not tried again (each
/// would be a request and a console warning; review s56 R13).
pub async fn list(design_id: &str) -> Vec<Version> {
    let mut v: Vec<Version> = Vec::new();
    let mut ask = crate::on_demand::Ask::Retry;
    for s in read(design_id).await {
        let version = Version::from_stored(s, ask).await;
        if version.design.is_err() {
            ask = crate::on_demand::Ask::Use;
        }
        v.push(version);
    }
    cloudwright_engine::order::sort_by(&mut v, |a, b| b.saved.total_cmp(&a.saved));
    v
}

/// Saves the design as it is now as a version named `name`; returns the new list.
pub async fn save(design_id: &str, name: &str, design: &Design) -> Result<Vec<Version>, String> {
    let mut all = read(design_id).await;
    let saved = js_sys::Date::now();
    let id = format!("v{:x}{:04x}", saved as u64, (js_sys::Math::random() * 65536.0) as u32);
    all.push(Stored { id, name: name.to_string(), saved, design: file::save(design) });
    write(design_id, &all).await?;
    Ok(list(design_id).await)
}

/// Deletes one version; returns the new list.
pub async fn delete(design_id: &str, version_id: &str) -> Result<Vec<Version>, String> {
    let mut all = read(design_id).await;
    all.retain(|v| v.id != version_id);
    write(design_id, &all).await?;
    Ok(list(design_id).await)
}

/// A default name for the next version: "Version 3".
pub fn next_name(list: &[Version]) -> String {
    format!("Version {}", list.len() + 1)
}

/// A time in the user's local time, `2026-12-01 08:40`.
pub fn when(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!("{:04}-{:02}-{:02} {:02}:{:02}", d.get_full_year(), d.get_month() + 1, d.get_date(), d.get_hours(), d.get_minutes())
}
