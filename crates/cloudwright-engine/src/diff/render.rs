//! A [`Diff`] as text (a terminal) and as Markdown (a pull-request comment). Both list the
//! same things in the same order; Markdown escapes every piece of user text (labels, ids,
//! values, messages) with `text::md_escape`, so a label cannot inject markup.

use super::{Delta, Diff, EntryChange, FieldChange};
use crate::text::md_escape;
use crate::units;
use serde_json::Value as J;

/// A field's value for people: `not set` for null, strings bare, the rest as JSON.
fn value(v: &J) -> String {
    match v {
        J::Null => "not set".into(),
        J::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn field_line(f: &FieldChange, esc: fn(&str) -> String) -> String {
    format!("{}: {} → {}", esc(&f.field), esc(&value(&f.before)), esc(&value(&f.after)))
}

/// User text for the terminal: on one line; other control characters are left to the CLI's
/// printer, which shows them escaped.
fn plain(s: &str) -> String {
    s.replace('\n', " ")
}

fn named(id: &str, label: &str, esc: fn(&str) -> String) -> String {
    if label.is_empty() || label == id { esc(id) } else { format!("{} ({})", esc(label), esc(id)) }
}

fn ms_opt(x: Option<f64>) -> String {
    x.map(units::ms).unwrap_or_else(|| "—".into())
}

fn pct_change(d: &Delta) -> String {
    match d.ratio() {
        Some(r) => format!(" ({}{:.1}%)", if r < 0.0 { "" } else { "+" }, r * 100.0),
        None => String::new(),
    }
}

fn latency_cells(e: &EntryChange) -> [String; 3] {
    [e.p50_ms, e.p95_ms, e.p99_ms].map(|(b, a)| format!("{} → {}", ms_opt(b), ms_opt(a)))
}

/// The sections as (heading, lines); shared by both renderings. `esc` escapes user text.
fn sections(d: &Diff, esc: fn(&str) -> String) -> Vec<(&'static str, Vec<String>)> {
    let c = &d.changes;
    let mut s: Vec<(&'static str, Vec<String>)> = Vec::new();
    let fields = |fs: &[FieldChange]| fs.iter().map(|f| field_line(f, esc)).collect::<Vec<_>>();
    s.push(("Design", fields(&c.design)));
    s.push(("Workload", fields(&c.workload)));
    let mut comps = Vec::new();
    for n in &c.nodes_added {
        let at = n.parent.as_deref().map(|p| format!(" in {}", esc(p))).unwrap_or_default();
        comps.push(format!("+ added {} {}{at}", esc(&n.kind), named(&n.id, &n.label, esc)));
    }
    for n in &c.nodes_removed {
        comps.push(format!("- removed {} {}", esc(&n.kind), named(&n.id, &n.label, esc)));
    }
    for n in &c.nodes_changed {
        let what = if n.moved().is_some() { "moved/changed" } else { "changed" };
        comps.push(format!("~ {what} {} {}: {}", esc(&n.kind), named(&n.id, &n.label, esc), n.fields.iter().map(|f| field_line(f, esc)).collect::<Vec<_>>().join("; ")));
    }
    s.push(("Components", comps));
    let mut conns = Vec::new();
    for x in &c.connections_added {
        conns.push(format!("+ added {} {} → {} ({})", esc(&x.id), esc(&x.from), esc(&x.to), esc(&x.kind)));
    }
    for x in &c.connections_removed {
        conns.push(format!("- removed {} {} → {} ({})", esc(&x.id), esc(&x.from), esc(&x.to), esc(&x.kind)));
    }
    for x in &c.connections_changed {
        conns.push(format!("~ changed {} {} → {}: {}", esc(&x.id), esc(&x.from), esc(&x.to), x.fields.iter().map(|f| field_line(f, esc)).collect::<Vec<_>>().join("; ")));
    }
    s.push(("Connections", conns));
    let mut sc = Vec::new();
    sc.extend(c.scenarios_added.iter().map(|x| format!("+ added {}", named(&x.id, &x.name, esc))));
    sc.extend(c.scenarios_removed.iter().map(|x| format!("- removed {}", named(&x.id, &x.name, esc))));
    sc.extend(c.scenarios_changed.iter().map(|x| format!("~ changed {}: {}", named(&x.id, &x.name, esc), x.fields.iter().map(|f| field_line(f, esc)).collect::<Vec<_>>().join("; "))));
    if c.scenarios_reordered {
        sc.push("~ scenarios reordered".into());
    }
    s.push(("Scenarios", sc));
    let mut f = Vec::new();
    f.extend(d.findings.introduced.iter().map(|x| format!("+ new {} {}: {} ({})", x.severity.name(), esc(&x.rule), esc(&x.message), esc(&x.subject.join(", ")))));
    f.extend(d.findings.cleared.iter().map(|x| format!("- cleared {} {}: {} ({})", x.severity.name(), esc(&x.rule), esc(&x.message), esc(&x.subject.join(", ")))));
    f.extend(d.findings.changed.iter().map(|x| format!("~ changed {} {}: {} ({})", x.now.severity.name(), esc(&x.now.rule), esc(&x.now.message), esc(&super::left_joined(x, &d.changes)))));
    s.push(("Findings", f));
    s.push(("Layout only (no analysis changes)", c.layout.iter().map(|l| format!("{} moved or resized", esc(&l.id))).collect()));
    s
}

fn cost_lines(d: &Diff, esc: fn(&str) -> String) -> Vec<String> {
    let m = &d.cost.monthly;
    let mut v = vec![format!(
        "Monthly: {} → {} ({}){}",
        units::money(m.before),
        units::money(m.after),
        units::money_delta_month(m.change()),
        pct_change(m)
    )];
    v.push(format!("Yearly: {} → {}", units::money(d.cost.yearly.before), units::money(d.cost.yearly.after)));
    for s in &d.cost.by_service {
        v.push(format!("{}: {} → {} ({})", esc(&s.service), units::money(s.monthly.before), units::money(s.monthly.after), units::money_delta_month(s.monthly.change())));
    }
    v
}

/// Plain text for a terminal.
pub fn text(d: &Diff) -> String {
    let mut out = format!("{} → {}\n", plain(&d.before_name), plain(&d.after_name));
    if d.is_empty() {
        out.push_str("\nno differences\n");
        return out;
    }
    for (h, lines) in sections(d, plain) {
        if lines.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{h}\n"));
        for l in lines {
            out.push_str(&format!("  {l}\n"));
        }
    }
    out.push_str("\nCost (estimate, at each design's own traffic)\n");
    for l in cost_lines(d, plain) {
        out.push_str(&format!("  {l}\n"));
    }
    if !d.latency.is_empty() {
        out.push_str("\nLatency per entry (p50 / p95 / p99)\n");
        for e in &d.latency {
            let [p50, p95, p99] = latency_cells(e);
            out.push_str(&format!("  {}: {p50} / {p95} / {p99}\n", named(&e.entry, &e.label, plain)));
        }
    }
    out
}

/// Markdown fit to paste into a pull request: a summary line, then one section per kind of
/// change, the bill and latency as tables.
pub fn markdown(d: &Diff) -> String {
    let c = &d.changes;
    let mut out = format!("## Design review: {} → {}\n\n", md_escape(&d.before_name), md_escape(&d.after_name));
    if d.is_empty() {
        out.push_str("No differences.\n");
        return out;
    }
    out.push_str(&format!(
        "**{}** components added, **{}** removed, **{}** changed · **{}** connections added, **{}** removed, **{}** changed · **{}** findings introduced (**{}** errors), **{}** cleared{} · cost **{}**{}\n",
        c.nodes_added.len(),
        c.nodes_removed.len(),
        c.nodes_changed.len(),
        c.connections_added.len(),
        c.connections_removed.len(),
        c.connections_changed.len(),
        d.findings.introduced.len(),
        d.findings.new_errors(),
        d.findings.cleared.len(),
        if d.findings.changed.is_empty() { String::new() } else { format!(", **{}** changed", d.findings.changed.len()) },
        units::money_delta_month(d.cost.monthly.change()),
        pct_change(&d.cost.monthly)
    ));
    for (h, lines) in sections(d, md_escape) {
        if lines.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {h}\n\n"));
        for l in lines {
            // The marker as code: a bare `+ ` or `- ` after the bullet would start a nested list.
            let l = match l.split_at_checked(2) {
                Some((m @ ("+ " | "- " | "~ "), rest)) => format!("`{}` {rest}", m.trim_end()),
                _ => l,
            };
            out.push_str(&format!("- {l}\n"));
        }
    }
    out.push_str("\n### Cost (estimate, at each design's own traffic)\n\n| | before | after | change |\n|---|---:|---:|---:|\n");
    let row = |name: String, x: &Delta, delta: String| format!("| {name} | {} | {} | {delta} |\n", units::money(x.before), units::money(x.after));
    out.push_str(&row("**Monthly total**".into(), &d.cost.monthly, format!("{}{}", units::money_delta_month(d.cost.monthly.change()), pct_change(&d.cost.monthly))));
    out.push_str(&row("Yearly total".into(), &d.cost.yearly, units::money(d.cost.yearly.change())));
    for s in &d.cost.by_service {
        out.push_str(&row(md_escape(&s.service), &s.monthly, units::money_delta_month(s.monthly.change())));
    }
    if !d.latency.is_empty() {
        out.push_str("\n### Latency per entry\n\n| entry | p50 | p95 | p99 |\n|---|---:|---:|---:|\n");
        for e in &d.latency {
            let [p50, p95, p99] = latency_cells(e);
            out.push_str(&format!("| {} | {p50} | {p95} | {p99} |\n", named(&e.entry, &e.label, md_escape)));
        }
    }
    out
}
