//! `cloudwright rules [--json]`: every best-practice rule with its id, severity, title and
//! the seed article it comes from. `--json` prints the full rule metadata as a JSON list.

use crate::args::{Args, JSON};
use crate::output::Out;
use crate::{Command, Outcome, Status};
use cloudwright_engine::rules::{self, Severity};

pub const COMMAND: Command = Command {
    name: "rules",
    synopsis: "[--json]",
    summary: "list every best-practice rule",
    options: &[JSON],
    operands: (0, 0),
    example: &[],
    run,
};

fn run(args: &Args, out: &mut Out) -> Outcome {
    let all = rules::all_rules();
    if args.flag("--json") {
        out.json(all);
        return Ok(Status::Ok);
    }
    let mut text = String::new();
    let width = all.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut area = "";
    for r in all {
        let a = r.id.split('.').next().unwrap_or("");
        if a != area {
            area = a;
            text.push('\n');
        }
        text.push_str(&format!("{:<width$}  {:<7}  {}  [{}]\n", r.id, r.severity.name(), r.title, r.source));
    }
    let n = |s: Severity| all.iter().filter(|r| r.severity == s).count();
    text.push_str(&format!("\n{} rules: {} errors, {} warnings, {} advice\n", all.len(), n(Severity::Error), n(Severity::Warning), n(Severity::Advice)));
    out.text(&text);
    Ok(Status::Ok)
}
