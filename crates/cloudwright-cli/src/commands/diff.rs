//! `cloudwright diff BEFORE AFTER [--format text|md|json] [--fail-on-new-errors]
//! [--max-cost-increase AMOUNT] [--max-cost-increase-pct P]`: what a change does to a design
//! (the engine's `diff`): components and connections added, removed, changed (each field old
//! → new), moves, workload/region/scenario changes, layout-only changes apart, findings
//! introduced and cleared, the bill by service and in total, and latency per entry, before →
//! after. `md` is fit to paste into a pull request; `json` (= `--json`) is the whole diff.
//!
//! Exit code: 0, or 1 when a gate given on the command line is exceeded (an error finding
//! introduced with `--fail-on-new-errors`; the monthly cost rising by more than AMOUNT USD,
//! or by more than P percent — any rise from $0 exceeds a percentage); each exceeded gate is
//! named on stderr. 2: unusable input (either file, an unknown format).

use crate::args::{Args, Opt, JSON};
use crate::input;
use crate::output::Out;
use crate::{Command, Outcome, Status};
use cloudwright_engine::diff::{self, render, Diff};
use cloudwright_engine::units;

pub const COMMAND: Command = Command {
    name: "diff",
    synopsis: "BEFORE AFTER [--format text|md|json] [--fail-on-new-errors] [--max-cost-increase AMOUNT] [--max-cost-increase-pct P]",
    summary: "what changed between two designs: components, findings, cost, latency",
    options: &[
        Opt::value("--format", "text|md|json", "text (default), md (Markdown for a pull request) or json"),
        JSON,
        Opt::switch("--fail-on-new-errors", "exit 1 when the change introduces an error finding"),
        Opt::number("--max-cost-increase", "AMOUNT", "exit 1 when the monthly cost rises by more than AMOUNT USD", 0.0, 1e12),
        Opt::number("--max-cost-increase-pct", "P", "exit 1 when the monthly cost rises by more than P percent", 0.0, 1e6),
    ],
    operands: (2, 2),
    example: &["FILE", "FILE"],
    run,
};

fn run(args: &Args, out: &mut Out) -> Outcome {
    let format = if args.flag("--json") { "json" } else { args.value("--format").unwrap_or("text") };
    if !matches!(format, "text" | "md" | "markdown" | "json") {
        out.error(&format!("cloudwright diff: unknown format \"{format}\": text, md or json\n\n{}", crate::command_usage(&COMMAND)));
        return Err(Status::BadInput);
    }
    let (a, b) = (args.operand(0).unwrap_or(input::STDIN), args.operand(1).unwrap_or(input::STDIN));
    let before = input::design_or_iac(a, out)?.design;
    // The same operand twice (`-` included: standard input can be read once) is one file.
    let after = if a == b { before.clone() } else { input::design_or_iac(b, out)?.design };
    let d = diff::diff(&before, &after);
    match format {
        "json" => out.json(&d),
        "text" => out.text(&render::text(&d)),
        _ => out.text(&render::markdown(&d)),
    }
    let failed = gates(&d, args.flag("--fail-on-new-errors"), args.number("--max-cost-increase"), args.number("--max-cost-increase-pct"));
    for why in &failed {
        out.error(&format!("cloudwright diff: {why}"));
    }
    Ok(if failed.is_empty() { Status::Ok } else { Status::DesignErrors })
}

/// The gates the diff exceeds, each as a sentence (empty: it passes).
fn gates(d: &Diff, no_new_errors: bool, max_increase: Option<f64>, max_pct: Option<f64>) -> Vec<String> {
    let mut v = Vec::new();
    let errors = d.findings.new_errors();
    if no_new_errors && errors > 0 {
        v.push(format!("{errors} new error finding{} (--fail-on-new-errors)", if errors == 1 { "" } else { "s" }));
    }
    let m = &d.cost.monthly;
    let rise = m.change();
    if let Some(limit) = max_increase {
        if rise > limit {
            v.push(format!("monthly cost rises {} ({} → {}), more than the limit of {} (--max-cost-increase)", units::money_delta_month(rise), units::money(m.before), units::money(m.after), units::money(limit)));
        }
    }
    if let Some(pct) = max_pct {
        // From $0 any rise is an infinite percentage.
        let over = match m.ratio() {
            Some(r) => r * 100.0 > pct,
            None => rise > 0.0,
        };
        if over {
            let r = m.ratio().map(|r| format!("{:+.1}%", r * 100.0)).unwrap_or_else(|| "from $0.00".into());
            v.push(format!("monthly cost rises {} ({r}), more than the limit of {pct}% (--max-cost-increase-pct)", units::money_delta_month(rise)));
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudwright_engine::diff::Delta;

    fn with_cost(before: f64, after: f64) -> Diff {
        let d = cloudwright_engine::Design::new("x", "us-east-1");
        let mut x = diff::diff(&d, &d);
        x.cost.monthly = Delta { before, after };
        x
    }

    #[test]
    fn cost_gates_compare_the_monthly_rise() {
        // $100 → $112: a rise of $12, 12 %.
        let x = with_cost(100.0, 112.0);
        assert!(gates(&x, true, Some(12.0), Some(12.0)).is_empty(), "equal to the limit passes");
        assert_eq!(gates(&x, false, Some(11.99), None).len(), 1);
        assert_eq!(gates(&x, false, None, Some(11.9)).len(), 1);
        assert!(gates(&x, false, None, Some(11.9))[0].contains("+12.0%"));
        // From $0 any rise exceeds a percentage; a fall never does.
        assert_eq!(gates(&with_cost(0.0, 0.01), false, None, Some(1e6)).len(), 1);
        assert!(gates(&with_cost(50.0, 10.0), false, Some(0.0), Some(0.0)).is_empty());
    }
}
