//! `cloudwright scenarios FILE [--json]`: the design's what-if scenarios side by side.
//!
//! Text: one row per scenario (the baseline first, key 0): monthly cost, its difference from
//! the baseline, the main entry's p95 and p99, open errors and warnings; then what each
//! scenario changes, its three largest cost drivers, and where two scenarios' monthly costs
//! cross between 0.1× and 100× the design's traffic. JSON: `{ rows, curves, crossovers }`
//! (the engine's `scenario::table`, `scenario::chart::curves` and `crossovers`).
//! Exit code: 1 when a scenario cannot be applied to the design (a node it switches is
//! gone, ...), 0 otherwise, 2 for unusable input.

use crate::args::{Args, JSON};
use crate::input;
use crate::output::Out;
use crate::{Command, Outcome, Status};
use cloudwright_engine::scenario::{self, chart, Row};
use cloudwright_engine::units;
use cloudwright_engine::Design;
use serde::Serialize;
use std::fmt::Write as _;

pub const COMMAND: Command = Command {
    name: "scenarios",
    synopsis: "FILE [--json]",
    summary: "the what-if scenarios side by side; exit 1 when one cannot be applied",
    options: &[JSON],
    operands: (1, 1),
    example: &["FILE"],
    run,
};

#[derive(Serialize)]
struct Report<'a> {
    design: &'a str,
    rows: &'a [Row],
    curves: &'a [chart::Curve],
    crossovers: &'a [chart::Crossover],
}

fn run(args: &Args, out: &mut Out) -> Outcome {
    let design = input::design(args.operand(0).unwrap_or(input::STDIN), out)?.design;
    let rows = scenario::table(&design);
    let curves = chart::curves(&design, &chart::multipliers());
    let crossovers = chart::crossovers(&design, &curves);
    if args.flag("--json") {
        out.json(&Report { design: &design.name, rows: &rows, curves: &curves, crossovers: &crossovers });
    } else {
        out.text(&render(&design, &rows, &curves, &crossovers));
    }
    Ok(if rows.iter().any(|r| r.error.is_some()) { Status::DesignErrors } else { Status::Ok })
}

/// The text report.
pub fn render(design: &Design, rows: &[Row], curves: &[chart::Curve], crossovers: &[chart::Crossover]) -> String {
    let mut out = String::new();
    let price = rows[0].totals.as_ref().map(|t| format!(" (price book {}, as of {})", t.price_version, t.price_as_of)).unwrap_or_default();
    let _ = writeln!(out, "{} — scenarios{price}", design.name);
    if rows.len() == 1 {
        let _ = writeln!(out, "\nNo scenarios yet: the design as drawn is the baseline. Add some in the app (Scenarios panel).");
    }
    let width = rows.iter().map(|r| r.name.chars().count()).max().unwrap_or(8).clamp(8, 40);
    let _ = writeln!(out, "\n{:<3} {:<width$}  {:>12}  {:>24}  {:>9}  {:>9}  {:>6}  {:>8}", "KEY", "SCENARIO", "MONTHLY", "VS BASELINE", "P95", "P99", "ERRORS", "WARNINGS");
    for r in rows {
        let name: String = r.name.chars().take(width).collect();
        match (&r.totals, &r.error) {
            (Some(t), _) => {
                let (p95, p99) = t.main_entry.as_ref().map_or(("—".to_string(), "—".to_string()), |e| (units::ms(e.p95_ms), units::ms(e.p99_ms)));
                let delta = match (&r.delta, r.delta_pct) {
                    (Some(d), Some(p)) => format!("{} ({:+.0}%)", units::money_delta_month(d.monthly), p),
                    (Some(d), None) => units::money_delta_month(d.monthly),
                    (None, _) => "—".into(),
                };
                let _ = writeln!(out, "{:<3} {name:<width$}  {:>12}  {delta:>24}  {p95:>9}  {p99:>9}  {:>6}  {:>8}", r.key, units::money(t.monthly), t.errors, t.warnings);
            }
            (None, e) => {
                let _ = writeln!(out, "{:<3} {name:<width$}  cannot be applied: {}", r.key, e.as_deref().unwrap_or("unknown"));
            }
        }
    }
    let _ = writeln!(out, "\nWHAT EACH CHANGES AND ITS LARGEST COSTS");
    for r in rows {
        let changes = if r.id.is_none() { "the design as drawn".to_string() } else { r.changes.join("; ") };
        let _ = writeln!(out, "{} {}: {}", r.key, r.name, if changes.is_empty() { "nothing yet".into() } else { changes });
        if !r.drivers.is_empty() {
            let d: Vec<String> = r.drivers.iter().map(|d| format!("{} {}", d.label, units::money(d.monthly))).collect();
            let _ = writeln!(out, "    top costs: {}", d.join(", "));
        }
    }
    if rows.len() > 1 {
        let _ = writeln!(out, "\nCROSSOVERS (monthly cost against traffic, 0.1×–100× the design's)");
        if crossovers.is_empty() {
            let _ = writeln!(out, "none: no two scenarios change places in that range");
        }
        for x in crossovers {
            let (a, b) = (&curves[x.a].name, &curves[x.b].name);
            let cheaper = &curves[x.cheaper_above].name;
            let _ = writeln!(out, "{a} and {b} cross at {}× traffic ({}/month); above it {cheaper} is cheaper", units::mult(x.multiplier), units::money(x.monthly));
        }
    }
    out
}
