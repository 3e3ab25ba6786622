//! The report as one standalone HTML page (UTF-8, no script, no external resource), with a
//! print stylesheet: A4 pages, each major section on a new page, the diagram scaled to fit
//! one page, table rows and findings never split, no UI chrome. Every piece of user text
//! goes through [`xml_escape`]; the diagram is the engine's SVG inline.

use super::{ms_or_overloaded, scenario_cells, summary_lines, Report, SECTIONS};
use crate::text::xml_escape as e;
use crate::units;
use std::fmt::Write;

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #16191f; margin: 0 auto; max-width: 1000px; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 20px; border-bottom: 2px solid #16191f; padding-bottom: 4px; margin: 28px 0 10px; }
h3 { font-size: 15px; margin: 16px 0 6px; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 12.5px; }
th, td { border: 1px solid #d5dbdb; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f2f3f3; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.est { color: #8a5a00; font-weight: 600; }
.summary li { font-size: 15px; }
table.lines td:first-child, table.lines th:first-child { min-width: 8em; }
table.lines td:nth-child(2), table.lines th:nth-child(2) { min-width: 7em; }
.finding { border-left: 4px solid #d5dbdb; padding: 4px 10px; margin: 8px 0; }
.finding.error { border-color: #d91515; }
.finding.warning { border-color: #ff9900; }
.finding dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 8px; margin: 4px 0; }
.finding dt { font-weight: 600; }
.finding dd { margin: 0; overflow-wrap: anywhere; }
figure.diagram { margin: 0; text-align: center; }
figure.diagram svg { width: 100%; height: auto; max-height: 80vh; }
.muted { color: #5f6b7a; }
ul.must li { margin: 3px 0; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { margin-top: 0; }
  /* A new page for the diagram's successors that need room; short sections flow on. */
  section#assumptions, section#bill, section#latency, section#comparisons, section#must-be-true { break-before: page; }
  figure.diagram svg { max-height: 215mm; }
  h2, h3 { break-after: avoid; }
  tr, .finding, figure.diagram { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"#;

fn open_section(o: &mut String, id: &str) {
    let title = SECTIONS.iter().find(|(i, _)| *i == id).map(|(_, t)| *t).unwrap_or(id);
    let _ = write!(o, "<section id=\"{id}\"><h2>{title}</h2>");
}

/// The report as a standalone HTML document.
pub fn html(r: &Report) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Hand-over report: {}</title><style>{STYLE}</style></head><body><header><h1>{}</h1><p class=\"muted\">Hand-over report · price book {} ({})</p></header>",
        e(&r.design),
        e(&r.design),
        e(&r.totals.price_version),
        e(&r.totals.price_as_of)
    );
    open_section(&mut o, "summary");
    o.push_str("<ul class=\"summary\">");
    for l in summary_lines(r) {
        let _ = write!(o, "<li>{}</li>", e(&l));
    }
    o.push_str("</ul></section>");
    open_section(&mut o, "diagram");
    let _ = write!(o, "<figure class=\"diagram\">{}</figure></section>", r.diagram_svg);
    open_section(&mut o, "assumptions");
    o.push_str("<table><tbody>");
    for (k, v) in &r.assumptions {
        let _ = write!(o, "<tr><th>{}</th><td>{}</td></tr>", e(k), e(v));
    }
    o.push_str("</tbody></table></section>");
    findings(&mut o, r);
    bill(&mut o, r);
    latency(&mut o, r);
    comparisons(&mut o, r);
    scenarios(&mut o, r);
    open_section(&mut o, "must-be-true");
    o.push_str("<p>The figures in this report hold only if all of this is true:</p><ul class=\"must\">");
    for s in &r.must_be_true {
        let _ = write!(o, "<li>{}</li>", e(s));
    }
    o.push_str("</ul></section></body></html>\n");
    o
}

fn findings(o: &mut String, r: &Report) {
    open_section(o, "findings");
    if r.findings.is_empty() {
        o.push_str("<p>No open findings.</p>");
    }
    for f in &r.findings {
        let _ = write!(
            o,
            "<div class=\"finding {sev}\"><h3>{sev}: {} <span class=\"muted\">({})</span></h3><p>{}</p><dl><dt>Why</dt><dd>{}</dd><dt>Fix</dt><dd>{}</dd><dt>Source</dt><dd>{}</dd></dl></div>",
            e(&f.title),
            e(&f.rule),
            e(&f.message),
            e(&f.why),
            e(&f.fix),
            e(&f.source),
            sev = f.severity.name()
        );
    }
    if !r.suppressed.is_empty() {
        o.push_str("<h3>Suppressed (accepted with a reason)</h3><ul>");
        for f in &r.suppressed {
            let _ = write!(o, "<li>{} ({}): {} — reason: {}</li>", e(&f.title), e(&f.rule), e(&f.message), e(f.reason.as_deref().unwrap_or("")));
        }
        o.push_str("</ul>");
    }
    o.push_str("</section>");
}

fn bill(o: &mut String, r: &Report) {
    open_section(o, "bill");
    let _ = write!(
        o,
        "<p>Total <strong>{}</strong> per month, {} per year. Lines marked <span class=\"est\">est.</span> use estimated prices.</p><h3>By service</h3><table><thead><tr><th>Service</th><th class=\"num\">Per month</th></tr></thead><tbody>",
        units::money(r.totals.monthly),
        units::money(r.totals.yearly)
    );
    for (s, m) in &r.by_service {
        let _ = write!(o, "<tr><td>{}</td><td class=\"num\">{}</td></tr>", e(s), units::money(*m));
    }
    o.push_str("</tbody></table><h3>By line</h3>");
    if let Some(f) = &r.regional_factor {
        let _ = write!(o, "<p class=\"muted\" id=\"bill-regional-factor\">Regional factor: {}</p>", e(f));
    }
    o.push_str("<table class=\"lines\"><thead><tr><th>Component</th><th>Service</th><th>What</th><th class=\"num\">Per month</th><th>Price source</th></tr></thead><tbody>");
    for l in &r.lines {
        let _ = write!(
            o,
            "<tr{}><td>{}</td><td>{}</td><td>{}{}</td><td class=\"num\">{}</td><td>{} ({})</td></tr>",
            if l.estimated { " class=\"estimated\"" } else { "" },
            e(&l.component),
            e(&l.service),
            e(&l.what),
            if l.estimated { " <span class=\"est\">est.</span>" } else { "" },
            units::money(l.monthly),
            e(&l.source),
            e(&l.as_of)
        );
    }
    o.push_str("</tbody></table>");
    if let Some(s) = &r.unused {
        let _ = write!(o, "<p class=\"muted\" id=\"bill-unused\">{}</p>", e(s));
    }
    if !r.free.is_empty() {
        let _ = write!(o, "<p class=\"muted\">Free here: {}.</p>", r.free.iter().map(|(l, why)| format!("{} ({})", e(l), e(why))).collect::<Vec<_>>().join("; "));
    }
    o.push_str("</section>");
}

fn latency(o: &mut String, r: &Report) {
    open_section(o, "latency");
    let _ = write!(o, "<p class=\"muted\">Latency data as of {}.</p>", e(&r.latency_as_of));
    if r.latency.is_empty() {
        o.push_str("<p>No entry point: no request latency.</p>");
    }
    for x in &r.latency {
        let _ = write!(
            o,
            "<div class=\"entry\"><h3>{}</h3><p>{} requests/s · p50 {} · p95 <strong>{}</strong> · p99 {}{}</p>",
            e(&x.label),
            units::num(x.requests_per_second),
            ms_or_overloaded(x.p50_ms),
            ms_or_overloaded(x.p95_ms),
            ms_or_overloaded(x.p99_ms),
            x.slo.as_ref().map(|s| format!(" · {}", e(s))).unwrap_or_default()
        );
        if !x.critical_path.is_empty() {
            o.push_str("<table class=\"critical-path\"><thead><tr><th class=\"num\">#</th><th>Critical path</th><th>Network</th><th class=\"num\">Mean</th><th class=\"num\">Share</th></tr></thead><tbody>");
            for (i, h) in x.critical_path.iter().enumerate() {
                let _ = write!(o, "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.0}%</td></tr>", i + 1, e(&h.component), e(&h.network), units::ms(h.mean_ms), h.contribution_pct);
            }
            o.push_str("</tbody></table>");
        }
        o.push_str("</div>");
    }
    o.push_str("</section>");
}

fn comparisons(o: &mut String, r: &Report) {
    open_section(o, "comparisons");
    if r.comparisons.is_empty() {
        o.push_str("<p>No comparison applies: the design has no container workload and no API Gateway API.</p>");
    }
    for c in &r.comparisons {
        let _ = write!(o, "<h3>{}: {} <span class=\"muted\">(drawn as {})</span></h3><table><thead><tr><th>Option</th><th class=\"num\">Per month</th></tr></thead><tbody>", e(&c.topic), e(&c.component), e(&c.current));
        for (label, m, est) in &c.options {
            let _ = write!(o, "<tr><td>{}</td><td class=\"num\">{}{}</td></tr>", e(label), units::money(*m), if *est { " <span class=\"est\">est.</span>" } else { "" });
        }
        let _ = write!(o, "</tbody></table><p>{} <span class=\"muted\">(source: {})</span></p>", e(&c.recommendation), e(&c.source));
    }
    o.push_str("</section>");
}

fn scenarios(o: &mut String, r: &Report) {
    open_section(o, "scenarios");
    if r.scenarios.is_empty() {
        o.push_str("<p>No what-if scenarios are kept in this design.</p></section>");
        return;
    }
    o.push_str("<table class=\"scenarios\"><thead><tr><th>Scenario</th><th>Changes</th><th class=\"num\">Per month</th><th class=\"num\">Change</th><th class=\"num\">p95</th><th class=\"num\">Errors / warnings</th><th>Top cost drivers</th></tr></thead><tbody>");
    for row in &r.scenarios {
        let c = scenario_cells(row);
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            e(&row.name),
            e(&c.changes),
            c.monthly,
            c.delta,
            c.p95,
            c.findings,
            e(&c.drivers)
        );
    }
    o.push_str("</tbody></table></section>");
}
