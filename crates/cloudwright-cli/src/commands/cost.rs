//! `cloudwright cost FILE [--json] [--multiplier X]`: the monthly bill of a design, line by line.
//!
//! Text: one table of line items (node, what, quantity, unit, unit price, monthly, estimated
//! mark), then free nodes with the reason, totals by category and service, the month and the
//! year, and the notes. JSON: the whole [`CostReport`] plus the growth series.
//! Exit code: 0 ok, 2 unreadable file or bad usage.

use crate::io;
use cloudwright_engine::cost::{self, fmt_price, fmt_qty, CostReport};
use cloudwright_engine::Design;
use std::fmt::Write as _;
use std::process::ExitCode;

pub fn run(args: &[String]) -> ExitCode {
    let (_, json) = io::parse(args);
    let mut multiplier = 1.0;
    let mut files: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if a == "--multiplier" {
            match args.get(i + 1).and_then(|v| v.parse::<f64>().ok()) {
                Some(m) if m.is_finite() && m >= 0.0 => multiplier = m,
                _ => {
                    eprintln!("--multiplier takes a number ≥ 0");
                    return ExitCode::from(2);
                }
            }
            i += 2;
            continue;
        }
        if !a.starts_with("--") {
            files.push(a);
        }
        i += 1;
    }
    let [path] = files.as_slice() else {
        eprintln!("usage: cloudwright cost FILE [--json] [--multiplier X]");
        return ExitCode::from(2);
    };
    let design = match io::load_design(path, "costing") {
        Ok(d) => d,
        Err(code) => return code,
    };
    let report = cost::cost_at(&design, multiplier);
    let out = if json { to_json(&design, &report) } else { render(&report) };
    use std::io::Write;
    let _ = std::io::stdout().write_all(out.as_bytes());
    ExitCode::SUCCESS
}


fn to_json(design: &Design, r: &CostReport) -> String {
    let series = cost::cost_series(design, &cost::default_multipliers());
    let v = serde_json::json!({
        "report": r,
        "growth_series": series.iter().map(|(m, c)| serde_json::json!({"multiplier": m, "monthly": c})).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

fn money(x: f64) -> String {
    let neg = x < 0.0;
    let cents = (x.abs() * 100.0).round() as u128;
    let (whole, frac) = (cents / 100, cents % 100);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{}${grouped}.{frac:02}", if neg { "-" } else { "" })
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The text bill.
pub fn render(r: &CostReport) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Cost of \"{}\" ({}; {}{}; traffic ×{})", r.design, r.region, r.pricing, if r.free_tier { ", free tier" } else { "" }, fmt_qty(r.multiplier));
    let _ = writeln!(o, "Prices: version {} (as of {}); * = estimated\n", r.price_version, r.price_as_of);
    let _ = writeln!(o, "{:<22} {:<52} {:>14} {:<18} {:>13} {:>12}", "NODE", "CHARGE", "QUANTITY", "UNIT", "UNIT PRICE", "MONTHLY");
    for l in &r.lines {
        let node = if l.label.is_empty() || l.label == l.node.as_str() { l.node.to_string() } else { format!("{} ({})", l.node, l.label) };
        let _ = writeln!(
            o,
            "{:<22} {:<52} {:>14} {:<18} {:>13} {:>11}{}",
            cut(&node, 22),
            cut(&l.what, 52),
            cut(&fmt_qty(l.quantity), 14),
            cut(&l.unit, 18),
            format!("${}", fmt_price(l.unit_price)),
            money(l.monthly),
            if l.estimated { "*" } else { " " }
        );
    }
    if !r.free.is_empty() {
        let _ = writeln!(o, "\nNo charge:");
        for f in &r.free {
            let _ = writeln!(o, "  {:<22} {:<22} {}", cut(f.node.as_str(), 22), f.kind, f.reason);
        }
    }
    if !r.unpriced.is_empty() {
        let _ = writeln!(o, "\nNot priced:");
        for f in &r.unpriced {
            let _ = writeln!(o, "  {:<22} {}", f.node, f.reason);
        }
    }
    let _ = writeln!(o, "\nBy category:");
    for (k, v) in &r.by_category {
        let _ = writeln!(o, "  {k:<30} {:>14}", money(*v));
    }
    let _ = writeln!(o, "By service:");
    let mut svc: Vec<_> = r.by_service.iter().collect();
    svc.sort_by(|a, b| b.1.total_cmp(a.1));
    for (k, v) in svc {
        let _ = writeln!(o, "  {k:<30} {:>14}", money(*v));
    }
    let _ = writeln!(o, "\nMonthly total: {:>14}   (of which estimated {})", money(r.monthly), money(r.estimated_monthly));
    let _ = writeln!(o, "Yearly total:  {:>14}   (12 months with growth)", money(r.yearly));
    if !r.notes.is_empty() {
        let _ = writeln!(o, "\nNotes:");
        for n in &r.notes {
            let _ = writeln!(o, "  - {n}");
        }
    }
    o
}
