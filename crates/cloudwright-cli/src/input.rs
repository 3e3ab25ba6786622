//! The one loader of every command: a path or `-` (standard input), read with a size limit,
//! and — for a design — checked by the engine's one entry point, [`file::open`], which the
//! app's import calls too.
//!
//! A file that `validate-file` refuses is refused by every command, with the same report on
//! stderr and the same exit code (2): [`design`] is the only way a command gets a design.

use crate::output::Out;
use crate::Status;
use cloudwright_engine::file::{self, ImportError, Loaded, MAX_FILE_BYTES};
use std::io::Read;

/// `-` means standard input.
pub const STDIN: &str = "-";

/// How a path is named in messages: `standard input` for `-`.
pub fn display(path: &str) -> &str {
    if path == STDIN { "standard input" } else { path }
}

/// Reads a whole input (a file, or stdin for `-`) as bytes, refusing more than
/// [`MAX_FILE_BYTES`] before reading more than that (so `/dev/zero` or an endless pipe is
/// refused at once, not read until memory runs out). Refused: the reason on stderr, exit 2.
pub fn read(path: &str, out: &mut Out) -> Result<Vec<u8>, Status> {
    let limit = MAX_FILE_BYTES as u64;
    let result = if path == STDIN {
        read_limited(std::io::stdin().lock(), limit)
    } else {
        match std::fs::File::open(path) {
            Ok(f) => {
                // A regular file says its size: refuse it without reading a byte.
                match f.metadata() {
                    Ok(m) if m.is_dir() => Err(ReadError::Io(std::io::Error::new(std::io::ErrorKind::Other, "it is a directory"))),
                    Ok(m) if m.is_file() && m.len() > limit => Err(ReadError::TooLarge(Some(m.len()))),
                    _ => read_limited(f, limit),
                }
            }
            Err(e) => Err(ReadError::Io(e)),
        }
    };
    result.map_err(|e| {
        let msg = match e {
            ReadError::Io(e) => format!("cannot read {}: {}", display(path), plain_io(&e)),
            ReadError::TooLarge(len) => refusal(path, &file::too_large(len)),
        };
        out.error(&msg);
        Status::BadInput
    })
}

enum ReadError {
    Io(std::io::Error),
    /// The size when known, else "more than the limit".
    TooLarge(Option<u64>),
}

fn read_limited(r: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    r.take(limit + 1).read_to_end(&mut buf).map_err(ReadError::Io)?;
    if buf.len() as u64 > limit {
        return Err(ReadError::TooLarge(None));
    }
    Ok(buf)
}

/// "No such file or directory", without the "(os error 2)" suffix.
fn plain_io(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Reads and checks a design file exactly as `validate-file` does. Refused: the problems
/// and a summary on stderr ([`refusal`]), exit code 2.
pub fn design(path: &str, out: &mut Out) -> Result<Loaded, Status> {
    let bytes = read(path, out)?;
    file::open(&bytes).map_err(|e| {
        out.error(&refusal(path, &e));
        Status::BadInput
    })
}

/// The report of a refused file, the same for every command: one `path: message` line per
/// problem, then `FILE: N problem(s) found; not a valid design file`.
pub fn refusal(path: &str, e: &ImportError) -> String {
    let n = e.count();
    format!("{e}\n{}: {n} problem{} found; not a valid design file", display(path), if n == 1 { "" } else { "s" })
}

/// A design file, or infrastructure code (a CloudFormation/SAM template, Terraform `.tf` or
/// `terraform show -json`) imported on the way: `check` and `cost` take a template directly.
/// The import's summary goes to stderr (`cloudwright import` prints the whole report); a
/// design file is checked exactly as by [`design`].
pub fn design_or_iac(path: &str, out: &mut Out) -> Result<Loaded, Status> {
    let bytes = read(path, out)?;
    design_or_iac_bytes(path, &bytes, out)
}

/// [`design_or_iac`], and the file's text as read (lossy UTF-8), for a format that points
/// into the file (SARIF's line numbers). The file is read once, so `-` works too.
pub fn design_or_iac_with_text(path: &str, out: &mut Out) -> Result<(Loaded, String), Status> {
    let bytes = read(path, out)?;
    let loaded = design_or_iac_bytes(path, &bytes, out)?;
    Ok((loaded, String::from_utf8_lossy(&bytes).into_owned()))
}

fn design_or_iac_bytes(path: &str, bytes: &[u8], out: &mut Out) -> Result<Loaded, Status> {
    use cloudwright_engine::iac;
    if let Ok(text) = std::str::from_utf8(&bytes) {
        if matches!(iac::detect(path, text), Some(iac::Format::CloudFormation | iac::Format::TerraformHcl | iac::Format::TerraformJson)) {
            return match iac::import(&[iac::SourceFile::new(display(path), text)], &iac::Options::default()) {
                Ok(i) => {
                    let (d, m, n, s) = i.report.counts();
                    out.error(&format!("note: {} imported as infrastructure code: {d} resources drawn, {m} merged, {n} not drawn, {s} skipped (cloudwright import shows the report)", display(path)));
                    Ok(Loaded { design: i.design, version: file::SCHEMA_VERSION })
                }
                Err(errors) => {
                    for e in errors {
                        out.error(&format!("cannot import {e}"));
                    }
                    Err(Status::BadInput)
                }
            };
        }
    }
    file::open(&bytes).map_err(|e| {
        out.error(&refusal(path, &e));
        Status::BadInput
    })
}
