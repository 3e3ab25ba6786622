//! `cloudwright diagram FILE [--legend] [--total] [--tidy] [--check] [--json]`: the design drawn as a standalone SVG (the
//! engine's `diagram::render`, the same drawing and connector routes as the app's canvas and
//! export; icons are left out), or with `--check` what makes the drawing hard to read
//! (`diagram::check`: labels over labels or icons, connectors through icons or labels or on
//! top of each other, connectors too short to see). `--json`: both, as
//! `{"problems": [text…], "svg": "<svg…>"}`. `--tidy`: the design as the app's "Tidy up"
//! lays it out (`diagram::tidy`), the file unchanged.
//!
//! Exit codes: 0 ok (with `--check`: no problem); 1 with `--check`, when there are problems;
//! 2 an unusable input.

use crate::args::{Args, Opt};
use crate::input;
use crate::output::Out;
use crate::{Command, Outcome, Status};
use cloudwright_engine::diagram::{self, SvgOptions};

pub const COMMAND: Command = Command {
    name: "diagram",
    synopsis: "FILE [--legend] [--total] [--tidy] [--check] [--json]",
    summary: "the design as an SVG diagram, or (--check) what makes it hard to read",
    options: &[Opt::switch("--legend", "add the design's name above and a legend of kinds and connection styles below"), Opt::switch("--total", "add the monthly total (the cost engine's figure) under the name"), Opt::switch("--tidy", "draw (or check) the design as \"Tidy up\" lays it out"), Opt::switch("--check", "list the drawing's legibility problems instead (exit 1 when there are any)"), Opt::switch("--json", "print {\"problems\": [...], \"svg\": \"...\"}")],
    operands: (1, 1),
    example: &["FILE"],
    run,
};

fn run(args: &Args, out: &mut Out) -> Outcome {
    let loaded = input::design(args.operand(0).unwrap_or(input::STDIN), out)?;
    let mut tidied = loaded.design.clone();
    if args.flag("--tidy") {
        if let Some(e) = diagram::tidy::tidy(&loaded.design, None) {
            if let Err(e) = e.apply(&mut tidied) {
                out.error(&format!("cannot tidy the design: {e}"));
                return Err(Status::BadInput);
            }
        }
    }
    let d = &tidied;
    let check = args.flag("--check");
    let opts = SvgOptions { legend: args.flag("--legend") || args.flag("--total"), monthly_total: args.flag("--total").then(|| cloudwright_engine::diagram::svg::MonthlyTotal::of(d)), ..Default::default() };
    if args.flag("--json") {
        let problems: Vec<String> = diagram::check(d).iter().map(|p| p.to_string()).collect();
        let failed = check && !problems.is_empty();
        out.json(&serde_json::json!({ "problems": problems, "svg": diagram::render(d, &opts) }));
        return Ok(if failed { Status::DesignErrors } else { Status::Ok });
    }
    if !check {
        out.text(&diagram::render(d, &opts));
        out.text("\n");
        return Ok(Status::Ok);
    }
    let problems = diagram::check(d);
    if problems.is_empty() {
        out.text("The diagram reads well: no overlapping labels, no connector through an icon or a label, none on top of another.\n");
    }
    for p in &problems {
        out.text(&format!("{p}\n"));
    }
    Ok(if problems.is_empty() { Status::Ok } else { Status::DesignErrors })
}
