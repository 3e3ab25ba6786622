//! `cloudwright`: every analysis of the engine, from the command line, for scripts and CI.
//!
//! Each command lives in its own module under `commands/` and returns an exit code:
//! 0 ok, 1 the design has errors (findings, invalid file), 2 bad usage or unreadable input.

mod commands;
mod io;

use std::process::ExitCode;

const USAGE: &str = "cloudwright — plan AWS architectures from the command line

USAGE:
  cloudwright catalog [--json]                 list every component kind and its properties
  cloudwright validate-file FILE               check a design file; non-zero exit on error
  cloudwright rules [--json]                   list every best-practice rule
  cloudwright check FILE [--json]              check a design against the rules
  cloudwright cost FILE [--json]               monthly cost, line by line
  cloudwright latency FILE [--json]            request latency per entry and path
  cloudwright compare containers [FILE] [--json]   ECS vs EKS vs Fargate
  cloudwright compare api [FILE] [--json]          REST vs HTTP vs WebSocket
  cloudwright sample [N]                       a generated design of about N nodes (benchmarks)
  cloudwright help                             this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (c.as_str(), r),
        None => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match cmd {
        "catalog" => commands::catalog::run(rest),
        "validate-file" => commands::validate::run(rest),
        "rules" => commands::rules::run(rest),
        "check" => commands::check::run(rest),
        "cost" => commands::cost::run(rest),
        "latency" => commands::latency::run(rest),
        "compare" => commands::compare::run(rest),
        "sample" => commands::sample::run(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("unknown command \"{other}\"\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
