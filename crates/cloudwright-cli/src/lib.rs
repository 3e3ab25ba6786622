//! `cloudwright`: every analysis of the engine, from the command line, for scripts and CI.
//!
//! Shared plumbing, so every command behaves the same in a pipeline:
//! - [`args`]: the one argument parser (unknown options refused with the usage, `-` is
//!   standard input, `--help`);
//! - [`input`]: the one loader (size limit before reading, stdin, and the engine's one file
//!   entry point, so every command refuses what `validate-file` refuses, in the same words);
//! - [`output`]: the one printer (a closed pipe ends output quietly; control characters
//!   escaped).
//!
//! Each command is a module under `commands/` exporting a [`Command`] and listed in
//! [`COMMANDS`]; the usage text and the CLI tests (every command with a closed pipe, stdin,
//! refused files, unknown options, hostile labels) are built from that list.

pub mod args;
pub mod commands;
pub mod icons;
pub mod input;
pub mod output;

use args::{Opt, Parsed};
use output::Out;
use std::fmt::Write as _;
use std::process::ExitCode;

/// How a run ends. The exit codes are the CLI's contract (README, "The command-line tool").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// 0: done; nothing wrong.
    Ok,
    /// 1: the design has errors: an unsuppressed rule error (`check`), a missed latency
    /// target (`latency`), ... — the file itself is valid.
    DesignErrors,
    /// 2: the input cannot be used: bad usage, unreadable or too large, or not a valid
    /// design file (anything `validate-file` refuses).
    BadInput,
}

impl Status {
    pub fn code(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::DesignErrors => 1,
            Status::BadInput => 2,
        }
    }
}

/// What a command's `run` returns: `Ok(status)` when it ran to its end; `Err(status)` when
/// it stopped early, after saying why on stderr. (`?` on [`input::design`] and friends.)
pub type Outcome = Result<Status, Status>;

/// One command of the CLI.
pub struct Command {
    /// The word after `cloudwright`.
    pub name: &'static str,
    /// Its arguments as the usage shows them, e.g. `FILE [--json]`.
    pub synopsis: &'static str,
    /// What it does, in one line.
    pub summary: &'static str,
    /// The options it accepts; any other is refused with the usage.
    pub options: &'static [Opt],
    /// How many operands it takes: (min, max).
    pub operands: (usize, usize),
    /// Arguments that run it on a design file, `FILE` standing for the file (e.g.
    /// `["FILE"]`, `["containers", "FILE"]`); empty when it reads no design file. The CLI
    /// tests run every command this way.
    pub example: &'static [&'static str],
    pub run: fn(&args::Args, &mut Out) -> Outcome,
}

/// Every command, in the order the usage lists them. A new command: a module under
/// `commands/` with a `pub const COMMAND: Command`, and one line here.
pub const COMMANDS: &[&Command] = &[
    &commands::catalog::COMMAND,
    &commands::validate::COMMAND,
    &commands::rules::COMMAND,
    &commands::check::COMMAND,
    &commands::cost::COMMAND,
    &commands::latency::COMMAND,
    &commands::capacity::COMMAND,
    &commands::compare::COMMAND,
    &commands::scenarios::COMMAND,
    &commands::report::COMMAND,
    &commands::sample::COMMAND,
    &commands::share::COMMAND,
    &commands::import::COMMAND,
    &commands::export::COMMAND,
    &commands::diagram::COMMAND,
    &commands::diff::COMMAND,
];

pub fn command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().copied().find(|c| c.name == name)
}

/// The whole usage text (`cloudwright help`).
pub fn usage() -> String {
    let mut s = String::from("cloudwright — plan AWS architectures from the command line\n\nUSAGE:\n");
    let lines: Vec<(String, &str)> = COMMANDS.iter().map(|c| (format!("cloudwright {} {}", c.name, c.synopsis), c.summary)).collect();
    let width = lines.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0).min(56);
    for (l, summary) in &lines {
        let _ = writeln!(s, "  {l:<width$}  {summary}");
    }
    let _ = writeln!(s, "  {:<width$}  this text", "cloudwright help");
    s.push_str(
        "\nFILE is a design file, or - for standard input (at most 10 MB).\n\
         Exit codes: 0 ok; 1 the design has errors; 2 unusable input (bad usage, unreadable,\n\
         too large, or a file validate-file refuses).\n",
    );
    s
}

/// One command's usage: its line and its options.
pub fn command_usage(c: &Command) -> String {
    let mut s = format!("usage: cloudwright {} {}\n  {}\n", c.name, c.synopsis, c.summary);
    if !c.options.is_empty() {
        s.push_str("options:\n");
        for o in c.options {
            let name = match o.value {
                Some(v) => format!("{} {v}", o.name),
                None => o.name.to_string(),
            };
            let _ = writeln!(s, "  {name:<18} {}", o.help);
        }
    }
    s
}

/// Runs the CLI on `argv` (without the program name), writing to `out`.
pub fn run(argv: &[String], out: &mut Out) -> Status {
    let Some((name, rest)) = argv.split_first() else {
        out.error(&usage());
        return Status::BadInput;
    };
    if matches!(name.as_str(), "help" | "--help" | "-h") {
        match rest.first().and_then(|n| command(n)) {
            Some(c) => out.text(&command_usage(c)),
            None => out.text(&usage()),
        }
        return Status::Ok;
    }
    let Some(cmd) = command(name) else {
        out.error(&format!("cloudwright: unknown command \"{name}\"\n\n{}", usage()));
        return Status::BadInput;
    };
    match args::parse(cmd.options, cmd.operands, rest) {
        Parsed::Help => {
            out.text(&command_usage(cmd));
            Status::Ok
        }
        Parsed::Refused(why) => {
            out.error(&format!("cloudwright {}: {why}\n\n{}", cmd.name, command_usage(cmd)));
            Status::BadInput
        }
        Parsed::Run(a) => (cmd.run)(&a, out).unwrap_or_else(|s| s),
    }
}

/// The program: runs on the process's arguments, stdout and stderr.
pub fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    let mut out = Out::std();
    let mut status = run(&argv, &mut out);
    if let Err(e) = out.finish() {
        out.error(&e);
        status = Status::BadInput;
    }
    ExitCode::from(status.code())
}
