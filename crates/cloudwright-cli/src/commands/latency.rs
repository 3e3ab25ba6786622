//! `cloudwright latency FILE [--json] [--multiplier X]`: projected request latency per entry
//! point, at the design's traffic × X (default 1; queueing, overload and cold starts follow
//! the traffic, see `latency::project_at`).
//!
//! For each entry (internet users, on-premises sites): p50/p95/p99, the latency target
//! verdict, the top paths by share of traffic, the critical path hop by hop (network and
//! service time, share of the path's mean, data sources) and the asynchronous processing
//! delays. Exit code: 1 when a latency target (users.slo_p99_ms) is missed, 0 otherwise,
//! 2 when the file cannot be read or parsed.

use crate::args::{Args, JSON, MULTIPLIER};
use crate::input;
use crate::output::Out;
use crate::{Command, Outcome, Status};
use cloudwright_engine::latency::{self, EntryLatency, LatencyReport};
use cloudwright_engine::Design;
use std::fmt::Write as _;

pub const COMMAND: Command = Command {
    name: "latency",
    synopsis: "FILE [--json] [--multiplier X]",
    summary: "request latency per entry and path; exit 1 on a missed target",
    options: &[JSON, MULTIPLIER],
    operands: (1, 1),
    example: &["FILE"],
    run,
};

fn run(args: &Args, out: &mut Out) -> Outcome {
    let multiplier = args.multiplier();
    let design = input::design(args.operand(0).unwrap_or(input::STDIN), out)?.design;
    let report = latency::project_at(&design, multiplier);
    if args.flag("--json") {
        out.json(&report);
    } else {
        out.text(&render(&design, &report, multiplier));
    }
    Ok(if report.findings.is_empty() { Status::Ok } else { Status::DesignErrors })
}

/// A latency as printed: "overloaded" when it has no finite value (a saturated component).
fn ms(v: f64) -> String {
    if !v.is_finite() {
        "overloaded".into()
    } else if v >= 100.0 {
        format!("{v:.0} ms")
    } else if v >= 10.0 {
        format!("{v:.1} ms")
    } else {
        format!("{v:.2} ms")
    }
}

/// The report as text; `multiplier` (the traffic it was projected at) is named when not 1.
pub fn render(design: &Design, r: &LatencyReport, multiplier: f64) -> String {
    let mut out = String::new();
    let at = if multiplier == 1.0 { String::new() } else { format!(" at {}× traffic", cloudwright_engine::capacity::fmt_mult(multiplier)) };
    let _ = writeln!(out, "{} — request latency{at} (data as of {})", design.name, r.data_as_of);
    if r.entries.is_empty() {
        let _ = writeln!(out, "\nNo entry points (users, on-premises): nothing to project.");
    }
    for e in &r.entries {
        render_entry(&mut out, e);
    }
    if !r.findings.is_empty() {
        let _ = writeln!(out, "\nFINDINGS ({})", r.findings.len());
        for f in &r.findings {
            let _ = writeln!(out, "  latency-slo: {}", f.message);
        }
    }
    if !r.notes.is_empty() {
        let _ = writeln!(out, "\nNotes");
        for n in &r.notes {
            let _ = writeln!(out, "  - {n}");
        }
    }
    out
}

fn render_entry(out: &mut String, e: &EntryLatency) {
    let name = if e.label.is_empty() { e.entry.to_string() } else { format!("{} ({})", e.label, e.entry) };
    // The entry's traffic as the app's latency panel writes it (`38/s`, `3.5M/month`).
    let rate = cloudwright_engine::units::rate_natural(e.requests_per_second * cloudwright_engine::traffic::SECONDS_PER_MONTH);
    let _ = writeln!(out, "\n{name} — {} in {}, {rate}", e.kind, e.geography);
    let _ = writeln!(out, "  p50 {}   p95 {}   p99 {}   mean {}", ms(e.p50_ms), ms(e.p95_ms), ms(e.p99_ms), ms(e.mean_ms));
    for o in &e.overloaded {
        let u = if o.utilisation.is_finite() { cloudwright_engine::units::pct(o.utilisation) } else { "no capacity".into() };
        let _ = writeln!(out, "  OVERLOADED: {:.1}% of requests reach {} ({u} of its capacity at peak); see `cloudwright capacity`", o.share * 100.0, o.node);
    }
    if let Some(s) = &e.slo {
        let verdict = if s.met { "met" } else { "MISSED" };
        let _ = writeln!(out, "  target p99 {}: {verdict} (projected {})", ms(s.target_p99_ms), ms(s.projected_p99_ms));
    }
    if !e.paths.is_empty() {
        let _ = writeln!(out, "  Top paths ({:.1}% of traffic shown):", e.paths_share_covered * 100.0);
        for (i, p) in e.paths.iter().enumerate() {
            let mark = if Some(i) == e.critical_path { " ← critical" } else { "" };
            let route: Vec<&str> = p.nodes.iter().map(|n| n.as_str()).collect();
            let _ = writeln!(out, "   {:>6.2}%  p50 {:>9}  p99 {:>9}  {} ({}){mark}", p.share * 100.0, ms(p.p50_ms), ms(p.p99_ms), route.join(" → "), p.outcome);
        }
    }
    if let Some(p) = e.critical_path.and_then(|k| e.paths.get(k)) {
        let _ = writeln!(out, "  Critical path, hop by hop:");
        for h in &p.hops {
            let _ = writeln!(
                out,
                "    {:<24} {:<18} net {:>9} ({})  service p50 {:>9} p99 {:>9}  {:>5.1}% of mean",
                h.node.as_str(),
                h.kind,
                ms(h.network_p50_ms),
                h.network,
                ms(h.service_p50_ms),
                ms(h.service_p99_ms),
                h.contribution_pct
            );
            for n in &h.notes {
                let _ = writeln!(out, "        · {n}");
            }
        }
    }
    if !e.async_delays.is_empty() {
        let _ = writeln!(out, "  Asynchronous processing (after the response):");
        for a in &e.async_delays {
            let _ = writeln!(out, "   {:>6.2}%  {} → {} via {}: p50 {}, p99 {} ({})", a.share * 100.0, a.from, a.to, a.via, ms(a.p50_ms), ms(a.p99_ms), a.description);
        }
    }
}
