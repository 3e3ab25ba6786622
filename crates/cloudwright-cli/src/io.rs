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

/// Reads a design file for an analysis: the versioned file format first; a file that fails
/// validation but still parses as a design is analysed as written (the analyses report many
/// of the same mistakes with a fix), with a note on stderr. Unreadable: exit code 2.
pub fn load_design(path: &str, verb: &str) -> Result<cloudwright_engine::Design, ExitCode> {
    let text = read(path)?;
    match cloudwright_engine::file::load(&text) {
        Ok(d) => Ok(d),
        Err(e) => match serde_json::from_str::<cloudwright_engine::Design>(&text) {
            Ok(d) => {
                eprintln!("note: {path} does not pass validate-file ({} problem(s)); {verb} it as written.", e.count());
                Ok(d)
            }
            Err(_) => {
                eprintln!("cannot read {path} as a design:\n{e}");
                Err(ExitCode::from(2))
            }
        },
    }
}
