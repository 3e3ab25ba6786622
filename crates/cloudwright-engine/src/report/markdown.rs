//! The report as Markdown (CommonMark with pipe tables). Every piece of user text goes
//! through [`md_escape`]; the diagram is embedded as an SVG data URI image.

use super::{ms_or_overloaded, summary_lines, Report, SECTIONS};
use crate::diagram::svg_data_uri;
use crate::text::md_escape as e;
use crate::units;
use std::fmt::Write;

fn heading(out: &mut String, id: &str) {
    let title = SECTIONS.iter().find(|(i, _)| *i == id).map(|(_, t)| *t).unwrap_or(id);
    let _ = write!(out, "\n## {title}\n\n");
}

/// The report as Markdown text.
pub fn markdown(r: &Report) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# Hand-over report: {}", e(&r.design));
    heading(&mut o, "summary");
    for l in summary_lines(r) {
        let _ = writeln!(o, "- {}", e(&l));
    }
    heading(&mut o, "diagram");
    let _ = writeln!(o, "![Diagram of {}]({})", e(&r.design), svg_data_uri(&r.diagram_svg));
    heading(&mut o, "assumptions");
    let _ = writeln!(o, "| What | Value |\n|---|---|");
    for (k, v) in &r.assumptions {
        let _ = writeln!(o, "| {} | {} |", e(k), e(v));
    }
    findings(&mut o, r);
    bill(&mut o, r);
    latency(&mut o, r);
    comparisons(&mut o, r);
    scenarios(&mut o, r);
    heading(&mut o, "must-be-true");
    let _ = writeln!(o, "The figures above hold only if all of this is true:\n");
    for s in &r.must_be_true {
        let _ = writeln!(o, "- {}", e(s));
    }
    o
}

fn findings(o: &mut String, r: &Report) {
    heading(o, "findings");
    if r.findings.is_empty() {
        let _ = writeln!(o, "No open findings.");
    }
    for f in &r.findings {
        let _ = writeln!(o, "### {} — {} ({})\n", f.severity.name(), e(&f.title), e(&f.rule));
        let _ = writeln!(o, "{}\n", e(&f.message));
        let _ = writeln!(o, "- **Why:** {}\n- **Fix:** {}\n- **Source:** {}\n", e(&f.why), e(&f.fix), e(&f.source));
    }
    if !r.suppressed.is_empty() {
        let _ = writeln!(o, "### Suppressed (accepted with a reason)\n");
        for f in &r.suppressed {
            let _ = writeln!(o, "- {} ({}): {} — reason: {}", e(&f.title), e(&f.rule), e(&f.message), e(f.reason.as_deref().unwrap_or("")));
        }
    }
}

fn bill(o: &mut String, r: &Report) {
    heading(o, "bill");
    let _ = writeln!(o, "Total {} per month, {} per year. Lines marked *est.* use estimated prices.\n", units::money(r.totals.monthly), units::money(r.totals.yearly));
    let _ = writeln!(o, "### By service\n\n| Service | Per month |\n|---|---:|");
    for (s, m) in &r.by_service {
        let _ = writeln!(o, "| {} | {} |", e(s), units::money(*m));
    }
    let _ = writeln!(o, "\n### By line\n");
    if let Some(f) = &r.regional_factor {
        let _ = writeln!(o, "Regional factor: {}\n", e(f));
    }
    let _ = writeln!(o, "| Component | Service | What | Per month | Price source |\n|---|---|---|---:|---|");
    for l in &r.lines {
        let _ = writeln!(
            o,
            "| {} | {} | {}{} | {} | {} ({}) |",
            e(&l.component),
            e(&l.service),
            e(&l.what),
            if l.estimated { " *est.*" } else { "" },
            units::money(l.monthly),
            e(&l.source),
            e(&l.as_of)
        );
    }
    if let Some(s) = &r.unused {
        let _ = writeln!(o, "\n{}", e(s));
    }
    if !r.free.is_empty() {
        let _ = writeln!(o, "\nFree here: {}.", r.free.iter().map(|(l, why)| format!("{} ({})", e(l), e(why))).collect::<Vec<_>>().join("; "));
    }
}

fn latency(o: &mut String, r: &Report) {
    heading(o, "latency");
    let _ = writeln!(o, "Latency data as of {}.\n", e(&r.latency_as_of));
    if r.latency.is_empty() {
        let _ = writeln!(o, "No entry point: no request latency.");
    }
    for x in &r.latency {
        let _ = writeln!(
            o,
            "### {}\n\n{} requests/s · p50 {} · p95 {} · p99 {}{}\n",
            e(&x.label),
            units::num(x.requests_per_second),
            ms_or_overloaded(x.p50_ms),
            ms_or_overloaded(x.p95_ms),
            ms_or_overloaded(x.p99_ms),
            x.slo.as_ref().map(|s| format!(" · {}", e(s))).unwrap_or_default()
        );
        if x.critical_path.is_empty() {
            continue;
        }
        let _ = writeln!(o, "Critical path:\n\n| # | Component | Network | Mean | Share |\n|---:|---|---|---:|---:|");
        for (i, h) in x.critical_path.iter().enumerate() {
            let _ = writeln!(o, "| {} | {} | {} | {} | {:.0}% |", i + 1, e(&h.component), e(&h.network), units::ms(h.mean_ms), h.contribution_pct);
        }
        let _ = writeln!(o);
    }
}

fn comparisons(o: &mut String, r: &Report) {
    heading(o, "comparisons");
    if r.comparisons.is_empty() {
        let _ = writeln!(o, "No comparison applies: the design has no container workload and no API Gateway API.");
    }
    for c in &r.comparisons {
        let _ = writeln!(o, "### {}: {} (drawn as {})\n\n| Option | Per month |\n|---|---:|", e(&c.topic), e(&c.component), e(&c.current));
        for (label, m, est) in &c.options {
            let _ = writeln!(o, "| {} | {}{} |", e(label), units::money(*m), if *est { " *est.*" } else { "" });
        }
        let _ = writeln!(o, "\n{} (source: {})\n", e(&c.recommendation), e(&c.source));
    }
}

fn scenarios(o: &mut String, r: &Report) {
    heading(o, "scenarios");
    if r.scenarios.is_empty() {
        let _ = writeln!(o, "No what-if scenarios are kept in this design.");
        return;
    }
    let _ = writeln!(o, "| Scenario | Changes | Per month | Change | p95 | Errors / warnings | Top cost drivers |\n|---|---|---:|---:|---:|---:|---|");
    for row in &r.scenarios {
        let cells = super::scenario_cells(row);
        let _ = writeln!(o, "| {} | {} | {} | {} | {} | {} | {} |", e(&row.name), e(&cells.changes), cells.monthly, cells.delta, cells.p95, cells.findings, e(&cells.drivers));
    }
}
