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

use crate::on_demand::{Ask, Split, SplitCode};
use cloudwright_engine::file::{self, ImportError, Loaded};
use cloudwright_engine::Design;

/// The full reader's entry point.
type Reader = fn(&str) -> Result<Loaded, ImportError>;

crate::on_demand::split_point!(file_reader =>
/// The full reader (`file::load_versioned_by_tree`). A split point (src/on_demand.rs).
fn fetch_reader() -> Result<Reader, crate::on_demand::SplitLoaderError> {
    Ok(file::load_versioned_by_tree)
});

thread_local! {
    /// Whether the full reader's code is in (`on_demand::Split`: one fetch at a time, however
    /// many files wait for it — the versions of a design are read one after the other).
    static READER: Split<Reader> = Split::new(|| Box::pin(fetch_reader()));
}

/// Why the app did not read a design file.
#[derive(Clone, Debug)]
pub enum ReadError {
    /// The file is refused: every problem found, each with its JSON path (`file::open`'s).
    Refused(ImportError),
    /// The file needs the full reader and its code could not be fetched: the file was not read,
    /// not found wrong — a later try (online, or after a reload) may open it. The start-up does
    /// not replace a stored design it could not read for this reason (QA s56 F5, review R10).
    ReaderNotFetched,
}

impl ReadError {
    /// Why, in a sentence for a message about a stored design (no JSON paths: the user never
    /// saw the file): the first problem and how many more, or the reader's fetch. Without a
    /// full stop (the caller's sentence goes on).
    pub fn reason(&self) -> String {
        let why = match self {
            ReadError::Refused(e) => {
                let first = e.problems.first().map_or_else(|| "it is not a design file".to_string(), |p| p.message.clone());
                match e.count() {
                    0 | 1 => first,
                    n => format!("{first} (and {} more problem{})", n - 1, if n == 2 { "" } else { "s" }),
                }
            }
            ReadError::ReaderNotFetched => self.to_string(),
        };
        why.trim_end_matches('.').to_string()
    }

    /// The lines a list of problems shows (the import's dialog): each problem with its path;
    /// the reader's fetch in words, without a path (it is not about a place in the file).
    pub fn lines(&self) -> Vec<String> {
        match self {
            ReadError::Refused(e) => {
                let mut lines: Vec<String> = e.problems.iter().map(|p| p.to_string()).collect();
                if e.omitted > 0 {
                    lines.push(format!("\u{2026} and {} more", e.omitted));
                }
                lines
            }
            ReadError::ReaderNotFetched => vec![self.to_string()],
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Refused(e) => e.fmt(f),
            ReadError::ReaderNotFetched => write!(f, "this file needs the app's reader of older formats and of files with problems, and {}. Check the connection and try again, or reload the page.", crate::on_demand::NOT_FETCHED_WHY),
        }
    }
}

/// The full reader, once fetched (`ask`: [`Ask::Retry`] tries a failed fetch again). `waits`
/// is called first when its code is not in (the caller says so to the user).
async fn by_tree(text: &str, ask: Ask, waits: impl FnOnce()) -> Result<Loaded, ReadError> {
    if READER.get().is_none() {
        waits();
    }
    match READER.load(ask).await {
        Ok(read) => read(text).map_err(ReadError::Refused),
        Err(_) => Err(ReadError::ReaderNotFetched),
    }
}

/// A design file's bytes from outside (an import): `file::open`'s answer. `waits` is called
/// when the file needs the full reader and its code is not in (before the wait).
pub async fn open_noting(bytes: &[u8], waits: impl FnOnce()) -> Result<Loaded, ReadError> {
    match file::open_direct(bytes) {
        Some(r) => r.map_err(ReadError::Refused),
        // (`open_direct` refuses what is not UTF-8 text, so this is text.)
        None => by_tree(std::str::from_utf8(bytes).unwrap_or_default(), Ask::Retry, waits).await,
    }
}

/// [`open_noting`] with nothing to say while it waits.
pub async fn open(bytes: &[u8]) -> Result<Loaded, ReadError> {
    open_noting(bytes, || {}).await
}

/// A design file's text: `file::load`'s answer (a failed fetch of the reader tried again).
pub async fn load(text: &str) -> Result<Design, ReadError> {
    load_asking(text, Ask::Retry).await
}

/// [`load`] with the reader asked as `ask`: [`Ask::Use`] answers a failure already met without
/// a new fetch — the next files of a list once one has failed (review s56 R13: each version
/// of a design tried the fetch again, one request and one warning each).
pub async fn load_asking(text: &str, ask: Ask) -> Result<Design, ReadError> {
    load_with(text, ask, || {}).await
}

/// [`load`], with `waits` called when the text needs the full reader and its code is not in
/// (before the wait): a stored design of an older format opened from the designs list.
pub async fn load_noting(text: &str, waits: impl FnOnce()) -> Result<Design, ReadError> {
    load_with(text, Ask::Retry, waits).await
}

async fn load_with(text: &str, ask: Ask, waits: impl FnOnce()) -> Result<Design, ReadError> {
    match file::load_direct(text) {
        Some(r) => r.map(|l| l.design).map_err(ReadError::Refused),
        None => by_tree(text, ask, waits).await.map(|l| l.design),
    }
}
