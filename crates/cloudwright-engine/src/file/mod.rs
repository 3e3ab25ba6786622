//! The versioned JSON file format.
//!
//! A design file is a JSON object:
//!
//! ```json
//! {
//!   "schema_version": 5,
//!   "name": "Three-tier web app",
//!   "region": "us-east-1",
//!   "nodes": { "db-1": { "id": "db-1", "kind": "rds", "parent": "subnet-1", "props": { "multi_az": true } } },
//!   "connections": { "c1": { "id": "c1", "from": "alb-1", "to": "db-1", "kind": "sync" } },
//!   "workload": { "request_kb": 2.0, ... },
//!   "layout": { "db-1": { "x": 40.0, "y": 60.0, "w": 120.0, "h": 64.0 } }
//! }
//! ```
//!
//! Invariants:
//! - [`save`] is deterministic (maps are ordered) and `load(&save(d)) == Ok(d)`, floats
//!   included (this needs serde_json's `float_roundtrip` feature, else some 17-digit
//!   numbers come back one unit in the last place off).
//! - [`load`] never panics and never half-loads: it returns a whole, valid [`Design`] or an
//!   [`ImportError`] listing every problem found (up to [`error::MAX_PROBLEMS`]), each with
//!   a JSON path into the file as the user wrote it.
//! - Older files are brought to the current format by [`migrate`]; newer ones are refused.
//!
//! Modules: `direct` (a valid current-format file read in one pass, straight into the
//! design), `parse` (text to JSON, duplicate keys), [`migrate`] (format history),
//! `validate` (JSON to a checked design), [`error`] (problems and paths).
//!
//! Two readers, one answer: [`load_versioned`] first tries `direct`, which builds no
//! document tree and no paths (a 9,000-node file in a fifth of the instructions); at the
//! first thing it does not accept (an older version, any problem) the full reader reads the
//! file — migrating it, or listing every problem with its path. `direct` never accepts what
//! the full reader refuses and reads the same design (tests/file_format.rs compares them).

mod direct;
pub mod error;
pub mod migrate;
mod parse;
mod validate;

pub use error::{ImportError, Problem};

use crate::model::Design;
use serde::Serialize;

/// The format version [`save`] writes. See [`migrate`] for the history.
pub const SCHEMA_VERSION: u32 = 5;

/// Files larger than this are refused before parsing (10 MiB; a large design is ~1 MB).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// A design as written to a file: the format version first, then the design's fields.
#[derive(Serialize)]
struct File<'a> {
    schema_version: u32,
    #[serde(flatten)]
    design: &'a Design,
}

/// The design as pretty-printed JSON in the current format, ending with a newline.
pub fn save(d: &Design) -> String {
    // Cannot fail: every map key is a string and every value is plain data.
    let mut s = serde_json::to_string_pretty(&File { schema_version: SCHEMA_VERSION, design: d }).expect("a design always serializes");
    s.push('\n');
    s
}

/// The same document as [`save`] without whitespace (for share links, where every byte
/// counts); [`load`] reads both.
pub fn save_compact(d: &Design) -> String {
    serde_json::to_string(&File { schema_version: SCHEMA_VERSION, design: d }).expect("a design always serializes")
}

/// A loaded design and the format version its file was written in.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub design: Design,
    /// The file's own `schema_version` (before migration).
    pub version: u32,
}

/// Reads a design file of any supported version.
pub fn load(text: &str) -> Result<Design, ImportError> {
    load_versioned(text).map(|l| l.design)
}

/// Reads a design file from raw bytes: **the one entry point for every file that comes
/// from outside** — every CLI command (`validate-file`, `check`, `cost`, ...) and the app's
/// import (file picker or drop) call it, so they accept exactly the same files. Checks the
/// size first, then that the bytes are UTF-8 text, then everything [`load_versioned`] checks.
pub fn open(bytes: &[u8]) -> Result<Loaded, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(Some(bytes.len() as u64)));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => load_versioned(text),
        Err(e) => Err(not_text(e)),
    }
}

