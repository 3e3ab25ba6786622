//! `cloudwright report FILE [--format md|html] [-o OUT]`: the hand-over report of a design
//! (the engine's `report`: summary, diagram, assumptions, findings, bill, latency,
//! comparisons, scenarios, what must be true), as Markdown (default) or a standalone,
//! printable HTML page, to standard output or to OUT. The app's Report button shows the same
//! HTML. Exit code: 0 written (whatever the design's findings: the report lists them), 2
//! unusable input, an unknown format or OUT not writable.

use crate::args::{Args, Opt};
use crate::input;
use crate::output::Out;
use crate::{icons, Command, Outcome, Status};
use cloudwright_engine::diagram::{self, SvgOptions};
use cloudwright_engine::report::{self, ReportOptions};

pub const COMMAND: Command = Command {
    name: "report",
    synopsis: "FILE [--format md|html] [-o OUT]",
    summary: "the hand-over report: Markdown, or printable HTML",
    options: &[
        Opt::value("--format", "md|html", "md (Markdown, the default) or html (a standalone page with a print stylesheet)"),
        Opt::value("-o", "OUT", "write to OUT instead of standard output"),
    ],
    operands: (1, 1),
    example: &["FILE"],
    run,
};

fn run(args: &Args, out: &mut Out) -> Outcome {
    let render: fn(&report::Report) -> String = match args.value("--format").unwrap_or("md") {
        "md" | "markdown" => report::markdown,
        "html" => report::html,
        other => {
            out.error(&format!("cloudwright report: unknown format \"{other}\": md or html\n\n{}", crate::command_usage(&COMMAND)));
            return Err(Status::BadInput);
        }
    };
    let design = input::design(args.operand(0).unwrap_or(input::STDIN), out)?.design;
    let opts = ReportOptions { diagram: SvgOptions { icons: icons::data_uris(&diagram::kinds_used(&design)), ..Default::default() } };
    let text = render(&report::build(&design, &opts));
    out.text_or_file(args.value("-o"), &text)?;
    Ok(Status::Ok)
}
