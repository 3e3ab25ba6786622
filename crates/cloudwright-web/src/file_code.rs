//! The full reader of design files — `file::load_versioned_by_tree`: the JSON document, the
//! migrations of every older format, the checks with a path for every problem (~70 kB of the
//! linked wasm with serde_json's document code) — fetched on first use (issue 20, the first
//! visit's download; ARCHITECTURE.md "Code fetched on first use").
//!
//! Every file the app opens (a stored design, a journal, a version, a template, an import, a
//! share link) is first read by the engine's one-pass reader (`file::open_direct`,
//! `file::load_direct`), which stays in the app's wasm and reads every valid file of the current
//! format. Only when it gives up — a file of an older format, or one with a problem to report —
//! is the full reader needed: a split point of its own ([`fetch_reader`], chunk
//! `cloudwright-web-split-file-reader-<hash>.wasm`), fetched then and kept. The two steps give
//! exactly `file::open`'s answer (engine `tests/file_split.rs`). If the chunk cannot be fetched,
//! the file is not opened and the reason says so (`on_demand::NOT_FETCHED_WHY`), like any refused file:
//! nothing is half-loaded, and the next try fetches again.

use cloudwright_engine::file::{self, ImportError, Loaded};
use cloudwright_engine::Design;

crate::on_demand::split_point!(file_reader =>
/// The full reader (`file::load_versioned_by_tree`). A split point (src/on_demand.rs).
fn fetch_reader() -> Result<fn(&str) -> Result<Loaded, ImportError>, crate::on_demand::SplitLoaderError> {
    Ok(file::load_versioned_by_tree)
});

/// The full reader, once fetched.
async fn by_tree(text: &str) -> Result<Loaded, ImportError> {
    match fetch_reader().await {
        Ok(read) => read(text),
        Err(_) => Err(ImportError::single("$", format!("this file needs the app's reader of older formats and of files with problems, and {}. Check the connection and try again, or reload the page.", crate::on_demand::NOT_FETCHED_WHY))),
    }
}

/// A design file's bytes from outside (an import): `file::open`'s answer.
pub async fn open(bytes: &[u8]) -> Result<Loaded, ImportError> {
    match file::open_direct(bytes) {
        Some(r) => r,
        // (`open_direct` refuses what is not UTF-8 text, so this is text.)
        None => by_tree(std::str::from_utf8(bytes).unwrap_or_default()).await,
    }
}

/// A design file's text: `file::load`'s answer.
pub async fn load(text: &str) -> Result<Design, ImportError> {
    match file::load_direct(text) {
        Some(r) => r.map(|l| l.design),
        None => by_tree(text).await.map(|l| l.design),
    }
}
