//! Helpers shared by the engine's integration tests: the app's templates, loaded once per
//! call from `templates/` (every `*.json` but `index.json`), in file-name order.
//!
//! Each test file includes it with `mod common;` and uses what it needs (hence the
//! `dead_code` allowance: a test binary that uses one helper does not see the others used).
#![allow(dead_code)]

use cloudwright_engine::{file, Design};
use std::path::PathBuf;

/// One template file: its name (`three-tier.json`), its text and the design it loads as.
pub struct Template {
    pub file_name: String,
    pub text: String,
    pub design: Design,
}

impl Template {
    /// The name without `.json` (`three-tier`).
    pub fn stem(&self) -> &str {
        self.file_name.trim_end_matches(".json")
    }
}

/// Every template, sorted by file name; panics (naming the file) when one does not load, and
/// when fewer than the nine reference templates are found.
pub fn all() -> Vec<Template> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../templates");
    let mut out: Vec<Template> = std::fs::read_dir(&dir)
        .expect("templates/ exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p.file_name().is_some_and(|n| n != "index.json"))
        .map(|p| {
            let file_name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{file_name}: {e}"));
            let design = file::load(&text).unwrap_or_else(|e| panic!("{file_name}: {e}"));
            Template { file_name, text, design }
        })
        .collect();
    out.sort_by(|a, b| a.file_name.cmp(&b.file_name));
    assert!(out.len() >= 9, "the reference templates: found {}", out.len());
    out
}

/// (`three-tier`, design) for every template.
pub fn by_stem() -> Vec<(String, Design)> {
    all().into_iter().map(|t| (t.stem().to_string(), t.design)).collect()
}

/// (`three-tier.json`, design) for every template.
pub fn by_file_name() -> Vec<(String, Design)> {
    all().into_iter().map(|t| (t.file_name, t.design)).collect()
}