/// The refusal of bytes that are not UTF-8 text.
fn not_text(e: std::str::Utf8Error) -> ImportError {
    ImportError::single("$", format!("the file is not text (UTF-8): it looks like a binary file (invalid byte at offset {})", e.valid_up_to()))
}

/// [`open`], without the version.
pub fn load_bytes(bytes: &[u8]) -> Result<Design, ImportError> {
    open(bytes).map(|l| l.design)
}

/// Like [`load`], also telling which format version the file was written in.
/// The two steps the app takes apart ([`load_direct`], then [`load_versioned_by_tree`] when
/// the first gives up), so both read a file with the same checks.
pub fn load_versioned(text: &str) -> Result<Loaded, ImportError> {
    load_direct(text).unwrap_or_else(|| load_versioned_by_tree(text))
}

/// [`open`]'s first step alone, for a caller that fetches the full reader only when needed
/// (the app: its code is fetched on first use, BENCHMARKS.md s56-size): `Some` when that step
/// decides — the file read by the one-pass reader, or refused as too large or not text — and
/// `None` when the full reader must read it ([`load_versioned_by_tree`]: an older format, or
/// anything the one-pass reader does not accept; its answer is then [`open`]'s).
pub fn open_direct(bytes: &[u8]) -> Option<Result<Loaded, ImportError>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Some(Err(too_large(Some(bytes.len() as u64))));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => load_direct(text),
        Err(e) => Some(Err(not_text(e))),
    }
}

/// [`load_versioned`]'s first step alone (see [`open_direct`]): `None` when the full reader
/// must read the text.
pub fn load_direct(text: &str) -> Option<Result<Loaded, ImportError>> {
    if text.len() > MAX_FILE_BYTES {
        return Some(Err(too_large(Some(text.len() as u64))));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    direct::read(text).map(|design| Ok(Loaded { design, version: SCHEMA_VERSION }))
}

/// The full reader alone (what [`load_versioned`] falls back to): the file parsed into a
/// JSON document, migrated, checked with a path for every problem, then read. Public for the
/// tests that compare the two readers; callers use [`load_versioned`].
#[doc(hidden)]
pub fn load_versioned_by_tree(text: &str) -> Result<Loaded, ImportError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(too_large(Some(text.len() as u64)));
    }
    load_by_tree(text.strip_prefix('\u{feff}').unwrap_or(text))
}

fn load_by_tree(text: &str) -> Result<Loaded, ImportError> {
    let mut errs = ImportError::new();
    let doc = parse::parse(text, &mut errs)?;
    let version = match migrate::version_of(&doc) {
        Ok(v) => v,
        Err(e) => {
            errs.extend(e);
            return Err(errs);
        }
    };
    let mut migrated = match migrate::to_current(doc, version) {
        Ok(m) => m,
        Err(e) => {
            errs.extend(e);
            return Err(errs);
        }
    };
    let mut found = ImportError::new();
    let design = validate::read_design(std::mem::take(&mut migrated.doc), &mut found);
    errs.omitted += found.omitted;
    for mut p in found.problems {
        p.path = migrated.original_path(&p.path);
        errs.push(p);
    }
    match design {
        Some(design) if errs.is_empty() => Ok(Loaded { design, version }),
        _ => {
            if errs.is_empty() {
                errs.add("$", "the design could not be read");
            }
            Err(errs)
        }
    }
}

/// The refusal of a file over [`MAX_FILE_BYTES`]: `len` is its size when known (a file),
/// `None` when only "more than the limit" is known (a stream read up to the limit).
pub fn too_large(len: Option<u64>) -> ImportError {
    let size = match len {
        Some(n) => format!("{n} bytes"),
        None => format!("more than {MAX_FILE_BYTES} bytes"),
    };
    ImportError::single("$", format!("the file is too large ({size}); a design file may be at most {MAX_FILE_BYTES} bytes (10 MB)"))
}
