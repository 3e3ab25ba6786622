//! `cloudwright rules [--json]`: every best-practice rule with its id, severity, title and
//! the seed article it comes from. `--json` prints the full rule metadata as a JSON list.

use crate::io;
use cloudwright_engine::rules::{self, Severity};
use std::process::ExitCode;

pub fn run(args: &[String]) -> ExitCode {
    let (pos, json) = io::parse(args);
    if !pos.is_empty() {
        eprintln!("usage: cloudwright rules [--json]");
        return ExitCode::from(2);
    }
    let all = rules::all_rules();
    if json {
        emit(format!("{}\n", serde_json::to_string_pretty(all).expect("rules serialize")));
        return ExitCode::SUCCESS;
    }
    let mut out = String::new();
    let width = all.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut area = "";
    for r in all {
        let a = r.id.split('.').next().unwrap_or("");
        if a != area {
            area = a;
            out.push('\n');
        }
        out.push_str(&format!("{:<width$}  {:<7}  {}  [{}]\n", r.id, r.severity.name(), r.title, r.source));
    }
    let n = |s: Severity| all.iter().filter(|r| r.severity == s).count();
    out.push_str(&format!("\n{} rules: {} errors, {} warnings, {} advice\n", all.len(), n(Severity::Error), n(Severity::Warning), n(Severity::Advice)));
    emit(out);
    ExitCode::SUCCESS
}

/// Writes to stdout, ignoring a closed pipe (`cloudwright rules | head`).
pub(crate) fn emit(s: String) {
    use std::io::Write;
    let _ = std::io::stdout().write_all(s.as_bytes());
}
