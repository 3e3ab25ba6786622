//! `cloudwright capacity FILE [--json] [--multiplier X]`: how much traffic a design takes.
//!
//! Text: the headroom (the traffic multiple at which the design first saturates or reaches a
//! quota, and the bottleneck), each request-serving component's load, units, utilisation,
//! queueing delay and quota margin at the multiplier, the quotas it counts against, and the
//! findings. JSON: the engine's [`CapacityReport`].
//! Exit code: 1 when something is overloaded or a quota is exceeded at the multiplier, 0
//! otherwise, 2 for unusable input (see `Status`).

use crate::args::{Args, JSON, MULTIPLIER};
use crate::input;
use crate::output::Out;
use crate::{Command, Outcome, Status};
use cloudwright_engine::capacity::{self, fmt_mult, CapacityReport, ComponentCapacity};
use cloudwright_engine::units;
use cloudwright_engine::rules::Severity;
use cloudwright_engine::Design;
use std::fmt::Write as _;

pub const COMMAND: Command = Command {
    name: "capacity",
    synopsis: "FILE|TEMPLATE [--json] [--multiplier X]",
    summary: "utilisation, quotas and headroom; exit 1 when overloaded",
    options: &[JSON, MULTIPLIER],
    operands: (1, 1),
    example: &["FILE"],
    run,
};

fn run(args: &Args, out: &mut Out) -> Outcome {
    let multiplier = args.multiplier();
    let design = input::design_or_iac(args.operand(0).unwrap_or(input::STDIN), out)?.design;
    let report = capacity::analyse(&design, multiplier);
    if args.flag("--json") {
        out.json(&report);
    } else {
        out.text(&render(&design, &report));
    }
    Ok(if report.findings.iter().any(|f| f.severity == Severity::Error) { Status::DesignErrors } else { Status::Ok })
}

/// A count (units, a quota's use and limit): the engine's one writer, as the findings and the
/// app write them (`12,000`, `1.23M`).
fn num(x: f64) -> String {
    units::count_short(x)
}

fn pct(x: f64) -> String {
    units::pct(x)
}

/// The text report.
pub fn render(design: &Design, r: &CapacityReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — capacity at {}× traffic (quota data as of {})", design.name, fmt_mult(r.multiplier), r.data_as_of);
    let h = &r.headroom;
    match h.multiplier {
        Some(m) => {
            let _ = writeln!(out, "\nHEADROOM {}×: {}", fmt_mult(m), h.what);
        }
        None => {
            let _ = writeln!(out, "\nHEADROOM: {}", h.what);
        }
    }
    let _ = writeln!(out, "\nComponents (peak load; target utilisation {}):", pct(r.target_utilisation));
    let _ = writeln!(out, "  {:<22} {:<18} {:>14} {:>22} {:>7} {:>10} {:>9} {:>9}", "node", "kind", "load", "units", "util.", "wait", "needs", "saturates");
    for c in &r.components {
        render_component(&mut out, c);
    }
    if !r.quotas.is_empty() {
        let _ = writeln!(out, "\nQuotas (defaults of a new account):");
        for q in &r.quotas {
            let hits = match q.hits_at {
                Some(0.0) => "exceeded by configuration".to_string(),
                Some(m) => format!("reached at {}×", fmt_mult(m)),
                None => "not reached".to_string(),
            };
            let _ = writeln!(
                out,
                "  {:<44} {:<22} {:>12} of {:>10} {:<22} {:>5}  margin {:>10}  {}{}",
                q.name,
                q.scope,
                num(q.used),
                num(q.limit),
                q.unit,
                pct(q.utilisation),
                num(q.margin),
                hits,
                if q.exceeded { "  EXCEEDED" } else { "" }
            );
        }
    }
    if !r.findings.is_empty() {
        let _ = writeln!(out, "\nFINDINGS ({})", r.findings.len());
        for f in &r.findings {
            let _ = writeln!(out, "  {} {}: {}\n      fix: {}", f.severity.name(), f.rule, f.message, f.fix);
        }
    }
    let _ = writeln!(out, "\nNotes");
    for n in &r.notes {
        let _ = writeln!(out, "  - {n}");
    }
    out
}

fn render_component(out: &mut String, c: &ComponentCapacity) {
    let units = if c.unit_name.is_empty() { "—".to_string() } else { format!("{} {}", num(c.units), cloudwright_engine::capacity::unit_noun(c.units, &c.unit_name)) };
    let wait = match c.wait_mean_ms {
        Some(w) if c.overloaded || !w.is_finite() => "overloaded".to_string(),
        Some(w) => units::ms(w),
        None if c.overloaded => "throttled".to_string(),
        None => "—".to_string(),
    };
    let needs = if c.unit_name.is_empty() { "—".to_string() } else { num(c.needed_units) };
    let sat = match c.saturates_at {
        Some(m) => format!("{}×", fmt_mult(m)),
        None => "—".to_string(),
    };
    let _ = writeln!(
        out,
        "  {:<22} {:<18} {:>14} {:>22} {:>7} {:>10} {:>9} {:>9}{}",
        c.node.as_str(),
        c.kind,
        units::load(c.load, &c.load_unit),
        units,
        pct(c.utilisation),
        wait,
        needs,
        sat,
        if c.overloaded { "  OVERLOADED" } else { "" }
    );
    let _ = writeln!(out, "      {}", c.scaling);
    if let (Some(m), Some(q)) = (c.quota_margin, &c.quota) {
        let _ = writeln!(out, "      quota margin {} ({q})", pct(m));
    }
    if let Some(s) = c.scale_out_s {
        let _ = writeln!(out, "      scale-out ≈ {s:.0} s");
    }
    for n in &c.notes {
        let _ = writeln!(out, "      · {n}");
    }
}
