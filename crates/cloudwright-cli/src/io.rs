//! The CLI's only I/O helpers: reading a design file and parsing flags.

use std::process::ExitCode;

/// Splits args into positional ones and whether `--json` was given.
pub fn parse(args: &[String]) -> (Vec<&str>, bool) {
    let json = args.iter().any(|a| a == "--json");
    let pos = args.iter().filter(|a| !a.starts_with("--")).map(String::as_str).collect();
    (pos, json)
}

/// Reads a file to a string, or prints why not and returns exit code 2.
pub fn read(path: &str) -> Result<String, ExitCode> {
    std::fs::read_to_string(path).map_err(|e| {
        eprintln!("cannot read {path}: {e}");
        ExitCode::from(2)
    })
}
